#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "caspian/core/constants.hpp"
#include "caspian/core/error.hpp"
#include "caspian/sea/evaporation.hpp"

namespace {
namespace sea = caspian::sea;

TEST(SeaEvaporation, HandComputedLinacreValue) {
  // T = 20 C, h = -28 m, 42 N, R = 7 K, R_ann = 25 K:
  // T - Td = -0.0644 + 7.4 + 3.71 + 8.75 - 10.9 = 8.8956 K; Tm = 19.832 C;
  // E0 = (700 * 19.832 / 58 + 15 * 8.8956) / 60 = 6.2130954022988... mm/day.
  EXPECT_NEAR(sea::linacre_dewpoint_depression_K(20.0, -28.0, 7.0, 25.0), 8.8956, 1e-13);
  EXPECT_NEAR(sea::linacre_evaporation_mm_per_day(20.0, -28.0, 42.0, 7.0, 25.0), 6.21309540229885,
              1e-12);
  // Southern latitudes use |A|.
  EXPECT_DOUBLE_EQ(sea::linacre_evaporation_mm_per_day(20.0, -28.0, -42.0, 7.0, 25.0),
                   sea::linacre_evaporation_mm_per_day(20.0, -28.0, 42.0, 7.0, 25.0));
}

TEST(SeaEvaporation, IncreasesWithTemperatureAndClampsAtZero) {
  double previous = 0.0;
  for (double t = 0.0; t <= 35.0; t += 0.5) {
    const double e = sea::linacre_evaporation_mm_per_day(t, -28.0, 42.0, 7.0, 25.0);
    EXPECT_GT(e, previous) << t;
    previous = e;
  }
  // Unclamped the formula gives -0.4875 mm/day at -5 C (R_ann = 30 K).
  EXPECT_EQ(sea::linacre_evaporation_mm_per_day(-5.0, -28.0, 42.0, 7.0, 30.0), 0.0);
  EXPECT_EQ(sea::linacre_evaporation_mm_per_day(-30.0, -28.0, 42.0, 7.0, 30.0), 0.0);
  EXPECT_TRUE(std::isnan(sea::linacre_evaporation_mm_per_day(std::nan(""), 0.0, 42.0, 7.0, 25.0)));
  // Drier air (larger ranges) evaporates more; at a given temperature the published formula
  // gives more at higher latitude (its radiation term is 700 Tm / (100 - A)).
  EXPECT_GT(sea::linacre_evaporation_mm_per_day(15.0, -28.0, 42.0, 12.0, 25.0),
            sea::linacre_evaporation_mm_per_day(15.0, -28.0, 42.0, 7.0, 25.0));
  EXPECT_LT(sea::linacre_evaporation_mm_per_day(15.0, -28.0, 37.0, 7.0, 25.0),
            sea::linacre_evaporation_mm_per_day(15.0, -28.0, 47.0, 7.0, 25.0));
}

TEST(SeaEvaporation, MonthlyFieldsInMetresPerSecond) {
  // Two cells; cell 1 has a missing month.
  const std::size_t n = 2;
  std::vector<double> temperature(12 * n);
  for (std::size_t m = 0; m < 12; ++m) {
    temperature[m * n] = -2.0 + 2.5 * static_cast<double>(m);  // range 27.5 K
    temperature[m * n + 1] = 10.0;
  }
  temperature[5 * n + 1] = std::nan("");
  const std::vector<double> latitude{45.0, 40.0};
  const std::vector<double> elevation{-28.0};
  const auto e = sea::linacre_monthly_evaporation_m_per_s(temperature, elevation, latitude, 7.0);
  ASSERT_EQ(e.size(), 12 * n);
  for (std::size_t m = 0; m < 12; ++m) {
    const double expected =
        sea::linacre_evaporation_mm_per_day(temperature[m * n], -28.0, 45.0, 7.0, 27.5) * 1e-3 /
        caspian::core::seconds_per_day;
    EXPECT_DOUBLE_EQ(e[m * n], expected);
    EXPECT_TRUE(std::isnan(e[m * n + 1]));
  }
  EXPECT_THROW(
      sea::linacre_monthly_evaporation_m_per_s(std::vector<double>(5), elevation, latitude, 7.0),
      std::invalid_argument);
}

TEST(SeaEvaporation, CalibrationFactorHitsTarget) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> rate(0.5e-8, 6e-8);  // 0.4-5 mm/day
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const std::size_t n = 50;
  std::vector<double> e(12 * n), area(n), wet(n);
  for (std::size_t c = 0; c < n; ++c) {
    area[c] = 2e8 + 1e8 * unit(rng);
    wet[c] = c % 7 == 0 ? 0.0 : (c % 3 == 0 ? unit(rng) : 1.0);
    for (std::size_t m = 0; m < 12; ++m) e[m * n + c] = wet[c] == 0.0 ? std::nan("") : rate(rng);
  }
  const std::vector<double> noleap{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (const bool custom : {false, true}) {
    const std::span<const double> lengths =
        custom ? std::span<const double>(noleap) : std::span<const double>();
    const double target = 960.0;
    const double factor = sea::evaporation_calibration_factor(e, area, wet, target, lengths);
    std::vector<double> scaled(e);
    for (double& v : scaled) v *= factor;
    EXPECT_NEAR(sea::wet_area_mean_evaporation_mm_per_yr(scaled, area, wet, lengths), target,
                1e-12 * target);
    // Direct check of the mean's definition.
    double volume = 0.0, wet_area = 0.0;
    for (std::size_t c = 0; c < n; ++c) {
      if (wet[c] == 0.0) continue;
      wet_area += area[c] * wet[c];
      for (std::size_t m = 0; m < 12; ++m)
        volume +=
            area[c] * wet[c] * scaled[m * n + c] * (custom ? noleap[m] : 365.25 / 12.0) * 86400.0;
    }
    EXPECT_NEAR(1e3 * volume / wet_area, target, 1e-9 * target);
  }
  EXPECT_THROW(sea::evaporation_calibration_factor(e, area, std::vector<double>(n, 0.0), 960.0),
               caspian::core::RangeError);
  EXPECT_THROW(
      sea::evaporation_calibration_factor(std::vector<double>(12 * n, 0.0), area, wet, 960.0),
      caspian::core::RangeError);
}

}  // namespace
