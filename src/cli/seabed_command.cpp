#include "seabed_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>

#include "caspian/assembly/inputs.hpp"
#include "caspian/core/error.hpp"
#include "caspian/io/cf_reader.hpp"
#include "caspian/io/ensemble_levels.hpp"
#include "caspian/io/level_series.hpp"
#include "caspian/io/output_set.hpp"
#include "caspian/io/ports_config.hpp"
#include "caspian/io/run_config.hpp"
#include "caspian/model/seabed.hpp"
#include "caspian/ports/required_depth.hpp"
#include "caspian/report/seabed_outputs.hpp"
#include "caspian/sea/sub_basins.hpp"
#include "clock.hpp"
#include "commands.hpp"

namespace caspian::cli {

namespace {

// The order of the sector file's flag_values (scripts/derive_state_sectors.py).
const std::vector<std::string> state_names{"kazakhstan", "russia", "azerbaijan", "turkmenistan",
                                           "iran"};
const std::vector<double> table_levels_m_bs{-30.0, -32.0, -35.0, -40.0};

// The port's approach route from ports.yaml (sea::route_from_marks places its points).
std::vector<sea::RoutePoint> route_along(const io::PortProvenance& prov) {
  std::vector<sea::RouteMark> marks;
  for (const auto& p : prov.approach_route)
    marks.push_back(
        {p.lat_deg, p.lon_deg,
         p.chainage_km ? std::optional<double>(*p.chainage_km * 1000.0) : std::nullopt});
  return marks.empty() ? std::vector<sea::RoutePoint>{} : sea::route_from_marks(marks);
}

// From the wording of ports.yaml's position_source: an assumption first, then city points.
std::string position_kind(const std::string& source) {
  if (source.find("assumption") != std::string::npos) return "assumed";
  if (source.find("city point") != std::string::npos) return "city_point";
  return "port";
}

std::vector<int> load_sectors(const std::string& path, const core::LatLonGrid& grid) {
  const core::GridField field = io::read_grid_field(path, "state", std::nullopt);
  if (field.grid.nlat() != grid.nlat() || field.grid.nlon() != grid.nlon() ||
      std::abs(field.grid.lat_deg().front() - grid.lat_deg().front()) > 1e-6 ||
      std::abs(field.grid.lon_deg().front() - grid.lon_deg().front()) > 1e-6 ||
      std::abs(field.grid.dlat_deg() - grid.dlat_deg()) > 1e-9)
    throw core::InputError(
        path, "state",
        fmt::format("is on a {} x {} grid from {:.4f}N {:.4f}E; expected the "
                    "bathymetry grid ({} x {} from {:.4f}N {:.4f}E): derive it "
                    "with scripts/derive_state_sectors.py",
                    field.grid.nlat(), field.grid.nlon(), field.grid.lat_deg().front(),
                    field.grid.lon_deg().front(), grid.nlat(), grid.nlon(), grid.lat_deg().front(),
                    grid.lon_deg().front()));
  std::vector<int> state(field.values.size(), -1);
  for (std::size_t c = 0; c < state.size(); ++c) {
    const double v = field.values[c];
    if (std::isnan(v)) continue;
    if (v != std::floor(v) || v < 0 || v >= double(state_names.size()))
      throw core::InputError(path, "state",
                             fmt::format("cell {} has {}; expected a state index 0..{} "
                                         "(kazakhstan russia azerbaijan turkmenistan iran)",
                                         c, v, state_names.size() - 1));
    state[c] = int(v);
  }
  return state;
}

// Annual means of a level file, per year, as one series.
std::vector<model::SeabedLevel> series_levels(const std::string& path, std::string* source) {
  std::vector<model::SeabedLevel> out;
  if (io::is_ensemble_quantiles_csv(path)) {
    for (const auto& s : io::read_ensemble_level_quantiles(path))
      for (std::size_t k = 0; k < s.years.size(); ++k)
        out.push_back({s.scenario + "_" + s.statistic, s.years[k], s.level_m_bs[k]});
    *source = path + " (ensemble sea-level quantiles per scenario)";
    return out;
  }
  const auto records = io::read_level_series(path);
  std::map<int, std::pair<double, int>> sums;
  for (std::size_t k = 0; k < records.months.size(); ++k) {
    auto& [sum, n] = sums[records.months[k].year];
    sum += records.level_m_bs[k];
    ++n;
  }
  for (const auto& [year, s] : sums) out.push_back({"series", year, s.first / s.second});
  *source = path + (records.annual ? " (annual)" : " (annual means of the months)");
  return out;
}

}  // namespace

CLI::App* add_seabed_command(CLI::App& app, SeabedOptions& o) {
  auto* cmd = app.add_subcommand(
      "seabed",
      "Exposed seabed per littoral state and sub-basin and shoreline retreat at every port, for "
      "a grid of levels and a level series: seabed.nc, seabed_annual.csv, shoreline_retreat.csv");
  cmd->add_option("run_file", o.run_file, "Run file (YAML): bathymetry, seed, parameters, ports")
      ->capture_default_str();
  cmd->add_option("--levels", o.levels_file,
                  "Level series: CSV (year[,month],level_m_bs), caspian run's annual_summary.csv, "
                  "CF-NetCDF sea_level(time), or caspian ensemble's ensemble_quantiles.csv");
  cmd->add_option("--sectors", o.sectors_file,
                  "State sectors on the bathymetry grid (default: "
                  "caspian_state_sectors_10arcmin.nc next to the bathymetry file)");
  cmd->add_option("--reference-level", o.reference_level_m_bs,
                  "Level from which exposed seabed is counted, m BS (default: the 2024 "
                  "whole-sea annual mean)")
      ->capture_default_str()
      ->check(CLI::Range(-100.0, 0.0));
  cmd->add_option("--min", o.level_min_m_bs, "Lowest level of the grid, m BS")
      ->capture_default_str()
      ->check(CLI::Range(-100.0, 0.0));
  cmd->add_option("--max", o.level_max_m_bs, "Highest level of the grid, m BS")
      ->capture_default_str()
      ->check(CLI::Range(-100.0, 0.0));
  cmd->add_option("--step", o.step_m, "Level step, m")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 10.0));
  cmd->add_option("--output-dir", o.output_dir,
                  "Folder for outputs (default: the run file's output.directory)");
  cmd->add_flag("--quiet", o.quiet, "No table on stdout");
  return cmd;
}

