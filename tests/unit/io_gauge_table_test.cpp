// The daily gauge table reader (errors name file, line and column) and its data flags: repeated
// discharge spans and out-of-line precipitation years. Also the calibration run-file reader.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "caspian/core/error.hpp"
#include "caspian/io/calibration_config.hpp"
#include "caspian/io/gauge_table.hpp"

namespace {
namespace fs = std::filesystem;
using caspian::core::Date;
using caspian::core::InputError;

fs::path write_temp(const std::string& name, const std::string& text) {
  std::random_device rd;
  const auto dir = fs::temp_directory_path() / ("caspian-gauge-" + std::to_string(rd()));
  fs::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path) << text;
  return path;
}

const std::string kHeader = "date,discharge_m3_per_s,air_temperature_degC,precipitation_mm\n";

std::string error_of(const fs::path& p) {
  try {
    caspian::io::read_daily_gauge_csv(p);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(GaugeTable, ReadsRowsAndNegativeZero) {
  const auto p = write_temp("ok.csv", kHeader +
                                          "2000-02-28,5.1,-3.5,0.2\n"
                                          "2000-02-29,5.0,-0,-0\n"
                                          "2000-03-01,4.9,1.25,3\n");
  const auto t = caspian::io::read_daily_gauge_csv(p);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t.dates[1], (Date{2000, 2, 29}));
  EXPECT_EQ(t.precipitation_mm[1], 0.0);
  EXPECT_FALSE(std::signbit(t.precipitation_mm[1]));
  EXPECT_EQ(t.temperature_degC[1], 0.0);
  EXPECT_EQ(t.index_of(Date{2000, 3, 1}), 2u);
  EXPECT_THROW(t.index_of(Date{2000, 3, 2}), InputError);
}

TEST(GaugeTable, ErrorsNameFileLineAndColumn) {
  const auto header = error_of(write_temp("h.csv", "date,q,t,p\n2000-01-01,1,1,1\n"));
  EXPECT_NE(header.find("h.csv"), std::string::npos) << header;
  EXPECT_NE(header.find("header"), std::string::npos) << header;
  const auto gap =
      error_of(write_temp("gap.csv", kHeader + "2000-01-01,1,1,1\n2000-01-03,1,1,1\n"));
  EXPECT_NE(gap.find("line 3, column date"), std::string::npos) << gap;
  EXPECT_NE(gap.find("consecutive"), std::string::npos) << gap;
  const auto number = error_of(write_temp("n.csv", kHeader + "2000-01-01,1,x,1\n"));
  EXPECT_NE(number.find("line 2, column air_temperature_degC"), std::string::npos) << number;
  const auto negative = error_of(write_temp("q.csv", kHeader + "2000-01-01,-2,1,1\n"));
  EXPECT_NE(negative.find("column discharge_m3_per_s"), std::string::npos) << negative;
  EXPECT_NE(negative.find("negative"), std::string::npos) << negative;
  const auto columns = error_of(write_temp("c.csv", kHeader + "2000-01-01,1,1\n"));
  EXPECT_NE(columns.find("line 2"), std::string::npos) << columns;
  const auto date = error_of(write_temp("d.csv", kHeader + "2001-02-29,1,1,1\n"));
  EXPECT_NE(date.find("not a date"), std::string::npos) << date;
  EXPECT_NE(error_of("/nonexistent/x.csv").find("cannot open"), std::string::npos);
}

// A synthetic table: n days from 2001-01-01 with the given discharge, constant T and P.
caspian::io::DailyGaugeTable synthetic(const std::vector<double>& q, double p_mm = 2.0) {
  caspian::io::DailyGaugeTable t;
  Date d{2001, 1, 1};
  for (double v : q) {
    t.dates.push_back(d);
    t.discharge_m3_per_s.push_back(v);
    t.temperature_degC.push_back(5.0);
    t.precipitation_mm.push_back(p_mm);
    d = caspian::core::add_days(caspian::core::Calendar::proleptic_gregorian, d, 1.0);
  }
  return t;
}

TEST(GaugeTable, FlagsRepeatedDischargeButNotFlatLowFlow) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(1.0, 50.0);
  std::vector<double> q(400);
  for (auto& v : q) v = std::round(u(rng) * 100) / 100;
  for (int i = 0; i < 30; ++i) q[300 + i] = q[100 + i];  // a 30-day copy
  for (int i = 0; i < 40; ++i) q[200 + i] = 5.0;         // flat low flow, not a copy
  for (int i = 0; i < 40; ++i) q[350 + i] = 5.0;
  const auto flags = caspian::io::find_repeated_discharge(synthetic(q), 14, 6);
  ASSERT_EQ(flags.size(), 2u);
  EXPECT_EQ(flags[0].first, synthetic(q).dates[100]);  // the span that is copied
  EXPECT_EQ(flags[0].last, synthetic(q).dates[129]);
  EXPECT_EQ(flags[1].first, synthetic(q).dates[300]);  // the copy
  EXPECT_EQ(flags[1].last, synthetic(q).dates[329]);
  EXPECT_NE(flags[1].reason.find("repeats 2001-04-11..2001-05-10"), std::string::npos)
      << flags[1].reason;
  EXPECT_EQ(flags[1].column, "discharge_m3_per_s");
}

