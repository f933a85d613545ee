// Each ports rule against hand-computed cases.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "caspian/ports/capacity.hpp"
#include "caspian/ports/draft.hpp"
#include "caspian/ports/dredging.hpp"
#include "caspian/ports/payload.hpp"

namespace {
using namespace caspian::ports;

// An RSD59-like class with round numbers where the test needs them.
VesselClass test_class() {
  VesselClass v;
  v.id = "test";
  v.beam_m = 16.0;
  v.reference_density_t_per_m3 = 1.010;  // the old tests' single density
  v.design_draft_m = 4.706;
  v.deadweight_t = 8144.0;
  v.lightship_draft_m = 1.5;
  v.min_operating_draft_m = 2.5;
  v.tpc_t_per_cm = 25.5;
  v.block_coefficient = 0.88;
  v.service_speed_kn = 10.0;
  v.constant_weights_t = 144.0;
  return v;
}

TEST(PortsSquat, OpenWaterIsCbTimesSpeedSquaredOver100) {
  EXPECT_DOUBLE_EQ(open_water_squat_m(0.8, 10.0), 0.8);  // 0.8 x 100 / 100
  EXPECT_DOUBLE_EQ(open_water_squat_m(0.88, 0.0), 0.0);
}

TEST(PortsSquat, Barrass2004BlockageFactorK) {
  // K = 5.74 S^0.76 (Barrass 2004): 1 at the open-water end S = 0.100 (5.74 x 0.1^0.76 = 0.9997,
  // held at 1), 2.09 at the confined end S = 0.265; below S = 0.100 the open-water K = 1.
  EXPECT_DOUBLE_EQ(barrass_k(0.100), 1.0);
  EXPECT_DOUBLE_EQ(barrass_k(0.05), 1.0);
  EXPECT_DOUBLE_EQ(barrass_k(0.0), 1.0);
  EXPECT_NEAR(barrass_k(0.265), 2.0921, 1e-4);
  EXPECT_NEAR(barrass_k(0.2), 5.74 * std::pow(0.2, 0.76), 1e-12);
  EXPECT_NEAR(barrass_k(0.2), 1.6893, 1e-4);
}

TEST(PortsSquat, ConfinedChannelBarrass2004) {
  // S = A_s / A_c = 16 x 4 / (80 x 6.4) = 0.125; K = 5.74 x 0.125^0.76 = 1.18185;
  // delta_max = K Cb V^2 / 100 = 1.18185 x 0.88 x 64 / 100 = 0.66562 m. The old form
  // (Cb S^(2/3) V^2.08 / 30 with S = A_s/A_c) gave 0.55428 m: 17% less.
  EXPECT_DOUBLE_EQ(blockage_factor(16.0, 4.0, 80.0, 6.4), 0.125);
  EXPECT_NEAR(barrass_squat_m(0.88, 0.125, 8.0), 0.66562, 1e-5);
  UkcRule rule;
  rule.speed_kn = 8.0;
  rule.channel_width_m = 80.0;
  const Squat s = squat(test_class(), rule, 4.0, 6.4);
  EXPECT_NEAR(s.squat_m, 0.66562, 1e-5);
  EXPECT_DOUBLE_EQ(s.blockage, 0.125);
  EXPECT_NEAR(s.k, 1.18185, 1e-5);
  EXPECT_FALSE(s.within_validity);  // S 0.125 is inside, but H/T = 6.4 / 4 = 1.6 > 1.40
}

TEST(PortsSquat, TankerInAChannelHandWorked) {
  // A Project 19619-like tanker (Cb 0.85, beam 17.3 m) at 6.0 m in a 100 m wide, 7.2 m deep
  // channel at 8 kn: S = 17.3 x 6 / (100 x 7.2) = 0.144167, K = 5.74 S^0.76 = 1.31719,
  // delta_max = 1.31719 x 0.85 x 8^2 / 100 = 0.71655 m; H/T = 1.20, inside 1.10..1.40.
  VesselClass v = test_class();
  v.beam_m = 17.3;
  v.block_coefficient = 0.85;
  UkcRule rule;
  rule.speed_kn = 8.0;
  rule.channel_width_m = 100.0;
  const Squat s = squat(v, rule, 6.0, 7.2);
  EXPECT_NEAR(s.blockage, 0.144167, 1e-6);
  EXPECT_NEAR(s.k, 1.31719, 1e-5);
  EXPECT_NEAR(s.squat_m, 0.71655, 1e-5);
  EXPECT_TRUE(s.within_validity);
}

TEST(PortsSquat, OutsideTheRangeOfValidityIsFlaggedNotThrown) {
  UkcRule rule;
  rule.speed_kn = 8.0;
  rule.channel_width_m = 40.0;
  // S = 16 x 4 / (40 x 4.8) = 0.333 > 0.265: computed, flagged.
  Squat s = squat(test_class(), rule, 4.0, 4.8);
  EXPECT_NEAR(s.blockage, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(s.squat_m, 5.74 * std::pow(1.0 / 3.0, 0.76) * 0.88 * 64 / 100, 1e-12);
  EXPECT_FALSE(s.within_validity);
  // H/T = 8 / 4 = 2.0 > 1.40 (deep water for this draft), open water: flagged.
  rule.channel_width_m = 0.0;
  s = squat(test_class(), rule, 4.0, 8.0);
  EXPECT_DOUBLE_EQ(s.k, 1.0);
  EXPECT_FALSE(s.within_validity);
  // H/T = 5 / 4 = 1.25, open water: inside.
  EXPECT_TRUE(squat(test_class(), rule, 4.0, 5.0).within_validity);
  // S = 16 x 4 / (150 x 5) = 0.085 < 0.100 in a channel: open water for Barrass, K = 1, inside.
  rule.channel_width_m = 150.0;
  s = squat(test_class(), rule, 4.0, 5.0);
  EXPECT_DOUBLE_EQ(s.k, 1.0);
  EXPECT_TRUE(s.within_validity);
  // H/T = 4.3 / 4 = 1.075 < 1.10: flagged.
  EXPECT_FALSE(squat(test_class(), rule, 4.0, 4.3).within_validity);
  // At berth (speed 0): no squat, nothing to flag.
  rule.speed_kn = 0.0;
  EXPECT_TRUE(squat(test_class(), rule, 4.0, 50.0).within_validity);
  // The allowed draft reports the flag at its answer.
  rule.speed_kn = 8.0;
  rule.channel_width_m = 40.0;
  EXPECT_FALSE(allowed_draft(test_class(), rule, 4.8, 1.010).squat_within_validity);
}

TEST(PortsSquat, SpeedCappedByServiceSpeedAndZeroAtBerth) {
  UkcRule rule;
  rule.speed_kn = 20.0;  // faster than the class can sail: 10 kn used
  EXPECT_DOUBLE_EQ(squat_m(test_class(), rule, 4.0, 6.0), open_water_squat_m(0.88, 10.0));
  rule.speed_kn = 0.0;
  EXPECT_DOUBLE_EQ(squat_m(test_class(), rule, 4.0, 6.0), 0.0);
}

TEST(PortsUkc, FractionOrMinimumPlusWaves) {
  UkcRule rule;
  rule.fraction_of_draft = 0.10;
  rule.minimum_m = 0.3;
  rule.wave_allowance_m = 0.2;
  EXPECT_DOUBLE_EQ(under_keel_clearance_m(test_class(), rule, 5.0, 8.0), 0.5 + 0.2);  // 10% wins
  EXPECT_DOUBLE_EQ(under_keel_clearance_m(test_class(), rule, 2.0, 8.0), 0.3 + 0.2);  // minimum
  rule.speed_kn = 5.0;  // open water: + 0.88 x 25 / 100 = 0.22
  EXPECT_NEAR(under_keel_clearance_m(test_class(), rule, 5.0, 8.0), 0.5 + 0.2 + 0.22, 1e-12);
}

TEST(PortsDensity, SeaDraftInCaspianAndVolgaWater) {
  // A 6.99 m load-line draft (1.025 t/m3) in Caspian water of 1.011: 6.99 x 1.025 / 1.011 =
  // 7.0868 m, 9.7 cm deeper; in the fresh Volga 7.1648 m.
  EXPECT_NEAR(draft_in_water_m(6.99, 1.025, 1.011), 7.08680, 1e-5);
  EXPECT_NEAR(fresh_water_allowance_m(6.99, 1.025, 1.011), 0.09680, 1e-5);
  EXPECT_NEAR(draft_in_water_m(6.99, 1.025, 1.000), 7.16475, 1e-5);
  // Round trip.
  EXPECT_NEAR(draft_in_water_m(draft_in_water_m(4.0, 1.025, 1.011), 1.011, 1.025), 4.0, 1e-12);
}

TEST(PortsDensity, TpcFromPublishedPointsOfMixedDensity) {
  // RSD59 (PORTNEWS_RSD59): 8,144 t at a 4.706 m sea draft, 5,320 t at a 3.60 m river draft.
  // The river draft in sea water: 3.60 x 1.000 / 1.025 = 3.5122 m; TPC = 2824 / 119.38 = 23.66
  // t/cm in sea water. Treating both drafts as one water gave 2824 / 110.6 = 25.53.
  EXPECT_NEAR(tpc_from_two_points_t_per_cm(8144, 4.706, 1.025, 5320, 3.60, 1.000, 1.025), 23.655,
              1e-3);
  EXPECT_NEAR(tpc_from_two_points_t_per_cm(8144, 4.706, 1.025, 5320, 3.60, 1.025, 1.025), 25.533,
              1e-3);
  // Project 19900 (SORMOVO19900): 7,100 t at 4.6 m sea, 4,700 t at 3.6 m river: 22.06 t/cm.
  EXPECT_NEAR(tpc_from_two_points_t_per_cm(7100, 4.6, 1.025, 4700, 3.6, 1.000, 1.025), 22.063,
              1e-3);
  // The same ship's TPC in fresh water is 1.000/1.025 of the sea-water one.
  EXPECT_NEAR(tpc_in_water_t_per_cm(23.655, 1.025, 1.000), 23.078, 1e-3);
}

TEST(PortsDensity, CaspianEquationOfStateMillero2008) {
  // rho - rho_0 = A + B S + C S^2 at S = 12.5, t = 15 C: A = 0.019082, B = 0.943026,
  // C S^2 = -0.019531; rho_0(15 C) = 999.1026 kg/m3 -> 1010.889 kg/m3.
  EXPECT_NEAR(caspian_water_density_t_per_m3(12.5, 15.0), 1.010889, 2e-6);
  EXPECT_NEAR(caspian_water_density_t_per_m3(0.0, 4.0), 1.000004, 2e-6);  // pure water + A(4 C)
  // Against CTD densities off Rudsar (Jamshidi & Abu Bakar, summer 2008: 12.2-13.1 psu, 1005.8
  // kg/m3 at the 29 C surface to 1010.4 near the <8 C bottom): within 2.5 kg/m3.
  EXPECT_NEAR(caspian_water_density_t_per_m3(12.18, 29.0), 1.0058, 2.5e-3);
  EXPECT_NEAR(caspian_water_density_t_per_m3(13.1, 8.0), 1.0104, 2.5e-3);
}

TEST(PortsDraft, SeaDraftClassInCaspianWater) {
  // 6.7 m of Caspian water (1.011), 10% UKC: 6.09091 m in the port's water = 6.00772 m at the
  // class's 1.025 reference density; FWA 8.3 cm.
  VesselClass v = test_class();
  v.reference_density_t_per_m3 = 1.025;
  UkcRule rule;
  rule.fraction_of_draft = 0.10;
  rule.minimum_m = 0.3;
  const DraftLimit limit = allowed_draft(v, rule, 6.7, 1.011);
  EXPECT_NEAR(limit.draft_in_port_m, 6.09091, 2e-4);
  EXPECT_NEAR(limit.allowed_draft_m, 6.00772, 2e-4);
  EXPECT_NEAR(limit.fresh_water_allowance_m, 0.08319, 2e-4);
}

TEST(PortsFreshWater, DraftIncreaseFromSeaToFreshWater) {
  // 4.04 m in water of 1.010 t/m3 -> 4.04 x (1.010 / 1.000 - 1) = 0.0404 m deeper in fresh water.
  EXPECT_NEAR(fresh_water_allowance_m(4.04, 1.010, 1.000), 0.0404, 1e-12);
  EXPECT_DOUBLE_EQ(fresh_water_allowance_m(4.0, 1.010, 1.010), 0.0);
  EXPECT_LT(fresh_water_allowance_m(4.0, 1.000, 1.010), 0.0);  // denser water: floats higher
}

TEST(PortsDraft, NaturalDepthFollowsTheLevel) {
  ControllingDepth d{6.0, 6.5, -29.0};
  EXPECT_DOUBLE_EQ(d.depth_m(), 6.0);
  EXPECT_DOUBLE_EQ(natural_depth_m(d, -29.5), 5.5);
  EXPECT_DOUBLE_EQ(natural_depth_m(d, -28.0), 7.0);
  EXPECT_DOUBLE_EQ(d.bed_m_bs(), -35.0);
}

TEST(PortsDraft, AllowedDraftWithFractionalUkc) {
  // T + 0.1 T = 6.75 -> T = 6.13636 m; same density, no squat.
  UkcRule rule;
  rule.fraction_of_draft = 0.10;
  rule.minimum_m = 0.3;
  const DraftLimit limit = allowed_draft(test_class(), rule, 6.75, 1.010);
  EXPECT_NEAR(limit.allowed_draft_m, 6.75 / 1.1, 2e-4);
  EXPECT_NEAR(limit.ukc_m, 0.1 * 6.75 / 1.1, 2e-4);
  EXPECT_DOUBLE_EQ(limit.fresh_water_allowance_m, 0.0);
}

TEST(PortsDraft, AllowedDraftInFreshWaterIsConvertedToSeaDraft) {
  // 4.0 m of fresh water, fixed 0.3 m UKC: 3.7 m in the channel = 3.7 x 1.000 / 1.010 = 3.66337 m
  // at sea; FWA 0.03663 m.
  UkcRule rule;
  rule.fraction_of_draft = 0.0;
  rule.minimum_m = 0.3;
  const DraftLimit limit = allowed_draft(test_class(), rule, 4.0, 1.000);
  EXPECT_NEAR(limit.draft_in_port_m, 3.7, 2e-4);
  EXPECT_NEAR(limit.allowed_draft_m, 3.66337, 2e-4);
  EXPECT_NEAR(limit.fresh_water_allowance_m, 0.03663, 2e-4);
}

TEST(PortsDraft, AllowedDraftWithSquatSatisfiesTheClearance) {
  UkcRule rule;
  rule.fraction_of_draft = 0.0;
  rule.minimum_m = 0.3;
  rule.speed_kn = 8.0;
  rule.channel_width_m = 80.0;
  const DraftLimit limit = allowed_draft(test_class(), rule, 4.5, 1.010);
  // Squat at the answer, by hand from the formula: T + 0.3 + squat(T) = 4.5.
  const double t = limit.allowed_draft_m;
  const double s = std::max(1.0, 5.74 * std::pow(16.0 * t / (80.0 * 4.5), 0.76)) * 0.88 * 64 / 100;
  EXPECT_NEAR(t + 0.3 + s, 4.5, 2e-4);
  EXPECT_NEAR(limit.squat_m, s, 1e-6);
  EXPECT_GT(s, 0.2);
}

TEST(PortsDraft, NoDraftWhenTooShallowOrTooWide) {
  UkcRule rule;
  rule.minimum_m = 0.5;
  EXPECT_DOUBLE_EQ(allowed_draft(test_class(), rule, 0.4, 1.01).allowed_draft_m, 0.0);
  EXPECT_DOUBLE_EQ(allowed_draft(test_class(), rule, -1.0, 1.01).allowed_draft_m, 0.0);
  rule.channel_width_m = 15.0;  // narrower than the 16 m beam
  EXPECT_DOUBLE_EQ(allowed_draft(test_class(), rule, 8.0, 1.01).allowed_draft_m, 0.0);
}

TEST(PortsPayload, DeadweightFromTpc) {
  const VesselClass v = test_class();
  // 8144 - 25.5 x 100 x (4.706 - 4.2) = 8144 - 1290.3 = 6853.7 t
  EXPECT_NEAR(deadweight_at_draft_t(v, 4.2), 6853.7, 1e-9);
  EXPECT_DOUBLE_EQ(deadweight_at_draft_t(v, 5.5), 8144.0);  // capped at the design draft
  EXPECT_DOUBLE_EQ(deadweight_at_draft_t(v, 0.5), 0.0);     // never below zero
  EXPECT_NEAR(cargo_at_draft_t(v, 4.2), 6709.7, 1e-9);      // less 144 t of constant weights
  EXPECT_DOUBLE_EQ(full_cargo_t(v), 8000.0);
}

TEST(PortsPayload, LoadFactorAndCannotCall) {
  const VesselClass v = test_class();
  const Load at_42 = load_at_allowed_draft(v, 4.2, 0.25);
  EXPECT_TRUE(at_42.can_call);
  EXPECT_NEAR(at_42.load_factor, 6709.7 / 8000.0, 1e-12);
  EXPECT_DOUBLE_EQ(at_42.draft_m, 4.2);
  const Load deep = load_at_allowed_draft(v, 6.0, 0.25);
  EXPECT_DOUBLE_EQ(deep.load_factor, 1.0);
  EXPECT_DOUBLE_EQ(deep.draft_m, 4.706);
  // 2.4 m is below the 2.5 m minimum operating draft.
  const Load shallow = load_at_allowed_draft(v, 2.4, 0.0);
  EXPECT_FALSE(shallow.can_call);
  EXPECT_DOUBLE_EQ(shallow.cargo_t, 0.0);
  EXPECT_DOUBLE_EQ(shallow.load_factor, 0.0);
  // At 2.7 m: cargo = 8144 - 2550 x 2.006 - 144 = 2884.7 t, LF 0.3606: below a 0.4 floor.
  EXPECT_TRUE(load_at_allowed_draft(v, 2.7, 0.35).can_call);
  EXPECT_FALSE(load_at_allowed_draft(v, 2.7, 0.40).can_call);
}

TEST(PortsDredging, ChannelTrapezoidAndBasin) {
  DredgeGeometry g{1000.0, 100.0, 5.0, 1e5, 8.0};
  // 1000 x (100 x 2 + 5 x 2^2) + 1e5 x 2 = 220,000 + 200,000
  EXPECT_DOUBLE_EQ(dredge_volume_m3(g, 2.0), 420000.0);
  EXPECT_DOUBLE_EQ(dredge_volume_m3(g, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(dredge_volume_m3(g, -1.0), 0.0);
  // From 1 m to 2 m: 420,000 - (1000 x 105 + 1e5) = 215,000; increments add up to the total.
  EXPECT_DOUBLE_EQ(dredge_increment_m3(g, 1.0, 2.0), 215000.0);
  EXPECT_DOUBLE_EQ(dredge_increment_m3(g, 0.0, 1.0) + dredge_increment_m3(g, 1.0, 2.0),
                   dredge_volume_m3(g, 2.0));
  EXPECT_DOUBLE_EQ(dredge_increment_m3(g, 2.0, 1.0), 0.0);
}

TEST(PortsDredging, HeldBedOnlyGoesDown) {
  EXPECT_DOUBLE_EQ(held_bed_m_bs(-35.0, -29.5, 7.0), -36.5);
  EXPECT_DOUBLE_EQ(held_bed_m_bs(-36.5, -29.0, 7.0), -36.5);  // a rise does not raise the bed
}

TEST(PortsDemand, GeometricGrowth) {
  GrowthPath g{5.0, 2024, 10.0, std::nullopt};
  EXPECT_DOUBLE_EQ(growth_path_mt(g, 2024), 5.0);
  EXPECT_NEAR(growth_path_mt(g, 2026), 6.05, 1e-12);
  g.growth_end_year = 2025;  // flat after 2025
  EXPECT_NEAR(growth_path_mt(g, 2030), 5.5, 1e-12);
}

PortSystem corridor_system() {
  PortSystem s;
  s.classes.push_back(test_class());
  const auto port = [](std::string id, std::string side, double share) {
    Port p;
    p.id = id;
    p.side = side;
    p.corridors = {"mc"};
    p.corridor_share["mc"] = share;
    return p;
  };
  s.ports = {port("a", "east", 0.5), port("b", "east", 1.0), port("c", "west", 1.0)};
  Port other = port("d", "west", 1.0);
  other.corridors = {"other"};  // serves another corridor: not counted
  s.ports.push_back(other);
  Corridor k;
  k.id = "mc";
  k.sides = {{"east"}, {"west"}};
  k.demand = {5.0, 2024, 10.0, std::nullopt};
  s.corridors.push_back(k);
  return s;
}

TEST(PortsCorridor, TightestSideLimitsTheCaspianLeg) {
  const PortSystem s = corridor_system();
  const std::vector<double> capacity{10.0, 4.0, 6.0, 100.0};
  // East: 10 x 0.5 + 4 = 9 Mt; west: 6 Mt (d is on another corridor) -> 6 Mt, west binds.
  const CorridorYear y = corridor_year(s, s.corridors[0], capacity, 2026);
  ASSERT_EQ(y.side_capacity_mt.size(), 2u);
  EXPECT_DOUBLE_EQ(y.side_capacity_mt[0], 9.0);
  EXPECT_DOUBLE_EQ(y.side_capacity_mt[1], 6.0);
  EXPECT_DOUBLE_EQ(y.capacity_mt, 6.0);
  EXPECT_EQ(y.bottleneck_side, 1u);
  EXPECT_NEAR(y.demand_mt, 6.05, 1e-12);
  EXPECT_NEAR(y.shortfall_mt, 0.05, 1e-12);
}

TEST(PortsCapacity, CallsTimesPayloadAndExtraSailings) {
  PortSystem s;
  VesselClass big = test_class();  // full cargo 8000 t
  VesselClass small = test_class();
  small.deadweight_t = 4144.0;  // full cargo 4000 t
  s.classes = {big, small};
  Port p;
  p.capacity_mt_per_yr = 1.2;
  p.vessel_mix = {{0, 0.5, true}, {1, 0.5, true}};
  // Calls/yr: 0.6e6 / 8000 = 75 big, 0.6e6 / 4000 = 150 small.
  EXPECT_DOUBLE_EQ(calls_per_year(p, p.vessel_mix[0], big), 75.0);
  EXPECT_DOUBLE_EQ(calls_per_year(p, p.vessel_mix[1], small), 150.0);
  // Big at 6000 t (LF 0.75), small full: capacity/month = 75/12 x 6000 + 150/12 x 4000 = 87,500 t.
  const std::vector<Load> loads{{4.0, 6000.0, 0.75, true}, {4.706, 4000.0, 1.0, true}};
  const PortMonth m = port_month(s, p, loads, 96000.0);
  EXPECT_DOUBLE_EQ(m.capacity_t, 87500.0);
  // Demand 96,000 t: full loads need 48000/8000 + 48000/4000 = 18 sailings; now 8 + 12 = 20.
  EXPECT_DOUBLE_EQ(m.sailings_at_full_load, 18.0);
  EXPECT_DOUBLE_EQ(m.sailings_needed, 20.0);
  EXPECT_DOUBLE_EQ(m.extra_sailings, 2.0);
  // Big cannot call: all 96,000 t on the small class, 24 sailings.
  const std::vector<Load> no_big{{0.0, 0.0, 0.0, false}, {4.706, 4000.0, 1.0, true}};
  const PortMonth m2 = port_month(s, p, no_big, 96000.0);
  EXPECT_DOUBLE_EQ(m2.capacity_t, 50000.0);
  EXPECT_DOUBLE_EQ(m2.extra_sailings, 6.0);
  const std::vector<Load> none{{0.0, 0.0, 0.0, false}, {0.0, 0.0, 0.0, false}};
  EXPECT_TRUE(std::isnan(port_month(s, p, none, 96000.0).extra_sailings));

  const PortYear y = port_year(1.0, 1.25, 3.0);
  EXPECT_DOUBLE_EQ(y.utilisation, 1.25);
  EXPECT_DOUBLE_EQ(y.shortfall_mt, 0.25);
  EXPECT_DOUBLE_EQ(port_year(2.0, 1.0, 0.0).shortfall_mt, 0.0);
}

}  // namespace
