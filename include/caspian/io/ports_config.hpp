#pragma once
// The port and vessel data file (inputs/ports/ports.yaml) read into ports::PortSystem, with the
// provenance of every figure. Unknown keys, numbers without a source, unknown ids and impossible
// values are core::InputError naming the file, the line, the port or class and the key.
#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "caspian/ports/types.hpp"

namespace caspian::io {

struct SourcedValue {
  double value = 0.0;
  int year = 0;
  std::vector<std::string> sources;
};

// A point of a port's approach route (ports.yaml approach_route.points): its position and, where
// published, its chainage (distance mark along the channel, km).
struct RoutePointConfig {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  std::optional<double> chainage_km;
  std::string source;
};

struct PortProvenance {
  std::string country;
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  std::string position_source;
  // The route ships follow from the port's position to the open sea (its approach channel), first
  // point the port's, last the channel's sea end; empty when none is defined (distances are then
  // taken over the sea grid from the port's position).
  std::vector<RoutePointConfig> approach_route;
  std::vector<std::string> approach_route_sources;
  std::string depth_basis;
  std::vector<std::string> depth_sources;
  // The controlling depth was inferred from the same low-water reports the checks compare with.
  bool depth_is_calibration = false;
  std::string design_depth_basis;
  std::optional<SourcedValue> throughput_mt;
  SourcedValue capacity_mt_per_yr;
  std::vector<std::string> demand_sources;
  std::string demand_basis;
  std::vector<std::string> dredging_sources;
  // The depth scenario whose controlling depth is used ("" = the file's reported depth).
  std::string depth_scenario;
  // Names of the depth scenarios the port defines (controlling_depth.scenarios).
  std::vector<std::string> depth_scenarios;
  // set_down_basis: plausible range of the monthly allowance, what it is, its sources; an
  // assumption when no source gives it.
  std::array<double, 2> set_down_range_m{0.0, 0.0};
  std::string set_down_basis;
  std::vector<std::string> set_down_sources;
  bool set_down_is_assumption = false;
  // dredging.maintenance: how the yearly maintenance (siltation) volume was found.
  std::string maintenance_basis;
  std::vector<std::string> maintenance_sources;
  bool maintenance_is_assumption = false;
};

struct VesselProvenance {
  std::vector<std::string> sources;
  std::map<std::string, std::string> derived;  // field -> how it was derived
};

struct CorridorProvenance {
  std::vector<std::string> demand_sources;
  std::string demand_basis;
};

struct PortsConfig {
  std::filesystem::path file;
  std::map<std::string, std::string> sources;  // id -> citation
  ports::PortSystem system;
  std::vector<PortProvenance> port_provenance;  // parallel to system.ports
  std::vector<VesselProvenance> class_provenance;
  std::vector<CorridorProvenance> corridor_provenance;
};

// depth_scenario: "" reads each port's controlling_depth as given (the reported depth); a name
// replaces the depths of every port that defines controlling_depth.scenarios.<name> (e.g. the
// declared depth of the Volga-Caspian channel) and is an error when no port defines it.
PortsConfig load_ports_config(const std::filesystem::path& file,
                              const std::string& depth_scenario = "");

// Index of a port / class / corridor by id; nullopt when absent.
std::optional<std::size_t> find_port(const ports::PortSystem& system, const std::string& id);
std::optional<std::size_t> find_class(const ports::PortSystem& system, const std::string& id);

}  // namespace caspian::io
