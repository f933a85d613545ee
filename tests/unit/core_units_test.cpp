#include <gtest/gtest.h>

#include "caspian/core/error.hpp"
#include "caspian/core/parameters.hpp"
#include "caspian/core/units.hpp"

namespace {
using namespace caspian::core;

TEST(Units, ConvertsFluxesAndTemperatures) {
  const auto mm_day = conversion_to_model_units(Quantity::water_flux_m_per_s, "mm/day");
  ASSERT_TRUE(mm_day);
  EXPECT_NEAR(mm_day->apply(86.4), 1e-6, 1e-18);  // 86.4 mm/day = 1e-6 m/s
  const auto kg = conversion_to_model_units(Quantity::water_flux_m_per_s, "kg m-2 s-1");
  ASSERT_TRUE(kg);
  EXPECT_DOUBLE_EQ(kg->apply(1.0), 1e-3);
  const auto kelvin = conversion_to_model_units(Quantity::temperature_degC, "K");
  ASSERT_TRUE(kelvin);
  EXPECT_DOUBLE_EQ(kelvin->apply(273.15), 0.0);
  EXPECT_TRUE(conversion_to_model_units(Quantity::temperature_degC, " degC "));
  const auto km3 = conversion_to_model_units(Quantity::volume_flux_m3_per_s, "km3/yr");
  ASSERT_TRUE(km3);
  EXPECT_NEAR(km3->apply(1.0), 1e9 / (365.25 * 86400.0), 1e-9);
  EXPECT_FALSE(conversion_to_model_units(Quantity::height_m, "feet"));
  EXPECT_FALSE(conversion_to_model_units(Quantity::water_flux_m_per_s, "mm"));
}

TEST(Units, VolumesPerYearOrMonthOfRecordedSeries) {
  using caspian::core::km3_per_period;
  using caspian::core::RecordPeriod;
  for (const char* u : {"km3/yr", "km3 yr-1", "KM3/Year", "km3/a", "km3  a-1"}) {
    EXPECT_EQ(km3_per_period(u), RecordPeriod::year) << u;
  }
  for (const char* u : {"km3/month", "km3 month-1", "km3/mon"}) {
    EXPECT_EQ(km3_per_period(u), RecordPeriod::month) << u;
  }
  for (const char* u : {"m3/s", "km3", "km3/day", ""}) EXPECT_FALSE(km3_per_period(u)) << u;
}

TEST(ParameterRegistry, EveryParameterHasUnitsBoundsAndSource) {
  for (const auto& p : parameter_registry()) {
    EXPECT_FALSE(p.units.empty()) << p.name;
    EXPECT_FALSE(p.source.empty()) << p.name;
    EXPECT_FALSE(p.description.empty()) << p.name;
    EXPECT_LE(p.min_value, p.default_value) << p.name;
    EXPECT_GE(p.max_value, p.default_value) << p.name;
  }
  ParameterSet set;
  EXPECT_THROW(set.set("sea.kbg_sill_level_m_bs", 100.0, "test"), InputError);
  EXPECT_THROW(set.set("sea.nonexistent", 1.0, "test"), InputError);
  set.set("sea.kbg_sill_level_m_bs", -33.0, "test");
  EXPECT_DOUBLE_EQ(set.get("sea.kbg_sill_level_m_bs"), -33.0);
}
}  // namespace