namespace {

// The bathymetry, its hypsometry and the seabed setup over them (setup points into hyps).
struct SeabedStudy {
  assembly::Bathymetry bathy;
  sea::Hypsometry hyps;
  model::SeabedSetup setup;
  std::string sectors_file;
};

std::string default_sectors_file(const io::RunConfig& config) {
  return (config.bathymetry.file.parent_path() / "caspian_state_sectors_10arcmin.nc").string();
}

std::unique_ptr<SeabedStudy> seabed_study(const io::RunConfig& config, const SeabedOptions& o) {
  if (!config.ports)
    throw core::InputError(config.run_file.string(), "ports",
                           "missing: caspian seabed needs the ports file (`ports: {file: "
                           "ports/ports.yaml}`) for the shoreline distances");
  const auto& params = config.parameters;
  auto bathy =
      assembly::load_bathymetry(config.bathymetry.file.string(), config.bathymetry.variable,
                                params.get("sea.datum_offset_m"));
  auto hyps =
      sea::build_hypsometry(bathy.grid, bathy.bed_m_bs, config.seed_lat_deg, config.seed_lon_deg,
                            o.reference_level_m_bs, params.get("sea.subgrid_relief_m"));
  const double top = std::max(o.level_max_m_bs, o.reference_level_m_bs);
  if (!(top < hyps.max_level_m_bs()))
    throw core::InputError("--max", "",
                           fmt::format("{:.2f} m BS is above the highest level the bathymetry "
                                       "grid can hold ({:.2f} m BS)",
                                       top, hyps.max_level_m_bs()));
  auto study = std::make_unique<SeabedStudy>(
      SeabedStudy{std::move(bathy),
                  std::move(hyps),
                  {},
                  o.sectors_file ? *o.sectors_file : default_sectors_file(config)});
  const auto& bathy_grid = study->bathy.grid;
  const io::PortsConfig ports =
      io::load_ports_config(config.ports->file, config.ports->depth_scenario);

  model::SeabedSetup& setup = study->setup;
  setup.hypsometry = &study->hyps;
  setup.state = load_sectors(study->sectors_file, bathy_grid);
  setup.state_names = state_names;
  for (auto b : {sea::SubBasin::north, sea::SubBasin::middle, sea::SubBasin::south})
    setup.sub_basin_names.push_back(sea::sub_basin_name(b));
  std::transform(setup.sub_basin_names.begin(), setup.sub_basin_names.end(),
                 setup.sub_basin_names.begin(), [](std::string s) {
                   s[0] = char(std::tolower(s[0]));
                   return s;
                 });
  setup.sub_basin.resize(bathy_grid.size());
  for (std::size_t c = 0; c < bathy_grid.size(); ++c)
    setup.sub_basin[c] = int(sea::caspian_sub_basin(bathy_grid.lat_deg()[c / bathy_grid.nlon()],
                                                    bathy_grid.lon_deg()[c % bathy_grid.nlon()]));
  setup.reference_level_m_bs = o.reference_level_m_bs;
  const auto& system = ports.system;
  for (std::size_t k = 0; k < system.ports.size(); ++k) {
    const auto& port = system.ports[k];
    const auto& prov = ports.port_provenance[k];
    model::SeabedPort sp;
    sp.id = port.id;
    sp.name = port.name;
    sp.lat_deg = prov.lat_deg;
    sp.lon_deg = prov.lon_deg;
    sp.position_kind = position_kind(prov.position_source);
    if (port.dredging && port.dredging->channel_length_m > 0.0)
      sp.channel_length_m = port.dredging->channel_length_m;
    sp.route = route_along(prov);
    if (!sp.route.empty()) sp.channel_length_m = sp.route.back().along_m;
    const double set_down = *std::max_element(port.set_down_m.begin(), port.set_down_m.end());
    for (const auto& share : port.vessel_mix) {
      const auto& vessel = system.classes[share.vessel_class];
      sp.class_ids.push_back(vessel.id);
      sp.required_depth_m.push_back(
          ports::required_water_depth_m(vessel, port.ukc, port.water_density_t_per_m3) + set_down);
    }
    setup.ports.push_back(std::move(sp));
  }
  return study;
}

std::vector<model::SeabedLevel> grid_levels(const SeabedOptions& o) {
  std::vector<model::SeabedLevel> levels;
  const auto n_grid =
      static_cast<std::size_t>(std::floor((o.level_max_m_bs - o.level_min_m_bs) / o.step_m + 1e-9));
  for (std::size_t k = 0; k <= n_grid; ++k)
    levels.push_back({"levels", 0, o.level_max_m_bs - double(k) * o.step_m});
  return levels;
}

void write_seabed_set(const SeabedStudy& study, const SeabedOptions& o,
                      const std::vector<model::SeabedLevel>& levels,
                      const std::string& levels_source, const std::string& history,
                      const std::filesystem::path& dir) {
  const auto results = model::assess_seabed(study.setup, levels);
  report::SeabedMetadata meta;
  meta.history = history;
  meta.levels_source = levels_source;
  meta.sectors_source = study.sectors_file +
                        ": each cell to the littoral state with the nearest coast "
                        "(DCW-GMT country polygons; scripts/derive_state_sectors.py), "
                        "not the agreed (modified median) sector lines";
  meta.reference_basis = o.reference_level_m_bs == default_seabed_reference_m_bs
                             ? "the 2024 whole-sea annual mean, Kazhydromet"
                             : "chosen with --reference-level";
  report::write_seabed_netcdf(dir / "seabed.nc", meta, study.setup, levels, results);
  report::write_seabed_csv(dir / "seabed_annual.csv", study.setup, levels, results);
  report::write_shoreline_csv(dir / "shoreline_retreat.csv", study.setup, levels, results);
}

}  // namespace

