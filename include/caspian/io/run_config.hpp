#pragma once
// Run files (YAML) read into typed config. Every key is known: an unknown or misspelt key is an
// error naming the file, the line and the valid keys. Paths are resolved against the run file's
// folder. See docs/run_file.md for every key.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "caspian/core/parameters.hpp"
#include "caspian/core/time.hpp"
#include "caspian/core/trajectory.hpp"

namespace caspian::io {

struct VariableSource {
  std::filesystem::path file;
  std::string variable;
};

using core::YearTrajectory;

struct RiverInflowConfig {
  std::string name;
  double mean_km3_per_yr = 0.0;
  std::string source;
};

// A recorded total river-inflow series (inflow.mode: recorded): a CSV read by
// io::read_inflow_series, of which one column is used.
struct RecordedInflowConfig {
  std::filesystem::path file;
  std::string column;
  std::string source;
};

struct InflowConfig {
  std::string mode = "prescribed";               // prescribed, catchment or recorded
  std::vector<RiverInflowConfig> rivers;         // prescribed mode only
  std::optional<RecordedInflowConfig> recorded;  // recorded mode only
  double groundwater_km3_per_yr = 0.0;
  // Share of the annual river inflow in each calendar month (12 values, summing to 1).
  std::vector<double> monthly_share;
  std::string monthly_share_source;
  // Multiplier on every river's mean (or the recorded inflow), by year (1 = as given).
  YearTrajectory factor;
};

// Future weather (catchment.anomalies.bootstrap): whole years of the anomaly series drawn in
// blocks (climate::bootstrap_years), replacing the series' own dates, so a run may reach beyond
// the series. Only years first_year..last_year that no flag touches are drawn.
struct WeatherBootstrapConfig {
  std::uint64_t seed = 1;
  int block_years = 5;
  int first_year = 1981;  // default: the anomaly climatology's years
  int last_year = 2010;
};

// The gridded catchment (inflow.mode: catchment): DEM, land forcing and the anomaly series.
struct CatchmentConfig {
  VariableSource dem;
  VariableSource temperature;            // monthly climatology (12 steps) for the land
  VariableSource precipitation;          // monthly climatology (12 steps) for the land
  std::filesystem::path anomalies_file;  // daily CSV: date, discharge, temperature, precipitation
  int anomaly_climatology_first_year = 1981;
  int anomaly_climatology_last_year = 2010;
  std::optional<WeatherBootstrapConfig> bootstrap;
  // Consumptive withdrawals by river (volga, ural, kura, terek, sulak, samur, iranian_rivers,
  // other_caspian), km3/yr by year.
  std::map<std::string, YearTrajectory> withdrawal_km3_per_yr;
  std::string withdrawal_source;
  // Known closed basins whose terminal lakes are drainage sinks (catchment.closed_basins).
  std::optional<std::filesystem::path> closed_basins_file;
  bool write_fields = true;  // monthly runoff, snow and soil moisture fields
  // The first simulated year is run this many times before the start, the state carried over,
  // so that slow stores (groundwater, channels, reservoirs) do not start empty.
  int warmup_cycles = 3;
};

// An annual series in a CSV file (header row, units row), one column of it.
struct AnnualSeriesSource {
  std::filesystem::path file;
  std::string column;
  std::string source;
};

// Observed air-temperature anomalies over the sea (climate.air_temperature_anomalies): the
// mean over baseline_first_year..baseline_last_year is subtracted, so that they are changes
// against the forcing climatology's period.
struct AnomalySeriesConfig {
  AnnualSeriesSource series;
  int baseline_first_year = 1981;
  int baseline_last_year = 2010;
};

// One change of the Kara-Bogaz-Gol strait (sea.kara_bogaz_gol.regime).
struct KbgRegimeEntry {
  core::YearMonth from;
  std::string strait;  // open, closed or culverts
};

// A CMIP6 model's pattern-scaled change for an SSP (scenario.cmip6).
struct Cmip6ScenarioConfig {
  std::filesystem::path atlas_folder;  // the AR6 Atlas regional files
  std::string model;
  std::string ssp;  // ssp126, ssp245, ssp370 or ssp585
};

// One period of GCM output (scenario.gcm_fields.reference / .future): monthly tas (and pr) files
// and the months averaged (inclusive).
struct GcmPeriodConfig {
  VariableSource temperature;                   // tas, K (any UDUNITS-2 temperature)
  std::optional<VariableSource> precipitation;  // pr, kg m-2 s-1 (any water flux)
  core::YearMonth first;
  core::YearMonth last;
};

// GCM fields read directly from CF files, applied by the delta-change method
// (climate/delta_change.hpp; docs/projections.md): exclusive with scenario.cmip6.
struct GcmFieldsConfig {
  std::string model;
  std::string source;
  GcmPeriodConfig reference;
  GcmPeriodConfig future;
  double ramp_years = 0.0;  // 0: the whole change from the ramp's start
  // The month the ramp starts (nullopt: run.start). A run split at a restart gives the
  // continuation the first part's start so that the ramp goes on where it was.
  std::optional<core::YearMonth> ramp_start;
  double precipitation_floor_mm_per_day = 0.1;
};

struct ScenarioConfig {
  std::string name;
  std::optional<Cmip6ScenarioConfig> cmip6;
  std::optional<GcmFieldsConfig> gcm_fields;
  // Change of air temperature over the sea against the forcing climatology, K, by year.
  YearTrajectory temperature_delta_K;
  // Multiplier on precipitation over the sea, by year.
  YearTrajectory precipitation_factor;
  std::string source;
};

// The optional port check of a run (`ports:` in the run file).
struct PortsRunConfig {
  std::filesystem::path file;  // the port and vessel data (inputs/ports/ports.yaml)
  std::vector<std::string> policies{"no_dredging", "hold_design_depth"};
  // "" = each port's reported controlling depth; a name picks controlling_depth.scenarios.<name>
  // where a port defines it (e.g. `declared` for the Volga-Caspian channel's declared 4.2 m).
  std::string depth_scenario;
};

// The ensemble of a run file (`caspian ensemble`, docs/projections.md): members per scenario,
// each a (CMIP6 model pattern, catchment parameter set, weather seed). Member k of every scenario
// takes the same model, parameter set and weather, so scenarios differ by their forcing alone.
struct EnsembleConfig {
  std::filesystem::path atlas_folder;  // the AR6 Atlas files (scenario patterns)
  std::vector<std::string> scenarios;  // ssp126, ssp245, ssp370, ssp585
  std::vector<std::string> models;     // empty: every model with files in the Atlas folder
  int members_per_scenario = 8;
  std::uint64_t seed = 1;  // member k's weather seed is drawn from it and k alone
  std::optional<std::filesystem::path> parameter_sets;  // none: the run file's parameters only
};

struct RunConfig {
  std::filesystem::path run_file;
  std::string name;
  core::YearMonth start;  // first month simulated
  core::YearMonth end;    // last month simulated (inclusive)
  core::Calendar calendar = core::Calendar::proleptic_gregorian;
  double initial_level_m_bs = 0.0;
  std::string initial_level_source;

