#pragma once
// The list of known closed (endorheic) basins whose terminal lakes become drainage sinks
// (inputs/catchment/closed_basins.yaml; see docs/catchment.md).
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace caspian::io {

struct ClosedBasin {
  std::string name;
  double lat_deg = 0.0;  // at or near the terminal lake
  double lon_deg = 0.0;
  // The sink is the lowest DEM cell within this distance of the point (0: the point's cell).
  double search_radius_km = 0.0;
  std::vector<std::string> sources;  // ids listed under `sources`
  std::string where;                 // "closed_basins[name] (line N)", for error messages
};

struct ClosedBasinList {
  std::filesystem::path file;
  std::map<std::string, std::string> sources;  // id -> citation
  std::vector<ClosedBasin> basins;
};

// Throws core::InputError naming the file, the key (with line) and what was expected: unknown
// keys, a missing or unknown source, a point outside -90..90 / -180..360, a repeated name.
ClosedBasinList load_closed_basins(const std::filesystem::path& path);

}  // namespace caspian::io
