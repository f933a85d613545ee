// The port data file: the fixture loads; bad data gives an InputError naming file, item and key.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "caspian/core/error.hpp"
#include "caspian/io/ports_config.hpp"

namespace {
using caspian::core::InputError;
using caspian::io::load_ports_config;

const std::filesystem::path fixture =
    std::filesystem::path(CASPIAN_TEST_DATA_DIR) / "ports_fixture.yaml";

std::string fixture_text() {
  std::ifstream in(fixture);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The fixture with one edit, written to a scratch file.
std::filesystem::path edited(const std::string& from, const std::string& to) {
  std::string text = fixture_text();
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << "fixture no longer contains: " << from;
  if (pos != std::string::npos) text = text.substr(0, pos) + to + text.substr(pos + from.size());
  std::random_device rd;
  const auto path =
      std::filesystem::temp_directory_path() / ("caspian-ports-" + std::to_string(rd()) + ".yaml");
  std::ofstream(path) << text;
  return path;
}

// Loading must fail with every word in the message (the file name is always required).
void expect_error(const std::string& from, const std::string& to,
                  const std::vector<std::string>& words) {
  const auto path = edited(from, to);
  try {
    load_ports_config(path);
    ADD_FAILURE() << "no error for edit '" << from << "' -> '" << to << "'";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    for (const auto& w : words)
      EXPECT_NE(message.find(w), std::string::npos) << w << " in: " << message;
  }
  std::filesystem::remove(path);
}

TEST(IoPortsConfig, LoadsTheFixture) {
  const auto cfg = load_ports_config(fixture);
  const auto& s = cfg.system;
  ASSERT_EQ(s.classes.size(), 3u);
  ASSERT_EQ(s.ports.size(), 4u);
  ASSERT_EQ(s.corridors.size(), 2u);
  EXPECT_DOUBLE_EQ(s.classes[0].reference_density_t_per_m3, 1.010);
  EXPECT_EQ(cfg.port_provenance[2].depth_scenarios, std::vector<std::string>{"deeper"});
  EXPECT_EQ(cfg.port_provenance[2].depth_scenario, "");
  EXPECT_TRUE(cfg.port_provenance[0].set_down_is_assumption);
  EXPECT_DOUBLE_EQ(cfg.port_provenance[0].set_down_range_m[1], 0.5);
  const auto& tanker = s.classes[0];
  EXPECT_EQ(tanker.id, "test_tanker");
  EXPECT_DOUBLE_EQ(tanker.constant_weights_t, 1000.0);
  EXPECT_DOUBLE_EQ(tanker.min_operating_draft_m, tanker.lightship_draft_m);  // default
  EXPECT_DOUBLE_EQ(s.classes[1].min_operating_draft_m, 2.5);
  EXPECT_EQ(cfg.class_provenance[0].derived.at("lightship_draft_m"), "invented");
  const auto& aktau = s.ports[0];
  EXPECT_DOUBLE_EQ(aktau.controlling.depth_m(), 6.8);
  EXPECT_DOUBLE_EQ(*aktau.design_depth_m, 7.7);
  EXPECT_DOUBLE_EQ(aktau.set_down_m[0], 0.2);
  ASSERT_EQ(aktau.vessel_mix.size(), 2u);
  EXPECT_EQ(aktau.vessel_mix[1].vessel_class, 2u);
  EXPECT_TRUE(cfg.port_provenance[0].depth_is_calibration);
  EXPECT_FALSE(cfg.port_provenance[2].depth_is_calibration);
  EXPECT_DOUBLE_EQ(s.ports[1].corridor_share.at("middle"), 1.0);  // default share
  EXPECT_FALSE(s.ports[2].vessel_mix[0].full_draft_expected);
  EXPECT_FALSE(s.ports[3].dredging.has_value());
  EXPECT_EQ(s.corridors[1].sides[1], std::vector<std::string>{"south"});
  EXPECT_EQ(s.corridors[1].demand.growth_end_year, 2040);
  EXPECT_FALSE(s.corridors[0].demand.growth_end_year.has_value());
  EXPECT_EQ(caspian::io::find_port(s, "test_baku"), 1u);
}

TEST(IoPortsConfig, NegativeDepth) {
  expect_error("approach_channel_m: 6.8", "approach_channel_m: -6.8",
               {"ports[test_aktau]", "controlling_depth.approach_channel_m", "not negative"});
}

TEST(IoPortsConfig, DraftAboveDepthAtDesignLevel) {
  expect_error("vessel_mix: [{class: test_rsd, cargo_share: 1.0, full_draft_expected: false}]",
               "vessel_mix: [{class: test_rsd, cargo_share: 1.0}]",
               {"ports[test_astrakhan]", "vessel_mix[0]", "test_rsd", "design draft",
                "full_draft_expected"});
}

TEST(IoPortsConfig, UnknownCorridorAndClass) {
  expect_error("corridors: [middle]\n    side: east", "corridors: [midle]\n    side: east",
               {"ports[test_aktau]", "corridors", "unknown corridor 'midle'", "instc"});
  expect_error("{class: test_ferry, cargo_share: 0.4}", "{class: test_fery, cargo_share: 0.4}",
               {"ports[test_aktau]", "vessel_mix[1].class", "unknown vessel class 'test_fery'",
                "test_ferry"});
}

TEST(IoPortsConfig, MissingOrUnknownSource) {
  expect_error("    service_speed_kn: 14.0\n    sources: [TEST]\n", "    service_speed_kn: 14.0\n",
               {"vessel_classes[test_ferry]", "sources", "every number needs a source"});
  expect_error("capacity_mt_per_yr: {value: 10.0, year: 2024, sources: [TEST]}",
               "capacity_mt_per_yr: {value: 10.0, year: 2024, sources: [NOWHERE]}",
               {"ports[test_baku]", "capacity_mt_per_yr.sources", "'NOWHERE'", "not listed"});
  expect_error("demand: {base_mt: 2.5, base_year: 2022, growth_pct_per_yr: 5.0, sources: [TEST]}",
               "demand: {base_mt: 2.5, base_year: 2022, growth_pct_per_yr: 5.0, sources: []}",
               {"ports[test_anzali]", "demand.sources", "empty"});
}

TEST(IoPortsConfig, UnknownKeyNamesLineAndValidKeys) {
  expect_error("    tpc_t_per_cm: 22.0", "    tpc_per_cm: 22.0",
               {"vessel_classes[test_ferry].tpc_per_cm", "(line ", "unknown key", "tpc_t_per_cm"});
}

// Issue 12: a repeated key was ignored (the first won).
TEST(IoPortsConfig, RepeatedKeyNamesBothLines) {
  expect_error("    tpc_t_per_cm: 22.0", "    tpc_t_per_cm: 22.0\n    tpc_t_per_cm: 30.0",
               {"tpc_t_per_cm (line ", "given twice", "first at line "});
}

TEST(IoPortsConfig, OtherChecks) {
  expect_error("cargo_share: 0.6}, {class: test_ferry, cargo_share: 0.4}",
               "cargo_share: 0.6}, {class: test_ferry, cargo_share: 0.5}", {"sum to"});
  expect_error("speed_kn: 6.0, channel_width_m: 80}", "speed_kn: 6.0, channel_width_m: 15}",
               {"ports[test_astrakhan]", "channel narrower than the beam"});
  expect_error("    side: south", "    side: west", {"ports[test_anzali]", "on no side"});
  expect_error("corridor_share: {middle: 1.0}", "corridor_share: {instc: 1.0}",
               {"corridor_share.instc", "does not list"});
  expect_error("    lightship_draft_m: 1.9", "    lightship_draft_m: 4.9",
               {"vessel_classes[test_ferry]", "below the design draft"});
}

// Issue 11 item 1: the keys of the corrected draft physics.
TEST(IoPortsConfig, ReferenceDensityOfEveryClass) {
  expect_error("    kind: ferry\n    reference_density_t_per_m3: 1.010\n", "    kind: ferry\n",
               {"vessel_classes[test_ferry].reference_density_t_per_m3", "missing"});
  expect_error("    kind: ferry\n    reference_density_t_per_m3: 1.010\n",
               "    kind: ferry\n    reference_density_t_per_m3: 1.25\n",
               {"vessel_classes[test_ferry].reference_density_t_per_m3", "outside", "1.025"});
  expect_error(
      "sources:\n  TEST:", "defaults:\n  sea_water_density_t_per_m3: 1.01\nsources:\n  TEST:",
      {"defaults.sea_water_density_t_per_m3", "no longer read", "reference_density_t_per_m3"});
}

TEST(IoPortsConfig, PortWaterDensityOrTheDefault) {
  const std::string baku = "    side: west\n    water_density_t_per_m3: 1.010\n";
  expect_error(
      baku, "    side: west\n",
      {"ports[test_baku].water_density_t_per_m3", "missing", "defaults.water_density_t_per_m3"});
  // Declared once under defaults: used where a port gives none.
  std::string text = fixture_text();
  text = text.replace(text.find(baku), baku.size(), "    side: west\n");
  text = "defaults:\n  water_density_t_per_m3: 1.011\n" + text;
  const auto path = std::filesystem::temp_directory_path() / "caspian-ports-default-rho.yaml";
  std::ofstream(path) << text;
  const auto cfg = load_ports_config(path);
  EXPECT_DOUBLE_EQ(cfg.system.ports[1].water_density_t_per_m3, 1.011);
  EXPECT_DOUBLE_EQ(cfg.system.ports[2].water_density_t_per_m3, 1.000);  // its own
  std::filesystem::remove(path);
}

TEST(IoPortsConfig, SetDownBasis) {
  const std::string line =
      "    set_down_basis: {range_m: [0.0, 0.5], assumption: true, basis: \"invented\"}\n";
  expect_error("0.1, 0.1, 0.2, 0.2]\n" + line, "0.1, 0.1, 0.2, 0.2]\n",
               {"ports[test_aktau].set_down_basis", "missing"});
  expect_error("0.1, 0.1, 0.2, 0.2]\n" + line,
               "0.1, 0.1, 0.2, 0.2]\n    set_down_basis: {range_m: [0.0, 0.1], assumption: true, "
               "basis: \"invented\"}\n",
               {"ports[test_aktau].set_down_m", "month 1", "outside set_down_basis.range_m"});
  expect_error("0.1, 0.1, 0.2, 0.2]\n" + line,
               "0.1, 0.1, 0.2, 0.2]\n    set_down_basis: {range_m: [0.0, 0.5], basis: \"x\"}\n",
               {"ports[test_aktau].set_down_basis.sources", "assumption: true"});
  expect_error("0.1, 0.1, 0.2, 0.2]\n" + line,
               "0.1, 0.1, 0.2, 0.2]\n    set_down_basis: {range_m: [0.6, 0.5], assumption: true, "
               "basis: \"x\"}\n",
               {"ports[test_aktau].set_down_basis.range_m", "low above high"});
}

// An approach route: sourced, at least two points, the port's own position first, chainages
// increasing from the port to the sea.
TEST(IoPortsConfig, ApproachRoute) {
  const std::string from = "    position_source: TEST\n    corridors: [middle]\n    side: east\n";
  const auto with_route = [&](const std::string& route) {
    return "    position_source: TEST\n    approach_route:\n" + route +
           "    corridors: [middle]\n    side: east\n";
  };
  const std::string good =
      "      sources: [TEST]\n      points:\n"
      "        - {lat_deg: 43.6, lon_deg: 51.2, chainage_km: 0, source: port}\n"
      "        - {lat_deg: 43.5, lon_deg: 51.1, source: bend}\n"
      "        - {lat_deg: 43.4, lon_deg: 51.0, chainage_km: 30, source: sea end}\n";
  {
    const auto path = edited(from, with_route(good));
    const auto cfg = load_ports_config(path);
    std::filesystem::remove(path);
    const auto& route = cfg.port_provenance.front().approach_route;
    ASSERT_EQ(route.size(), 3u);
    EXPECT_FALSE(route[1].chainage_km.has_value());
    EXPECT_DOUBLE_EQ(*route[2].chainage_km, 30.0);
    EXPECT_EQ(route[1].source, "bend");
  }
  expect_error(from,
               with_route("      points:\n        - {lat_deg: 43.6, lon_deg: 51.2, source: a}\n"
                          "        - {lat_deg: 43.4, lon_deg: 51.0, source: b}\n"),
               {"ports[test_aktau].approach_route.sources", "missing"});
  expect_error(from,
               with_route("      sources: [TEST]\n      points:\n"
                          "        - {lat_deg: 43.6, lon_deg: 51.2, source: a}\n"),
               {"ports[test_aktau].approach_route.points", "at least 2 points"});
  expect_error(from,
               with_route("      sources: [TEST]\n      points:\n"
                          "        - {lat_deg: 43.5, lon_deg: 51.2, source: a}\n"
                          "        - {lat_deg: 43.4, lon_deg: 51.0, source: b}\n"),
               {"ports[test_aktau].approach_route.points[0]", "the port's own position"});
  expect_error(from,
               with_route("      sources: [TEST]\n      points:\n"
                          "        - {lat_deg: 43.6, lon_deg: 51.2, chainage_km: 10, source: a}\n"
                          "        - {lat_deg: 43.4, lon_deg: 51.0, chainage_km: 5, source: b}\n"),
               {"ports[test_aktau].approach_route.points[1].chainage_km", "not past"});
}

TEST(IoPortsConfig, MaintenanceSiltation) {
  const std::string m = "cost_usd_per_m3: 10, sources: [TEST], maintenance: {m3_per_yr: 0, ";
  expect_error(m,
               "cost_usd_per_m3: 10, sources: [TEST], maintenance: {m3_per_yr: 0, m_per_yr: 0.1, ",
               {"ports[test_aktau].dredging.maintenance", "exactly one of m3_per_yr"});
  expect_error(m, "cost_usd_per_m3: 10, sources: [TEST], maintenance: {m3_per_yr: -1, ",
               {"ports[test_aktau].dredging.maintenance.m3_per_yr", "outside"});
  expect_error(
      "basin_area_m2: 1.0e6, cost_usd_per_m3: 10, sources: [TEST], maintenance: {m3_per_yr: "
      "0, assumption: true, basis: \"invented: none\"}}",
      "basin_area_m2: 1.0e6, cost_usd_per_m3: 10, sources: [TEST]}",
      {"ports[test_aktau].dredging.maintenance", "missing"});
  // A rate over the channel bottom and basin: 0.1 m/yr x (4000 x 120 + 1e6) m2 = 148,000 m3/yr.
  const auto path =
      edited(m, "cost_usd_per_m3: 10, sources: [TEST], maintenance: {m_per_yr: 0.1, ");
  const auto cfg = load_ports_config(path);
  EXPECT_NEAR(cfg.system.ports[0].dredging->maintenance_m3_per_yr, 148000.0, 1e-6);
  EXPECT_TRUE(cfg.port_provenance[0].maintenance_is_assumption);
  std::filesystem::remove(path);
}

TEST(IoPortsConfig, DepthScenario) {
  const auto reported = load_ports_config(fixture);
  EXPECT_DOUBLE_EQ(reported.system.ports[2].controlling.approach_channel_m, 4.2);
  const auto deeper = load_ports_config(fixture, "deeper");
  EXPECT_DOUBLE_EQ(deeper.system.ports[2].controlling.approach_channel_m, 4.4);
  EXPECT_DOUBLE_EQ(deeper.system.ports[2].controlling.berth_m, 4.5);  // kept
  EXPECT_EQ(deeper.port_provenance[2].depth_scenario, "deeper");
  EXPECT_NE(deeper.port_provenance[2].depth_basis.find("invented scenario"), std::string::npos);
  EXPECT_DOUBLE_EQ(deeper.system.ports[0].controlling.depth_m(), 6.8);  // no such scenario: as is
  try {
    load_ports_config(fixture, "shallower");
    ADD_FAILURE() << "no error for an unknown depth scenario";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(fixture.string()), std::string::npos) << message;
    EXPECT_NE(message.find("'shallower'"), std::string::npos) << message;
    EXPECT_NE(message.find("deeper"), std::string::npos) << message;
  }
  expect_error("deeper: {approach_channel_m: 4.4,", "deeper: {approach_channel_m: -4.4,",
               {"ports[test_astrakhan].controlling_depth.scenarios.deeper.approach_channel_m"});
  expect_error("deeper: {approach_channel_m: 4.4,", "deeper: {draft_m: 4.4,",
               {"controlling_depth.scenarios.deeper.draft_m", "unknown key"});
}

}  // namespace
