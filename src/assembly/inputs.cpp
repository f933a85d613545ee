#include "caspian/assembly/inputs.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "caspian/assembly/gcm_change.hpp"
#include "caspian/climate/regrid.hpp"
#include "caspian/core/constants.hpp"
#include "caspian/core/error.hpp"
#include "caspian/core/units.hpp"
#include "caspian/io/annual_series.hpp"
#include "caspian/io/cmip6_atlas.hpp"
#include "caspian/io/netcdf.hpp"

namespace caspian::assembly {

namespace {
constexpr double seconds_per_year = 365.25 * core::seconds_per_day;
double km3_per_yr_to_m3_per_s(double km3_per_yr) {
  return km3_per_yr * core::m3_per_km3 / seconds_per_year;
}

// Temperature changes the ice table spans (beyond them the ends are used).
constexpr double ice_table_lo_K = -4.0, ice_table_hi_K = 10.0, ice_table_step_K = 0.5;

core::YearTrajectory scaled(const core::YearTrajectory& t, double factor) {
  core::YearTrajectory out;
  for (const auto& [year, value] : t) out[year] = value * factor;
  return out;
}
}  // namespace

Bathymetry load_bathymetry(const std::string& path, const std::string& variable,
                           double datum_offset_m) {
  core::GridField field = io::read_grid_field(path, variable, core::Quantity::height_m);
  for (std::size_t c = 0; c < field.values.size(); ++c) {
    if (!std::isfinite(field.values[c])) {
      const std::size_t i = c / field.grid.nlon();
      const std::size_t j = c % field.grid.nlon();
      throw core::InputError(path, variable,
                             fmt::format("missing or non-finite height at lat {:.4f}, lon {:.4f}; "
                                         "the bathymetry must be complete over its grid",
                                         field.grid.lat_deg()[i], field.grid.lon_deg()[j]));
    }
    field.values[c] += datum_offset_m;
  }
  return {std::move(field.grid), std::move(field.values)};
}

model::MonthlyFields load_monthly_climatology(const io::VariableSource& source,
                                              core::Quantity quantity,
                                              const core::LatLonGrid& target, double min_value,
                                              double max_value, core::LatLonGrid* source_grid,
                                              bool fill_missing) {
  const std::string path = source.file.string();
  // Read a box around the target with a margin of a few source cells for the interpolation.
  const double margin_deg = 6.0;
  const io::BoundingBox box{
      target.lat_deg().front() - margin_deg, target.lat_deg().back() + margin_deg,
      target.lon_deg().front() - margin_deg, target.lon_deg().back() + margin_deg};
  const io::GridSeries series = io::read_grid_series(path, source.variable, quantity, box);
  if (series.values.size() != 12) {
    throw core::InputError(path, source.variable,
                           fmt::format("expected a monthly climatology of 12 time steps, found {}",
                                       series.values.size()));
  }
  if (source_grid != nullptr) *source_grid = series.grid;
  // The forcing must cover the model grid: edge values are never stretched over missing areas.
  const auto& g = series.grid;
  const double lat_lo = g.lat_south_deg(0), lat_hi = g.lat_north_deg(g.nlat() - 1);
  const double lon_lo = g.lon_deg().front() - 0.5 * g.dlon_deg();
  const double lon_hi = g.lon_deg().back() + 0.5 * g.dlon_deg();
  auto within_lon = [&](double lon) {
    for (double shift : {-360.0, 0.0, 360.0}) {
      if (lon + shift >= lon_lo - 1e-9 && lon + shift <= lon_hi + 1e-9) return true;
    }
    return false;
  };
  const bool global_lon = g.dlon_deg() * double(g.nlon()) >= 360.0 - 1e-6;
  if (target.lat_deg().front() < lat_lo - 1e-9 || target.lat_deg().back() > lat_hi + 1e-9 ||
      (!global_lon &&
       !(within_lon(target.lon_deg().front()) && within_lon(target.lon_deg().back())))) {
    throw core::InputError(
        path, source.variable,
        fmt::format("covers lat {:.2f}..{:.2f}, lon {:.2f}..{:.2f}; the model grid needs lat "
                    "{:.2f}..{:.2f}, lon {:.2f}..{:.2f}",
                    lat_lo, lat_hi, lon_lo, lon_hi, target.lat_deg().front(),
                    target.lat_deg().back(), target.lon_deg().front(), target.lon_deg().back()));
  }
  model::MonthlyFields out;
  std::array<bool, 12> seen{};
  for (std::size_t t = 0; t < 12; ++t) {
    const int month = series.times[t].month;
    if (seen[std::size_t(month - 1)]) {
      throw core::InputError(
          path, source.variable + " (time)",
          fmt::format("month {} appears twice; expected one step per calendar month", month));
    }
    seen[std::size_t(month - 1)] = true;
    auto field = climate::regrid_bilinear(series.grid, series.values[t], target);
    if (fill_missing) climate::fill_missing_from_neighbours(target, field);
    for (std::size_t c = 0; c < field.size(); ++c) {
      const double v = field[c];
      if (std::isnan(v)) {
        throw core::InputError(path, source.variable,
                               fmt::format("no valid value near lat {:.3f}, lon {:.3f} in month {}",
                                           target.lat_deg()[c / target.nlon()],
                                           target.lon_deg()[c % target.nlon()], month));
      }
      if (v < min_value || v > max_value) {
        throw core::InputError(
            path, source.variable,
            fmt::format("value {:g} {} at lat {:.3f}, lon {:.3f} in month {} is "
                        "outside the plausible range [{:g}, {:g}]",
                        v, core::model_units(quantity), target.lat_deg()[c / target.nlon()],
                        target.lon_deg()[c % target.nlon()], month, min_value, max_value));
      }
    }
    out[std::size_t(month - 1)] = std::move(field);
  }
  return out;
}

std::vector<core::YearMonth> recorded_periods_of_run(const io::RunConfig& config, bool monthly) {
  std::vector<core::YearMonth> out;
  for (core::YearMonth ym = config.start; ym <= config.end; ym = ym.next()) {
    if (monthly || out.empty() || out.back().year != ym.year) out.push_back(ym);
  }
  return out;
}

model::RecordedInflow load_recorded_inflow(const io::RunConfig& config, io::InflowSeries* series) {
  const auto& rc = config.inflow.recorded.value();
  io::InflowSeries read = io::read_inflow_series(rc.file, rc.column);
  model::RecordedInflow out;
  out.first = read.first;
  out.monthly = read.monthly;
  for (double v : read.volume_km3) out.volume_m3.push_back(v * core::m3_per_km3);
  const auto period_text = [&](const core::YearMonth& ym) {
    return io::record_label(ym, read.monthly);
  };
  const char* unit = read.monthly ? "months" : "years";
  const char* unit_one = read.monthly ? "month" : "year";
  for (const auto& ym : recorded_periods_of_run(config, read.monthly)) {
    if (!out.covers(ym)) {
      throw core::InputError(
          rc.file.string(), fmt::format("column {}, {} {}", rc.column, unit_one, period_text(ym)),
          fmt::format("the series holds {} {}..{}, but the run needs every {} of its period "
                      "{}-{:02d}..{}-{:02d} (run.start..run.end): {} is the first {} missing",
                      unit, period_text(read.first), period_text(read.last), unit_one,
                      config.start.year, config.start.month, config.end.year, config.end.month,
                      period_text(ym), unit_one));
    }
  }
  if (series != nullptr) *series = std::move(read);
  return out;
}

double sea_eeu_share(const sea::Hypsometry& hyps, double level_m_bs) {
  const auto& grid = hyps.grid();
  const auto wet = hyps.wet_fraction(level_m_bs);
  double weighted = 0.0, total = 0.0;
  for (std::size_t k = 0; k < wet.size(); ++k) {
    const double a = wet[k] * hyps.cell_area_m2()[k];
    weighted += a * climate::eeu_weight(grid.lat_deg()[k / grid.nlon()]);
    total += a;
  }
  return weighted / total;
}

std::unique_ptr<LoadedRun> load_run_inputs(const io::RunConfig& config, LoadTimes* times) {
  const auto t0 = std::chrono::steady_clock::now();
  auto owned = std::make_unique<LoadedRun>();
  LoadedRun& run = *owned;
  // The recorded inflow first: a bad series fails before the slower reads.
  if (config.inflow.recorded) {
    run.recorded_series.emplace();
    run.inflow.recorded = load_recorded_inflow(config, &*run.recorded_series);
  }
  const auto& p = config.parameters;
  run.bathymetry = load_bathymetry(config.bathymetry.file.string(), config.bathymetry.variable,
                                   p.get("sea.datum_offset_m"));
  run.hypsometry.emplace(sea::build_hypsometry(
      run.bathymetry.grid, run.bathymetry.bed_m_bs, config.seed_lat_deg, config.seed_lon_deg,
      config.initial_level_m_bs, p.get("sea.subgrid_relief_m")));
  const sea::Hypsometry& hyps = *run.hypsometry;
  if (!(config.initial_level_m_bs < hyps.max_level_m_bs())) {
    throw core::InputError(config.run_file.string(), "run.initial_level_m_bs",
                           fmt::format("{:.2f} m BS is above the highest level the bathymetry grid "
                                       "can hold ({:.2f} m BS)",
                                       config.initial_level_m_bs, hyps.max_level_m_bs()));
  }
  const auto t1 = std::chrono::steady_clock::now();
  const auto& grid = run.bathymetry.grid;
  model::SeaModel& sm = run.sea_model;
  sm.hypsometry = &hyps;
  // Plausible bounds catch unit mistakes (e.g. kg m-2 s-1 labelled mm/day).
  const double max_flux_m_per_s = 0.1 / core::seconds_per_day;  // 100 mm/day
  sm.precipitation_m_per_s = load_monthly_climatology(
      config.precipitation, core::Quantity::water_flux_m_per_s, grid, 0.0, max_flux_m_per_s);
  sm.temperature_degC = load_monthly_climatology(
      config.temperature, core::Quantity::temperature_degC, grid, -60.0, 50.0);
  if (config.evaporation) {
    sm.evaporation_m_per_s =
        load_monthly_climatology(*config.evaporation, core::Quantity::water_flux_m_per_s, grid,
                                 -max_flux_m_per_s, max_flux_m_per_s);
  }
  sm.daily_temperature_range_K = p.get("sea.evaporation_daily_temperature_range_K");
  sm.kbg = sea::kbg_parameters(p);
  sm.kbg_culvert_capacity_m3_per_s =
      km3_per_yr_to_m3_per_s(p.get("sea.kbg_culvert_capacity_km3_per_yr"));
  if (config.kbg_regime) {
    for (const auto& e : *config.kbg_regime) {
      sea::KbgStrait strait = sea::KbgStrait::open;
      sea::parse_kbg_strait(e.strait, strait);  // the reader checked the name
      sm.kbg_regime.push_back({e.from, strait});
    }
  } else {
    sm.kbg_regime = sea::kbg_history();
  }
  const bool bulk = !config.evaporation && config.evaporation_scheme == "bulk_aerodynamic";
  if (bulk) {
    sm.scheme = model::EvaporationScheme::bulk_aerodynamic;
    // A fixed level for the slab depths and the dew-point elevation, not the run's start: a
    // member or a continuation from a restart builds the same tables.
    const double reference_level_m_bs = p.get("sea.evaporation_calibration_level_m_bs");
    // Sea-surface fields are missing over land: filled from the neighbouring sea cells.
    sm.sea_surface_temperature_degC =
        load_monthly_climatology(*config.sea_surface_temperature, core::Quantity::temperature_degC,
                                 grid, -5.0, 40.0, nullptr, true);
    sm.wind_speed_m_per_s = load_monthly_climatology(
        *config.wind_speed, core::Quantity::speed_m_per_s, grid, 0.0, 40.0, nullptr, true);
    sm.relative_humidity = model::linacre_relative_humidity(
        sm.temperature_degC, reference_level_m_bs, sm.daily_temperature_range_K);
    sm.bulk.transfer_coefficient = p.get("sea.bulk_transfer_coefficient");
    sm.bulk.air_pressure_hPa = p.get("sea.air_pressure_hPa");
    sm.bulk.salinity_psu = p.get("sea.salinity_psu");
    sm.evaporation_scale = p.get("sea.evaporation_scale");
    sm.sst_warming_ratio = p.get("sea.sst_warming_ratio");
    sm.freezing_point_degC = p.get("sea.freezing_point_degC");
    sm.ice_parameters = {sm.freezing_point_degC, p.get("sea.ice_heat_exchange_W_per_m2_K"),
                         p.get("sea.ice_max_mixed_depth_m")};
    sm.ice =
        model::build_ice_table(hyps, sm.temperature_degC, reference_level_m_bs, sm.ice_parameters,
                               ice_table_lo_K, ice_table_hi_K, ice_table_step_K);
  }
  if (!config.evaporation && !bulk) {
    sm.evaporation_factor =
        model::calibrate_evaporation(sm, p.get("sea.evaporation_calibration_level_m_bs"),
                                     p.get("sea.evaporation_mean_mm_per_yr"));
  }

  if (times != nullptr) {
    const auto t2 = std::chrono::steady_clock::now();
    times->sea_s = std::chrono::duration<double>(t1 - t0).count();
    times->forcing_s = std::chrono::duration<double>(t2 - t1).count();
  }
  for (const auto& river : config.inflow.rivers) {
    run.inflow.rivers.push_back({river.name, km3_per_yr_to_m3_per_s(river.mean_km3_per_yr)});
  }
  for (std::size_t m = 0; m < 12; ++m) run.inflow.monthly_share[m] = config.inflow.monthly_share[m];
  run.inflow.groundwater_m3_per_s = km3_per_yr_to_m3_per_s(config.inflow.groundwater_km3_per_yr);

  run.scenario.temperature_delta_K = config.scenario.temperature_delta_K;
  if (config.scenario.cmip6) {
    const auto& c = *config.scenario.cmip6;
    const auto table =
        io::read_warming_levels_csv(c.atlas_folder / "CMIP6_Atlas_WarmingLevels.csv");
    auto pattern = io::load_model_pattern(c.atlas_folder, c.model, table);
    if (!pattern.paths.count(c.ssp)) {
      throw core::InputError(
          config.run_file.string(), "scenario.cmip6.ssp",
          fmt::format("the Atlas table has no {} crossing years for {}", c.ssp, c.model));
    }
    model::Cmip6SeaChange change;
    change.pattern = pattern.pattern;
    change.path = pattern.paths.at(c.ssp);
    change.eeu_share = sea_eeu_share(hyps, p.get("sea.evaporation_calibration_level_m_bs"));
    run.scenario.cmip6 = change;
  }
  if (config.scenario.gcm_fields) {
    // The sea: the GCM change regridded to the sea's own grid, averaged over its wet area at the
    // evaporation calibration level (as sea_eeu_share weights the CMIP6 regions).
    const auto& g = *config.scenario.gcm_fields;
    const auto delta = gcm_delta_change(g, hyps.grid());
    const auto wet = hyps.wet_fraction(p.get("sea.evaporation_calibration_level_m_bs"));
    std::vector<double> wet_area_m2(wet.size());
    for (std::size_t k = 0; k < wet.size(); ++k) wet_area_m2[k] = wet[k] * hyps.cell_area_m2()[k];
    model::GcmSeaChange change;
    change.temperature_K = climate::weighted_monthly_mean(delta.temperature_K, wet_area_m2);
    change.precipitation_ratio =
        climate::weighted_monthly_mean(delta.precipitation_ratio, wet_area_m2);
    change.start_year = gcm_ramp_start_year(config);
    change.ramp_years = g.ramp_years;
    run.scenario.gcm_fields = change;
  }
  if (config.air_temperature_anomalies) {
    const auto& a = *config.air_temperature_anomalies;
    const auto series = io::read_annual_series_csv(
        a.series.file, a.series.column,
        [](std::string_view units) { return units == "K" || units.starts_with("K "); },
        "K (an anomaly in kelvin, e.g. 'K vs 1991-2020')");
    const double baseline_K =
        io::annual_series_mean(series, a.baseline_first_year, a.baseline_last_year);
    for (const auto& [year, anomaly] : series.value_by_year)
      run.scenario.annual_temperature_anomaly_K[year] = anomaly - baseline_K;
  }
  run.scenario.precipitation_factor = config.scenario.precipitation_factor;
  run.scenario.inflow_factor = config.inflow.factor;
  run.scenario.withdrawal_m3_per_s =
      scaled(config.withdrawal_km3_per_yr, km3_per_yr_to_m3_per_s(1.0));
  run.period = {config.start, config.end, config.calendar};
  return owned;
}

}  // namespace caspian::assembly
