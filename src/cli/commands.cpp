#include "commands.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <omp.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <span>
#include <system_error>

#include "caspian/assembly/ensemble.hpp"
#include "caspian/assembly/inputs.hpp"
#include "caspian/assembly/member.hpp"
#include "caspian/assembly/member_state.hpp"
#include "caspian/core/constants.hpp"
#include "caspian/core/error.hpp"
#include "caspian/core/parameters.hpp"
#include "caspian/io/cf_writer.hpp"
#include "caspian/io/level_series.hpp"
#include "caspian/io/output_set.hpp"
#include "caspian/io/restart.hpp"
#include "caspian/io/run_config.hpp"
#include "caspian/model/sea_climate.hpp"
#include "caspian/report/run_outputs.hpp"
#include "clock.hpp"
#include "logging.hpp"
#include "port_check.hpp"
#include "progress.hpp"

namespace caspian::cli {

// The run assembly (loading and building a run from its config) lives in the library.
using namespace caspian::assembly;

namespace {

std::string parameters_text(const core::ParameterSet& set) {
  std::string out;
  for (const auto& spec : core::parameter_registry()) {
    out += fmt::format("{} = {:g} {}\n", spec.name, set.get(spec.name), spec.units);
  }
  return out;
}

// A hash of what shapes the state: every parameter value, the inflow mode and the sinks of the
// known closed basins (they shape the drainage network). A restart file written under others is
// refused.
std::uint64_t state_config_hash(const io::RunConfig& config,
                                std::span<const std::size_t> closed_basin_sinks) {
  std::string text = parameters_text(config.parameters) + "inflow.mode=" + config.inflow.mode;
  for (std::size_t cell : closed_basin_sinks) text += ";closed_basin_sink=" + std::to_string(cell);
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  return h;
}

void check_restart_fits(const io::RestartState& saved, const std::string& file,
                        const io::RunConfig& config, std::uint64_t grid_hash,
                        std::uint64_t config_hash, const sea::Hypsometry& hyps) {
  if (saved.next_month != config.start) {
    throw core::InputError(
        file, "next_month",
        fmt::format("the state continues at {}-{:02d}, but run.start is {}-{:02d}",
                    saved.next_month.year, saved.next_month.month, config.start.year,
                    config.start.month));
  }
  if (saved.grid_hash != grid_hash) {
    throw core::InputError(file, "grid_hash", "the state was saved on other grids");
  }
  if (saved.config_hash != config_hash) {
    throw core::InputError(
        file, "config_hash",
        "the state was saved with other parameters, another inflow mode or other closed basins");
  }
  // The sizes, types and bounds of every dataset were checked as it was read; the sea's level
  // must be one the bathymetry holds, and its volume that level's.
  const double level = saved.sea_level_m_bs;
  if (!(level >= hyps.min_level_m_bs() && level <= hyps.max_level_m_bs())) {
    throw core::InputError(file, "sea_level_m_bs",
                           fmt::format("{:.3f} m BS is not a level the bathymetry can hold "
                                       "(expected {:.3f}..{:.3f} m BS)",
                                       level, hyps.min_level_m_bs(), hyps.max_level_m_bs()));
  }
  const double volume_of_level = hyps.volume_m3(level);
  const double tolerance_m3 = 0.01 * hyps.area_m2(level);  // 1 cm of level
  if (!(std::abs(saved.sea_volume_m3 - volume_of_level) <= tolerance_m3)) {
    throw core::InputError(
        file, "sea_volume_m3",
        fmt::format("{:.3f} km3 is not the volume of the saved level {:.3f} m BS ({:.3f} km3 on "
                    "this bathymetry); expected the two to agree within 1 cm of level",
                    saved.sea_volume_m3 / core::m3_per_km3, level,
                    volume_of_level / core::m3_per_km3));
  }
}

}  // namespace

void prepare_output_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw core::InputError(dir.string(), "",
                           "cannot create the output folder (" +
                               (ec ? ec.message() : std::string("a file of that name exists")) +
                               "); expected a folder that exists or can be created");
  }
  // A file written and removed: an unwritable folder is reported now, not after the run.
  const auto probe = dir / fmt::format(".caspian-write-probe.{}", ::getpid());
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  const bool written = fd >= 0 && ::write(fd, "x", 1) == 1;
  const int error = errno;
  if (fd >= 0) ::close(fd);
  ::unlink(probe.c_str());
  if (!written) {
    throw core::InputError(dir.string(), "",
                           "the output folder is not writable (" +
                               std::generic_category().message(error) +
                               "); expected a folder this user can write to");
  }
}

