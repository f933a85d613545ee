// The level series the port check reads (--levels): CSV and caspian run's annual_summary.csv;
// gaps, too-short series and files that are not files are refused naming the file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "caspian/core/error.hpp"
#include "caspian/io/level_series.hpp"

namespace {
namespace fs = std::filesystem;
using caspian::core::YearMonth;

class IoLevelSeries : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("caspian-levels-" + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& text) const {
    const auto path = dir_ / "levels.csv";
    std::ofstream(path) << text;
    return path;
  }
  std::string error_of(const std::string& text) const { return error_for(write(text)); }
  static std::string error_for(const fs::path& path) {
    try {
      caspian::io::read_level_series(path);
    } catch (const caspian::core::InputError& e) {
      return e.what();
    }
    return "no error";
  }

  static std::string monthly(int first_year, int years, int skip_month = 0) {
    std::string text = "year,month,level_m_bs\n";
    for (int y = first_year; y < first_year + years; ++y) {
      for (int m = 1; m <= 12; ++m) {
        if (y == first_year && m == skip_month) continue;
        text += std::to_string(y) + "," + std::to_string(m) + ",-29.5\n";
      }
    }
    return text;
  }

  fs::path dir_;
};

// Issue 12: a monthly series with a missing month, an annual one with missing years and a single
// month were accepted.
TEST_F(IoLevelSeries, GapsAndTooShortSeriesAreRefused) {
  EXPECT_EQ(caspian::io::read_level_series(write(monthly(2025, 2))).months.size(), 24u);
  const std::string month = error_of(monthly(2025, 2, 7));
  EXPECT_NE(month.find("levels.csv: line 8"), std::string::npos) << month;
  EXPECT_NE(month.find("missing month(s) 2025-07..2025-07 before 2025-08"), std::string::npos)
      << month;
  const std::string january = error_of("year,month,level_m_bs\n2024,12,-29\n2025,2,-29\n");
  EXPECT_NE(january.find("missing month(s) 2025-01..2025-01"), std::string::npos) << january;
  const std::string years = error_of("year,level_m_bs\n2025,-29.3\n2026,-29.5\n2029,-29.8\n");
  EXPECT_NE(years.find("line 4"), std::string::npos) << years;
  EXPECT_NE(years.find("missing year(s) 2027..2028"), std::string::npos) << years;
  const std::string single = error_of("year,month,level_m_bs\n2025,1,-29.3\n");
  EXPECT_NE(single.find("holds 1 month(s), 2025-01..2025-01"), std::string::npos) << single;
  EXPECT_NE(single.find("at least 12"), std::string::npos) << single;
  const std::string huge_year = error_of("year,level_m_bs\n2147483647,-29.3\n");
  EXPECT_NE(huge_year.find("outside years"), std::string::npos) << huge_year;
  // One annual value is a year's worth of months.
  EXPECT_EQ(caspian::io::read_level_series(write("year,level_m_bs\n2025,-29.3\n")).months.size(),
            12u);
}

// Issue 12: the model's own annual_summary.csv was refused.
TEST_F(IoLevelSeries, ReadsTheRunsAnnualSummary) {
  const std::string header =
      "year,months,mean_level_m_bs,end_level_m_bs,mean_area_km2,end_volume_km3,"
      "river_inflow_km3,groundwater_km3,precipitation_km3,evaporation_km3,kbg_outflow_km3,"
      "withdrawal_km3,net_km3\n";
  const std::string tail = ",-29.3,370000.0,77000.0,280.0,4.0,90.0,380.0,10.0,0.0,-16.0\n";
  const auto whole = caspian::io::read_level_series(
      write(header + "2025,12,-29.2000" + tail + "2026,12,-29.4000" + tail));
  ASSERT_EQ(whole.months.size(), 24u);
  EXPECT_TRUE(whole.annual);
  EXPECT_EQ(whole.months.front(), (YearMonth{2025, 1}));
  EXPECT_DOUBLE_EQ(whole.level_m_bs[0], -29.2);
  EXPECT_DOUBLE_EQ(whole.level_m_bs[23], -29.4);
  // A run from 2025-10 to 2027-03.
  const auto partial = caspian::io::read_level_series(
      write(header + "2025,3,-29.2" + tail + "2026,12,-29.3" + tail + "2027,3,-29.4" + tail));
  ASSERT_EQ(partial.months.size(), 18u);
  EXPECT_EQ(partial.months.front(), (YearMonth{2025, 10}));
  EXPECT_EQ(partial.months.back(), (YearMonth{2027, 3}));
  const std::string middle =
      error_of(header + "2025,12,-29.2" + tail + "2026,6,-29.3" + tail + "2027,12,-29.4" + tail);
  EXPECT_NE(middle.find("line 3"), std::string::npos) << middle;
  EXPECT_NE(middle.find("year 2026 has 6 months"), std::string::npos) << middle;
  const std::string gap = error_of(header + "2025,12,-29.2" + tail + "2027,12,-29.4" + tail);
  EXPECT_NE(gap.find("missing year(s) 2026..2026"), std::string::npos) << gap;
}

TEST_F(IoLevelSeries, FoldersAndDevicesAreNotLevelFiles) {
  EXPECT_NE(error_for(dir_).find("is a folder"), std::string::npos) << error_for(dir_);
  EXPECT_NE(error_for("/dev/zero").find("not a regular file"), std::string::npos);
  EXPECT_NE(error_for(dir_ / "none.csv").find("does it exist"), std::string::npos);
}
}  // namespace
