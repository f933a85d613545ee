// inflow.mode: recorded. A run driven by a copy of the recorded annual inflow (1988-1997, run
// 1990-1995 from the 1989 level) puts each year's recorded volume times inflow.factor into the
// sea; check-inputs reports the series; a series that misses a run year, has a negative value or
// a gap, or a wrong units row, stops the run with exit 2, a message naming the file, the column
// and the year, and no output.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <vector>

#include "system/run_helpers.hpp"

namespace {
using namespace caspian::testing;

const std::string kColumn = "total_river_inflow_km3";

// The real record's header, units row and the rows of first..last, with LF line ends.
std::string record_rows(int first, int last) {
  std::istringstream in(
      read_text(inputs_dir() / "hydrology/caspian_river_inflow_annual_1936-2023.csv"));
  std::string line, out;
  for (int k = 0; std::getline(in, line); ++k) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // the file has CRLF line ends
    if (k < 2 || (std::stoi(line) >= first && std::stoi(line) <= last)) out += line + "\n";
  }
  return out;
}

// The recorded values of the real record, by year.
std::map<int, double> record_values() {
  std::map<int, double> values;
  std::istringstream in(record_rows(1988, 1997));
  std::string line;
  std::getline(in, line);
  std::getline(in, line);
  while (std::getline(in, line)) {
    values[std::stoi(line)] = std::stod(line.substr(line.find(',') + 1));
  }
  return values;
}

// The default run file, 1990-1995 from the 1989 annual mean level (inputs/sea_level/
// caspian_level_annual_1921-2025.csv), no warming, no port check, inflow from the series file.
std::string recorded_run_text(const std::filesystem::path& series, const std::string& factor) {
  std::string text = default_run_file_text();
  text = replace_once(text, "start: 2025-01", "start: 1990-01");
  text = replace_once(text, "end: 2100-12", "end: 1995-12");
  text = replace_once(text, "initial_level_m_bs: -29.145", "initial_level_m_bs: -27.57");
  text = replace_once(text, "{2024: 0.8, 2050: 1.9, 2100: 2.6}", "0.0");
  const auto inflow = text.find("\ninflow:");
  const auto withdrawals = text.find("\nwithdrawals:");
  const auto monthly = text.find("  monthly_share:", inflow);
  const auto factor_key = text.find("  factor:", inflow);
  text = text.substr(0, inflow) +
         "\ninflow:\n"
         "  mode: recorded\n"
         "  recorded:\n"
         "    file: " +
         series.string() +
         "\n"
         "    column: " +
         kColumn +
         "\n"
         "    source: CEP_WL\n"
         "  groundwater_km3_per_yr: 4.0\n" +
         text.substr(monthly, factor_key - monthly) + "  factor: " + factor + "\n" +
         text.substr(withdrawals, text.find("\nports:") - withdrawals + 1);
  return text;
}

struct RecordedCase {
  std::filesystem::path dir, series, run_file, out_dir;
};

RecordedCase make_case(const std::string& name, const std::string& series_text,
                       const std::string& factor = "1.0") {
  RecordedCase c;
  c.dir = scratch_dir(name);
  c.series = c.dir / "inflow.csv";
  c.run_file = c.dir / "run.yaml";
  c.out_dir = c.dir / "out";
  write_text(c.series, series_text);
  write_text(c.run_file, recorded_run_text(c.series, factor));
  return c;
}

// annual_summary.csv: year -> river_inflow_km3.
std::map<int, double> river_inflow_by_year(const std::filesystem::path& csv) {
  std::map<int, double> out;
  std::istringstream in(read_text(csv));
  std::string line;
  std::getline(in, line);
  EXPECT_NE(line.find("river_inflow_km3"), std::string::npos) << line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) f.push_back(cell);
    if (f.size() >= 13) out[std::stoi(f[0])] = std::stod(f[6]);
  }
  return out;
}

