// HBV processes: mass conservation to round-off over long random forcing (storage change =
// in - out) and behaviour checks (no melt below the threshold, recharge curve, ET limit, routing
// weights).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "caspian/catchment/hbv.hpp"
#include "caspian/catchment/routing.hpp"
#include "caspian/core/parameters.hpp"

namespace {
using namespace caspian::catchment;

// Random daily forcing with a seasonal temperature cycle: about 20 years.
struct Forcing {
  std::vector<double> precipitation_mm, temperature_degC, pet_mm;
};
Forcing random_forcing(std::size_t days, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Forcing f;
  for (std::size_t i = 0; i < days; ++i) {
    const double season = std::sin(2.0 * M_PI * double(i) / 365.25);
    f.temperature_degC.push_back(5.0 + 15.0 * season + 6.0 * (u(rng) - 0.5));
    f.precipitation_mm.push_back(u(rng) < 0.4 ? -8.0 * std::log(1.0 - u(rng)) : 0.0);
    f.pet_mm.push_back(std::max(0.0, 2.0 + 2.0 * season));
  }
  return f;
}

HbvParameters random_parameters(unsigned seed) {
  std::mt19937 rng(seed);
  const caspian::core::ParameterSet defaults;
  caspian::core::ParameterSet set;
  for (const auto& spec : caspian::core::parameter_registry()) {
    if (!std::string_view(spec.name).starts_with("catchment.")) continue;
    std::uniform_real_distribution<double> u(spec.min_value, spec.max_value);
    set.set(spec.name, u(rng), "test");
  }
  return hbv_parameters_from(set);
}

TEST(CatchmentSnow, ConservesMassOverLongRandomForcing) {
  const auto f = random_forcing(7300, 1);
  for (unsigned trial = 0; trial < 5; ++trial) {
    const HbvParameters p = random_parameters(100 + trial);
    SnowState s;
    double in = 0.0, out = 0.0;
    for (std::size_t i = 0; i < f.precipitation_mm.size(); ++i) {
      const auto x = snow_step(p.snow, f.precipitation_mm[i], f.temperature_degC[i], s);
      in += x.snowfall_mm + x.rainfall_mm;
      out += x.outflow_mm;
      ASSERT_GE(s.snowpack_mm, 0.0);
      ASSERT_GE(s.liquid_water_mm, 0.0);
      ASSERT_LE(s.liquid_water_mm, p.snow.water_holding_capacity * s.snowpack_mm + 1e-12);
    }
    const double storage = s.snowpack_mm + s.liquid_water_mm;
    EXPECT_NEAR(storage, in - out, 1e-9 * std::max(1.0, in));
  }
}

TEST(CatchmentSnow, NoMeltBelowThresholdAndSnowfallAccumulates) {
  SnowParameters p;
  p.threshold_temperature_degC = 0.5;
  p.melt_threshold_degC = 0.0;
  p.snowfall_correction = 0.9;
  SnowState s;
  for (int i = 0; i < 30; ++i) {
    const auto x = snow_step(p, 2.0, -3.0, s);
    EXPECT_EQ(x.melt_mm, 0.0);
    EXPECT_EQ(x.outflow_mm, 0.0);
    EXPECT_DOUBLE_EQ(x.snowfall_mm, 1.8);
  }
  EXPECT_NEAR(s.snowpack_mm, 54.0, 1e-9);
  // Above the melt threshold: melt = CFMAX x (T - Tm), held up to CWH x pack, then released.
  const auto warm = snow_step(p, 0.0, 2.0, s);
  EXPECT_DOUBLE_EQ(warm.melt_mm, p.degree_day_factor_mm_per_degC_day * 2.0);
  EXPECT_NEAR(s.liquid_water_mm, p.water_holding_capacity * s.snowpack_mm, 1e-12);
  // Below it again: held water refreezes at CFR x CFMAX x (Tm - T).
  const double held = s.liquid_water_mm;
  const auto cold = snow_step(p, 0.0, -1.0, s);
  EXPECT_NEAR(cold.refreezing_mm,
              std::min(held, p.refreezing_coefficient * p.degree_day_factor_mm_per_degC_day),
              1e-12);
}

TEST(CatchmentSnow, RainOnBareGroundPassesThrough) {
  SnowParameters p;
  SnowState s;
  const auto x = snow_step(p, 7.0, 10.0, s);
  EXPECT_DOUBLE_EQ(x.outflow_mm, 7.0);
  EXPECT_EQ(s.snowpack_mm + s.liquid_water_mm, 0.0);
}

TEST(CatchmentSnowZones, ConserveMassOverLongRandomForcing) {
  const auto f = random_forcing(7300, 3);
  for (unsigned trial = 0; trial < 5; ++trial) {
    const HbvParameters p = random_parameters(200 + trial);
    SnowZones zones{};
    double in = 0.0, out = 0.0;
    for (std::size_t i = 0; i < f.precipitation_mm.size(); ++i) {
      const auto x = snow_zones_step(p.snow, f.precipitation_mm[i], f.temperature_degC[i], zones);
      in += x.snowfall_mm + x.rainfall_mm;
      out += x.outflow_mm;
    }
    EXPECT_NEAR(snow_water_equivalent_mm(zones), in - out, 1e-9 * std::max(1.0, in));
  }
}

TEST(CatchmentSnowZones, ZeroSpreadIsOnePack) {
  const auto f = random_forcing(3650, 4);
  SnowParameters p;
  p.temperature_spread_degC = 0.0;
  SnowZones zones{};
  SnowState single;
  for (std::size_t i = 0; i < f.precipitation_mm.size(); ++i) {
    const auto z = snow_zones_step(p, f.precipitation_mm[i], f.temperature_degC[i], zones);
    const auto x = snow_step(p, f.precipitation_mm[i], f.temperature_degC[i], single);
    ASSERT_NEAR(z.outflow_mm, x.outflow_mm, 1e-12);
  }
  EXPECT_NEAR(snow_water_equivalent_mm(zones), single.snowpack_mm + single.liquid_water_mm, 1e-9);
}

TEST(CatchmentSnowZones, SpreadStartsMeltInTheWarmZonesFirst) {
  SnowParameters p;
  p.threshold_temperature_degC = 0.0;
  p.melt_threshold_degC = 0.0;
  p.water_holding_capacity = 0.0;
  p.temperature_spread_degC = 2.0;  // zones at T-2, T-1, T, T+1, T+2
  SnowZones zones{};
  // 100 mm of snow in every zone (all zones below 0 degC while it falls).
  for (int i = 0; i < 10; ++i) snow_zones_step(p, 10.0 / p.snowfall_correction, -5.0, zones);
  // A day at -0.5 degC: only the +1 and +2 K zones (at 0.5 and 1.5 degC) melt.
  const auto x = snow_zones_step(p, 0.0, -0.5, zones);
  const double expected_mm = p.degree_day_factor_mm_per_degC_day * (0.5 + 1.5) / 5.0;
  EXPECT_NEAR(x.melt_mm, expected_mm, 1e-12);
  EXPECT_NEAR(x.outflow_mm, expected_mm, 1e-12);
  EXPECT_DOUBLE_EQ(zones[0].snowpack_mm, 100.0);
  EXPECT_DOUBLE_EQ(zones[2].snowpack_mm, 100.0);
  EXPECT_LT(zones[4].snowpack_mm, zones[3].snowpack_mm);
  // The single pack at the mean temperature would not melt at all that day.
  SnowParameters one = p;
  one.temperature_spread_degC = 0.0;
  SnowState s{100.0, 0.0};
  EXPECT_EQ(snow_step(one, 0.0, -0.5, s).melt_mm, 0.0);
}

TEST(CatchmentSoil, RechargeCurveAndEtLimit) {
  SoilParameters p;
  p.field_capacity_mm = 200.0;
  p.beta = 2.0;
  p.et_limit_fraction = 0.5;
  double sm = 100.0;  // half full: recharge = input x 0.5^2
  const auto x = soil_step(p, 10.0, 0.0, sm);
  EXPECT_DOUBLE_EQ(x.recharge_mm, 2.5);
  EXPECT_DOUBLE_EQ(sm, 107.5);
  // SM above LP x FC: ET at the potential rate.
  const auto y = soil_step(p, 0.0, 3.0, sm);
  EXPECT_DOUBLE_EQ(y.actual_et_mm, 3.0);
  // SM at a quarter of FC: ET = PET x SM / (LP FC) = PET / 2.
  sm = 50.0;
  const auto z = soil_step(p, 0.0, 3.0, sm);
  EXPECT_DOUBLE_EQ(z.actual_et_mm, 1.5);
  // An empty soil gives no recharge and no ET.
  sm = 0.0;
  const auto e = soil_step(p, 5.0, 3.0, sm);
  EXPECT_EQ(e.recharge_mm, 0.0);
  EXPECT_LE(e.actual_et_mm, 5.0);
}

TEST(CatchmentSoil, ConservesMassOverLongRandomForcing) {
  const auto f = random_forcing(7300, 2);
  for (unsigned trial = 0; trial < 5; ++trial) {
    const HbvParameters p = random_parameters(200 + trial);
    double sm = 0.3 * p.soil.field_capacity_mm;
    const double sm0 = sm;
    double in = 0.0, out = 0.0;
    for (std::size_t i = 0; i < f.precipitation_mm.size(); ++i) {
      const auto x = soil_step(p.soil, f.precipitation_mm[i], f.pet_mm[i], sm);
      in += f.precipitation_mm[i];
      out += x.recharge_mm + x.actual_et_mm;
      ASSERT_GE(sm, 0.0);
      ASSERT_LE(sm, p.soil.field_capacity_mm * (1 + 1e-12));
    }
    EXPECT_NEAR(sm - sm0, in - out, 1e-9 * in);
  }
}

TEST(CatchmentResponse, ConservesMassAndOrdersOutflows) {
  const auto f = random_forcing(7300, 3);
  for (unsigned trial = 0; trial < 5; ++trial) {
    const HbvParameters p = random_parameters(300 + trial);
    ResponseState s;
    double in = 0.0, out = 0.0;
    for (double r : f.precipitation_mm) {
      const auto x = response_step(p.response, r, s);
      in += r;
      out += x.total_mm();
      ASSERT_GE(s.upper_zone_mm, 0.0);
      ASSERT_GE(s.lower_zone_mm, 0.0);
    }
    EXPECT_NEAR(s.upper_zone_mm + s.lower_zone_mm, in - out, 1e-9 * in);
  }
  // No quick flow while the upper store is below UZL.
  ResponseParameters p;
  p.upper_zone_threshold_mm = 50.0;
  p.percolation_mm_per_day = 0.0;
  ResponseState s;
  const auto x = response_step(p, 20.0, s);
  EXPECT_EQ(x.quick_flow_mm, 0.0);
  EXPECT_DOUBLE_EQ(x.interflow_mm, p.k1_per_day * 20.0);
}

TEST(CatchmentRouting, TriangularWeights) {
  std::size_t n = 0;
  const auto w = triangular_weights(3.0, n);
  ASSERT_EQ(n, 3u);
  EXPECT_NEAR(w[0], 2.0 / 9.0, 1e-15);
  EXPECT_NEAR(w[1], 5.0 / 9.0, 1e-15);
  EXPECT_NEAR(w[2], 2.0 / 9.0, 1e-15);
  const auto one = triangular_weights(1.0, n);
  EXPECT_EQ(n, 1u);
  EXPECT_DOUBLE_EQ(one[0], 1.0);
  for (double b : {1.3, 2.5, 4.7, 7.0}) {
    const auto v = triangular_weights(b, n);
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_GT(v[i], 0.0);
      sum += v[i];
    }
    EXPECT_NEAR(sum, 1.0, 1e-15);
  }
  EXPECT_THROW(triangular_weights(0.5, n), std::invalid_argument);
}

