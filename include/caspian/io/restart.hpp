#pragma once
// Restart files (netCDF-4): every prognostic variable in double precision on named dimensions
// (cell, snow_zone, routing_day, policy, port, first_year_row), each with units and long_name,
// and as global attributes the month the run continues from, a hash of the configuration that
// shapes the state (parameters and grids) and the caspian version, so that ncdump and xarray
// read them. A run restarted from one equals the run that never stopped.
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

// The port check's state after the last year of the part saved (ports::PortCarry in plain
// arrays; the CLI converts): what a continuation needs to equal the run that never stopped.
struct PortCheckRestart {
  int last_year = 0;                         // the last year the port check assessed
  std::vector<std::string> port_ids;         // the port dimension
  std::vector<std::string> policies;         // the policy dimension (dredging policy names)
  std::vector<double> bed_m_bs;              // policy x port: the held bed
  std::vector<double> dredge_cumulative_m3;  // policy x port: >= 0, or NaN (no dredging geometry)
  // Per first-year row (ports::first_year_key, in ports::first_years' order): the years found so
  // far (nullopt: none yet) and, for corridor rows, the port where the worst month was first.
  std::vector<std::string> first_year_keys;
  std::vector<std::optional<int>> first_year_worst_month, first_year_annual;
  std::vector<std::string> first_year_where;
};

struct RestartState {
  core::YearMonth next_month;  // the first month the continued run simulates
  std::uint64_t config_hash = 0;
  std::uint64_t grid_hash = 0;
  std::string version;
  // The year the projection began (the first part's run.start): the weather bootstrap lays its
  // draws from it, so a continuation gets the years the run that never stopped drew. Absent in
  // files of runs without the bootstrap (and of earlier caspian versions).
  std::optional<int> bootstrap_origin_year;
  double sea_level_m_bs = 0.0;
  double sea_volume_m3 = 0.0;
  std::optional<CatchmentRestart> catchment;
  std::optional<PortCheckRestart> ports;  // absent: saved by a run without the port check
};

// The port check of the run continuing from a state: the saved port state must be of the same
// ports, policies and first-year rows.
struct PortRestartShape {
  std::vector<std::string> port_ids;
  std::vector<std::string> policies;
  std::vector<std::string> first_year_keys;
};

// The sizes the run continuing from a state expects of its catchment datasets.
struct RestartShape {
  std::size_t catchment_cells = 0;  // cells of the catchment grid; 0: a run without the catchment
  std::size_t snow_zones = 0;       // catchment::snow_zone_count
  std::size_t routing_days = 0;     // catchment::max_routing_days
  // The run's port check (nullopt: none; the port state of the file, if any, is then not read).
  std::optional<PortRestartShape> ports;
};

// Written to a temporary name and renamed when complete. Throws core::Error naming the file.
void write_restart(const std::filesystem::path& path, const RestartState& state);
// Reads and checks every attribute and variable: text attributes of the right form (one text, not
// an array or a number), each variable of the type and with exactly the values the shape expects
// (checked before anything is allocated), every value finite, the stores non-negative and below
// physical bounds, the port state of this run's ports. Throws core::InputError naming the file,
// the attribute or variable, and what was expected. (Whether the bathymetry can hold the level
// is for the caller, which has the bathymetry.)
RestartState read_restart(const std::filesystem::path& path, const RestartShape& shape);

}  // namespace caspian::io
