#include "caspian/report/run_outputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "caspian/core/constants.hpp"
#include "caspian/core/error.hpp"
#include "caspian/io/atomic_file.hpp"
#include "caspian/io/cf_writer.hpp"

namespace caspian::report {

namespace {

void set_common_attributes(io::CfWriter& writer, const RunMetadata& meta) {
  writer.set_global_attribute("title", meta.title);
  writer.set_global_attribute("institution", "caspian open-source model");
  writer.set_global_attribute("source", "caspian " CASPIAN_VERSION " sea water-balance model");
  writer.set_global_attribute("history", meta.history);
  writer.set_global_attribute("references", "inputs/PROVENANCE.md; docs/run_file.md");
  writer.set_global_attribute("run_name", meta.run_name);
  writer.set_global_attribute("scenario", meta.scenario);
  writer.set_global_attribute("run_file", meta.run_file);
  writer.set_global_attribute("config", meta.run_file_text);
  writer.set_global_attribute("parameters", meta.parameters_text);
  writer.set_global_attribute("height_datum", "Baltic Height System (Kronstadt), m BS");
}

core::Date first_day(const core::YearMonth& ym) { return core::Date{ym.year, ym.month, 1, 0.0}; }

const std::string height_datum = "Baltic Height System (Kronstadt)";
const std::pair<std::string, std::string> on_datum{"grid_mapping", "crs"};
}  // namespace

std::string river_id(const std::string& name) {
  std::string id;
  bool gap = false;
  for (unsigned char c : name) {
    if (std::isalnum(c)) {
      if (gap && !id.empty()) id += '_';
      id += char(std::tolower(c));
      gap = false;
    } else {
      gap = true;
    }
  }
  return id.empty() ? "river" : id;
}

std::vector<std::string> river_ids(const std::vector<std::string>& names) {
  std::vector<std::string> ids;
  for (const auto& n : names) ids.push_back(river_id(n));
  return ids;
}

void write_sea_time_series(const std::filesystem::path& path, const RunMetadata& meta,
                           const std::vector<model::MonthResult>& months,
                           const std::vector<std::string>& river_names) {
  if (months.empty()) throw core::Error("write_sea_time_series: no months to write");
  const core::Date epoch = first_day(months.front().month);
  io::TimeAxis axis;
  axis.units = core::format_time_units_days(epoch);
  axis.calendar = meta.calendar;
  for (const auto& m : months) {
    const double start = core::days_between(meta.calendar, epoch, first_day(m.month));
    axis.values.push_back(start + 0.5 * m.days);
    axis.bounds.push_back({start, start + m.days});
  }

  // States at the month's ends sit on their own instants, not on the mid-month time.
  std::vector<double> month_start, month_end;
  for (const auto& b : axis.bounds) {
    month_start.push_back(b[0]);
    month_end.push_back(b[1]);
  }

  io::CfWriter writer(path);
  set_common_attributes(writer, meta);
  writer.set_global_attribute("featureType", "timeSeries");
  writer.define_time(axis);
  writer.define_time_instants("time_start", "start of the month", month_start);
  writer.define_time_instants("time_end", "end of the month", month_end);
  writer.define_height_datum(height_datum);
  writer.define_labels("river", river_ids(river_names), "timeseries_id");

  struct Series {
    io::CfVariable var;
    std::vector<double> values;
  };
  const std::pair<std::string, std::string> at_end{"coordinates", "time_end"};
  const std::pair<std::string, std::string> at_start{"coordinates", "time_start"};
  const std::pair<std::string, std::string> instant{
      "comment", "instantaneous value at the time given by the coordinates attribute"};
  std::vector<Series> series = {
      {{"sea_level",
        "sea level, mean over the month (trapezoid of start and end)",
        "sea_surface_height_above_geopotential_datum",
        "m",
        "time: mean",
        {on_datum}},
       {}},
      {{"sea_level_end",
        "sea level at the end of the month",
        "sea_surface_height_above_geopotential_datum",
        "m",
        "",
        {on_datum, at_end, instant}},
       {}},
      {{"sea_area",
        "area of the sea at the level at the start of the month (fluxes use it)",
        "sea_area",
        "m2",
        "",
        {at_start, instant}},
       {}},
      {{"sea_volume",
        "volume of the sea at the end of the month",
        "sea_water_volume",
        "m3",
        "",
        {at_end, instant}},
       {}},
      {{"river_inflow",
        "river inflow into the sea, all rivers",
        "water_volume_transport_into_sea_water_from_rivers",
        "m3 s-1",
        "time: mean",
        {}},
       {}},
      {{"groundwater_inflow", "groundwater inflow into the sea", "", "m3 s-1", "time: mean", {}},
       {}},
      {{"precipitation", "precipitation on the sea surface", "", "m3 s-1", "time: mean", {}}, {}},
      {{"evaporation", "evaporation from the sea surface", "", "m3 s-1", "time: mean", {}}, {}},
      {{"kbg_outflow", "outflow into Kara-Bogaz-Gol", "", "m3 s-1", "time: mean", {}}, {}},
      {{"withdrawal", "withdrawal from the sea", "", "m3 s-1", "time: mean", {}}, {}},
      {{"sea_ice_area",
        "area of the sea covered by ice, mean over the month (the bulk evaporation scheme's "
        "slab ice; no evaporation under ice)",
        "",
        "m2",
        "time: mean",
        {}},
       {}},
      {{"net_inflow",
        "net water balance of the sea (inflows - outflows)",
        "",
        "m3 s-1",
        "time: mean",
        {}},
       {}},
  };
  for (const auto& m : months) {
    const auto& t = m.terms;
    const double values[] = {0.5 * (m.level_start_m_bs + m.level_end_m_bs),
                             m.level_end_m_bs,
                             t.area_m2,
                             m.volume_end_m3,
                             t.river_inflow_m3_per_s,
                             t.groundwater_inflow_m3_per_s,
                             t.precipitation_m3_per_s,
                             t.evaporation_m3_per_s,
                             t.kbg_outflow_m3_per_s,
                             t.withdrawal_m3_per_s,
                             m.ice_area_m2,
                             t.net_m3_per_s};
    for (std::size_t k = 0; k < series.size(); ++k) series[k].values.push_back(values[k]);
  }
  for (const auto& s : series) writer.define_variable(s.var, {"time"});
  writer.define_variable({"river_discharge",
                          "inflow into the sea per river",
                          "water_volume_transport_into_sea_water_from_rivers",
                          "m3 s-1",
                          "time: mean",
                          {}},
                         {"time", "river"});
  writer.end_definitions();
  for (const auto& s : series) writer.write(s.var.name, s.values);
  std::vector<double> per_river;
  for (const auto& m : months)
    per_river.insert(per_river.end(), m.river_inflow_m3_per_s.begin(),
                     m.river_inflow_m3_per_s.end());
  writer.write("river_discharge", per_river);
  writer.commit();
}

void write_wet_fraction(const std::filesystem::path& path, const RunMetadata& meta,
                        const core::LatLonGrid& grid, const std::vector<AnnualWetFraction>& years) {
  if (years.empty()) throw core::Error("write_wet_fraction: no years to write");
  const core::Date epoch{years.front().year, 1, 1, 0.0};
  io::TimeAxis axis;
  axis.units = core::format_time_units_days(epoch);
  axis.calendar = meta.calendar;
  for (const auto& y : years) {
    const double start = core::days_between(meta.calendar, epoch, core::Date{y.year, 1, 1, 0.0});
    const double end = core::days_between(meta.calendar, epoch, core::Date{y.year + 1, 1, 1, 0.0});
    axis.values.push_back(0.5 * (start + end));
    axis.bounds.push_back({start, end});
  }
  io::CfWriter writer(path);
  set_common_attributes(writer, meta);
  writer.define_time(axis);
  writer.define_grid(grid);
  writer.define_height_datum(height_datum);
  writer.define_variable({"sea_area_fraction",
                          "fraction of the cell covered by the sea at the "
                          "year's mean level",
                          "sea_area_fraction",
                          "1",
                          "time: mean",
                          {}},
                         {"time", "lat", "lon"}, /*as_float=*/true);
  writer.define_variable({"annual_mean_level",
                          "annual mean sea level",
                          "sea_surface_height_above_geopotential_datum",
                          "m",
                          "time: mean",
                          {on_datum}},
                         {"time"});
  writer.end_definitions();
  std::vector<double> levels;
  for (std::size_t t = 0; t < years.size(); ++t) {
    writer.write_time_slice("sea_area_fraction", t, years[t].wet_fraction);
    levels.push_back(years[t].mean_level_m_bs);
  }
  writer.write("annual_mean_level", levels);
  writer.commit();
}

void write_annual_summary_csv(const std::filesystem::path& path,
                              const std::vector<model::MonthResult>& months) {
  struct Year {
    double days = 0, level_days = 0, area_days = 0, level_end = 0, volume_end = 0;
    double river = 0, groundwater = 0, precipitation = 0, evaporation = 0, kbg = 0, withdrawal = 0,
           net = 0;  // m3
  };
  std::map<int, Year> years;
  for (const auto& m : months) {
    Year& y = years[m.month.year];
    const double dt = m.days * core::seconds_per_day;
    y.days += m.days;
    y.level_days += 0.5 * (m.level_start_m_bs + m.level_end_m_bs) * m.days;
    y.area_days += m.terms.area_m2 * m.days;
    y.level_end = m.level_end_m_bs;
    y.volume_end = m.volume_end_m3;
    y.river += m.terms.river_inflow_m3_per_s * dt;
    y.groundwater += m.terms.groundwater_inflow_m3_per_s * dt;
    y.precipitation += m.terms.precipitation_m3_per_s * dt;
    y.evaporation += m.terms.evaporation_m3_per_s * dt;
    y.kbg += m.terms.kbg_outflow_m3_per_s * dt;
    y.withdrawal += m.terms.withdrawal_m3_per_s * dt;
    y.net += m.terms.net_m3_per_s * dt;
  }
  io::AtomicTextFile file(path);
  auto& out = file.stream();
  out << "year,months,mean_level_m_bs,end_level_m_bs,mean_area_km2,end_volume_km3,"
         "river_inflow_km3,groundwater_km3,precipitation_km3,evaporation_km3,kbg_outflow_km3,"
         "withdrawal_km3,net_km3\n";
  for (const auto& [year, y] : years) {
    // Volumes over the simulated part of the year (a whole year except at a partial start/end).
    const double k = 1.0 / core::m3_per_km3;
    const int months_in_year = int(std::count_if(
        months.begin(), months.end(), [year](const auto& m) { return m.month.year == year; }));
    out << fmt::format(
        "{},{},{:.4f},{:.4f},{:.1f},{:.1f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f}\n",
        year, months_in_year, y.level_days / y.days, y.level_end,
        y.area_days / y.days / core::m2_per_km2, y.volume_end * k, y.river * k, y.groundwater * k,
        y.precipitation * k, y.evaporation * k, y.kbg * k, y.withdrawal * k, y.net * k);
  }
  file.commit();
}

namespace {
io::TimeAxis monthly_axis(core::Calendar calendar, const std::vector<core::YearMonth>& months) {
  const core::Date epoch = first_day(months.front());
  io::TimeAxis axis;
  axis.units = core::format_time_units_days(epoch);
  axis.calendar = calendar;
  for (const auto& ym : months) {
    const double start = core::days_between(calendar, epoch, first_day(ym));
    const double days = core::days_in_month(calendar, ym.year, ym.month);
    axis.values.push_back(start + 0.5 * days);
    axis.bounds.push_back({start, start + days});
  }
  return axis;
}
}  // namespace

void write_catchment_outputs(const std::filesystem::path& path, const RunMetadata& meta,
                             const core::LatLonGrid& grid,
                             const std::vector<model::CatchmentMonth>& months,
                             const std::vector<std::string>& river_names) {
  if (months.empty()) throw core::Error("write_catchment_outputs: no months to write");
  std::vector<core::YearMonth> yms;
  for (const auto& m : months) yms.push_back(m.month);
  io::CfWriter writer(path);
  set_common_attributes(writer, meta);
  const io::TimeAxis axis = monthly_axis(meta.calendar, yms);
  std::vector<double> month_end;
  for (const auto& b : axis.bounds) month_end.push_back(b[1]);
  const bool fields = !months.front().runoff_mm_per_day.empty();
  // A discrete-sampling (time series) file only without the gridded fields.
  if (!fields) writer.set_global_attribute("featureType", "timeSeries");
  writer.define_time(axis);
  writer.define_time_instants("time_end", "end of the month", month_end);
  writer.define_labels("river", river_ids(river_names), "timeseries_id");
  writer.define_variable({"river_discharge",
                          "inflow into the sea per river (after reservoirs and "
                          "withdrawals)",
                          "water_volume_transport_into_sea_water_from_rivers",
                          "m3 s-1",
                          "time: mean",
                          {}},
                         {"time", "river"});
  writer.define_variable({"natural_river_discharge",
                          "inflow into the sea per river before the "
                          "reservoir cascade and withdrawals",
                          "water_volume_transport_in_river_channel",
                          "m3 s-1",
                          "time: mean",
                          {}},
                         {"time", "river"});
  writer.define_variable({"volga_reservoir_storage",
                          "useful storage held by the Volga-Kama cascade "
                          "at the end of the month",
                          "",
                          "m3",
                          "",
                          {{"coordinates", "time_end"},
                           {"comment", "instantaneous value at time_end (the end of the month)"}}},
                         {"time"});
  writer.define_variable({"volga_reservoir_net_evaporation",
                          "net evaporation from the Volga-Kama "
                          "cascade",
                          "",
                          "m3 s-1",
                          "time: mean",
                          {}},
                         {"time"});
  const double fill = 9.96921e36;
  if (fields) {
    writer.define_grid(grid);
    writer.define_variable({"runoff",
                            "runoff leaving the land cell (routed within the cell)",
                            "runoff_flux",
                            "kg m-2 s-1",
                            "time: mean",
                            {}},
                           {"time", "lat", "lon"}, true, fill);
    writer.define_variable({"snow_water_equivalent",
                            "snow water equivalent",
                            "lwe_thickness_of_surface_snow_amount",
                            "m",
                            "time: mean",
                            {}},
                           {"time", "lat", "lon"}, true, fill);
    writer.define_variable({"soil_moisture",
                            "soil moisture of the HBV soil store",
                            "mass_content_of_water_in_soil",
                            "kg m-2",
                            "time: mean",
                            {}},
                           {"time", "lat", "lon"}, true, fill);
    writer.define_variable({"channel_transmission_loss",
                            "water lost from the cell's channel into its bed (transmission "
                            "loss), over the cell",
                            "",
                            "kg m-2 s-1",
                            "time: mean",
                            {}},
                           {"time", "lat", "lon"}, true, fill);
  }
  writer.end_definitions();
  std::vector<double> regulated, natural, storage, evaporation;
  for (const auto& m : months) {
    regulated.insert(regulated.end(), m.inflow_to_sea_m3_per_s.begin(),
                     m.inflow_to_sea_m3_per_s.end());
    natural.insert(natural.end(), m.natural_inflow_m3_per_s.begin(),
                   m.natural_inflow_m3_per_s.end());
    storage.push_back(m.volga_reservoir_storage_m3);
    evaporation.push_back(m.volga_reservoir_net_evaporation_m3_per_s);
  }
  writer.write("river_discharge", regulated);
  writer.write("natural_river_discharge", natural);
  writer.write("volga_reservoir_storage", storage);
  writer.write("volga_reservoir_net_evaporation", evaporation);
  if (fields) {
    std::vector<double> buffer(grid.size());
    for (std::size_t t = 0; t < months.size(); ++t) {
      const auto& m = months[t];
      // mm/day = kg m-2 day-1 -> kg m-2 s-1; mm of snow -> m; mm of soil water = kg m-2.
      for (std::size_t c = 0; c < buffer.size(); ++c)
        buffer[c] = m.runoff_mm_per_day[c] / core::seconds_per_day;
      writer.write_time_slice("runoff", t, buffer);
      for (std::size_t c = 0; c < buffer.size(); ++c)
        buffer[c] = m.snow_water_equivalent_mm[c] * 1e-3;
      writer.write_time_slice("snow_water_equivalent", t, buffer);
      writer.write_time_slice("soil_moisture", t, m.soil_moisture_mm);
      for (std::size_t c = 0; c < buffer.size(); ++c)
        buffer[c] = m.transmission_loss_mm_per_day[c] / core::seconds_per_day;
      writer.write_time_slice("channel_transmission_loss", t, buffer);
    }
  }
  writer.commit();
}

void write_river_inflow_csv(const std::filesystem::path& path,
                            const std::vector<model::CatchmentMonth>& months,
                            const std::vector<std::string>& river_names) {
  std::map<int, std::pair<std::vector<double>, std::vector<double>>> years;  // km3
  std::map<int, int> month_count;
  for (const auto& m : months) {
    auto& [regulated, natural] = years[m.month.year];
    regulated.resize(river_names.size(), 0.0);
    natural.resize(river_names.size(), 0.0);
    const double dt = m.days * core::seconds_per_day / core::m3_per_km3;
    for (std::size_t r = 0; r < river_names.size(); ++r) {
      regulated[r] += m.inflow_to_sea_m3_per_s[r] * dt;
      natural[r] += m.natural_inflow_m3_per_s[r] * dt;
    }
    ++month_count[m.month.year];
  }
  io::AtomicTextFile file(path);
  auto& out = file.stream();
  out << "year,months";
  for (const auto& name : river_names) out << "," << name << "_km3";
  for (const auto& name : river_names) out << "," << name << "_natural_km3";
  out << "\n";
  for (const auto& [year, flows] : years) {
    out << year << "," << month_count[year];
    for (double v : flows.first) out << fmt::format(",{:.3f}", v);
    for (double v : flows.second) out << fmt::format(",{:.3f}", v);
    out << "\n";
  }
  file.commit();
}

std::string format_timing(const Timing& t) {
  auto share = [&t](double s) { return t.total_s > 0 ? 100.0 * s / t.total_s : 0.0; };
  std::string out = "timing (wall clock):\n";
  out += fmt::format("  init     {:9.3f} s  {:5.1f}%  (run file, bathymetry, hypsometry)\n",
                     t.init_s, share(t.init_s));
  out += fmt::format("  forcing  {:9.3f} s  {:5.1f}%  (climatologies read and regridded)\n",
                     t.forcing_s, share(t.forcing_s));
  if (t.catchment_s > 0) {
    out += fmt::format("  catchment{:9.3f} s  {:5.1f}%  (daily land cells and routing)\n",
                       t.catchment_s, share(t.catchment_s));
  }
  out +=
      fmt::format("  sea      {:9.3f} s  {:5.1f}%  (monthly sea steps)\n", t.sea_s, share(t.sea_s));
  out +=
      fmt::format("  write    {:9.3f} s  {:5.1f}%  (NetCDF, CSV)\n", t.write_s, share(t.write_s));
  out += fmt::format("  total    {:9.3f} s\n", t.total_s);
  if (t.sea_s > 0) {
    out += fmt::format(
        "  {:.3g} cell-steps/s in the time loop; {:.3g} simulated years per wall-clock day\n",
        t.cell_steps / t.sea_s, t.simulated_years / t.total_s * core::seconds_per_day);
  }
  return out;
}

}  // namespace caspian::report
