// The recorded river-inflow series reader: annual and monthly layouts read exactly, and every bad
// series an error naming the file, the column and the year (with its line).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

#include "caspian/core/error.hpp"
#include "caspian/io/inflow_series.hpp"

namespace {
namespace fs = std::filesystem;
using caspian::core::InputError;
using caspian::core::YearMonth;
using caspian::io::read_inflow_series;

class InflowSeriesFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("caspian-inflow-" + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) const {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }
  // The message of the error reading the file's column, or "no error".
  std::string error_of(const std::string& name, const std::string& text,
                       const std::string& column = "total_km3") const {
    try {
      read_inflow_series(write(name, text), column);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }
  fs::path dir_;
};

const std::string kAnnualHead = "year,total_km3,volga_km3\nyear,km3/yr,km3/yr\n";

void expect_mentions(const std::string& message, const std::vector<const char*>& words) {
  for (const char* w : words) {
    EXPECT_NE(message.find(w), std::string::npos) << "expected '" << w << "' in: " << message;
  }
}

TEST_F(InflowSeriesFiles, ReadsAnAnnualSeriesExactlyWithBlanksInOtherColumns) {
  const auto path = write("ok.csv", kAnnualHead +
                                        "1990,281.5,\n"
                                        "1991,290.25,245.1\n"
                                        "1992,0,\n"
                                        "1993,-0,\n");
  const auto s = read_inflow_series(path, "total_km3");
  EXPECT_EQ(s.file, path);
  EXPECT_EQ(s.column, "total_km3");
  EXPECT_EQ(s.units, "km3/yr");
  EXPECT_FALSE(s.monthly);
  EXPECT_EQ(s.first, (YearMonth{1990, 1}));
  EXPECT_EQ(s.last, (YearMonth{1993, 12}));
  ASSERT_EQ(s.volume_km3.size(), 4u);
  EXPECT_EQ(s.volume_km3[0], 281.5);
  EXPECT_EQ(s.volume_km3[1], 290.25);
  EXPECT_EQ(s.volume_km3[2], 0.0);
  EXPECT_FALSE(std::signbit(s.volume_km3[3]));
}

TEST_F(InflowSeriesFiles, AcceptsTheSpellingsOfKm3PerYear) {
  for (const char* units : {"km3/yr", "km3 yr-1", "km3/a", "KM3/year", "km3 a-1"}) {
    const auto s = read_inflow_series(
        write("u.csv", std::string("year,total_km3\nyear,") + units + "\n2000,1.5\n"), "total_km3");
    EXPECT_EQ(s.volume_km3.at(0), 1.5) << units;
  }
}

TEST_F(InflowSeriesFiles, ReadsTheRealRecord) {
  const auto s = read_inflow_series(
      fs::path(CASPIAN_SOURCE_DIR) / "inputs/hydrology/caspian_river_inflow_annual_1936-2023.csv",
      "total_river_inflow_km3");
  EXPECT_EQ(s.first.year, 1936);
  EXPECT_EQ(s.last.year, 2023);
  ASSERT_EQ(s.volume_km3.size(), 88u);
  EXPECT_EQ(s.volume_km3.front(), 247.5);
  EXPECT_EQ(s.volume_km3.back(), 214.2);
  // The Volga column has blanks (1936, 1937): reading it is refused, naming the year.
  const std::string volga =
      error_of("copy.csv",
               std::string("year,total_river_inflow_km3,volga_km3\nyear,km3/yr,km3/yr\n") +
                   "1936,247.5,\n1937,215.7,\n",
               "volga_km3");
  expect_mentions(volga, {"copy.csv", "volga_km3", "year 1936", "line 3", "blank"});
}

TEST_F(InflowSeriesFiles, ReadsMonthlySeriesByYearMonthOrDate) {
  const auto by_columns = read_inflow_series(write("ym.csv",
                                                   "year,month,total_km3\n"
                                                   "year,month,km3/month\n"
                                                   "1990,11,20.5\n1990,12,18\n1991,1,17.25\n"),
                                             "total_km3");
  EXPECT_TRUE(by_columns.monthly);
  EXPECT_EQ(by_columns.first, (YearMonth{1990, 11}));
  EXPECT_EQ(by_columns.last, (YearMonth{1991, 1}));
  EXPECT_EQ(by_columns.volume_km3, (std::vector<double>{20.5, 18.0, 17.25}));
  const auto by_date = read_inflow_series(
      write("date.csv", "date,total_km3\nYYYY-MM,km3 month-1\n1990-12,18\n1991-01,17.25\n"),
      "total_km3");
  EXPECT_TRUE(by_date.monthly);
  EXPECT_EQ(by_date.first, (YearMonth{1990, 12}));
  EXPECT_EQ(by_date.volume_km3, (std::vector<double>{18.0, 17.25}));
  expect_mentions(
      error_of("mgap.csv", "date,total_km3\ndate,km3/month\n1990-11,1\n1991-01,2\n"),
      {"mgap.csv", "total_km3", "month 1991-01", "line 4", "1990-12 is missing", "gaps"});
  // A monthly series in annual units, and an annual one in monthly units, are refused.
  expect_mentions(error_of("mu.csv", "date,total_km3\ndate,km3/yr\n1990-11,1\n"),
                  {"mu.csv", "total_km3", "units row", "km3/yr", "km3/month"});
  expect_mentions(error_of("au.csv", "year,total_km3\nyear,km3/month\n1990,1\n"),
                  {"au.csv", "total_km3", "units row", "km3/month", "expected km3/yr"});
}

TEST_F(InflowSeriesFiles, MissingFileOrColumn) {
  try {
    read_inflow_series(dir_ / "nope.csv", "total_km3");
    FAIL() << "no error";
  } catch (const InputError& e) {
    expect_mentions(e.what(), {"nope.csv", "cannot open"});
  }
  expect_mentions(error_of("col.csv", kAnnualHead + "1990,1,2\n", "kura_km3"),
                  {"col.csv", "column kura_km3", "total_km3, volga_km3"});
  expect_mentions(error_of("yearcol.csv", kAnnualHead + "1990,1,2\n", "year"),
                  {"yearcol.csv", "column year", "not a value column"});
  expect_mentions(error_of("head.csv", "when,total_km3\nyear,km3/yr\n1990,1\n"),
                  {"head.csv", "header", "year"});
}

TEST_F(InflowSeriesFiles, WrongOrMissingUnitsRow) {
  expect_mentions(error_of("nounits.csv", "year,total_km3,volga_km3\n1990,281.5,240\n"),
                  {"nounits.csv", "column total_km3", "units row", "missing", "km3/yr"});
  expect_mentions(error_of("m3s.csv", "year,total_km3\nyear,m3/s\n1990,8000\n"),
                  {"m3s.csv", "column total_km3", "units row", "'m3/s'", "km3/yr"});
  expect_mentions(error_of("blankunits.csv", "year,total_km3,volga_km3\nyear,,km3/yr\n1990,1,2\n"),
                  {"blankunits.csv", "column total_km3", "units row", "no units"});
  expect_mentions(error_of("headonly.csv", "year,total_km3\n"),
                  {"headonly.csv", "column total_km3", "units row", "missing"});
  expect_mentions(error_of("norows.csv", "year,total_km3\nyear,km3/yr\n"),
                  {"norows.csv", "total_km3", "no data rows"});
}

// Bad rows under a good header and units row: the message names the file (always) and these.
struct BadRows {
  const char* file;
  const char* rows;
  std::vector<const char*> mentions;
};

TEST_F(InflowSeriesFiles, BadValuesDuplicatesDisorderAndGapsNameColumnYearAndLine) {
  const std::vector<BadRows> cases = {
      {"blank.csv", "1990,281.5,\n1991,,240\n", {"column total_km3, year 1991 (line 4)", "blank"}},
      {"short.csv", "1990\n", {"column total_km3, year 1990 (line 3)", "blank"}},
      {"text.csv",
       "1990,lots,\n",
       {"column total_km3, year 1990 (line 3)", "'lots' is not a number"}},
      {"nan.csv", "1990,281.5,\n1991,NaN,\n", {"column total_km3, year 1991 (line 4)", "NaN"}},
      {"inf.csv", "1990,inf,\n", {"column total_km3, year 1990", "infinite"}},
      {"neg.csv",
       "1990,281.5,\n1991,-3.5,\n",
       {"column total_km3, year 1991 (line 4)", "negative inflow -3.5"}},
      {"year.csv", "19x0,281.5,\n", {"line 3", "a year"}},
      {"dup.csv",
       "1990,1,\n1991,2,\n1991,3,\n",
       {"column total_km3, year 1991 (line 5)", "twice", "line 4"}},
      {"order.csv", "1990,1,\n1992,2,\n1991,3,\n", {"total_km3", "1992"}},
      {"back.csv",
       "1990,1,\n1989,2,\n",
       {"column total_km3, year 1989 (line 4)", "increasing order"}},
      {"gap.csv",
       "1990,1,\n1991,2,\n1993,3,\n",
       {"column total_km3, year 1993 (line 5)", "1992 is missing", "gaps"}},
      {"gaps.csv", "1990,1,\n1994,3,\n", {"year 1994", "1991..1993 are missing"}},
  };
  for (const auto& c : cases) {
    const std::string message = error_of(c.file, kAnnualHead + c.rows);
    expect_mentions(message, {c.file});
    expect_mentions(message, c.mentions);
  }
}

}  // namespace
