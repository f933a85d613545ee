#include "caspian/report/seabed_outputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "caspian/core/time.hpp"
#include "caspian/core/units.hpp"
#include "caspian/io/atomic_file.hpp"
#include "caspian/io/cf_writer.hpp"

namespace caspian::report {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double fill = -9999.0;
constexpr double km2 = 1e6;
constexpr double km = 1e3;

std::string number(double value, int decimals) {
  return std::isfinite(value) ? fmt::format("{:.{}f}", value, decimals) : std::string();
}
std::string year_text(int year) { return year > 0 ? std::to_string(year) : std::string(); }

// "port:class" labels, one per port and class of its mix.
std::vector<std::string> berth_labels(const model::SeabedSetup& setup) {
  std::vector<std::string> labels;
  for (const auto& p : setup.ports)
    for (const auto& c : p.class_ids) labels.push_back(p.id + ":" + c);
  return labels;
}
}  // namespace

void write_seabed_csv(const std::filesystem::path& path, const model::SeabedSetup& setup,
                      const std::vector<model::SeabedLevel>& levels,
                      const std::vector<model::SeabedResult>& results) {
  io::AtomicTextFile file(path);
  auto& out = file.stream();
  out << "series,year,level_m_bs,reference_level_m_bs,sea_area_km2,exposed_km2";
  for (const auto& s : setup.state_names) out << ",exposed_" << s << "_km2";
  for (const auto& b : setup.sub_basin_names) out << ",exposed_" << b << "_km2";
  for (const auto& s : setup.state_names) out << ",sea_area_" << s << "_km2";
  out << "\n";
  for (std::size_t k = 0; k < levels.size(); ++k) {
    const auto& r = results[k];
    out << levels[k].series << ',' << year_text(levels[k].year) << ','
        << number(levels[k].level_m_bs, 3) << ',' << number(setup.reference_level_m_bs, 3) << ','
        << number(r.sea_area_m2 / km2, 1) << ',' << number(r.exposed_m2 / km2, 1);
    for (double v : r.exposed_state_m2) out << ',' << number(v / km2, 1);
    for (double v : r.exposed_basin_m2) out << ',' << number(v / km2, 1);
    for (double v : r.sea_area_state_m2) out << ',' << number(v / km2, 1);
    out << "\n";
  }
  file.commit();
}

void write_shoreline_csv(const std::filesystem::path& path, const model::SeabedSetup& setup,
                         const std::vector<model::SeabedLevel>& levels,
                         const std::vector<model::SeabedResult>& results) {
  io::AtomicTextFile file(path);
  auto& out = file.stream();
  out << "series,year,level_m_bs,port_id,position_kind,class_id,required_depth_m,shore_distance_km,"
         "deep_water_distance_km,channel_length_km,channel_extension_km,shore_retreat_km,"
         "deep_water_retreat_km\n";
  for (std::size_t k = 0; k < levels.size(); ++k) {
    const auto& r = results[k];
    for (std::size_t p = 0; p < setup.ports.size(); ++p) {
      const auto& port = setup.ports[p];
      for (std::size_t c = 0; c < port.class_ids.size(); ++c) {
        out << levels[k].series << ',' << year_text(levels[k].year) << ','
            << number(levels[k].level_m_bs, 3) << ',' << port.id << ',' << port.position_kind << ','
            << port.class_ids[c] << ',' << number(port.required_depth_m[c], 2) << ','
            << number(r.shore_m[p] / km, 2) << ',' << number(r.deep_water_m[p][c] / km, 2) << ','
            << (port.channel_length_m ? number(*port.channel_length_m / km, 2) : std::string())
            << ',' << number(r.channel_extension_m[p][c] / km, 2) << ','
            << number(r.shore_retreat_m[p] / km, 2) << ','
            << number(r.deep_water_retreat_m[p][c] / km, 2) << "\n";
      }
    }
  }
  file.commit();
}