  VariableSource bathymetry;
  double seed_lat_deg = 0.0;
  double seed_lon_deg = 0.0;

  VariableSource precipitation;  // monthly climatology (12 steps) or series
  VariableSource temperature;    // monthly climatology (12 steps), for the evaporation formula
  std::optional<VariableSource> evaporation;  // evaporation climatology; formula when absent
  std::string evaporation_scheme = "bulk_aerodynamic";    // or linacre
  std::optional<VariableSource> sea_surface_temperature;  // monthly climatology (bulk scheme)
  std::optional<VariableSource> wind_speed;               // monthly climatology (bulk scheme)
  std::optional<AnomalySeriesConfig> air_temperature_anomalies;
  // The strait's history; nullopt = the sourced default (sea::kbg_history), empty = always open.
  std::optional<std::vector<KbgRegimeEntry>> kbg_regime;
  std::string kbg_regime_source;

  ScenarioConfig scenario;
  InflowConfig inflow;
  YearTrajectory withdrawal_km3_per_yr;
  std::optional<CatchmentConfig> catchment;

  core::ParameterSet parameters;
  std::filesystem::path output_directory = "outputs";
  bool write_wet_mask = true;
  std::optional<PortsRunConfig> ports;  // the port check runs when present
  std::optional<EnsembleConfig> ensemble;
  std::string yaml_text;  // the run file as read, for output metadata
};

// Throws core::InputError naming the file, the key (with line) and what was expected.
RunConfig load_run_config(const std::filesystem::path& run_file);
// Every key the run-file reader accepts, dotted and sorted (run.start, sea.bathymetry.file, ...):
// the leaves of the file's mappings; a list (inflow.rivers) or a free mapping (parameters) is one
// key. docs/run_file.md documents each (unit test).
std::vector<std::string> run_file_keys();

}  // namespace caspian::io
