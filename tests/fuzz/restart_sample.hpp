#pragma once
// A sample restart state of a small catchment (6 cells) with the port check (3 ports, 2 policies,
// 4 first-year rows), and the shape a run reading it expects: the seeds of fuzz_restart
// (write_restart_seeds.cpp) and the unit tests of the restart files
// (tests/unit/io_restart_test.cpp).
#include <cmath>
#include <cstddef>

#include "caspian/io/restart.hpp"

namespace caspian::testing {

inline constexpr std::size_t cells = 6, zones = 5, days = 16;
inline const caspian::io::PortRestartShape port_shape{
    {"aktau", "baku", "makhachkala"},
    {"no_dredging", "hold_design_depth"},
    {"no_dredging/port/aktau/tanker/cannot_call", "no_dredging/corridor/tmtm//shortfall",
     "hold_design_depth/port/aktau/tanker/cannot_call",
     "hold_design_depth/corridor/tmtm//shortfall"}};
inline const caspian::io::RestartShape shape{cells, zones, days, port_shape};

inline caspian::io::PortCheckRestart sample_ports() {
  caspian::io::PortCheckRestart p;
  p.last_year = 2025;
  p.port_ids = port_shape.port_ids;
  p.policies = port_shape.policies;
  p.bed_m_bs = {-37.0, -36.5, -35.0, -38.25, -36.5, -35.125};
  p.dredge_cumulative_m3 = {0.0, 0.0, 0.0, 6.7e6, std::nan(""), 1.5e5};
  p.first_year_keys = port_shape.first_year_keys;
  p.first_year_worst_month = {2024, std::nullopt, std::nullopt, std::nullopt};
  p.first_year_annual = {std::nullopt, 2025, std::nullopt, 2020};
  p.first_year_where = {"aktau", "", "", "baku"};
  return p;
}

inline caspian::io::RestartState sample_state() {
  caspian::io::RestartState s;
  s.next_month = {2026, 1};
  s.config_hash = 18446744073709551615ULL;
  s.grid_hash = 12345;
  s.version = "0.1.0";
  s.sea_level_m_bs = -29.1;
  s.sea_volume_m3 = 7.8e13;
  caspian::io::CatchmentRestart c;
  c.snowpack_mm.assign(cells * zones, 10.0);
  c.snow_liquid_mm.assign(cells * zones, 0.5);
  c.soil_moisture_mm.assign(cells, 80.0);
  c.upper_zone_mm.assign(cells, 1.0);
  c.lower_zone_mm.assign(cells, 30.0);
  c.routing_pending_mm.assign(cells * days, 0.1);
  c.channel_storage_m3.assign(cells, 5e6);
  c.volga_reservoir_storage_m3 = 1.3e10;
  s.catchment = c;
  s.ports = sample_ports();
  return s;
}

}  // namespace caspian::testing