int run_command(const RunOptions& options) {
  const auto t_start = Clock::now();
  report::Timing timing;
  const io::RunConfig config = io::load_run_config(options.run_file);
  const std::filesystem::path out_dir =
      options.output_dir ? std::filesystem::path(*options.output_dir) : config.output_directory;
  // Port data are checked before anything runs or is written.
  std::optional<PortCheckInputs> port_inputs;
  if (config.ports) port_inputs = load_port_check(config);
  const auto setup = build_setup(config);
  const LoadedRun* run = setup->run.get();
  const LoadedCatchment* catchment = setup->catchment.get();
  timing.forcing_s = setup->times.forcing_s + setup->catchment_load_s;
  timing.init_s = seconds_since(t_start) - timing.forcing_s;
  prepare_output_dir(out_dir);
  // Every output is written into the set's staging folder and swapped in whole at the end.
  io::OutputSet outputs(out_dir, "caspian run " + options.run_file);
  const std::filesystem::path& stage = outputs.dir();

  // The terminal's year line (overwritten in place) unless --verbose logs each year; a batch
  // log (stderr not a terminal) gets the heartbeat.
  const bool verbose = spdlog::default_logger_raw()->should_log(spdlog::level::debug);
  const bool progress = info_enabled() && stderr_is_terminal() && !verbose;
  Heartbeat heartbeat(months_between(config.start, config.end), 0, info_enabled());
  spdlog::debug("inputs loaded in {:.2f} s; outputs staged in {}", seconds_since(t_start),
                stage.string());
  auto show_progress = [&](const model::MonthResult& m) {
    heartbeat.month_done(0, m.month);
    if (verbose && m.month.month == 12)
      spdlog::debug("year {}  level {:.2f} m BS", m.month.year, m.level_end_m_bs);
    if (progress && m.month.month == 12) {
      std::fprintf(stderr, "\r  year %d  level %.2f m BS  ", m.month.year, m.level_end_m_bs);
      std::fflush(stderr);
    }
  };
  // Where the run starts: the initial level, or a saved state that must fit this run.
  const std::uint64_t grid_hash =
      run->hypsometry->grid().hash() ^ (catchment ? catchment->net.network.grid.hash() << 1 : 0);
  const std::uint64_t config_hash = state_config_hash(
      config, catchment ? std::span<const std::size_t>(catchment->net.network.closed_basin_sinks)
                        : std::span<const std::size_t>());
  MemberStart start = initial_start(*setup);
  std::optional<ports::PortCarry> port_prior;  // the port check's state from the saved part
  int bootstrap_origin = config.start.year;    // the year the weather bootstrap draws from
  if (options.restart_file) {
    io::RestartShape shape;
    if (catchment) {
      shape = {catchment->net.network.grid.size(), catchment::snow_zone_count,
               catchment::max_routing_days, std::nullopt};
    }
    if (port_inputs) shape.ports = port_restart_shape(*port_inputs);
    const auto saved = io::read_restart(*options.restart_file, shape);
    check_restart_fits(saved, *options.restart_file, config, grid_hash, config_hash,
                       *run->hypsometry);
    start.sea = {saved.sea_level_m_bs, saved.sea_volume_m3};
    if (catchment) {
      start.catchment =
          catchment_state_from(*saved.catchment, model::initial_catchment_state(catchment->model));
    }
    if (port_inputs) port_prior = port_carry_from(*saved.ports, *port_inputs);
    // The bootstrap draws from the year the projection began, not from this part's start.
    if (catchment && config.catchment->bootstrap && saved.bootstrap_origin_year &&
        *saved.bootstrap_origin_year != config.start.year) {
      bootstrap_origin = *saved.bootstrap_origin_year;
      setup->catchment->series = bootstrapped_weather(
          *setup->catchment, config, config.catchment->bootstrap->seed, bootstrap_origin);
    }
  }
  const auto t_loop = Clock::now();
  auto member_run = run_member(*setup, run_file_member(*setup), start,
                               catchment && config.catchment->write_fields, show_progress);
  timing.catchment_s = member_run.catchment_s;
  const std::vector<model::MonthResult>& months = member_run.sea;
  const std::vector<model::CatchmentMonth>& catchment_months = member_run.catchment;
  io::RestartState final_state;
  final_state.sea_level_m_bs = member_run.final_sea.level_m_bs;
  final_state.sea_volume_m3 = member_run.final_sea.volume_m3;
  if (member_run.final_catchment)
    final_state.catchment = catchment_restart_from(*member_run.final_catchment);
  if (progress) std::fprintf(stderr, "\r%60s\r", "");
  heartbeat.finish(config.end);
  const double loop_s = seconds_since(t_loop);
  timing.sea_s = loop_s - timing.catchment_s;

  const auto t_write = Clock::now();
  const sea::Hypsometry& hyps = *run->hypsometry;
  report::RunMetadata meta;
  meta.title = "Caspian Sea level projection: " + config.name;
  meta.run_name = config.name;
  meta.run_file = options.run_file;
  meta.run_file_text = config.yaml_text;
  meta.history = utc_now() + ": caspian run " + options.run_file;
  meta.scenario = config.scenario.name;
  meta.calendar = config.calendar;
  meta.parameters_text = parameters_text(config.parameters);
  std::vector<std::string> rivers;
  for (const auto& r : run->inflow.rivers) rivers.push_back(r.name);
  if (run->inflow.recorded) rivers.push_back(run->inflow.recorded->name);
  if (catchment) {
    rivers = river_names();
    report::write_catchment_outputs(stage / "catchment.nc", meta, catchment->net.network.grid,
                                    catchment_months, rivers);
    report::write_river_inflow_csv(stage / "river_inflow_annual.csv", catchment_months, rivers);
  }

  report::write_sea_time_series(stage / "sea_level.nc", meta, months, rivers);
  report::write_annual_summary_csv(stage / "annual_summary.csv", months);
  if (config.write_wet_mask) {
    std::map<int, std::pair<double, double>> level_days;  // year -> (sum level*days, days)
    for (const auto& m : months) {
      auto& [sum, days] = level_days[m.month.year];
      sum += 0.5 * (m.level_start_m_bs + m.level_end_m_bs) * m.days;
      days += m.days;
    }
    std::vector<report::AnnualWetFraction> years;
    for (const auto& [year, sd] : level_days) {
      const double level = sd.first / sd.second;
      years.push_back({year, level, hyps.wet_fraction(level)});
    }
    report::write_wet_fraction(stage / "wet_fraction.nc", meta, hyps.grid(), years);
  }
  timing.write_s = seconds_since(t_write);
  PortCheckSummary port_summary;
  double ports_s = 0.0;
  if (port_inputs) {
    const auto t_ports = Clock::now();
    port_summary = run_port_check(*port_inputs, levels_from_projection(months), stage, meta.history,
                                  "caspian run " + options.run_file + " (monthly means)",
                                  config.calendar, port_prior ? &*port_prior : nullptr, &config);
    ports_s = seconds_since(t_ports);
  }
  outputs.commit();
  // The saved state after the outputs (a run that fails before here leaves the old state too)
  // and after the port check, whose state it carries (the check works in whole years: a part
  // ending mid-year saves none, and a continuation with the check refuses such a state).
  if (options.save_state) {
    final_state.next_month = config.end.next();
    final_state.config_hash = config_hash;
    final_state.grid_hash = grid_hash;
    final_state.version = CASPIAN_VERSION;
    if (catchment && config.catchment->bootstrap)
      final_state.bootstrap_origin_year = bootstrap_origin;
    if (port_inputs && config.end.month == 12)
      final_state.ports = port_restart_from(port_summary.carry, *port_inputs);
    io::write_restart(*options.save_state, final_state);
  }
  timing.total_s = seconds_since(t_start);

  std::size_t sea_cells = 0;
  const auto max_wet =
      hyps.wet_fraction(std::max(config.initial_level_m_bs, months.front().level_end_m_bs));
  for (double w : max_wet) sea_cells += w > 0.0 ? 1 : 0;
  timing.cell_steps = double(sea_cells) * double(months.size());
  timing.simulated_years = double(months.size()) / 12.0;

  const auto& last = months.back();
  std::printf("caspian run '%s': %d-%02d..%d-%02d, level %.2f -> %.2f m BS; outputs in %s\n",
              config.name.c_str(), config.start.year, config.start.month, config.end.year,
              config.end.month, months.front().level_start_m_bs, last.level_end_m_bs,
              out_dir.c_str());
  for (const auto& line : port_summary.lines) std::printf("%s\n", line.c_str());
  const std::string timing_text = report::format_timing(timing);
  for (std::size_t a = 0, b; (b = timing_text.find('\n', a)) != std::string::npos; a = b + 1)
    spdlog::info(timing_text.substr(a, b - a));
  if (port_inputs) spdlog::info("  ports (check, files, report) {:.2f} s", ports_s);
  for (const auto& line :
       efficiency_lines({{timing.simulated_years, loop_s, omp_get_max_threads(), 1}}, false))
    spdlog::info(line);
  return 0;
}

