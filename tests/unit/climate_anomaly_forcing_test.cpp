#include <gtest/gtest.h>

#include <cmath>

#include "caspian/climate/anomaly_forcing.hpp"
#include "caspian/core/error.hpp"

namespace {
using namespace caspian;

TEST(MonthBlend, IsContinuousAcrossMonthsAndExactAtMidMonth) {
  const auto cal = core::Calendar::proleptic_gregorian;
  // Mid-January (day 16 of 31 has its middle at 15.5 = the month's middle): all January.
  const auto mid_jan = climate::month_blend(cal, {2001, 1, 16});
  EXPECT_EQ(mid_jan.month0, 0u);
  EXPECT_NEAR(mid_jan.weight0, 1.0, 1e-12);
  // The value moves linearly from mid-January to mid-February, with no jump on 31 Jan -> 1 Feb.
  auto value = [&](const core::Date& d) {
    const auto b = climate::month_blend(cal, d);
    const double month_value[12] = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110};
    return b.weight0 * month_value[b.month0] + (1 - b.weight0) * month_value[b.month1];
  };
  const double jan31 = value({2001, 1, 31}), feb1 = value({2001, 2, 1});
  EXPECT_GT(feb1, jan31);
  EXPECT_NEAR(feb1 - jan31, 10.0 / (15.5 + 14.0), 1e-9);
  // December -> January wraps round the year.
  const auto dec31 = climate::month_blend(cal, {2001, 12, 31});
  EXPECT_EQ(dec31.month0, 11u);
  EXPECT_EQ(dec31.month1, 0u);
}

TEST(DailyFields, AddsTemperatureAnomalyAndScalesPrecipitation) {
  climate::MonthlyClimatology t, p;
  for (std::size_t m = 0; m < 12; ++m) {
    t[m] = {double(m), 10.0 + double(m)};
    p[m] = {1.0, 3.0};
  }
  climate::SeriesClimatology sc;
  sc.temperature_degC.fill(5.0);
  sc.precipitation_mm_per_day.fill(2.0);
  const climate::MonthBlend mid_march{2, 3, 1.0};
  std::vector<double> t_out(2), p_out(2);
  climate::daily_fields(t, p, sc, mid_march, 7.5, 4.0, t_out, p_out);
  EXPECT_DOUBLE_EQ(t_out[0], 2.0 + 2.5);
  EXPECT_DOUBLE_EQ(t_out[1], 12.0 + 2.5);
  EXPECT_DOUBLE_EQ(p_out[0], 2.0);  // twice the series' normal: twice the climatology
  EXPECT_DOUBLE_EQ(p_out[1], 6.0);
  climate::daily_fields(t, p, sc, mid_march, 5.0, 0.0, t_out, p_out);
  EXPECT_DOUBLE_EQ(p_out[1], 0.0);
}

TEST(SeriesClimatology, MonthlyMeansOverThePeriodAndErrors) {
  climate::DailySeries s;
  for (int y = 1980; y <= 1982; ++y) {
    for (int m = 1; m <= 12; ++m) {
      s.dates.push_back({y, m, 1});
      s.temperature_degC.push_back(double(y - 1980));
      s.precipitation_mm_per_day.push_back(1.0 + double(m));
    }
  }
  const auto c = climate::series_climatology(s, 1981, 1982, "test.csv");
  EXPECT_DOUBLE_EQ(c.temperature_degC[0], 1.5);
  EXPECT_DOUBLE_EQ(c.precipitation_mm_per_day[11], 13.0);
  EXPECT_THROW(climate::series_climatology(s, 1990, 1991, "test.csv"), core::InputError);
}

TEST(BlockMeanAndLapseRate, AverageFineCellsAndCorrectTemperature) {
  const core::LatLonGrid fine({0.25, 0.75, 1.25, 1.75}, {0.25, 0.75, 1.25, 1.75});
  const core::LatLonGrid coarse({0.5, 1.5}, {0.5, 1.5});
  std::vector<double> v(16);
  for (std::size_t k = 0; k < 16; ++k) v[k] = double(k);
  v[0] = std::nan("");
  const auto mean = climate::block_mean(fine, v, coarse);
  EXPECT_DOUBLE_EQ(mean[0], (1.0 + 4.0 + 5.0) / 3.0);
  EXPECT_DOUBLE_EQ(mean[3], (10.0 + 11.0 + 14.0 + 15.0) / 4.0);
  std::vector<double> t = {10.0, 10.0};
  const std::vector<double> z = {1000.0, 0.0}, z_forcing = {0.0, 0.0};
  climate::apply_lapse_rate(t, z, z_forcing, 0.0065);
  EXPECT_DOUBLE_EQ(t[0], 3.5);
  EXPECT_DOUBLE_EQ(t[1], 10.0);
}
}  // namespace