TEST(GaugeTable, FlagsOutOfLinePrecipitationYears) {
  // Five whole years (2001-2005) at 2 mm/day, the third at 0.8 mm/day.
  auto t = synthetic(std::vector<double>(365 * 5, 1.0));
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.dates[i].year == 2003) t.precipitation_mm[i] = 0.8;
  }
  const auto flags = caspian::io::find_precipitation_outlier_years(t, 0.65, 1.6);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].first, (Date{2003, 1, 1}));
  EXPECT_EQ(flags[0].last, (Date{2003, 12, 31}));
  EXPECT_NE(flags[0].reason.find("0.40-0.40 x"), std::string::npos) << flags[0].reason;
  // Consecutive low years form one span.
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.dates[i].year == 2004) t.precipitation_mm[i] = 0.9;
  }
  const auto two = caspian::io::find_precipitation_outlier_years(t, 0.65, 1.6);
  ASSERT_EQ(two.size(), 1u);
  EXPECT_EQ(two[0].last, (Date{2004, 12, 31}));
}

TEST(CalibrationConfig, ReadsTheProtvaRunFile) {
  const auto cfg = caspian::io::load_calibration_config(fs::path(CASPIAN_SOURCE_DIR) /
                                                        "inputs/calibration/protva.yaml");
  EXPECT_EQ(cfg.objective, "kge+kge_log");
  EXPECT_EQ(cfg.objective_terms, (std::vector<std::string>{"kge", "kge_log"}));
  EXPECT_EQ(cfg.restarts, 5);
  EXPECT_EQ(cfg.blocks, 1);
  EXPECT_DOUBLE_EQ(cfg.basin_area_km2, 3640.0);
  EXPECT_EQ(cfg.calibration.first, (Date{1980, 1, 1}));
  EXPECT_EQ(cfg.validation.last, (Date{2013, 12, 31}));
  EXPECT_TRUE(cfg.has_warmup);
  EXPECT_GE(cfg.exclusions.size(), 4u);
  EXPECT_GE(cfg.fit.size(), 10u);
  EXPECT_TRUE(fs::exists(cfg.observations_file));
}

TEST(CalibrationConfig, UnknownKeysAndBadValuesNameFileAndLine) {
  const std::string good = R"(calibration: {name: t}
observations: {file: q.csv, basin_area_km2: 100, latitude_deg: 55}
periods:
  calibration: {start: 1980-01-01, end: 1989-12-31}
  validation: {start: 1990-01-01, end: 1995-12-31}
fit:
  iterations: 10
  seed: 1
  parameters: {catchment.fc_mm: [100, 300], catchment.beta: }
)";
  const auto ok = caspian::io::load_calibration_config(write_temp("ok.yaml", good));
  ASSERT_EQ(ok.fit.size(), 2u);
  EXPECT_EQ(ok.fit[1].max_value, 6.0);  // registry bound
  const auto message = [&](const std::string& text) -> std::string {
    try {
      caspian::io::load_calibration_config(write_temp("bad.yaml", text));
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  auto m = message(good + "outputs: {directory: x}\n");
  EXPECT_NE(m.find("bad.yaml"), std::string::npos) << m;
  EXPECT_NE(m.find("outputs (line 10)"), std::string::npos) << m;
  EXPECT_NE(m.find("valid keys here"), std::string::npos) << m;
  m = message(std::string(good).replace(good.find("catchment.beta"), 14, "catchment.betta"));
  EXPECT_NE(m.find("fit.parameters.catchment.betta (line 9)"), std::string::npos) << m;
  m = message(std::string(good).replace(good.find("[100, 300]"), 10, "[10, 300]"));
  EXPECT_NE(m.find("registry bounds"), std::string::npos) << m;
  m = message(std::string(good).replace(good.find("1990-01-01"), 10, "1985-01-01"));
  EXPECT_NE(m.find("overlaps"), std::string::npos) << m;
  m = message(std::string(good).replace(good.find("  seed: 1"), 9, "  seed: 1\n  seed: 2"));
  EXPECT_NE(m.find("fit.seed (line 9)"), std::string::npos) << m;  // issue 12: repeated keys
  EXPECT_NE(m.find("first at line 8"), std::string::npos) << m;
  m = message(good + "exclude:\n  - {start: 1981-01-01, end: 1981-02-01}\n");
  EXPECT_NE(m.find("exclude[0].reason"), std::string::npos) << m;
  EXPECT_EQ(ok.objective, "kge");  // the defaults
  EXPECT_EQ(ok.restarts, 1);
  EXPECT_EQ(ok.blocks, 1);
  m = message(std::string(good).replace(good.find("  seed: 1"), 9, "  blocks: 0\n  seed: 1"));
  EXPECT_NE(m.find("fit.blocks (line 8)"), std::string::npos) << m;
  m = message(std::string(good).replace(good.find("  seed: 1"), 9, "  objective: [kge, x]"));
  EXPECT_NE(m.find("'x' is not an objective"), std::string::npos) << m;
}

}  // namespace
