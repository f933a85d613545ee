#include "caspian/assembly/catchment_inputs.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "caspian/assembly/gcm_change.hpp"
#include "caspian/catchment/pet.hpp"
#include "caspian/catchment/transmission_loss.hpp"
#include "caspian/climate/regrid.hpp"
#include "caspian/climate/scenario_patterns.hpp"
#include "caspian/climate/weather_bootstrap.hpp"
#include "caspian/core/constants.hpp"
#include "caspian/core/error.hpp"
#include "caspian/io/gauge_table.hpp"
#include "caspian/sea/hypsometry.hpp"

namespace caspian::assembly {

namespace {
constexpr double seconds_per_year = 365.25 * core::seconds_per_day;
constexpr double mm_per_day_per_m_per_s = 1.0e3 * core::seconds_per_day;
// The anomaly series' precipitation is checked against its own median annual total: years
// outside 0.65..1.6 x the median are inhomogeneous (inputs/PROVENANCE.md, Protva section).
constexpr double precipitation_min_ratio = 0.65;
constexpr double precipitation_max_ratio = 1.6;
}  // namespace

namespace {
// The mean over the Volga basin's cells of a monthly field ([month][cell], mm/day), in m/s.
std::array<double, 12> volga_mean_m_per_s(const std::array<std::vector<double>, 12>& mm_per_day,
                                          const catchment::Basins& basins) {
  std::array<double, 12> out{};
  for (std::size_t month = 0; month < 12; ++month) {
    double sum = 0.0, count = 0.0;
    for (std::size_t c = 0; c < basins.cell_basin.size(); ++c) {
      if (basins.cell_basin[c] != catchment::BasinId::volga) continue;
      sum += mm_per_day[month][c];
      count += 1.0;
    }
    out[month] = count > 0.0 ? sum / count / mm_per_day_per_m_per_s : 0.0;
  }
  return out;
}
}  // namespace

climate::DailySeries bootstrapped_weather(const LoadedCatchment& catchment,
                                          const io::RunConfig& config, std::uint64_t seed,
                                          std::optional<int> origin_year) {
  const auto& boot = config.catchment->bootstrap.value();
  const int origin = origin_year.value_or(config.start.year);
  if (origin > config.start.year)
    throw std::invalid_argument("bootstrapped_weather: origin year " + std::to_string(origin) +
                                " is after run.start");
  auto years = climate::bootstrap_years(origin, config.end.year, catchment.drawable_years,
                                        boot.block_years, seed);
  years.erase(years.begin(), years.lower_bound(config.start.year));
  return climate::resampled_series(catchment.observed_series, years, config.calendar);
}

std::vector<std::string> river_names() {
  std::vector<std::string> names;
  for (auto id : model::river_basins) names.push_back(catchment::basin_name(id));
  return names;
}

CaspianNetwork build_caspian_network(
    const std::string& dem_file, const std::string& variable, double seed_lat_deg,
    double seed_lon_deg, double level_m_bs, const core::ParameterSet& parameters,
    const std::string& level_source,
    const std::optional<std::filesystem::path>& closed_basins_file) {
  CaspianNetwork out;
  out.dem = load_bathymetry(dem_file, variable, parameters.get("sea.datum_offset_m"));
  // The sea at the level: the hypsometry's wet cells on the DEM itself.
  out.dem_hypsometry.emplace(sea::build_hypsometry(out.dem.grid, out.dem.bed_m_bs, seed_lat_deg,
                                                   seed_lon_deg, level_m_bs,
                                                   parameters.get("sea.subgrid_relief_m")));
  const auto& hyps = *out.dem_hypsometry;
  if (!(level_m_bs <= hyps.max_level_m_bs())) {
    throw core::InputError(level_source, "",
                           fmt::format("{:.2f} m BS is above the highest level the DEM can hold "
                                       "({:.2f} m BS)",
                                       level_m_bs, hyps.max_level_m_bs()));
  }
  const auto sea_mask = catchment::sea_mask_from_wet_fraction(hyps.wet_fraction(level_m_bs));
  catchment::NetworkOptions options;
  options.ocean_level_m = parameters.get("catchment.ocean_level_m");
  options.endorheic_min_depth_m = parameters.get("catchment.endorheic_min_depth_m");
  options.endorheic_max_spill_m = parameters.get("catchment.endorheic_max_spill_m");
  if (closed_basins_file) {
    const auto list = io::load_closed_basins(*closed_basins_file);
    const auto& grid = out.dem.grid;
    const auto& z = out.dem.bed_m_bs;
    const auto ocean = catchment::ocean_mask(grid, z, sea_mask, options.ocean_level_m);
    // Land cells that can hold a sink: not the Caspian, not the ocean, not the grid edge.
    std::vector<std::uint8_t> land(grid.size(), 0);
    for (std::size_t i = 1; i + 1 < grid.nlat(); ++i) {
      for (std::size_t j = 1; j + 1 < grid.nlon(); ++j) {
        const std::size_t c = grid.index(i, j);
        land[c] = sea_mask[c] == 0 && ocean[c] == 0 ? 1 : 0;
      }
    }
    const std::string file = list.file.string();
    for (const auto& basin : list.basins) {
      const auto ij = grid.locate(basin.lat_deg, basin.lon_deg);
      if (!ij) {
        throw core::InputError(
            file, basin.where,
            fmt::format("{:.3f} N {:.3f} E is off the DEM grid ({}, {:.2f}..{:.2f} N, "
                        "{:.2f}..{:.2f} E)",
                        basin.lat_deg, basin.lon_deg, dem_file, grid.lat_deg().front(),
                        grid.lat_deg().back(), grid.lon_deg().front(), grid.lon_deg().back()));
      }
      const std::size_t c = grid.index(ij->first, ij->second);
      if (sea_mask[c] != 0) {
        throw core::InputError(file, basin.where,
                               fmt::format("{:.3f} N {:.3f} E is a Caspian cell at {:.2f} m BS, "
                                           "not land: a closed basin's lake is on land",
                                           basin.lat_deg, basin.lon_deg, level_m_bs));
      }
      if (land[c] == 0) {
        throw core::InputError(file, basin.where,
                               fmt::format("{:.3f} N {:.3f} E is an open-ocean or grid-edge cell "
                                           "(an external outlet), not a closed basin",
                                           basin.lat_deg, basin.lon_deg));
      }
      const std::size_t sink = catchment::lowest_cell_within(grid, z, basin.lat_deg, basin.lon_deg,
                                                             basin.search_radius_km * 1.0e3, land);
      out.closed_basins.push_back(basin);
      out.closed_basin_cells.push_back(sink);
    }
    options.closed_basin_cells = out.closed_basin_cells;
  }
  out.network = catchment::build_network(out.dem.grid, out.dem.bed_m_bs, sea_mask, options);
  out.basins = catchment::label_basins(out.network, catchment::default_entry_regions());
  return out;
}

std::unique_ptr<LoadedCatchment> load_catchment(const io::RunConfig& config) {
  const auto& cc = *config.catchment;
  const auto& p = config.parameters;
  auto owned = std::make_unique<LoadedCatchment>();
  LoadedCatchment& lc = *owned;
  lc.net = build_caspian_network(cc.dem.file.string(), cc.dem.variable, config.seed_lat_deg,
                                 config.seed_lon_deg, config.initial_level_m_bs, p,
                                 config.run_file.string() + ": run.initial_level_m_bs",
                                 cc.closed_basins_file);
  const auto& net = lc.net.network;
  const auto& grid = net.grid;
  model::CatchmentModel& m = lc.model;
  m.network = &net;
  model::routing_sets(net, lc.net.basins, m.active, m.entry_basin);

  // Land climatologies on the DEM; temperature moved from the forcing grid's mean elevation
  // (the DEM averaged over each forcing cell) to each cell's own.
  core::LatLonGrid t_grid;
  m.temperature_degC = load_monthly_climatology(cc.temperature, core::Quantity::temperature_degC,
                                                grid, -70.0, 50.0, &t_grid);
  const auto forcing_elevation_coarse = climate::block_mean(grid, lc.net.dem.bed_m_bs, t_grid);
  const auto forcing_elevation = climate::regrid_bilinear(t_grid, forcing_elevation_coarse, grid);
  for (auto& month : m.temperature_degC) {
    climate::apply_lapse_rate(month, lc.net.dem.bed_m_bs, forcing_elevation,
                              p.get("climate.lapse_rate_K_per_m"));
  }
  m.precipitation_mm_per_day = load_monthly_climatology(
      cc.precipitation, core::Quantity::water_flux_m_per_s, grid, 0.0, 0.1 / core::seconds_per_day);
  for (auto& month : m.precipitation_mm_per_day) {
    for (double& v : month) v *= mm_per_day_per_m_per_s;
  }

  // The anomaly series, with its inhomogeneous precipitation years flagged, not used.
  lc.series_source = cc.anomalies_file.string();
  const auto table = io::read_daily_gauge_csv(cc.anomalies_file);
  const auto flags =
      io::find_precipitation_outlier_years(table, precipitation_min_ratio, precipitation_max_ratio);
  const core::Date run_first{config.start.year, config.start.month, 1, 0.0};
  const core::Date run_last{config.end.year, config.end.month,
                            core::days_in_month(config.calendar, config.end.year, config.end.month),
                            0.0};
  const auto& boot = cc.bootstrap;
  for (const auto& flag : flags) {
    // With a bootstrap the run draws its years, and flagged years are never drawn.
    const bool in_run = !boot && !(flag.last < run_first || run_last < flag.first);
    const bool in_climatology = !(flag.last.year < cc.anomaly_climatology_first_year ||
                                  flag.first.year > cc.anomaly_climatology_last_year);
    if (in_run || in_climatology) {
      throw core::InputError(
          lc.series_source, flag.column,
          fmt::format("{}..{} is flagged ({}), and the run or the anomaly climatology uses it; "
                      "use only unflagged years",
                      core::format_date(flag.first), core::format_date(flag.last), flag.reason));
    }
  }
  lc.series.dates = table.dates;
  lc.series.temperature_degC = table.temperature_degC;
  lc.series.precipitation_mm_per_day = table.precipitation_mm;
  if (boot) {
    // The years that may be drawn: whole years of the series within the bootstrap's span that no
    // flag touches.
    for (int year = boot->first_year; year <= boot->last_year; ++year) {
      const bool whole = !table.dates.empty() &&
                         !(core::Date{year, 1, 1, 0.0} < table.dates.front()) &&
                         !(table.dates.back() < core::Date{year, 12, 31, 0.0});
      bool flagged = false;
      for (const auto& flag : flags)
        flagged = flagged || (flag.first.year <= year && year <= flag.last.year);
      if (flagged) lc.flagged_years.insert(year);
      if (whole && !flagged) lc.drawable_years.insert(year);
    }
    bool has_block = false;
    for (int y : lc.drawable_years) {
      bool all = true;
      for (int k = 1; k < boot->block_years && all; ++k) all = lc.drawable_years.count(y + k) > 0;
      has_block = has_block || all;
    }
    if (!has_block) {
      throw core::InputError(
          config.run_file.string(), "catchment.anomalies.bootstrap",
          fmt::format("{} holds no {} consecutive whole, unflagged years within {}..{}",
                      lc.series_source, boot->block_years, boot->first_year, boot->last_year));
    }
    lc.observed_series = lc.series;
  } else if (table.dates.empty() || run_first < table.dates.front() ||
             table.dates.back() < run_last) {
    throw core::InputError(
        lc.series_source, "date",
        fmt::format("the series covers {}..{}; the run needs {}..{}",
                    table.dates.empty() ? "-" : core::format_date(table.dates.front()),
                    table.dates.empty() ? "-" : core::format_date(table.dates.back()),
                    core::format_date(run_first), core::format_date(run_last)));
  }
  m.anomaly_climatology =
      climate::series_climatology(lc.series, cc.anomaly_climatology_first_year,
                                  cc.anomaly_climatology_last_year, lc.series_source);
  if (boot) lc.series = bootstrapped_weather(lc, config, boot->seed);

  // Scenario changes: EEU over the Volga, Kama and Ural, WCA over the south, blended by latitude.
  m.eeu_weight.resize(grid.size());
  for (std::size_t c = 0; c < grid.size(); ++c)
    m.eeu_weight[c] = climate::eeu_weight(grid.lat_deg()[c / grid.nlon()]);
  if (config.scenario.gcm_fields) {
    m.gcm_change =
        model::GcmLandChange{gcm_delta_change(*config.scenario.gcm_fields, grid),
                             gcm_ramp_start_year(config), config.scenario.gcm_fields->ramp_years};
  }
  m.hbv = catchment::hbv_parameters_from(p);
  m.channel_velocity_m_per_s = p.get("catchment.channel_velocity_m_per_s");
  m.volga_reservoir.useful_storage_m3 =
      p.get("catchment.volga_reservoir_useful_storage_km3") * core::m3_per_km3;
  m.volga_reservoir.surface_area_m2 =
      p.get("catchment.volga_reservoir_area_km2") * core::m2_per_km2;
  m.volga_reservoir.spring_capture_fraction =
      p.get("catchment.volga_reservoir_spring_capture_fraction");
  m.volga_reservoir_mean_inflow_m3_per_s =
      p.get("catchment.volga_reservoir_reference_flow_m3_per_s");
  // Oudin PET by calendar month (mid-month) on the climatology: the cascade's open-water
  // evaporation is the Volga basin's mean (a stand-in for lake evaporation; the model subtracts
  // the land's own actual ET each day, and precipitation does not enter, model::CatchmentModel),
  // and with the precipitation it gives each cell's annual aridity index for the transmission
  // losses.
  const auto pet_mm_per_day =
      catchment::mid_month_pet_mm_per_day(grid, m.temperature_degC, m.hbv.pet_correction);
  m.volga_reservoir_open_water_evaporation_m_per_s =
      volga_mean_m_per_s(pet_mm_per_day, lc.net.basins);
  m.transmission_loss = catchment::transmission_loss_parameters_from(p);
  m.annual_pet_mm = catchment::annual_total_mm(pet_mm_per_day);
  m.annual_precipitation_mm = catchment::annual_total_mm(m.precipitation_mm_per_day);
  for (double& v : m.annual_precipitation_mm) v *= m.hbv.precipitation_correction;
  const auto names = river_names();
  for (std::size_t r = 0; r < names.size(); ++r) {
    const auto it = cc.withdrawal_km3_per_yr.find(names[r]);
    core::YearTrajectory t;
    if (it == cc.withdrawal_km3_per_yr.end()) {
      t[2000] = 0.0;
    } else {
      for (const auto& [year, km3] : it->second)
        t[year] = km3 * core::m3_per_km3 / seconds_per_year;
    }
    m.withdrawal_m3_per_s[r] = t;
  }
  return owned;
}

}  // namespace caspian::assembly