TEST(CatchmentRouting, ConservesMassAndDelaysAPulse) {
  TriangularRouting r(3.0);
  std::vector<double> out;
  out.push_back(r.step(9.0));
  for (int i = 0; i < 4; ++i) out.push_back(r.step(0.0));
  EXPECT_NEAR(out[0], 2.0, 1e-12);
  EXPECT_NEAR(out[1], 5.0, 1e-12);
  EXPECT_NEAR(out[2], 2.0, 1e-12);
  EXPECT_EQ(out[3], 0.0);
  const auto f = random_forcing(7300, 4);
  TriangularRouting q(5.37);
  double in = 0.0, total = 0.0;
  for (double x : f.precipitation_mm) {
    in += x;
    total += q.step(x);
  }
  EXPECT_NEAR(q.storage_mm(), in - total, 1e-9 * in);
}

TEST(CatchmentCell, WholeCellConservesMass) {
  const auto f = random_forcing(7300, 5);
  for (unsigned trial = 0; trial < 5; ++trial) {
    const HbvParameters p = random_parameters(500 + trial);
    CellState s = initial_cell_state(p);
    const double storage0 = s.storage_mm();
    double in = 0.0, out = 0.0;
    for (std::size_t i = 0; i < f.precipitation_mm.size(); ++i) {
      const auto x = cell_step(p, f.precipitation_mm[i], f.temperature_degC[i], f.pet_mm[i], s);
      in += x.precipitation_mm;
      out += x.actual_et_mm + x.discharge_mm;
    }
    EXPECT_NEAR(s.storage_mm() - storage0, in - out, 1e-9 * in) << "trial " << trial;
  }
}

