#pragma once
// Exposed seabed per littoral state and sub-basin, and shoreline retreat at the ports, for a set
// of sea levels (a fixed grid of levels and the years of level series): plain computation over
// the hypsometry, a state index per cell and the ports' positions and required depths.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "caspian/sea/hypsometry.hpp"
#include "caspian/sea/seabed.hpp"

namespace caspian::model {

struct SeabedPort {
  std::string id;
  std::string name;
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  // How good the position is: "port" (a port's own coordinates), "city_point" (a city centre),
  // "assumed" (no coordinate source).
  std::string position_kind;
  std::optional<double> channel_length_m;  // the approach channel the port already has
  // The approach route from the port's position to the channel's sea end (empty: none; the
  // distances are then over the sea grid): distances are taken along it (sea::route_distances)
  // and the channel's length is the route's.
  std::vector<sea::RoutePoint> route;
  std::vector<std::string> class_ids;  // the classes of its vessel mix
  // Water depth each class needs to load its design draft (see ports::required_water_depth_m),
  // plus the port's largest monthly set-down allowance.
  std::vector<double> required_depth_m;
};

struct SeabedSetup {
  const sea::Hypsometry* hypsometry = nullptr;
  std::vector<int> state;  // per cell, index into state_names; negative: none
  std::vector<std::string> state_names;
  std::vector<int> sub_basin;  // per cell, index into sub_basin_names
  std::vector<std::string> sub_basin_names;
  double reference_level_m_bs = 0.0;  // exposed seabed is counted from this level
  std::vector<SeabedPort> ports;
};

struct SeabedLevel {
  std::string series;  // "levels" for the fixed grid, else the series' label
  int year = 0;        // 0 for the fixed grid
  double level_m_bs = 0.0;
};

struct SeabedResult {
  double sea_area_m2 = 0.0;
  double exposed_m2 = 0.0;  // area at the reference level minus the area at the level
  std::vector<double> sea_area_state_m2, exposed_state_m2;  // per state
  std::vector<double> sea_area_basin_m2, exposed_basin_m2;  // per sub-basin
  std::vector<double> shore_m;                              // per port
  // Per port: shore_m minus its value at the reference level (the retreat, which the grid's
  // coarse coast makes more telling than the distance itself).
  std::vector<double> shore_retreat_m;
  // Per port, per class of its mix (ragged, as SeabedPort::class_ids).
  std::vector<std::vector<double>> deep_water_m;
  // Per port and class: deep_water_m minus its value at the reference level.
  std::vector<std::vector<double>> deep_water_retreat_m;
  // Per port and class: deep-water distance minus the existing channel length, at least 0; NaN
  // where the port has no channel length or no deep-enough water is reachable.
  std::vector<std::vector<double>> channel_extension_m;
};

// Throws core::RangeError for a level above the hypsometry's max level.
std::vector<SeabedResult> assess_seabed(const SeabedSetup& setup,
                                        const std::vector<SeabedLevel>& levels);

}  // namespace caspian::model