bool write_report_seabed(const io::RunConfig& config, const std::vector<model::SeabedLevel>& series,
                         const std::string& series_source, const std::string& history,
                         const std::filesystem::path& dir) {
  if (!config.ports || !std::filesystem::is_regular_file(default_sectors_file(config)))
    return false;
  const SeabedOptions o;
  const auto study = seabed_study(config, o);
  std::vector<model::SeabedLevel> levels = grid_levels(o);
  // A projection's levels the bathymetry grid cannot hold stay out of the seabed files (the run
  // itself would have stopped on them); the grid of levels is always there.
  for (const auto& l : series)
    if (l.level_m_bs < study->hyps.max_level_m_bs()) levels.push_back(l);
  std::filesystem::create_directories(dir);
  write_seabed_set(*study, o, levels, series_source, history, dir);
  return true;
}

std::vector<model::SeabedLevel> seabed_levels_from_file(const std::string& levels_file,
                                                        std::string* source) {
  return series_levels(levels_file, source);
}

int seabed_command(const SeabedOptions& o) {
  if (o.level_max_m_bs < o.level_min_m_bs)
    throw core::InputError("--max", "", "the highest level is below the lowest (--min)");
  const io::RunConfig config = io::load_run_config(o.run_file);
  const auto study = seabed_study(config, o);
  const auto& setup = study->setup;
  const auto& hyps = study->hyps;
  std::vector<model::SeabedLevel> levels = grid_levels(o);
  const std::size_t n_grid = levels.size() - 1;
  std::string levels_source;
  if (o.levels_file) {
    for (auto& l : series_levels(*o.levels_file, &levels_source)) {
      if (!(l.level_m_bs < hyps.max_level_m_bs()))
        throw core::InputError(*o.levels_file, std::to_string(l.year),
                               fmt::format("level {:.2f} m BS is above the highest level the "
                                           "bathymetry grid can hold ({:.2f} m BS)",
                                           l.level_m_bs, hyps.max_level_m_bs()));
      levels.push_back(std::move(l));
    }
  }
  const std::filesystem::path out_dir =
      o.output_dir ? std::filesystem::path(*o.output_dir) : config.output_directory;
  prepare_output_dir(out_dir);
  // The seabed files as one set, swapped in whole (io::OutputSet).
  io::OutputSet outputs(out_dir, "caspian seabed " + o.run_file);
  write_seabed_set(*study, o, levels, levels_source,
                   utc_now() + ": caspian seabed " + o.run_file +
                       (o.levels_file ? " --levels " + *o.levels_file : std::string()),
                   outputs.dir());
  outputs.commit();

  std::printf(
      "caspian seabed: %zu levels (%zu grid, %zu from the series), reference %.2f m BS; "
      "outputs in %s\n",
      levels.size(), n_grid + 1, levels.size() - n_grid - 1, o.reference_level_m_bs,
      out_dir.c_str());
  if (o.quiet) return 0;
  std::vector<model::SeabedLevel> table;
  for (double l : table_levels_m_bs) table.push_back({"table", 0, l});
  const auto rows = model::assess_seabed(setup, table);
  std::printf("\nExposed seabed since %.2f m BS, thousand km2 (sectors by nearest coast)\n",
              o.reference_level_m_bs);
  std::printf("%-8s %8s", "level", "sea");
  for (const auto& s : state_names) std::printf(" %12s", s.c_str());
  for (const auto& b : setup.sub_basin_names) std::printf(" %7s", b.c_str());
  std::printf(" %7s\n", "total");
  for (std::size_t k = 0; k < rows.size(); ++k) {
    std::printf("%-8.1f %8.1f", table[k].level_m_bs, rows[k].sea_area_m2 / 1e9);
    for (double v : rows[k].exposed_state_m2) std::printf(" %12.1f", v / 1e9);
    for (double v : rows[k].exposed_basin_m2) std::printf(" %7.1f", v / 1e9);
    std::printf(" %7.1f\n", rows[k].exposed_m2 / 1e9);
  }
  std::printf(
      "\nDistance from the port position to the shore / to water deep enough for its "
      "deepest class, km\n%-16s %-10s",
      "port", "position");
  for (double l : table_levels_m_bs) std::printf(" %14.1f", l);
  std::printf("\n");
  for (std::size_t q = 0; q < setup.ports.size(); ++q) {
    std::printf("%-16s %-10s", setup.ports[q].id.c_str(), setup.ports[q].position_kind.c_str());
    for (const auto& r : rows) {
      double deep = 0.0;
      for (double d : r.deep_water_m[q])
        deep = std::isnan(d) || std::isnan(deep) ? std::nan("") : std::max(deep, d);
      std::printf(" %6.1f / %5.1f", r.shore_m[q] / 1e3, deep / 1e3);
    }
    std::printf("\n");
  }
  return 0;
}

}  // namespace caspian::cli
