// caspian: projections of the Caspian Sea level. Thin command-line front end over the library.
#include <fmt/format.h>
#include <omp.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "caspian/core/error.hpp"
#include "caspian/core/parameters.hpp"
#include "commands.hpp"
#include "logging.hpp"
#include "seabed_command.hpp"

namespace {
// A finite number in lo..hi. (CLI::Range lets NaN through, and an absurd value can make a
// command loop or allocate without end.)
CLI::Validator finite_in(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& input) -> std::string {
        double value = 0.0;
        if (!CLI::detail::lexical_cast(input, value) || !std::isfinite(value) || value < lo ||
            value > hi) {
          return fmt::format("{} is not a finite number in {:g}..{:g}", input, lo, hi);
        }
        return {};
      },
      fmt::format("NUMBER in {:g}..{:g}", lo, hi));
}
// Bounds of the numbers given on the command line.
const CLI::Validator latitude = finite_in(-90.0, 90.0);
const CLI::Validator longitude = finite_in(-180.0, 360.0);  // either convention
const CLI::Validator level = finite_in(-2000.0, 1000.0);    // m BS, the deepest floor is -1025
constexpr int max_threads = 1024;
}  // namespace

int main(int argc, char** argv) {
  // OpenMP threads that spin while they wait make a run many times slower when the machine is
  // shared (a cluster node, CI, a laptop with other work): wait passively unless the user chose.
  // libgomp reads the variable when it loads, so set it and start again once.
  if (std::getenv("OMP_WAIT_POLICY") == nullptr) {
    setenv("OMP_WAIT_POLICY", "passive", 1);
    execv("/proc/self/exe", argv);  // returns only on failure: then go on as we are
  }
  // OMP_NUM_THREADS above the bound of --threads (say 100000) overflows libgomp's stack at the
  // first parallel region: clamp it, with a warning.
  std::string threads_warning;  // logged once the messages are set up
  if (omp_get_max_threads() > max_threads) {
    const char* asked = std::getenv("OMP_NUM_THREADS");
    threads_warning =
        fmt::format("caspian: warning: OMP_NUM_THREADS={} is above {} threads; using {}",
                    asked ? asked : "?", max_threads, max_threads);
    omp_set_num_threads(max_threads);
  }
  using namespace caspian;
  CLI::App app{"caspian: Caspian Sea level projections and what they mean for shipping"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "caspian " CASPIAN_VERSION);

  cli::RunOptions run;
  auto* run_cmd =
      app.add_subcommand("run", "Project the sea level from a run file and write outputs");
  run_cmd->add_option("run_file", run.run_file, "Run file (YAML)")->required();
  run_cmd->add_option(
      "--output-dir", run.output_dir,
      "Folder for outputs (default: the run file's output.directory, else ./outputs)");
  run_cmd->add_flag("--quiet", run.quiet, "No progress line or timing report");
  run_cmd->add_option("--restart", run.restart_file,
                      "Start from a state saved by --save-state (its month must be run.start)");
  run_cmd->add_option("--save-state", run.save_state,
                      "Write the final state (netCDF-4) for a run that continues from run.end");

  cli::HypsometryOptions hyps;
  auto* hyps_cmd = app.add_subcommand(
      "hypsometry", "Print the level-area-volume table of a bathymetry grid as CSV");
  hyps_cmd->add_option("bathymetry", hyps.bathymetry_file, "CF-NetCDF bathymetry/topography file")
      ->required();
  hyps_cmd->add_option("--variable", hyps.variable, "Height variable")->capture_default_str();
  hyps_cmd->add_option("--min", hyps.level_min_m_bs, "Lowest level, m BS")
      ->capture_default_str()
      ->check(level);
  hyps_cmd->add_option("--max", hyps.level_max_m_bs, "Highest level, m BS")
      ->capture_default_str()
      ->check(level);
  hyps_cmd->add_option("--step", hyps.step_m, "Level step, m")
      ->capture_default_str()
      ->check(finite_in(0.001, 1000.0));
  hyps_cmd->add_option("--datum-offset", hyps.datum_offset_m, "Added to heights to get m BS")
      ->capture_default_str()
      ->check(finite_in(-1000.0, 1000.0));
  hyps_cmd->add_option("--seed-lat", hyps.seed_lat_deg, "Seed latitude (a point in the sea)")
      ->capture_default_str()
      ->check(latitude);
  hyps_cmd->add_option("--seed-lon", hyps.seed_lon_deg, "Seed longitude")
      ->capture_default_str()
      ->check(longitude);
  hyps_cmd
      ->add_option("--subgrid-relief", hyps.subgrid_relief_m, "Sub-grid spread of bed heights, m")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  hyps_cmd->add_option("--netcdf", hyps.netcdf_file,
                       "Also write the table as CF-NetCDF to this file");

  cli::NetworkOptions net;
  auto* net_cmd = app.add_subcommand(
      "network", "Drainage network of a DEM with the sea at a level: CF-NetCDF and basin table");
  net_cmd->add_option("dem", net.dem_file, "CF-NetCDF DEM (heights in m)")->required();
  net_cmd->add_option("--variable", net.variable, "Height variable")->capture_default_str();
  net_cmd->add_option("--bathymetry-level", net.level_m_bs, "Sea level, m BS")
      ->capture_default_str()
      ->check(level);
  net_cmd->add_option("--output", net.output_file, "Write the network as CF-NetCDF to this file");
  net_cmd->add_option("--seed-lat", net.seed_lat_deg, "Sea seed latitude")
      ->capture_default_str()
      ->check(latitude);
  net_cmd->add_option("--seed-lon", net.seed_lon_deg, "Sea seed longitude")
      ->capture_default_str()
      ->check(longitude);
  net_cmd->add_option("--closed-basins", net.closed_basins_file,
                      "Known closed basins whose terminal lakes are sinks (YAML, e.g. "
                      "inputs/catchment/closed_basins.yaml)");
  cli::PortsOptions ports_opts;
  auto* ports_cmd = app.add_subcommand(
      "ports", "Port draft check: drafts, payloads, port and corridor capacity, dredging, report");
  ports_cmd->add_option("run_file", ports_opts.run_file, "Run file (YAML) with a ports: section")
      ->required();
  ports_cmd->add_option("--levels", ports_opts.levels_file,
                        "Level series: CSV (year[,month],level_m_bs) or CF-NetCDF with "
                        "sea_level(time); default: run the projection first");
  ports_cmd->add_option("--output-dir", ports_opts.output_dir,
                        "Folder for outputs (default: the run file's output.directory)");
  ports_cmd->add_flag("--quiet", ports_opts.quiet, "Fewer messages");

  cli::SeaClimateOptions sea_climate;
  auto* sea_climate_cmd = app.add_subcommand(
      "sea-climate",
      "Print the sea's evaporation per sub-basin and month, its ice season and its response to "
      "warming");
  sea_climate_cmd->add_option("run_file", sea_climate.run_file, "Run file (YAML)")->required();
  sea_climate_cmd
      ->add_option("--level", sea_climate.level_m_bs,
                   "Sea level, m BS (default: the run's initial level)")
      ->check(level);
  sea_climate_cmd
      ->add_option("--warming", sea_climate.warming_K,
                   "Uniform air-temperature change against the climatology, K")
      ->check(finite_in(-10.0, 15.0));

  cli::ScenariosOptions scenarios;
  auto* scenarios_cmd = app.add_subcommand(
      "scenarios",
      "Print the pattern-scaled temperature and precipitation changes of the CMIP6 models per "
      "SSP and year");
  scenarios_cmd->add_option("--atlas", scenarios.atlas_folder,
                            "Folder of the AR6 Atlas regional files (default: "
                            "inputs/climate/cmip6_atlas_regional)");
  scenarios_cmd
      ->add_option("--ssp", scenarios.ssp, "ssp126, ssp245, ssp370 or ssp585 (default: all)")
      ->check(CLI::IsMember({"ssp126", "ssp245", "ssp370", "ssp585"}));
  scenarios_cmd->add_option("--years", scenarios.years, "Years (default 2050 2100)")
      ->check(CLI::Range(1850, 2100));

  std::string check_file;
  auto* check_cmd =
      app.add_subcommand("check-inputs", "Check every input of a run file without running");
  check_cmd->add_option("run_file", check_file, "Run file (YAML)")->required();

  bool params_csv = false;
  auto* params_cmd =
      app.add_subcommand("parameters", "List every model parameter with units, bounds and source");
  params_cmd->add_flag("--csv", params_csv, "CSV instead of Markdown");

  cli::CalibrateOptions calib;
  auto* calib_cmd = app.add_subcommand(
      "calibrate", "Fit catchment parameters to observed discharge (DDS) and validate them");
  calib_cmd->add_option("run_file", calib.run_file, "Calibration run file (YAML)")->required();
  calib_cmd->add_option("--output-dir", calib.output_dir,
                        "Folder for outputs (default: the run file's output.directory)");
  calib_cmd
      ->add_option("--iterations", calib.iterations,
                   "Objective evaluations (default: fit.iterations of the run file)")
      ->check(CLI::PositiveNumber);
  calib_cmd
      ->add_option("--restarts", calib.restarts,
                   "Independent DDS runs, the best kept (default: fit.restarts of the run file)")
      ->check(CLI::PositiveNumber);
  calib_cmd
      ->add_option(
          "--threads", calib.threads,
          fmt::format("OpenMP threads, at most {} (default: OMP_NUM_THREADS)", max_threads))
      ->check(CLI::Range(0, max_threads));
  calib_cmd->add_flag("--quiet", calib.quiet, "Do not list the data flags");

  cli::EnsembleOptions ens;
  auto* ens_cmd = app.add_subcommand(
      "ensemble", "Run the run file's ensemble (scenarios x members) with the port check");
  ens_cmd->add_option("run_file", ens.run_file, "Run file (YAML) with an ensemble: section")
      ->required();
  ens_cmd
      ->add_option("--members", ens.members,
                   "Members per scenario (default: ensemble.members_per_scenario)")
      ->check(CLI::Range(1, 10000));
  ens_cmd->add_option("--scenarios", ens.scenarios,
                      "Scenarios (ssp126 ssp245 ssp370 ssp585; default: ensemble.scenarios)");
  ens_cmd->add_option("--output-dir", ens.output_dir,
                      "Folder for outputs (default: the run file's output.directory)");
  ens_cmd
      ->add_option("--threads", ens.threads,
                   fmt::format("Members run side by side, at most {} (default: OMP_NUM_THREADS)",
                               max_threads))
      ->check(CLI::Range(0, max_threads));
  ens_cmd->add_flag("--quiet", ens.quiet, "No progress lines or timing");
  ens_cmd->add_flag("!--no-report", ens.report,
                    "Write the data files only, without the HTML report (--no-report)");
  auto* slice_opt = ens_cmd->add_option(
      "--member-slice", ens.member_slice,
      "Run slice k/K of the members (k = 0..K-1, e.g. a Slurm array task); writes its "
      "ensemble.nc only, for caspian merge");
  auto* from_opt = ens_cmd
                       ->add_option("--members-from", ens.members_from,
                                    "First global member index of a slice (0-based)")
                       ->check(CLI::NonNegativeNumber);
  auto* to_opt =
      ens_cmd->add_option("--members-to", ens.members_to, "End of a slice (exclusive member index)")
          ->check(CLI::PositiveNumber);
  slice_opt->excludes(from_opt)->excludes(to_opt);
  ens_cmd
      ->add_option("--checkpoint-every", ens.checkpoint_every_years,
                   "Every N simulated years, each running member saves its state (and a "
                   "finished member its results) in the checkpoint folder")
      ->check(CLI::Range(1, 10000));
  ens_cmd->add_option("--checkpoint-dir", ens.checkpoint_dir,
                      "Checkpoint folder (default: OUTPUT_DIR/checkpoints)");
  ens_cmd->add_option("--resume", ens.resume_dir,
                      "Continue a killed ensemble from its checkpoint folder: finished members "
                      "are loaded, the others continue from their last checkpoint");

  cli::MergeOptions merge;
  auto* merge_cmd = app.add_subcommand(
      "merge", "Combine ensemble slices (caspian ensemble --member-slice) into one ensemble");
  merge_cmd->add_option("slice_dirs", merge.slice_dirs, "Output folders of the slices")->required();
  merge_cmd->add_option("--output-dir", merge.output_dir,
                        "Folder for the merged outputs (default: the run file's "
                        "output.directory)");
  merge_cmd->add_flag("!--no-report", merge.report, "Write the data files only (--no-report)");
  merge_cmd->add_flag("--quiet", merge.quiet, "Do not print the level summary");

  cli::SeabedOptions seabed;
  auto* seabed_cmd = cli::add_seabed_command(app, seabed);
  cli::LogOptions log;  // --verbose, --quiet, --log-file on every subcommand
  cli::add_log_options(app, log);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0 (CLI11 prints them); every usage error is bad input: exit 2.
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    std::fprintf(stderr, "caspian: usage error: %s\nRun with --help for more information.\n",
                 e.what());
    return 2;
  }
  try {
    cli::setup_logging(app, log);
    if (!threads_warning.empty()) spdlog::warn(threads_warning);
    if (*run_cmd) return cli::run_command(run);
    if (*hyps_cmd) return cli::hypsometry_command(hyps);
    if (*net_cmd) return cli::network_command(net);
    if (*ports_cmd) return cli::ports_command(ports_opts);
    if (*check_cmd) return cli::check_inputs_command(check_file);
    if (*sea_climate_cmd) return cli::sea_climate_command(sea_climate);
    if (*scenarios_cmd) return cli::scenarios_command(scenarios);
    if (*params_cmd) return cli::parameters_command(params_csv);
    if (*calib_cmd) return cli::calibrate_command(calib);
    if (*ens_cmd) return cli::ensemble_command(ens);
    if (*merge_cmd) return cli::merge_command(merge);
    if (*seabed_cmd) return cli::seabed_command(seabed);
  } catch (const core::InputError& e) {
    spdlog::error("caspian: input error: {}", e.what());
    return 2;
  } catch (const core::RangeError& e) {
    spdlog::error("caspian: out of range: {}", e.what());
    return 3;
  } catch (const std::exception& e) {
    spdlog::error("caspian: error: {}", e.what());
    return 1;
  }
  return 1;
}
