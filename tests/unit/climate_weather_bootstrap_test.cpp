#include <gtest/gtest.h>

#include <set>

#include "caspian/climate/weather_bootstrap.hpp"
#include "caspian/core/random.hpp"

namespace {
using namespace caspian;

TEST(SplitMix64, KnownStreamAndUnbiasedBelow) {
  // First output for seed 0 (the reference value of the published algorithm).
  core::SplitMix64 g(0);
  EXPECT_EQ(g.next(), 0xE220A8397B1DCDAFull);
  core::SplitMix64 h(7);
  for (int k = 0; k < 1000; ++k) EXPECT_LT(h.below(3), 3u);
}

TEST(WeatherBootstrap, NeverDrawsAFlaggedYearAndIsReproducibleBySeed) {
  std::set<int> allowed;
  for (int y = 1979; y <= 2018; ++y)
    if (y != 1982 && y != 2014) allowed.insert(y);
  const auto a = climate::bootstrap_years(2025, 2100, allowed, 3, 42);
  const auto b = climate::bootstrap_years(2025, 2100, allowed, 3, 42);
  const auto c = climate::bootstrap_years(2025, 2100, allowed, 3, 43);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  ASSERT_EQ(a.size(), 76u);
  std::set<int> drawn;
  for (const auto& [year, observed] : a) {
    EXPECT_TRUE(allowed.count(observed)) << observed;
    drawn.insert(observed);
  }
  EXPECT_GT(drawn.size(), 20u);  // the record is sampled, not one year repeated
  // Blocks of three consecutive years.
  EXPECT_EQ(a.at(2026), a.at(2025) + 1);
  EXPECT_EQ(a.at(2027), a.at(2025) + 2);
  EXPECT_THROW(climate::bootstrap_years(2025, 2030, {1990, 1992}, 2, 1), std::invalid_argument);
}

TEST(WeatherBootstrap, ResampledSeriesCopiesTheDrawnDaysInTheSimulatedCalendar) {
  climate::DailySeries obs;
  core::Date d{1999, 1, 1, 0.0};
  for (int k = 0; k < 731; ++k) {  // 1999 and 2000 (a leap year)
    obs.dates.push_back(d);
    obs.temperature_degC.push_back(k);
    obs.precipitation_mm_per_day.push_back(0.5 * k);
    d = core::add_days(core::Calendar::proleptic_gregorian, d, 1.0);
  }
  // 2028 (leap) gets 1999 (common): 29 Feb repeats 28 Feb; 2029 (common) gets 2000: 29 Feb dropped.
  const auto s = climate::resampled_series(obs, {{2028, 1999}, {2029, 2000}},
                                           core::Calendar::proleptic_gregorian);
  ASSERT_EQ(s.dates.size(), 366u + 365u);
  EXPECT_EQ(s.temperature_degC[58], 58.0);                // 2028-02-28 <- 1999-02-28 (day 58)
  EXPECT_EQ(s.temperature_degC[59], 58.0);                // 2028-02-29 <- 1999-02-28 again
  EXPECT_EQ(s.temperature_degC[60], 59.0);                // 2028-03-01 <- 1999-03-01
  EXPECT_EQ(s.temperature_degC[366 + 59], 365.0 + 60.0);  // 2029-03-01 <- 2000-03-01
  EXPECT_EQ(s.dates.back().year, 2029);
  EXPECT_THROW(climate::resampled_series(obs, {{2030, 2005}}, core::Calendar::proleptic_gregorian),
               std::invalid_argument);
}

}  // namespace