void write_seabed_netcdf(const std::filesystem::path& path, const SeabedMetadata& meta,
                         const model::SeabedSetup& setup,
                         const std::vector<model::SeabedLevel>& levels,
                         const std::vector<model::SeabedResult>& results) {
  const sea::Hypsometry& hyps = *setup.hypsometry;
  const std::size_t ns = setup.state_names.size();
  const std::size_t nb = setup.sub_basin_names.size();
  const std::size_t np = setup.ports.size();
  const auto berths = berth_labels(setup);
  const std::size_t nc = berths.size();

  std::vector<std::size_t> grid_rows;
  std::vector<std::string> series_names;
  std::set<int> year_set;
  for (std::size_t k = 0; k < levels.size(); ++k) {
    if (levels[k].year == 0) {
      grid_rows.push_back(k);
      continue;
    }
    if (std::find(series_names.begin(), series_names.end(), levels[k].series) == series_names.end())
      series_names.push_back(levels[k].series);
    year_set.insert(levels[k].year);
  }
  const std::vector<int> years(year_set.begin(), year_set.end());

  io::CfWriter w(path);
  w.set_global_attribute("title",
                         "Caspian Sea exposed seabed per littoral state and sub-basin, "
                         "and shoreline retreat at the ports");
  w.set_global_attribute("institution", "caspian project");
  w.set_global_attribute("source", "caspian " CASPIAN_VERSION " seabed");
  w.set_global_attribute("history", meta.history);
  w.set_global_attribute("references", meta.sectors_source);
  w.set_global_attribute(
      "comment",
      fmt::format("Exposed seabed = sea area at the reference level {:.2f} m BS ({}) minus the "
                  "sea area at the level (negative: flooded). Areas from the hypsometry's wet "
                  "fractions on the sphere. Distances along sea cells (8 neighbours, great "
                  "circles between centres). Level series: {}",
                  setup.reference_level_m_bs, meta.reference_basis,
                  meta.levels_source.empty() ? "none" : meta.levels_source));
  w.define_grid(hyps.grid());
  std::vector<double> grid_levels;
  for (std::size_t k : grid_rows) grid_levels.push_back(levels[k].level_m_bs);
  const bool have_grid = !grid_levels.empty();
  const io::CfVariable level_axis{
      "level",
      "sea level",
      "sea_surface_height_above_geopotential_datum",
      "m",
      "",
      {{"geopotential_datum_name", "Baltic Height System (Kronstadt)"}, {"positive", "up"}}};
  if (have_grid) w.define_axis(level_axis, grid_levels);
  w.define_labels("state", setup.state_names);
  w.define_labels("sub_basin", setup.sub_basin_names);
  if (np > 0)
    w.define_labels("port", [&] {
      std::vector<std::string> ids;
      for (const auto& p : setup.ports) ids.push_back(p.id);
      return ids;
    }());
  if (nc > 0) w.define_labels("berth", berths);
  const bool have_series = !years.empty();
  if (have_series) {
    io::TimeAxis time;
    const core::Date epoch{1850, 1, 1, 0.0};
    time.units = core::format_time_units_days(epoch);
    time.calendar = core::Calendar::proleptic_gregorian;
    for (int y : years) {
      const double t0 = core::days_between(time.calendar, epoch, {y, 1, 1, 0.0});
      const double t1 = core::days_between(time.calendar, epoch, {y + 1, 1, 1, 0.0});
      time.values.push_back(0.5 * (t0 + t1));
      time.bounds.push_back({t0, t1});
    }
    w.define_time(time);
    w.define_labels("series", series_names);
  }

  const auto var = [&](const std::string& name, const std::string& long_name,
                       const std::string& standard_name, const std::string& units,
                       const std::vector<std::string>& dims,
                       std::vector<std::pair<std::string, std::string>> extra = {}) {
    w.define_variable({name, long_name, standard_name, units, "", std::move(extra)}, dims, false,
                      fill);
  };
  const std::string ref_note =
      fmt::format("relative to the reference level {:.2f} m BS", setup.reference_level_m_bs);
  if (have_grid) {
    var("sea_area", "area of the sea", "sea_area", "m2", {"level"});
    var("exposed_area", "seabed exposed " + ref_note, "", "m2", {"level"});
    var("sea_area_state", "area of the sea in the state's sector (nearest coast)", "", "m2",
        {"level", "state"});
    var("exposed_area_state", "seabed exposed in the state's sector " + ref_note, "", "m2",
        {"level", "state"});
    var("exposed_area_sub_basin", "seabed exposed in the sub-basin " + ref_note, "", "m2",
        {"level", "sub_basin"});
    if (np > 0) {
      var("shore_distance", "distance from the port position to the nearest sea cell", "", "m",
          {"level", "port"});
      var("shore_retreat", "shore distance minus its value at the reference level", "", "m",
          {"level", "port"});
    }
    if (nc > 0) {
      var("deep_water_distance",
          "distance from the port position along sea cells to water deep enough for the class", "",
          "m", {"level", "berth"});
      var("channel_extension",
          "deep-water distance beyond the existing approach channel (0 when within it)", "", "m",
          {"level", "berth"});
    }
  }
  if (nc > 0)
    var("required_depth",
        "water depth the class needs at full design draft (draft, UKC, squat, "
        "largest monthly set-down)",
        "", "m", {"berth"});
  if (have_series) {
    var("sea_level", "annual mean sea level of the series",
        "sea_surface_height_above_geopotential_datum", "m", {"time", "series"},
        {{"geopotential_datum_name", "Baltic Height System (Kronstadt)"}});
    var("series_exposed_area_state", "seabed exposed in the state's sector " + ref_note, "", "m2",
        {"time", "series", "state"});
    var("series_exposed_area_sub_basin", "seabed exposed in the sub-basin " + ref_note, "", "m2",
        {"time", "series", "sub_basin"});
    if (np > 0)
      var("series_shore_distance", "distance from the port position to the nearest sea cell", "",
          "m", {"time", "series", "port"});
    if (nc > 0)
      var("series_deep_water_distance",
          "distance from the port position along sea cells to water deep enough for the class", "",
          "m", {"time", "series", "berth"});
  }
  std::string state_meanings;
  for (const auto& s : setup.state_names) state_meanings += (state_meanings.empty() ? "" : " ") + s;
  std::string basin_meanings;
  for (const auto& b : setup.sub_basin_names)
    basin_meanings += (basin_meanings.empty() ? "" : " ") + b;
  var("state_sector", "littoral state sector by nearest coast", "", "", {"lat", "lon"},
      {{"flag_meanings", state_meanings}});
  var("sub_basin_index", "Caspian sub-basin (split at the Chechen-Tyub-Karagan and Apsheron sills)",
      "", "", {"lat", "lon"}, {{"flag_meanings", basin_meanings}});
  var("drying_level",
      "sea level below which the cell is no longer part of the sea (its join level)",
      "sea_surface_height_above_geopotential_datum", "m", {"lat", "lon"},
      {{"geopotential_datum_name", "Baltic Height System (Kronstadt)"}});
  std::vector<double> flags(ns);
  for (std::size_t k = 0; k < ns; ++k) flags[k] = double(k);
  w.set_variable_attribute("state_sector", "flag_values", flags);
  std::vector<double> basin_flags(nb);
  for (std::size_t k = 0; k < nb; ++k) basin_flags[k] = double(k);
  w.set_variable_attribute("sub_basin_index", "flag_values", basin_flags);
  w.end_definitions();

  if (have_grid) {
    std::vector<double> a, e, as, es, eb, sd, sr, dd, ce;
    for (std::size_t k : grid_rows) {
      const auto& r = results[k];
      a.push_back(r.sea_area_m2);
      e.push_back(r.exposed_m2);
      as.insert(as.end(), r.sea_area_state_m2.begin(), r.sea_area_state_m2.end());
      es.insert(es.end(), r.exposed_state_m2.begin(), r.exposed_state_m2.end());
      eb.insert(eb.end(), r.exposed_basin_m2.begin(), r.exposed_basin_m2.end());
      sd.insert(sd.end(), r.shore_m.begin(), r.shore_m.end());
      sr.insert(sr.end(), r.shore_retreat_m.begin(), r.shore_retreat_m.end());
      for (std::size_t p = 0; p < np; ++p) {
        dd.insert(dd.end(), r.deep_water_m[p].begin(), r.deep_water_m[p].end());
        ce.insert(ce.end(), r.channel_extension_m[p].begin(), r.channel_extension_m[p].end());
      }
    }
    w.write("sea_area", a);
    w.write("exposed_area", e);
    w.write("sea_area_state", as);
    w.write("exposed_area_state", es);
    w.write("exposed_area_sub_basin", eb);
    if (np > 0) {
      w.write("shore_distance", sd);
      w.write("shore_retreat", sr);
    }
    if (nc > 0) {
      w.write("deep_water_distance", dd);
      w.write("channel_extension", ce);
    }
  }
  if (nc > 0) {
    std::vector<double> req;
    for (const auto& p : setup.ports)
      req.insert(req.end(), p.required_depth_m.begin(), p.required_depth_m.end());
    w.write("required_depth", req);
  }
  if (have_series) {
    const std::size_t nser = series_names.size();
    const std::size_t nt = years.size();
    std::vector<double> lv(nt * nser, nan), es(nt * nser * ns, nan), eb(nt * nser * nb, nan),
        sd(nt * nser * np, nan), dd(nt * nser * nc, nan);
    for (std::size_t k = 0; k < levels.size(); ++k) {
      if (levels[k].year == 0) continue;
      const auto t =
          std::size_t(std::lower_bound(years.begin(), years.end(), levels[k].year) - years.begin());
      const auto s =
          std::size_t(std::find(series_names.begin(), series_names.end(), levels[k].series) -
                      series_names.begin());
      const std::size_t ts = t * nser + s;
      const auto& r = results[k];
      lv[ts] = levels[k].level_m_bs;
      std::copy(r.exposed_state_m2.begin(), r.exposed_state_m2.end(), es.begin() + long(ts * ns));
      std::copy(r.exposed_basin_m2.begin(), r.exposed_basin_m2.end(), eb.begin() + long(ts * nb));
      std::copy(r.shore_m.begin(), r.shore_m.end(), sd.begin() + long(ts * np));
      std::size_t b = 0;
      for (std::size_t p = 0; p < np; ++p)
        for (double v : r.deep_water_m[p]) dd[ts * nc + b++] = v;
    }
    w.write("sea_level", lv);
    w.write("series_exposed_area_state", es);
    w.write("series_exposed_area_sub_basin", eb);
    if (np > 0) w.write("series_shore_distance", sd);
    if (nc > 0) w.write("series_deep_water_distance", dd);
  }
  std::vector<double> state(setup.state.begin(), setup.state.end());
  std::vector<double> basin(setup.sub_basin.begin(), setup.sub_basin.end());
  std::vector<double> join(hyps.join_level_m_bs().begin(), hyps.join_level_m_bs().end());
  for (auto& j : join)
    if (!std::isfinite(j)) j = nan;
  w.write("state_sector", state);
  w.write("sub_basin_index", basin);
  w.write("drying_level", join);
  w.commit();
}

}  // namespace caspian::report
