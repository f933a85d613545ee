// caspian network: the drainage network of a DEM with the Caspian at a given level.
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <vector>

#include "caspian/assembly/catchment_inputs.hpp"
#include "caspian/assembly/inputs.hpp"
#include "caspian/catchment/drainage.hpp"
#include "caspian/core/constants.hpp"
#include "caspian/core/error.hpp"
#include "caspian/core/parameters.hpp"
#include "caspian/io/cf_writer.hpp"
#include "caspian/sea/hypsometry.hpp"
#include "clock.hpp"
#include "commands.hpp"

namespace caspian::cli {

// The run assembly (loading and building a run from its config) lives in the library.
using namespace caspian::assembly;

namespace {
void write_network(const std::string& path, const NetworkOptions& o,
                   const catchment::DrainageNetwork& net, const catchment::Basins& basins) {
  const auto& grid = net.grid;
  const std::size_t n = grid.size();
  std::vector<double> d8(n), basin(n), entry_lat(n), entry_lon(n), wave(n);
  for (std::size_t c = 0; c < n; ++c) {
    d8[c] = net.d8[c];
    basin[c] = static_cast<double>(basins.cell_basin[c]);
    entry_lat[c] = grid.lat_deg()[net.entry[c] / grid.nlon()];
    entry_lon[c] = grid.lon_deg()[net.entry[c] % grid.nlon()];
    wave[c] = static_cast<double>(net.wave[c]);
  }
  io::CfWriter writer(path);
  writer.set_global_attribute("title", "Drainage network of the Caspian basin from " + o.dem_file);
  writer.set_global_attribute("source", "caspian " CASPIAN_VERSION " network");
  writer.set_global_attribute(
      "history", utc_now() + ": caspian network " + o.dem_file +
                     fmt::format(" --bathymetry-level {:g}", o.level_m_bs) +
                     (o.closed_basins_file ? " --closed-basins " + *o.closed_basins_file : ""));
  writer.set_global_attribute(
      "comment",
      fmt::format("sea: cells with wet fraction >= 0.5 at {:g} m BS (hypsometry seeded at "
                  "{:g}N {:g}E); pits filled by priority-flood; D8 on the filled surface; ocean "
                  "level {:g} m; endorheic sinks: depressions >= {:g} m deep spilling <= {:g} m; "
                  "{} known closed basins",
                  o.level_m_bs, o.seed_lat_deg, o.seed_lon_deg, net.options.ocean_level_m,
                  net.options.endorheic_min_depth_m, net.options.endorheic_max_spill_m,
                  net.closed_basin_sinks.size()));
  writer.define_grid(grid);
  writer.define_height_datum("Baltic Height System (Kronstadt)");
  writer.define_flag(
      {"flow_direction",
       "D8 flow direction on the pit-filled DEM",
       "",
       "",
       "",
       {{"comment",
         "ESRI D8 codes; outlet: Caspian sea cell, grid edge or ocean, endorheic sinks"}}},
      {"lat", "lon"},
      {"outlet", "east", "southeast", "south", "southwest", "west", "northwest", "north",
       "northeast"},
      {0, 1, 2, 4, 8, 16, 32, 64, 128});
  std::vector<std::string> basin_names;
  for (std::size_t b = 0; b < catchment::basin_count; ++b)
    basin_names.emplace_back(catchment::basin_name(static_cast<catchment::BasinId>(b)));
  writer.define_flag({"basin_id",
                      "basin by where the water enters the Caspian",
                      "",
                      "",
                      "",
                      {{"comment",
                        "named by the entry cell's region (docs/catchment.md); endorheic: ends in "
                        "an internal sink; external: leaves the grid or reaches the ocean"}}},
                     {"lat", "lon"}, basin_names);
  writer.define_variable({"upstream_area",
                          "contributing area: the cell and all cells draining through it",
                          "",
                          "m2",
                          "",
                          {}},
                         {"lat", "lon"});
  writer.define_variable({"entry_lat",
                          "latitude of the outlet cell the flow path ends in",
                          "",
                          "degrees_north",
                          "",
                          {}},
                         {"lat", "lon"}, true);
  writer.define_variable({"entry_lon",
                          "longitude of the outlet cell the flow path ends in",
                          "",
                          "degrees_east",
                          "",
                          {}},
                         {"lat", "lon"}, true);
  writer.define_variable({"filled_elevation",
                          "pit-filled surface height of the DEM",
                          "height_above_geopotential_datum",
                          "m",
                          "",
                          {{"grid_mapping", "crs"}}},
                         {"lat", "lon"}, true);
  writer.define_variable({"routing_wave",
                          "routing wave: cells of one wave depend only on earlier waves",
                          "",
                          "1",
                          "",
                          {}},
                         {"lat", "lon"}, io::Storage::int32);
  writer.end_definitions();
  writer.write("flow_direction", d8);
  writer.write("basin_id", basin);
  writer.write("upstream_area", net.upstream_area_m2);
  writer.write("entry_lat", entry_lat);
  writer.write("entry_lon", entry_lon);
  writer.write("filled_elevation", net.filled_m);
  writer.write("routing_wave", wave);
  writer.commit();
}
}  // namespace

int network_command(const NetworkOptions& o) {
  const core::ParameterSet params;
  const auto built = build_caspian_network(
      o.dem_file, o.variable, o.seed_lat_deg, o.seed_lon_deg, o.level_m_bs, params,
      "--bathymetry-level",
      o.closed_basins_file ? std::optional<std::filesystem::path>(*o.closed_basins_file)
                           : std::nullopt);
  const auto& net = built.network;
  const auto& basins = built.basins;

  if (o.output_file) write_network(*o.output_file, o, net, basins);

  std::string out = fmt::format("# drainage network of {} with the sea at {:.2f} m BS\n",
                                o.dem_file, o.level_m_bs);
  out += fmt::format("# {} cells, {} routing waves, {} endorheic sinks\n", net.grid.size(),
                     net.wave_count(),
                     std::count_if(net.depressions.begin(), net.depressions.end(),
                                   [](const auto& d) { return d.internal_sink; }));
  if (o.closed_basins_file) {
    std::vector<double> area_m2(built.closed_basin_cells.size(), 0.0);
    for (std::size_t c = 0; c < net.grid.size(); ++c) {
      if (net.ocean[c] != 0) continue;
      for (std::size_t k = 0; k < area_m2.size(); ++k) {
        if (net.entry[c] == built.closed_basin_cells[k]) area_m2[k] += net.cell_area_m2[c];
      }
    }
    out += fmt::format("# known closed basins from {}:\n", *o.closed_basins_file);
    for (std::size_t k = 0; k < area_m2.size(); ++k) {
      const std::size_t s = built.closed_basin_cells[k];
      out += fmt::format("#   {}: sink {:.2f} N {:.2f} E ({:.0f} m), {:.0f} km2 drain to it\n",
                         built.closed_basins[k].name, net.grid.lat_deg()[s / net.grid.nlon()],
                         net.grid.lon_deg()[s % net.grid.nlon()], net.elevation_m[s],
                         area_m2[k] / core::m2_per_km2);
    }
  }
  out += "basin,area_km2,entry_cells,main_entry_lat,main_entry_lon\n";
  for (const auto& s : basins.summaries) {
    const double area_km2 = s.id == catchment::BasinId::caspian_sea
                                ? basins.sea_area_m2 / core::m2_per_km2
                                : s.land_area_m2 / core::m2_per_km2;
    double lat = std::numeric_limits<double>::quiet_NaN();
    double lon = lat;
    if (s.main_entry != catchment::no_cell) {
      lat = net.grid.lat_deg()[s.main_entry / net.grid.nlon()];
      lon = net.grid.lon_deg()[s.main_entry % net.grid.nlon()];
    }
    out += fmt::format("{},{:.0f},{},{:.2f},{:.2f}\n", catchment::basin_name(s.id), area_km2,
                       s.entry_cells, lat, lon);
  }
  out +=
      fmt::format("caspian_land_total,{:.0f},,,\n", basins.caspian_land_area_m2 / core::m2_per_km2);
  out += fmt::format("caspian_drainage_with_sea,{:.0f},,,\n",
                     (basins.caspian_land_area_m2 + basins.sea_area_m2) / core::m2_per_km2);
  std::fputs(out.c_str(), stdout);
  return 0;
}

}  // namespace caspian::cli