TEST(RecordedInflow, RunPutsEachRecordedYearTimesTheFactorIntoTheSea) {
  const auto c = make_case("recorded-run", record_rows(1988, 1997), "1.1");
  const auto result =
      run_caspian("run --quiet " + quoted(c.run_file) + " --output-dir " + quoted(c.out_dir));
  ASSERT_EQ(result.exit_code, 0) << result.out;
  const auto inflow = river_inflow_by_year(c.out_dir / "annual_summary.csv");
  const auto recorded = record_values();
  ASSERT_EQ(inflow.size(), 6u);
  for (const auto& [year, km3] : inflow) {
    // Printed to 0.001 km3.
    EXPECT_NEAR(km3, 1.1 * recorded.at(year), 0.0006) << year;
  }
  const auto labels = run_shell("ncdump -v river " + quoted(c.out_dir / "sea_level.nc"));
  EXPECT_EQ(labels.exit_code, 0) << labels.out;
  EXPECT_NE(labels.out.find("all_rivers_recorded"), std::string::npos) << labels.out;
  std::filesystem::remove_all(c.dir);
}

TEST(RecordedInflow, CheckInputsReportsTheSeries) {
  const auto c = make_case("recorded-check", record_rows(1988, 1997));
  const auto result = run_caspian("check-inputs " + quoted(c.run_file));
  ASSERT_EQ(result.exit_code, 0) << result.out;
  const auto recorded = record_values();
  double sum = 0.0;
  for (int year = 1990; year <= 1995; ++year) sum += recorded.at(year);
  char mean[32];
  std::snprintf(mean, sizeof mean, "%.1f km3/yr", sum / 6.0);
  for (const std::string& word : {c.series.string(), kColumn, std::string("years 1988..1997"),
                                  std::string(mean), std::string("1990..1995")}) {
    EXPECT_NE(result.out.find(word), std::string::npos) << "expected '" << word << "' in:\n"
                                                        << result.out;
  }
  std::filesystem::remove_all(c.dir);
}

// A bad series: `caspian run` and `caspian check-inputs` exit 2 naming the file, the column and
// the words given; the output folder stays empty.
void expect_refused(const std::string& name, const std::string& series_text,
                    const std::vector<std::string>& must_mention) {
  const auto c = make_case(name, series_text);
  const auto result =
      run_caspian("run " + quoted(c.run_file) + " --output-dir " + quoted(c.out_dir));
  EXPECT_EQ(result.exit_code, 2) << result.out;
  const auto check = run_caspian("check-inputs " + quoted(c.run_file));
  EXPECT_EQ(check.exit_code, 2) << check.out;
  std::vector<std::string> words{c.series.string(), kColumn};
  words.insert(words.end(), must_mention.begin(), must_mention.end());
  for (const auto& word : words) {
    EXPECT_NE(result.out.find(word), std::string::npos) << "expected '" << word << "' in:\n"
                                                        << result.out;
    EXPECT_NE(check.out.find(word), std::string::npos) << "expected '" << word << "' in:\n"
                                                       << check.out;
  }
  EXPECT_TRUE(folder_is_empty(c.out_dir)) << "outputs were written despite the error";
  std::filesystem::remove_all(c.dir);
}

TEST(RecordedInflow, SeriesMissingARunYearIsRefused) {
  expect_refused("recorded-short", record_rows(1988, 1994),
                 {"year 1995", "1988..1994", "1990-01..1995-12", "first year missing"});
  expect_refused("recorded-late", record_rows(1991, 1997), {"year 1990", "1990-01..1995-12"});
}

TEST(RecordedInflow, NegativeValueIsRefused) {
  expect_refused("recorded-negative",
                 replace_once(record_rows(1988, 1997), "1992,302.9,", "1992,-302.9,"),
                 {"year 1992", "line 7", "negative"});
}

TEST(RecordedInflow, GapIsRefused) {
  expect_refused("recorded-gap", replace_once(record_rows(1988, 1997), "1993,348.4,275.6\n", ""),
                 {"year 1994", "1993 is missing", "gaps"});
}

TEST(RecordedInflow, WrongUnitsRowIsRefused) {
  expect_refused("recorded-units",
                 replace_once(record_rows(1988, 1997), "year,km3/yr,km3/yr", "year,m3/s,m3/s"),
                 {"units row", "'m3/s'", "km3/yr"});
}

TEST(RecordedInflow, MissingSeriesFileIsRefused) {
  const auto c = make_case("recorded-nofile", "");
  std::filesystem::remove(c.series);
  const auto result =
      run_caspian("run " + quoted(c.run_file) + " --output-dir " + quoted(c.out_dir));
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.out.find(c.series.string()), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("cannot open"), std::string::npos) << result.out;
  EXPECT_TRUE(folder_is_empty(c.out_dir));
  std::filesystem::remove_all(c.dir);
}

}  // namespace
