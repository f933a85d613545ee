#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <numeric>

#include "caspian/sea/bulk_evaporation.hpp"
#include "caspian/sea/ice.hpp"
#include "caspian/sea/kara_bogaz_gol.hpp"

namespace {
using namespace caspian;
constexpr double mm_per_day = 1.0e-3 / 86400.0;

TEST(BulkEvaporation, SaturationVapourPressureMatchesTables) {
  // WMO/Smithsonian tables over water: 6.11 hPa at 0 degC, 23.39 at 20, 42.47 at 30.
  EXPECT_NEAR(sea::saturation_vapour_pressure_hPa(0.0), 6.112, 0.01);
  EXPECT_NEAR(sea::saturation_vapour_pressure_hPa(20.0), 23.39, 0.05);
  EXPECT_NEAR(sea::saturation_vapour_pressure_hPa(30.0), 42.47, 0.15);
}

TEST(BulkEvaporation, WorkedExampleGivesFourMillimetresADay) {
  // SST 20 degC, air 18 degC at 70 % relative humidity, 6 m/s, C_E 1.15e-3, 1013.25 hPa, fresh
  // water: q_s = 0.01447, q_a = 0.00891, rho_a = 1.206 kg m-3, so E = 1.206 * 1.15e-3 * 6 *
  // 0.00556 kg m-2 s-1 = 4.00 mm/day (a latent heat flux of 113 W m-2).
  sea::BulkEvaporationParameters p{1.15e-3, 1013.25, 0.0};
  const double e = sea::bulk_evaporation_m_per_s(20.0, 18.0, 0.7, 6.0, p);
  EXPECT_NEAR(e / mm_per_day, 4.00, 0.01);
  EXPECT_NEAR(sea::specific_humidity_kg_per_kg(sea::saturation_vapour_pressure_hPa(20.0), 1013.25),
              0.01447, 2e-5);
}

TEST(BulkEvaporation, LinearInWindZeroWithoutGradientSaltLowersIt) {
  sea::BulkEvaporationParameters fresh{1.15e-3, 1013.25, 0.0};
  const double e6 = sea::bulk_evaporation_m_per_s(20.0, 18.0, 0.7, 6.0, fresh);
  EXPECT_NEAR(sea::bulk_evaporation_m_per_s(20.0, 18.0, 0.7, 12.0, fresh), 2.0 * e6, 1e-15);
  EXPECT_EQ(sea::bulk_evaporation_m_per_s(20.0, 18.0, 0.7, 0.0, fresh), 0.0);
  // Saturated air at the water's temperature: no evaporation; moister air: no condensation.
  EXPECT_NEAR(sea::bulk_evaporation_m_per_s(15.0, 15.0, 1.0, 6.0, fresh), 0.0, 1e-15);
  EXPECT_EQ(sea::bulk_evaporation_m_per_s(5.0, 15.0, 1.0, 6.0, fresh), 0.0);
  sea::BulkEvaporationParameters caspian = fresh;
  caspian.salinity_psu = 12.5;
  EXPECT_LT(sea::bulk_evaporation_m_per_s(20.0, 18.0, 0.7, 6.0, caspian), e6);
  EXPECT_TRUE(std::isnan(sea::bulk_evaporation_m_per_s(NAN, 18.0, 0.7, 6.0, fresh)));
}

TEST(BulkEvaporation, WarmingAtConstantRelativeHumidityIncreasesEvaporation) {
  // Clausius-Clapeyron: +1 K on sea and air at fixed relative humidity adds ~6-7 %.
  sea::BulkEvaporationParameters p;
  const double e0 = sea::bulk_evaporation_m_per_s(15.0, 13.0, 0.7, 6.0, p);
  const double e1 = sea::bulk_evaporation_m_per_s(16.0, 14.0, 0.7, 6.0, p);
  EXPECT_GT(e1 / e0 - 1.0, 0.055);
  EXPECT_LT(e1 / e0 - 1.0, 0.075);
}

TEST(BulkEvaporation, RelativeHumidityFromDewPoint) {
  EXPECT_NEAR(sea::relative_humidity_from_dewpoint_depression(20.0, 0.0), 1.0, 1e-12);
  // Td = 10 degC at T = 20 degC: 12.28 / 23.39 = 0.525.
  EXPECT_NEAR(sea::relative_humidity_from_dewpoint_depression(20.0, 10.0), 0.525, 0.003);
  EXPECT_NEAR(sea::relative_humidity_from_dewpoint_depression(20.0, -3.0), 1.0, 1e-12);
}

std::array<double, 12> north_caspian_like_air() {
  // A continental winter: -6 degC in January, +25 in July (cosine).
  std::array<double, 12> t{};
  for (int m = 0; m < 12; ++m) t[std::size_t(m)] = 9.5 - 15.5 * std::cos(2 * M_PI * (m + 0.0) / 12);
  return t;
}

TEST(SlabIce, ShallowWaterFreezesInWinterAndClearsInSummer) {
  const auto air = north_caspian_like_air();
  const auto h = sea::slab_ice_thickness_m(air, 3.0, sea::IceParameters{});
  const auto f = sea::monthly_ice_fraction(h);
  EXPECT_GT(f[0], 0.9);  // January
  EXPECT_GT(f[1], 0.5);  // February
  EXPECT_EQ(f[6], 0.0);  // July
  EXPECT_EQ(f[8], 0.0);  // September
  const double max_m = *std::max_element(h.begin(), h.end());
  // Stefan's law with ~400 freezing degree-days gives a few decimetres (published North
  // Caspian maxima 0.3-0.6 m in normal winters, up to ~1 m).
  EXPECT_GT(max_m, 0.1);
  EXPECT_LT(max_m, 1.0);
}

TEST(SlabIce, DeepWaterKeepsItsHeatAndStaysOpen) {
  // A winter just below freezing (-1 degC in January): a 3 m column freezes, 50 m does not.
  std::array<double, 12> air{};
  for (int m = 0; m < 12; ++m) air[std::size_t(m)] = 12.0 - 13.0 * std::cos(2 * M_PI * m / 12.0);
  const auto shallow = sea::monthly_ice_fraction(sea::slab_ice_thickness_m(air, 3.0, {}));
  const auto deep = sea::monthly_ice_fraction(sea::slab_ice_thickness_m(air, 50.0, {}));
  EXPECT_GT(shallow[0], 0.0);
  EXPECT_EQ(std::accumulate(deep.begin(), deep.end(), 0.0), 0.0);
}

TEST(SlabIce, WarmerWintersShortenTheSeason) {
  auto air = north_caspian_like_air();
  auto days = [&](double warming) {
    std::array<double, 12> t = air;
    for (double& v : t) v += warming;
    const auto h = sea::slab_ice_thickness_m(t, 3.0, {});
    return std::count_if(h.begin(), h.end(), [](double x) { return x > 0.01; });
  };
  EXPECT_GT(days(0.0), days(2.0));
  EXPECT_GT(days(2.0), days(4.0));
  EXPECT_EQ(days(12.0), 0);
}

TEST(KaraBogazGol, HistoryClosesTheStraitThenCulvertsThenReopens) {
  const auto history = sea::kbg_history();
  EXPECT_EQ(sea::kbg_strait_at(history, {1980, 2}), sea::KbgStrait::open);
  EXPECT_EQ(sea::kbg_strait_at(history, {1980, 3}), sea::KbgStrait::closed);
  EXPECT_EQ(sea::kbg_strait_at(history, {1984, 9}), sea::KbgStrait::closed);
  EXPECT_EQ(sea::kbg_strait_at(history, {1984, 10}), sea::KbgStrait::culverts);
  EXPECT_EQ(sea::kbg_strait_at(history, {1992, 5}), sea::KbgStrait::culverts);
  EXPECT_EQ(sea::kbg_strait_at(history, {1992, 6}), sea::KbgStrait::open);
  EXPECT_EQ(sea::kbg_strait_at({}, {1985, 1}), sea::KbgStrait::open);
}

TEST(KaraBogazGol, ClosedGivesNothingCulvertsAreCapped) {
  const sea::KbgParameters open{-31.0, 570.0, -26.6};
  const double weir = sea::kbg_outflow_m3_per_s(open, -28.0);
  EXPECT_GT(weir, 100.0);
  EXPECT_EQ(
      sea::kbg_outflow_m3_per_s(sea::kbg_for_strait(open, sea::KbgStrait::closed, 50.0), -28.0),
      0.0);
  EXPECT_EQ(
      sea::kbg_outflow_m3_per_s(sea::kbg_for_strait(open, sea::KbgStrait::culverts, 50.0), -28.0),
      50.0);
  EXPECT_EQ(sea::kbg_outflow_m3_per_s(sea::kbg_for_strait(open, sea::KbgStrait::open, 50.0), -28.0),
            weir);
  // Below the sill the culverts pass nothing either.
  EXPECT_EQ(
      sea::kbg_outflow_m3_per_s(sea::kbg_for_strait(open, sea::KbgStrait::culverts, 50.0), -31.5),
      0.0);
  sea::KbgStrait s{};
  EXPECT_TRUE(sea::parse_kbg_strait("culverts", s));
  EXPECT_EQ(s, sea::KbgStrait::culverts);
  EXPECT_FALSE(sea::parse_kbg_strait("dammed", s));
}

}  // namespace