int ports_command(const PortsOptions& options) {
  const io::RunConfig config = io::load_run_config(options.run_file);
  const std::filesystem::path out_dir =
      options.output_dir ? std::filesystem::path(*options.output_dir) : config.output_directory;
  const PortCheckInputs port_inputs = load_port_check(config);
  ports::LevelSeries levels;
  std::string levels_source;
  if (options.levels_file) {
    const auto records = io::read_level_series(*options.levels_file);
    levels.months = records.months;
    levels.level_m_bs = records.level_m_bs;
    levels_source = *options.levels_file + (records.annual ? " (annual, spread to months)" : "");
  } else if (config.catchment) {
    throw core::InputError(options.run_file, "inflow.mode",
                           "catchment runs are not re-run by caspian ports: run `caspian run` "
                           "(it checks the ports too) or pass --levels FILE");
  }
  prepare_output_dir(out_dir);
  std::string history = utc_now() + ": caspian ports " + options.run_file;
  if (options.levels_file) history += " --levels " + *options.levels_file;
  io::OutputSet outputs(out_dir, history.substr(history.find("caspian ports")));
  if (!options.levels_file) {
    const auto setup = build_setup(config);
    const auto member_run = run_member(*setup, run_file_member(*setup), initial_start(*setup),
                                       false, [](const model::MonthResult&) {});
    levels = levels_from_projection(member_run.sea);
    levels_source = "caspian projection from " + options.run_file + " (monthly means)";
  }
  const auto summary = run_port_check(port_inputs, levels, outputs.dir(), history, levels_source,
                                      config.calendar, nullptr, &config);
  outputs.commit();
  std::printf("caspian ports: %zu ports, %zu vessel classes, %d-%02d..%d-%02d; outputs in %s\n",
              port_inputs.ports.system.ports.size(), port_inputs.ports.system.classes.size(),
              levels.months.front().year, levels.months.front().month, levels.months.back().year,
              levels.months.back().month, out_dir.c_str());
  for (const auto& line : summary.lines) std::printf("%s\n", line.c_str());
  return 0;
}

