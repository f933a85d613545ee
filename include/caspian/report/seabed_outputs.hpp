#pragma once
// Outputs of caspian seabed: seabed.nc (CF-1.10), seabed_annual.csv and shoreline_retreat.csv.
#include <filesystem>
#include <string>
#include <vector>

#include "caspian/model/seabed.hpp"

namespace caspian::report {

struct SeabedMetadata {
  std::string history;
  std::string levels_source;   // "" when only the fixed grid of levels was used
  std::string sectors_source;  // the state-sector file and its method
  std::string reference_basis;
};

// One row per level (the fixed grid, then each year of each series): sea area and exposed
// seabed in km2, total, per state and per sub-basin.
void write_seabed_csv(const std::filesystem::path& path, const model::SeabedSetup& setup,
                      const std::vector<model::SeabedLevel>& levels,
                      const std::vector<model::SeabedResult>& results);
// One row per level, port and class: required depth, distances to the shoreline and to deep
// enough water, existing channel length and extension, in km.
void write_shoreline_csv(const std::filesystem::path& path, const model::SeabedSetup& setup,
                         const std::vector<model::SeabedLevel>& levels,
                         const std::vector<model::SeabedResult>& results);
// The fixed grid of levels on a `level` axis, the series (if any) on an annual time axis by
// series, and the maps of state, sub-basin and the level at which each cell falls dry.
void write_seabed_netcdf(const std::filesystem::path& path, const SeabedMetadata& meta,
                         const model::SeabedSetup& setup,
                         const std::vector<model::SeabedLevel>& levels,
                         const std::vector<model::SeabedResult>& results);

}  // namespace caspian::report
