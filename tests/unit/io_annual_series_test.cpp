#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "caspian/climate/regrid.hpp"
#include "caspian/core/error.hpp"
#include "caspian/io/annual_series.hpp"

namespace {
namespace fs = std::filesystem;
using caspian::io::read_annual_series_csv;

fs::path write_csv(const std::string& text) {
  std::random_device rd;
  const auto path = fs::temp_directory_path() / ("caspian-annual-" + std::to_string(rd()) + ".csv");
  std::ofstream(path) << text;
  return path;
}

bool kelvin(std::string_view u) { return u.starts_with("K"); }

std::string error_of(const std::string& text, const std::string& column = "anomaly") {
  const auto path = write_csv(text);
  try {
    read_annual_series_csv(path, column, kelvin, "K");
  } catch (const caspian::core::InputError& e) {
    return std::string(e.what());
  }
  return "";
}

const std::string good =
    "year,anomaly,other\nyear,K vs 1991-2020,m\n1976,-2.3,1\n1977,-1.1,\n"
    "1978,0.5,2\n";

TEST(AnnualSeries, ReadsAColumnAndItsUnits) {
  const auto s = read_annual_series_csv(write_csv(good), "anomaly", kelvin, "K");
  ASSERT_EQ(s.value_by_year.size(), 3u);
  EXPECT_DOUBLE_EQ(s.value_by_year.at(1977), -1.1);
  EXPECT_EQ(s.units, "K vs 1991-2020");
  EXPECT_NEAR(caspian::io::annual_series_mean(s, 1976, 1978), (-2.3 - 1.1 + 0.5) / 3, 1e-12);
  EXPECT_THROW(caspian::io::annual_series_mean(s, 1975, 1978), caspian::core::InputError);
}

TEST(AnnualSeries, BadFilesNameTheColumnAndYear) {
  EXPECT_NE(error_of(good, "nope").find("no such column"), std::string::npos);
  EXPECT_NE(error_of("year,anomaly\n1976,1\n1977,2\n").find("units row"), std::string::npos);
  EXPECT_NE(error_of("year,anomaly\nyear,m\n1976,1\n").find("units 'm'"), std::string::npos);
  const auto blank = error_of("year,anomaly\nyear,K\n1976,1\n1977,\n");
  EXPECT_NE(blank.find("anomaly 1977"), std::string::npos) << blank;
  const auto gap = error_of("year,anomaly\nyear,K\n1976,1\n1978,2\n");
  EXPECT_NE(gap.find("missing year"), std::string::npos) << gap;
  EXPECT_NE(gap.find("1977"), std::string::npos) << gap;
  EXPECT_NE(error_of("year,anomaly\nyear,K\n1976,1\n1976,2\n").find("years must increase"),
            std::string::npos);
  EXPECT_NE(error_of("year,anomaly\nyear,K\n1976,nan\n").find("not a number"), std::string::npos);
  EXPECT_NE(error_of("year,anomaly\nyear,K\n19x6,1\n").find("not a year"), std::string::npos);
  EXPECT_NE(error_of("").find("empty"), std::string::npos);
}

TEST(FillMissing, SpreadsFromNeighboursIndependentlyOfOrder) {
  const caspian::core::LatLonGrid grid({40.0, 41.0, 42.0}, {50.0, 51.0, 52.0});
  const double nan = std::nan("");
  std::vector<double> v{1.0, nan, nan, nan, nan, nan, nan, nan, 5.0};
  const int passes = caspian::climate::fill_missing_from_neighbours(grid, v);
  EXPECT_GE(passes, 1);
  for (double x : v) EXPECT_FALSE(std::isnan(x));
  EXPECT_DOUBLE_EQ(v[0], 1.0);
  EXPECT_DOUBLE_EQ(v[8], 5.0);
  EXPECT_DOUBLE_EQ(v[4], 3.0);  // mean of both corners in the first pass
  EXPECT_DOUBLE_EQ(v[1], 1.0);  // only the first corner was its valid neighbour then
  std::vector<double> none(9, nan);
  caspian::climate::fill_missing_from_neighbours(grid, none);
  EXPECT_TRUE(std::isnan(none[0]));
}

}  // namespace