int hypsometry_command(const HypsometryOptions& o) {
  if (o.level_max_m_bs < o.level_min_m_bs) {
    throw core::InputError("--max", "", "the highest level is below the lowest (--min)");
  }
  const Bathymetry bathy = load_bathymetry(o.bathymetry_file, o.variable, o.datum_offset_m);
  const auto hyps = sea::build_hypsometry(bathy.grid, bathy.bed_m_bs, o.seed_lat_deg,
                                          o.seed_lon_deg, o.level_max_m_bs, o.subgrid_relief_m);
  if (o.level_max_m_bs > hyps.max_level_m_bs()) {
    throw core::InputError("--max", "",
                           fmt::format("{:.2f} m BS is above the highest level the grid "
                                       "can hold ({:.2f} m BS): the sea would spill "
                                       "over the grid's edge",
                                       o.level_max_m_bs, hyps.max_level_m_bs()));
  }
  const auto table = hyps.make_table(o.level_min_m_bs, o.level_max_m_bs, o.step_m);
  if (o.netcdf_file) {
    io::CfWriter writer(*o.netcdf_file);
    writer.set_global_attribute("title", "Caspian Sea hypsometry from " + o.bathymetry_file);
    writer.set_global_attribute("source", "caspian " CASPIAN_VERSION " hypsometry");
    writer.set_global_attribute("history", utc_now() + ": caspian hypsometry " + o.bathymetry_file);
    writer.set_global_attribute(
        "comment",
        fmt::format("seed {:.4f}N {:.4f}E; datum offset {:g} m; sub-grid relief {:g} m",
                    o.seed_lat_deg, o.seed_lon_deg, o.datum_offset_m, o.subgrid_relief_m));
    writer.define_height_datum("Baltic Height System (Kronstadt)");
    writer.define_axis({"level",
                        "sea level",
                        "sea_surface_height_above_geopotential_datum",
                        "m",
                        "",
                        {{"axis", "Z"}, {"positive", "up"}}},
                       table.level_m_bs);
    const std::pair<std::string, std::string> on_datum{"grid_mapping", "crs"};
    writer.define_variable({"area", "area of the sea", "sea_area", "m2", "", {on_datum}},
                           {"level"});
    writer.define_variable(
        {"volume", "volume of the sea", "sea_water_volume", "m3", "", {on_datum}}, {"level"});
    writer.end_definitions();
    writer.write("area", table.area_m2);
    writer.write("volume", table.volume_m3);
    writer.commit();
  }
  std::string csv = "level_m_bs,area_km2,volume_km3\n";
  for (std::size_t k = 0; k < table.level_m_bs.size(); ++k) {
    csv += fmt::format("{:.3f},{:.1f},{:.3f}\n", table.level_m_bs[k],
                       table.area_m2[k] / core::m2_per_km2, table.volume_m3[k] / core::m3_per_km3);
  }
  std::fputs(csv.c_str(), stdout);
  return 0;
}

