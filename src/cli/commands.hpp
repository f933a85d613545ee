#pragma once
// The caspian subcommands. Each returns the process exit code; errors propagate as exceptions
// and main() turns them into one clear line on stderr.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace caspian::cli {

// Creates the output folder if need be and writes and removes a probe file in it, so that a
// folder that cannot be created or written is an InputError naming it before anything runs.
void prepare_output_dir(const std::filesystem::path& dir);

struct RunOptions {
  std::string run_file;
  std::optional<std::string> output_dir;
  bool quiet = false;
  std::optional<std::string> restart_file;  // start from this saved state (netCDF-4)
  std::optional<std::string> save_state;    // write the final state here (netCDF-4)
};
int run_command(const RunOptions& options);

struct HypsometryOptions {
  std::string bathymetry_file;
  std::string variable = "topography";
  double level_min_m_bs = -32.0;
  double level_max_m_bs = -24.0;
  double step_m = 0.5;
  double datum_offset_m = 0.0;
  double seed_lat_deg = 42.0;
  double seed_lon_deg = 51.0;
  double subgrid_relief_m = 1.0;
  std::optional<std::string> netcdf_file;
};
int hypsometry_command(const HypsometryOptions& options);

// caspian sea-climate RUN.yaml: the bulk scheme's evaporation per sub-basin and month, the North
// Caspian ice season and the response of evaporation to warming, at a level (default: the run's
// initial level) and an air-temperature change (default 0 K).
struct SeaClimateOptions {
  std::string run_file;
  std::optional<double> level_m_bs;
  double warming_K = 0.0;
};
int sea_climate_command(const SeaClimateOptions& options);

// caspian scenarios: the pattern-scaled temperature and precipitation changes of every CMIP6
// model with regional files, per SSP and year, against the 1981-2010 climatology.
struct ScenariosOptions {
  std::string atlas_folder = "inputs/climate/cmip6_atlas_regional";
  std::string ssp;  // empty: all
  std::vector<int> years{2050, 2100};
};
int scenarios_command(const ScenariosOptions& options);

// caspian network DEM.nc --bathymetry-level L: the drainage network of the DEM with the sea at
// level L (m BS), written as CF-NetCDF and summarised as a basin table on stdout.
struct NetworkOptions {
  std::string dem_file;
  std::string variable = "topography";
  double level_m_bs = -29.2;
  std::optional<std::string> output_file;
  double seed_lat_deg = 42.0;
  double seed_lon_deg = 51.0;
  std::optional<std::string> closed_basins_file;  // known closed basins (sinks), YAML
};
int network_command(const NetworkOptions& options);
// The port check on a level series from a file (CSV or CF-NetCDF), or on a projection run
// first from the run file.
struct PortsOptions {
  std::string run_file;
  std::optional<std::string> levels_file;
  std::optional<std::string> output_dir;
  bool quiet = false;
};
int ports_command(const PortsOptions& options);

int check_inputs_command(const std::string& run_file);

struct CalibrateOptions {
  std::string run_file;
  std::optional<std::string> output_dir;
  std::optional<int> iterations;  // overrides fit.iterations of the run file
  std::optional<int> restarts;    // overrides fit.restarts of the run file
  int threads = 0;                // OpenMP threads; 0 = the OpenMP default
  bool quiet = false;
};
int calibrate_command(const CalibrateOptions& options);
int parameters_command(bool csv);

// caspian ensemble RUN.yaml: the run file's ensemble (members per scenario, each a CMIP6 model
// pattern, parameter set and weather seed) through the catchment and the sea, with the port
// check per member; writes ensemble.nc, ensemble_quantiles.csv, ensemble_probabilities.csv and
// the probabilistic port draft report.
struct EnsembleOptions {
  std::string run_file;
  std::optional<std::string> output_dir;
  std::optional<int> members;          // per scenario; overrides ensemble.members_per_scenario
  std::vector<std::string> scenarios;  // overrides ensemble.scenarios
  int threads = 0;                     // members side by side; 0 = the OpenMP default
  bool quiet = false;
  bool report = true;  // false: no HTML report (data files only)
  // A slice of the ensemble (Slurm array tasks): "k/K" (k = 0..K-1) or global member indices
  // [members_from, members_to). A slice writes its members' ensemble.nc only; caspian merge
  // combines the slices.
  std::optional<std::string> member_slice;
  std::optional<long long> members_from, members_to;
  // Checkpoints (checkpoints.hpp): every N simulated years each member saves its state in
  // checkpoint_dir (default OUTPUT_DIR/checkpoints); resume_dir continues from such a folder.
  std::optional<int> checkpoint_every_years;
  std::optional<std::string> checkpoint_dir;
  std::optional<std::string> resume_dir;
};
int ensemble_command(const EnsembleOptions& options);

// caspian merge DIR...: the ensemble.nc of each slice folder combined into exactly the files one
// whole ensemble run would write (ensemble.nc, quantiles, probabilities, report).
struct MergeOptions {
  std::vector<std::string> slice_dirs;
  std::optional<std::string> output_dir;  // default: the run file's output.directory
  bool report = true;
  bool quiet = false;
};
int merge_command(const MergeOptions& options);

}  // namespace caspian::cli