TEST(CatchmentCell, SplitRunEqualsOneRun) {
  const auto f = random_forcing(3000, 6);
  const HbvParameters p = random_parameters(600);
  CellState whole = initial_cell_state(p), split = initial_cell_state(p);
  std::vector<double> a(3000), b(3000);
  simulate_cell(p, f.precipitation_mm, f.temperature_degC, f.pet_mm, whole, a);
  const auto part = [&](const std::vector<double>& v, std::size_t off, std::size_t n) {
    return std::span<const double>(v).subspan(off, n);
  };
  simulate_cell(p, part(f.precipitation_mm, 0, 1234), part(f.temperature_degC, 0, 1234),
                part(f.pet_mm, 0, 1234), split, std::span(b).first(1234));
  simulate_cell(p, part(f.precipitation_mm, 1234, 1766), part(f.temperature_degC, 1234, 1766),
                part(f.pet_mm, 1234, 1766), split, std::span(b).subspan(1234));
  EXPECT_EQ(a, b);
}

TEST(CatchmentParameters, EveryHbvParameterIsRegisteredWithinBounds) {
  const caspian::core::ParameterSet defaults;
  EXPECT_NO_THROW(hbv_parameters_from(defaults));
  for (const auto& spec : caspian::core::parameter_registry()) {
    if (!std::string_view(spec.name).starts_with("catchment.")) continue;
    EXPECT_LE(spec.min_value, spec.default_value) << spec.name;
    EXPECT_LE(spec.default_value, spec.max_value) << spec.name;
    EXPECT_FALSE(spec.source.empty()) << spec.name;
  }
  // K0 + K1 <= 1 at the bounds, so the explicit upper-store outflow never exceeds the store.
  EXPECT_LE(caspian::core::find_parameter("catchment.k0_per_day")->max_value +
                caspian::core::find_parameter("catchment.k1_per_day")->max_value,
            1.0);
}

}  // namespace