int check_inputs_command(const std::string& run_file) {
  const io::RunConfig config = io::load_run_config(run_file);
  // Everything is read and checked before anything is printed.
  const auto setup = build_setup(config);
  const LoadedRun* run = setup->run.get();
  const LoadedCatchment* loaded_catchment = setup->catchment.get();
  std::optional<PortCheckInputs> port_inputs;
  if (config.ports) port_inputs = load_port_check(config);
  std::optional<assembly::Ensemble> ensemble;
  if (config.ensemble) ensemble = assembly::build_ensemble(*setup, {});
  const auto& hyps = *run->hypsometry;
  const auto& grid = hyps.grid();
  const double level = config.initial_level_m_bs;
  const auto wet = hyps.wet_fraction(level);
  const auto areas = grid.cell_areas_m2();
  double precip_m3 = 0.0;
  for (std::size_t m = 0; m < 12; ++m) {
    for (std::size_t c = 0; c < wet.size(); ++c) {
      precip_m3 += run->sea_model.precipitation_m_per_s[m][c] * wet[c] * areas[c] *
                   (365.25 / 12.0) * core::seconds_per_day;
    }
  }
  double inflow_km3 = config.inflow.groundwater_km3_per_yr;
  for (const auto& r : config.inflow.rivers) inflow_km3 += r.mean_km3_per_yr;
  std::printf("run file          %s: ok (%d-%02d..%d-%02d, %s calendar)\n", run_file.c_str(),
              config.start.year, config.start.month, config.end.year, config.end.month,
              core::calendar_name(config.calendar).c_str());
  std::printf(
      "bathymetry        %s:%s: ok, %zu x %zu cells, %.4f deg, levels valid up to %.2f m BS\n",
      config.bathymetry.file.c_str(), config.bathymetry.variable.c_str(), grid.nlat(), grid.nlon(),
      grid.dlat_deg(), hyps.max_level_m_bs());
  std::printf("initial level     %.2f m BS: area %.0f km2, volume %.0f km3\n", level,
              hyps.area_m2(level) / core::m2_per_km2, hyps.volume_m3(level) / core::m3_per_km3);
  std::printf(
      "precipitation     %s:%s: ok, 12 months, %.1f km3/yr on the sea at the initial level\n",
      config.precipitation.file.c_str(), config.precipitation.variable.c_str(),
      precip_m3 / core::m3_per_km3);
  std::printf("temperature       %s:%s: ok, 12 months\n", config.temperature.file.c_str(),
              config.temperature.variable.c_str());
  if (config.evaporation) {
    std::printf("evaporation       %s:%s: ok, 12 months\n", config.evaporation->file.c_str(),
                config.evaporation->variable.c_str());
  } else if (run->sea_model.scheme == model::EvaporationScheme::bulk_aerodynamic) {
    const auto& sm = run->sea_model;
    const auto climate = model::sea_climate(sm, level, 0.0);
    std::printf(
        "evaporation       bulk-aerodynamic, scale %.4f: %.0f km3/yr (%.0f mm) at the "
        "initial level\n",
        sm.evaporation_scale, climate.annual_evaporation_km3, climate.annual_evaporation_mm[3]);
    std::printf("sea surface temp. %s:%s: ok, 12 months, land cells filled from the sea\n",
                config.sea_surface_temperature->file.c_str(),
                config.sea_surface_temperature->variable.c_str());
    std::printf("wind speed        %s:%s: ok, 12 months, land cells filled from the sea\n",
                config.wind_speed->file.c_str(), config.wind_speed->variable.c_str());
    std::printf(
        "ice               North Caspian: %d days with more than 5 %% covered, maximum "
        "%.0f %%\n",
        climate.north_ice_season_days, 100.0 * climate.north_max_ice_cover);
  } else {
    std::printf("evaporation       Linacre (1977) formula, calibration factor %.4f\n",
                run->sea_model.evaporation_factor);
  }
  if (run->scenario.cmip6) {
    const auto& c = *run->scenario.cmip6;
    const auto in2100 = c.at({2100, 7});
    std::printf(
        "scenario          CMIP6 %s %s (%s): the sea takes EEU x %.2f + WCA x %.2f; July "
        "2100 %+.2f K, precipitation x %.3f\n",
        config.scenario.cmip6->model.c_str(), config.scenario.cmip6->ssp.c_str(),
        config.scenario.cmip6->atlas_folder.c_str(), c.eeu_share, 1.0 - c.eeu_share,
        in2100.temperature_K, in2100.precipitation_factor);
  }
  if (run->scenario.gcm_fields) {
    const auto& g = *run->scenario.gcm_fields;
    std::printf(
        "scenario          GCM fields %s (delta change, ramp %.1f years): the sea's January "
        "%+.2f K, precipitation x %.3f; July %+.2f K, x %.3f\n",
        config.scenario.gcm_fields->model.c_str(), g.ramp_years, g.temperature_K[0],
        g.precipitation_ratio[0], g.temperature_K[6], g.precipitation_ratio[6]);
  }
  if (config.air_temperature_anomalies) {
    const auto& a = run->scenario.annual_temperature_anomaly_K;
    std::printf("air temp. anomaly %s:%s: ok, years %d..%d, re-based to %d-%d\n",
                config.air_temperature_anomalies->series.file.c_str(),
                config.air_temperature_anomalies->series.column.c_str(), a.begin()->first,
                a.rbegin()->first, config.air_temperature_anomalies->baseline_first_year,
                config.air_temperature_anomalies->baseline_last_year);
  }
  {
    std::string regime;
    for (const auto& change : run->sea_model.kbg_regime)
      regime += fmt::format(" {} from {}-{:02d};", sea::kbg_strait_name(change.strait),
                            change.from.year, change.from.month);
    std::printf("Kara-Bogaz-Gol    open before the first change;%s %s\n", regime.c_str(),
                config.kbg_regime ? "(run file)" : "(the default history)");
  }
  if (loaded_catchment) {
    const auto& c = loaded_catchment;
    const auto& basins = c->net.basins;
    const auto& summary = basins.summaries[static_cast<std::size_t>(catchment::BasinId::volga)];
    std::size_t active = 0;
    for (auto a : c->model.active) active += a;
    std::printf("catchment DEM     %s:%s: ok, %zu x %zu cells, %zu routing waves\n",
                config.catchment->dem.file.c_str(), config.catchment->dem.variable.c_str(),
                c->net.network.grid.nlat(), c->net.network.grid.nlon(),
                c->net.network.wave_count());
    std::printf(
        "drainage          %zu land cells drain to the Caspian (%.0f km2); Volga %.0f km2\n",
        active, basins.caspian_land_area_m2 / core::m2_per_km2,
        summary.land_area_m2 / core::m2_per_km2);
    if (config.catchment->closed_basins_file) {
      std::printf("closed basins     %s: ok, %zu known closed basins are sinks\n",
                  config.catchment->closed_basins_file->c_str(), c->net.closed_basins.size());
    }
    std::printf("land forcing      %s:%s and %s:%s: ok, 12 months each, lapse-rate corrected\n",
                config.catchment->temperature.file.c_str(),
                config.catchment->temperature.variable.c_str(),
                config.catchment->precipitation.file.c_str(),
                config.catchment->precipitation.variable.c_str());
    if (const auto& boot = config.catchment->bootstrap) {
      auto years_text = [](const std::set<int>& years) {
        std::string text;
        for (int y : years) {
          if (!text.empty()) text += ' ';
          text += std::to_string(y);
        }
        return text.empty() ? std::string("none") : text;
      };
      std::printf(
          "anomaly series    %s: ok, %zu days %s..%s, no flagged year in its %d-%d "
          "climatology\n"
          "weather bootstrap blocks of %d years, seed %llu, drawn from %zu whole years of "
          "%d-%d: %s; flagged, never drawn: %s\n",
          c->series_source.c_str(), c->observed_series.dates.size(),
          core::format_date(c->observed_series.dates.front()).c_str(),
          core::format_date(c->observed_series.dates.back()).c_str(),
          config.catchment->anomaly_climatology_first_year,
          config.catchment->anomaly_climatology_last_year, boot->block_years,
          static_cast<unsigned long long>(boot->seed), c->drawable_years.size(), boot->first_year,
          boot->last_year, years_text(c->drawable_years).c_str(),
          years_text(c->flagged_years).c_str());
    } else {
      std::printf(
          "anomaly series    %s: ok, %zu days %s..%s, no flagged year in the run or in its "
          "%d-%d climatology\n",
          c->series_source.c_str(), c->series.dates.size(),
          core::format_date(c->series.dates.front()).c_str(),
          core::format_date(c->series.dates.back()).c_str(),
          config.catchment->anomaly_climatology_first_year,
          config.catchment->anomaly_climatology_last_year);
    }
  } else if (run->recorded_series) {
    const auto& series = *run->recorded_series;
    const auto& recorded = *run->inflow.recorded;
    const auto periods = recorded_periods_of_run(config, series.monthly);
    double run_m3 = 0.0;
    for (const auto& ym : periods) run_m3 += recorded.volume_m3_of(ym);
    const double run_years =
        series.monthly ? double(periods.size()) / 12.0 : double(periods.size());
    const auto when = [&](const core::YearMonth& ym) {
      return io::record_label(ym, series.monthly);
    };
    std::printf(
        "recorded inflow   %s:%s (%s, %s): ok, %s %s..%s; %.1f km3/yr mean over the run's "
        "%s..%s as recorded (before inflow.factor), + groundwater %.1f km3/yr\n",
        series.file.c_str(), series.column.c_str(), series.units.c_str(),
        config.inflow.recorded->source.c_str(), series.monthly ? "months" : "years",
        when(series.first).c_str(), when(series.last).c_str(),
        run_m3 / core::m3_per_km3 / run_years, when(periods.front()).c_str(),
        when(periods.back()).c_str(), config.inflow.groundwater_km3_per_yr);
  } else {
    std::printf("inflow            %zu rivers + groundwater: %.1f km3/yr long-term mean\n",
                config.inflow.rivers.size(), inflow_km3);
  }
  if (port_inputs) {
    const auto& sys = port_inputs->ports.system;
    std::printf(
        "ports             %s: ok, %zu ports, %zu vessel classes, %zu corridors, %zu sources\n",
        config.ports->file.c_str(), sys.ports.size(), sys.classes.size(), sys.corridors.size(),
        port_inputs->ports.sources.size());
  }
  if (ensemble) {
    std::string models, sets, scenarios;
    auto add = [](std::string& list, const std::string& item) {
      if (!list.empty()) list += ", ";
      list += item;
    };
    for (const auto& m : ensemble->models) add(models, m);
    for (const auto& p : ensemble->parameter_sets) add(sets, p.name);
    for (const auto& s : ensemble->scenarios) add(scenarios, s);
    std::printf("ensemble          %zu members: %s x %d; models %s; parameter sets %s\n",
                ensemble->members.size(), scenarios.c_str(), config.ensemble->members_per_scenario,
                models.c_str(), sets.c_str());
  }
  return 0;
}

int parameters_command(bool csv) {
  if (csv) {
    std::puts("name,units,default,min,max,description,source");
    for (const auto& p : core::parameter_registry()) {
      std::printf("%s,%s,%g,%g,%g,\"%s\",\"%s\"\n", std::string(p.name).c_str(),
                  std::string(p.units).c_str(), p.default_value, p.min_value, p.max_value,
                  std::string(p.description).c_str(), std::string(p.source).c_str());
    }
    return 0;
  }
  std::puts(
      "| name | units | default | bounds | description | source |\n|---|---|---|---|---|---|");
  for (const auto& p : core::parameter_registry()) {
    std::printf("| `%s` | %s | %g | %g .. %g | %s | %s |\n", std::string(p.name).c_str(),
                std::string(p.units).c_str(), p.default_value, p.min_value, p.max_value,
                std::string(p.description).c_str(), std::string(p.source).c_str());
  }
  return 0;
}

}  // namespace caspian::cli
