#pragma once
// Restart files (HDF5): every prognostic variable in double precision, with the time the run
// continues from, a hash of the configuration that shapes the state (parameters and grids), and
// the version. A run restarted from one equals the run that never stopped.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "caspian/core/time.hpp"

namespace caspian::io {

struct CatchmentRestart {
  // Per cell (all grid cells; inactive ones hold their initial values).
  std::vector<double> snowpack_mm, snow_liquid_mm;  // cells x 5 snow zones (catchment::SnowZones)
  std::vector<double> soil_moisture_mm, upper_zone_mm, lower_zone_mm;
  std::vector<double> routing_pending_mm;  // cells x 16 (catchment::max_routing_days)
  std::vector<double> channel_storage_m3;
  double volga_reservoir_storage_m3 = 0.0;
  std::vector<double> pending_sea_release_m3;  // per cell
  std::vector<double> sea_mask;                // per cell, 0/1; empty: the initial shoreline
};

struct RestartState {
  core::YearMonth next_month;  // the first month the continued run simulates
  std::uint64_t config_hash = 0;
  std::uint64_t grid_hash = 0;
  std::string version;
  double sea_level_m_bs = 0.0;
  double sea_volume_m3 = 0.0;
  std::optional<CatchmentRestart> catchment;
};

// The sizes the run continuing from a state expects of its catchment datasets.
struct RestartShape {
  std::size_t catchment_cells = 0;  // cells of the catchment grid; 0: a run without the catchment
  std::size_t snow_zones = 0;       // catchment::snow_zone_count
  std::size_t routing_days = 0;     // catchment::max_routing_days
};

// Written to a temporary name and renamed when complete. Throws core::Error naming the file.
void write_restart(const std::filesystem::path& path, const RestartState& state);
// Reads and checks every attribute and dataset: text attributes of the right form, each dataset
// floating point with exactly the values the shape expects (checked before anything is
// allocated), every value finite, the stores non-negative and below physical bounds. Throws
// core::InputError naming the file, the attribute or dataset, and what was expected. (Whether
// the bathymetry can hold the level is for the caller, which has the bathymetry.)
RestartState read_restart(const std::filesystem::path& path, const RestartShape& shape);

}  // namespace caspian::io
