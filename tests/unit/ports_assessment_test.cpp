// The port check over a level series, and first-year detection, against hand-computed cases.
#include <gtest/gtest.h>

#include <vector>

#include "caspian/ports/assessment.hpp"

namespace {
using namespace caspian::ports;

// One port, one class, one single-sided corridor. Depth 6.0 m at -29.0 m BS (bed -35.0 m BS);
// UKC 10% of draft; class of 6.0 m design draft, 10,000 t, 20 t/cm, no constant weights.
PortSystem small_system() {
  PortSystem s;
  VesselClass v;
  v.id = "ship";
  v.beam_m = 16.0;
  v.reference_density_t_per_m3 = 1.010;  // as the port's water: no density conversion
  v.design_draft_m = 6.0;
  v.deadweight_t = 10000.0;
  v.tpc_t_per_cm = 20.0;
  v.lightship_draft_m = 1.0;
  v.min_operating_draft_m = 2.5;
  v.block_coefficient = 0.8;
  s.classes.push_back(v);
  Port p;
  p.id = "harbour";
  p.side = "east";
  p.corridors = {"leg"};
  p.controlling = {6.0, 6.5, -29.0};
  p.design_depth_m = 6.0;
  p.ukc.fraction_of_draft = 0.10;
  p.ukc.minimum_m = 0.3;
  p.vessel_mix = {{0, 1.0, true}};
  p.capacity_mt_per_yr = 1.0;
  p.demand = {0.85, 2030, 0.0, std::nullopt};
  p.dredging = DredgeGeometry{1000.0, 100.0, 5.0, 0.0, 8.0};
  s.ports.push_back(p);
  Corridor k;
  k.id = "leg";
  k.sides = {{"east"}};
  k.demand = {0.85, 2030, 0.0, std::nullopt};
  s.corridors.push_back(k);
  return s;
}

// 2030 at -29.0, 2031 at -29.6, 2032 at -30.0 m BS, every month.
LevelSeries falling_levels() {
  LevelSeries l;
  const double annual[] = {-29.0, -29.6, -30.0};
  for (int y = 0; y < 3; ++y) {
    for (int m = 1; m <= 12; ++m) {
      l.months.push_back({2030 + y, m});
      l.level_m_bs.push_back(annual[y]);
    }
  }
  return l;
}

TEST(PortsAssessment, LoadsCapacityAndDredgingByHand) {
  const PortSystem s = small_system();
  const DredgingPolicy policies[] = {DredgingPolicy::no_dredging,
                                     DredgingPolicy::hold_design_depth};
  const Assessment a = assess(s, falling_levels(), policies, {0.25});
  ASSERT_EQ(a.years, (std::vector<int>{2030, 2031, 2032}));
  ASSERT_EQ(a.policies.size(), 2u);
  const PolicyResult& none = a.policies[0];
  const PolicyResult& hold = a.policies[1];
  // No dredging. Depth 6.0 / 5.4 / 5.0 m -> draft depth / 1.1 = 5.4545 / 4.9091 / 4.5455 m;
  // cargo 10000 - 2000 x (6 - T) = 8909.1 / 7818.2 / 7090.9 t.
  EXPECT_NEAR(none.depth_m[a.month_port(13, 0)], 5.4, 1e-9);
  EXPECT_NEAR(none.allowed_draft_m[a.month_port_class(0, 0, 0)], 6.0 / 1.1, 2e-4);
  EXPECT_NEAR(none.cargo_t[a.month_port_class(13, 0, 0)], 7818.18, 0.5);
  EXPECT_NEAR(none.mean_load_factor[a.year_port_class(2, 0, 0)], 0.70909, 1e-4);
  // Capacity = 1.0 Mt x load factor; demand 0.85 Mt flat.
  EXPECT_NEAR(none.capacity_mt[a.year_port(0, 0)], 0.89091, 1e-4);
  EXPECT_NEAR(none.shortfall_mt[a.year_port(1, 0)], 0.85 - 0.78182, 1e-4);
  EXPECT_DOUBLE_EQ(none.shortfall_mt[a.year_port(0, 0)], 0.0);
  EXPECT_DOUBLE_EQ(none.dredge_volume_m3[a.year_port(2, 0)], 0.0);
  // Extra sailings in 2032: 850,000 t / 7090.9 t - 850,000 / 10,000 = 119.87 - 85 = 34.87.
  EXPECT_NEAR(none.extra_sailings[a.year_port(2, 0)], 850000.0 / 7090.909 - 85.0, 0.05);
  // Corridor: the only side is the port.
  EXPECT_NEAR(none.corridor_capacity_mt[a.year_corridor(1, 0)], 0.78182, 1e-4);

  // Hold design depth 6.0 m: bed lowered 0.6 m before 2031 and 0.4 m more before 2032.
  // V(0.6) = 1000 x (100 x 0.6 + 5 x 0.36) = 61,800 m3; V(1.0) = 105,000 -> +43,200 m3.
  EXPECT_DOUBLE_EQ(hold.dredge_volume_m3[a.year_port(0, 0)], 0.0);
  EXPECT_NEAR(hold.dredge_volume_m3[a.year_port(1, 0)], 61800.0, 1e-6);
  EXPECT_NEAR(hold.dredge_volume_m3[a.year_port(2, 0)], 43200.0, 1e-6);
  EXPECT_NEAR(hold.dredge_cumulative_m3[a.year_port(2, 0)], 105000.0, 1e-6);
  EXPECT_NEAR(hold.dredge_cost_usd[a.year_port(1, 0)], 494400.0, 1e-6);
  EXPECT_NEAR(hold.dredge_cumulative_cost_usd[a.year_port(2, 0)], 840000.0, 1e-6);
  EXPECT_NEAR(hold.bed_lowering_m[a.year_port(2, 0)], 1.0, 1e-12);
  for (std::size_t y = 0; y < 3; ++y) {
    EXPECT_NEAR(hold.depth_m[a.month_port(12 * y + 5, 0)], 6.0, 1e-9);
    EXPECT_NEAR(hold.capacity_mt[a.year_port(y, 0)], 0.89091, 1e-4);
  }
}

TEST(PortsAssessment, MaintenanceSiltationInTheDredgedVolumes) {
  // 0.1 m/yr of siltation over the 1000 m x 100 m channel bottom = 10,000 m3/yr, dredged again
  // every year the design depth is held, on top of the deepening (61,800 and 43,200 m3).
  PortSystem s = small_system();
  s.ports[0].dredging->maintenance_m3_per_yr = 0.1 * s.ports[0].dredging->footprint_m2();
  EXPECT_DOUBLE_EQ(s.ports[0].dredging->maintenance_m3_per_yr, 10000.0);
  const DredgingPolicy policies[] = {DredgingPolicy::no_dredging,
                                     DredgingPolicy::hold_design_depth};
  LevelSeries levels = falling_levels();
  // The last year has only its first six months: half a year's maintenance.
  levels.months.resize(30);
  levels.level_m_bs.resize(30);
  const Assessment a = assess(s, levels, policies, {0.25});
  const PolicyResult& none = a.policies[0];
  const PolicyResult& hold = a.policies[1];
  EXPECT_DOUBLE_EQ(none.dredge_volume_m3[a.year_port(1, 0)], 0.0);
  EXPECT_DOUBLE_EQ(none.dredge_maintenance_m3[a.year_port(1, 0)], 0.0);
  EXPECT_NEAR(hold.dredge_volume_m3[a.year_port(0, 0)], 10000.0, 1e-6);
  EXPECT_NEAR(hold.dredge_volume_m3[a.year_port(1, 0)], 61800.0 + 10000.0, 1e-6);
  EXPECT_NEAR(hold.dredge_volume_m3[a.year_port(2, 0)], 43200.0 + 5000.0, 1e-6);
  EXPECT_NEAR(hold.dredge_maintenance_m3[a.year_port(2, 0)], 5000.0, 1e-6);
  EXPECT_NEAR(hold.dredge_cumulative_m3[a.year_port(2, 0)], 105000.0 + 25000.0, 1e-6);
  EXPECT_NEAR(hold.dredge_cost_usd[a.year_port(0, 0)], 80000.0, 1e-6);
}

TEST(PortsAssessment, FirstYears) {
  const PortSystem s = small_system();
  const DredgingPolicy policies[] = {DredgingPolicy::no_dredging,
                                     DredgingPolicy::hold_design_depth};
  const Assessment a = assess(s, falling_levels(), policies, {0.25});
  const auto rows = first_years(s, a);
  const auto find = [&](const std::string& scope, DredgingPolicy policy, Criterion crit) {
    for (const auto& r : rows)
      if (r.scope == scope && r.policy == policy && r.criterion == crit) return r;
    ADD_FAILURE() << "no row " << scope << " " << criterion_name(crit);
    return FirstYear{};
  };
  const auto lf80 = find("port", DredgingPolicy::no_dredging, Criterion::load_factor_below_80);
  EXPECT_EQ(lf80.year_worst_month, 2031);
  EXPECT_EQ(lf80.year_annual, 2031);
  EXPECT_FALSE(find("port", DredgingPolicy::no_dredging, Criterion::load_factor_below_50)
                   .year_annual.has_value());
  EXPECT_FALSE(
      find("port", DredgingPolicy::no_dredging, Criterion::cannot_call).year_annual.has_value());
  EXPECT_EQ(find("corridor", DredgingPolicy::no_dredging, Criterion::shortfall).year_annual, 2031);
  EXPECT_FALSE(find("corridor", DredgingPolicy::hold_design_depth, Criterion::shortfall)
                   .year_annual.has_value());
  const auto corridor_lf =
      find("corridor", DredgingPolicy::no_dredging, Criterion::load_factor_below_80);
  EXPECT_EQ(corridor_lf.year_worst_month, 2031);
  EXPECT_EQ(corridor_lf.where, "harbour");
}

TEST(PortsAssessment, SeasonalSetDownShowsInTheWorstMonth) {
  PortSystem s = small_system();
  s.ports[0].set_down_m[0] = 0.7;  // January only: 6.0 - 0.7 = 5.3 m -> LF 0.763
  const DredgingPolicy policies[] = {DredgingPolicy::no_dredging};
  LevelSeries l;
  for (int m = 1; m <= 12; ++m) {
    l.months.push_back({2030, m});
    l.level_m_bs.push_back(-29.0);
  }
  const Assessment a = assess(s, l, policies, {0.25});
  const auto rows = first_years(s, a);
  for (const auto& r : rows) {
    if (r.scope == "port" && r.criterion == Criterion::load_factor_below_80) {
      EXPECT_EQ(r.year_worst_month, 2030);      // January dips below 80%
      EXPECT_FALSE(r.year_annual.has_value());  // the annual mean does not
    }
  }
}

TEST(PortsAssessment, CannotCallWhenTooShallow) {
  PortSystem s = small_system();
  LevelSeries l;
  for (int m = 1; m <= 12; ++m) {
    l.months.push_back({2040, m});
    l.level_m_bs.push_back(-32.5);  // depth 2.5 m -> draft 2.27 m, below 2.5 m minimum
  }
  const DredgingPolicy policies[] = {DredgingPolicy::no_dredging};
  const Assessment a = assess(s, l, policies, {0.25});
  EXPECT_DOUBLE_EQ(a.policies[0].can_call[a.month_port_class(3, 0, 0)], 0.0);
  EXPECT_DOUBLE_EQ(a.policies[0].capacity_mt[0], 0.0);
  EXPECT_DOUBLE_EQ(a.policies[0].shortfall_mt[0], 0.85);
  for (const auto& r : first_years(s, a)) {
    if (r.scope == "port" && r.criterion == Criterion::cannot_call) {
      EXPECT_EQ(r.year_worst_month, 2040);
      EXPECT_EQ(r.year_annual, 2040);
    }
  }
}

TEST(PortsAssessment, FirstYearBelow) {
  const std::vector<int> years{2025, 2026, 2027};
  EXPECT_EQ(first_year_below(years, std::vector<double>{0.9, 0.79, 0.85}, 0.8), 2026);
  EXPECT_FALSE(first_year_below(years, std::vector<double>{0.9, 0.8, 0.85}, 0.8).has_value());
}

TEST(PortsAssessment, RejectsUnorderedSeries) {
  LevelSeries l;
  l.months = {{2030, 2}, {2030, 1}};
  l.level_m_bs = {-29.0, -29.0};
  const DredgingPolicy policies[] = {DredgingPolicy::no_dredging};
  EXPECT_THROW(assess(small_system(), l, policies, {0.25}), std::invalid_argument);
  EXPECT_EQ(parse_policy("hold_design_depth"), DredgingPolicy::hold_design_depth);
  EXPECT_THROW(parse_policy("dredge_everything"), std::invalid_argument);
}

}  // namespace
