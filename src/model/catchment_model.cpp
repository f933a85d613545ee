#include "caspian/model/catchment_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "caspian/catchment/pet.hpp"
#include "caspian/core/error.hpp"

namespace caspian::model {

namespace {
constexpr double seconds_per_day = 86400.0;

int day_of_year(core::Calendar calendar, const core::Date& d) {
  return int(core::days_between(calendar, core::Date{d.year, 1, 1, 0.0}, d)) + 1;
}

std::size_t river_index(catchment::BasinId id) {
  for (std::size_t r = 0; r < river_basins.size(); ++r) {
    if (river_basins[r] == id) return r;
  }
  return river_basins.size();
}
}  // namespace

void routing_sets(const catchment::DrainageNetwork& network, const catchment::Basins& basins,
                  std::vector<std::uint8_t>& active, std::vector<catchment::BasinId>& entry_basin) {
  const std::size_t n = network.grid.size();
  active.assign(n, 0);
  entry_basin.assign(n, catchment::BasinId::other_caspian);
  for (std::size_t c = 0; c < n; ++c) {
    const auto basin = basins.cell_basin[c];
    const bool to_caspian = basin != catchment::BasinId::caspian_sea &&
                            basin != catchment::BasinId::endorheic &&
                            basin != catchment::BasinId::external;
    if (!to_caspian) continue;
    active[c] = 1;
    const std::size_t entry = network.entry[c];
    if (entry != catchment::no_cell) entry_basin[entry] = basin;
  }
}

CatchmentState initial_catchment_state(const CatchmentModel& model) {
  const std::size_t n = model.network->grid.size();
  CatchmentState state;
  state.cells.assign(n, catchment::initial_cell_state(model.hbv));
  state.channel_storage_m3.assign(n, 0.0);
  state.volga_reservoir_storage_m3 = 0.0;
  state.pending_sea_release_m3.assign(n, 0.0);
  return state;
}

CatchmentRunner::CatchmentRunner(const CatchmentModel& model, CatchmentState state,
                                 const Cmip6SeaChange* climate_change)
    : model_(&model),
      climate_change_(climate_change),
      pending_sea_release_m3_(std::move(state.pending_sea_release_m3)),
      cells_(std::move(state.cells)),
      volga_storage_m3_(state.volga_reservoir_storage_m3) {
  const std::size_t n = model.network->grid.size();
  if (climate_change_ != nullptr && model.eeu_weight.size() != n)
    throw std::invalid_argument("CatchmentRunner: a climate change needs an EEU weight per cell");
  if (pending_sea_release_m3_.size() != n) pending_sea_release_m3_.assign(n, 0.0);
  for (std::size_t c = 0; c < n; ++c) {
    if (pending_sea_release_m3_[c] != 0.0) pending_release_cells_.push_back(c);
  }
  has_pending_release_ = !pending_release_cells_.empty();
  // The network for the saved shoreline, or the model's own.
  adopt_network(std::make_unique<catchment::DrainageNetwork>(
      state.sea_mask.empty() ? *model.network
                             : catchment::rebuild_network(*model.network, state.sea_mask)));
  routing_->set_storage_per_cell_m3(state.channel_storage_m3);
  const auto& grid = model.network->grid;
  latitude_deg_.resize(grid.size());
  for (std::size_t c = 0; c < grid.size(); ++c) latitude_deg_[c] = grid.lat_deg()[c / grid.nlon()];
}

void CatchmentRunner::adopt_network(std::unique_ptr<catchment::DrainageNetwork> network) {
  network_ = std::move(network);
  const auto basins = catchment::label_basins(*network_, catchment::default_entry_regions());
  routing_sets(*network_, basins, active_, entry_basin_);
  volga_cell_list_.clear();
  volga_area_m2_ = 0.0;
  for (std::size_t c = 0; c < active_.size(); ++c) {
    if (active_[c] && basins.cell_basin[c] == catchment::BasinId::volga) {
      volga_cell_list_.push_back(c);
      volga_area_m2_ += network_->cell_area_m2[c];
    }
  }
  routing_ = std::make_unique<catchment::NetworkRouting>(*network_, active_,
                                                         model_->channel_velocity_m_per_s);
  if (!model_->annual_pet_mm.empty()) {
    const auto aridity = catchment::upstream_aridity_index(
        *network_, active_, model_->annual_pet_mm, model_->annual_precipitation_mm);
    std::vector<double> factor(aridity.size(), 0.0);
    for (std::size_t c = 0; c < factor.size(); ++c) {
      if (active_[c])
        factor[c] = catchment::aridity_loss_factor(model_->transmission_loss, aridity[c]);
    }
    routing_->set_transmission_loss(model_->transmission_loss, factor);
  }
  // The cells no channel routes into are never written: 0 in every day's slice.
  outlet_by_day_.assign(outlet_by_day_.size(), 0.0);
  active_cells_.clear();
  sea_outlet_cells_.clear();
  for (std::size_t c = 0; c < active_.size(); ++c) {
    if (active_[c]) active_cells_.push_back(c);
    if (network_->outlet[c] == catchment::OutletKind::sea) sea_outlet_cells_.push_back(c);
  }
}

void CatchmentRunner::set_sea_mask(std::span<const std::uint8_t> sea_mask) {
  if (std::equal(sea_mask.begin(), sea_mask.end(), network_->sea_mask.begin(),
                 network_->sea_mask.end())) {
    return;
  }
  std::vector<double> storage = routing_->storage_per_cell_m3();
  adopt_network(std::make_unique<catchment::DrainageNetwork>(
      catchment::rebuild_network(*network_, sea_mask)));
  // Water in channels the sea took over goes to the sea; other channels keep theirs.
  for (std::size_t c = 0; c < storage.size(); ++c) {
    if (!active_[c] && storage[c] != 0.0) {
      if (network_->outlet[c] == catchment::OutletKind::sea) {
        pending_sea_release_m3_[c] += storage[c];
        has_pending_release_ = true;
      }
      storage[c] = 0.0;
    }
  }
  pending_release_cells_.clear();
  for (std::size_t c = 0; c < storage.size(); ++c) {
    if (pending_sea_release_m3_[c] != 0.0) pending_release_cells_.push_back(c);
  }
  routing_->set_storage_per_cell_m3(storage);
}

CatchmentState CatchmentRunner::state() const {
  CatchmentState s;
  s.cells = cells_;
  s.channel_storage_m3 = routing_->storage_per_cell_m3();
  s.volga_reservoir_storage_m3 = volga_storage_m3_;
  s.pending_sea_release_m3 = pending_sea_release_m3_;
  if (!std::equal(network_->sea_mask.begin(), network_->sea_mask.end(),
                  model_->network->sea_mask.begin(), model_->network->sea_mask.end())) {
    s.sea_mask = network_->sea_mask;
  }
  return s;
}

CatchmentMonth CatchmentRunner::run_month(const core::YearMonth& ym, core::Calendar calendar,
                                          const climate::DailySeries& series,
                                          const std::string& series_source, bool with_fields) {
  const CatchmentModel& m = *model_;
  const auto& net = *network_;
  const std::size_t n = net.grid.size();
  const std::size_t nlat = net.grid.nlat(), nlon = net.grid.nlon();
  const int days = core::days_in_month(calendar, ym.year, ym.month);
  const double nan = std::numeric_limits<double>::quiet_NaN();

  CatchmentMonth out;
  out.month = ym;
  out.days = days;
  for (auto* sums : {&loss_sum_m3_, &precipitation_sum_mm_, &et_sum_mm_}) sums->assign(n, 0.0);
  for (auto* sums : {&runoff_sum_mm_, &swe_sum_mm_, &soil_sum_mm_})
    sums->assign(with_fields ? n : 0, 0.0);
  std::vector<double>& loss_sum_m3 = loss_sum_m3_;
  int days_in_each_month[12];
  for (int k = 0; k < 12; ++k)
    days_in_each_month[k] = core::days_in_month(calendar, ym.year, k + 1);

  // Each day's forcing that is the same for every cell, made first on one thread: the lookups
  // can throw, and nothing may throw inside the parallel region below.
  struct DayForcing {
    climate::MonthBlend blend;
    climate::DailyAnomaly anomaly;
    double dt_eeu = 0.0, dt_wca = 0.0, pf_eeu = 1.0, pf_wca = 1.0;
    double gcm_weight = 0.0;  // scenario.gcm_fields ramp
  };
  std::vector<DayForcing> forcing(static_cast<std::size_t>(days));
  std::vector<double> radiation_by_day_row(std::size_t(days) * nlat);
  double t_anomaly_sum = 0.0, p_ratio_sum = 0.0;
  for (int day = 1; day <= days; ++day) {
    const core::Date date{ym.year, ym.month, day, 0.0};
    // The series is read in order; find today's row from where yesterday's was.
    while (series_cursor_ < series.dates.size() && series.dates[series_cursor_] < date)
      ++series_cursor_;
    if (series_cursor_ >= series.dates.size() || series.dates[series_cursor_] != date) {
      // A restart or a gap: look the date up from the start once.
      series_cursor_ = std::size_t(
          std::lower_bound(series.dates.begin(), series.dates.end(), date) - series.dates.begin());
      if (series_cursor_ >= series.dates.size() || series.dates[series_cursor_] != date) {
        throw core::InputError(series_source, "date",
                               "the anomaly series has no value for " + core::format_date(date));
      }
    }
    DayForcing& f = forcing[std::size_t(day - 1)];
    f.blend = climate::month_blend(calendar, date);
    const double w0 = f.blend.weight0, w1 = 1.0 - w0;
    f.anomaly = climate::daily_anomaly(m.anomaly_climatology, f.blend,
                                       series.temperature_degC[series_cursor_],
                                       series.precipitation_mm_per_day[series_cursor_]);
    t_anomaly_sum += f.anomaly.temperature_K;
    p_ratio_sum += f.anomaly.precipitation_ratio;
    // The scenario's change today per region: the bracketing months' changes, blended.
    if (climate_change_ != nullptr) {
      const double mid_year = ym.year + (ym.month - 0.5) / 12.0;
      const auto c0 = climate_change_->regional(f.blend.month0, mid_year);
      const auto c1 = climate_change_->regional(f.blend.month1, mid_year);
      f.dt_eeu = w0 * c0[0].temperature_K + w1 * c1[0].temperature_K;
      f.dt_wca = w0 * c0[1].temperature_K + w1 * c1[1].temperature_K;
      f.pf_eeu = w0 * c0[0].precipitation_factor + w1 * c1[0].precipitation_factor;
      f.pf_wca = w0 * c0[1].precipitation_factor + w1 * c1[1].precipitation_factor;
    }
    if (m.gcm_change) {
      f.gcm_weight = climate::ramp_weight(ym.year + (ym.month - 0.5) / 12.0,
                                          m.gcm_change->start_year, m.gcm_change->ramp_years);
    }
    // Extraterrestrial radiation depends only on the row and the day.
    const int doy = day_of_year(calendar, date);
    for (std::size_t i = 0; i < nlat; ++i) {
      radiation_by_day_row[std::size_t(day - 1) * nlat + i] =
          catchment::extraterrestrial_radiation_MJ_per_m2_day(net.grid.lat_deg()[i], doy);
    }
  }
  const bool changed = climate_change_ != nullptr;
  const double* eeu_weight = changed ? m.eeu_weight.data() : nullptr;
  const climate::DeltaChange* gcm = m.gcm_change ? &m.gcm_change->delta : nullptr;
  const double year = ym.year + (ym.month - 0.5) / 12.0;
  std::array<double, river_basins.size()> withdrawal_m3_per_s{};
  for (std::size_t r = 0; r < river_basins.size(); ++r)
    withdrawal_m3_per_s[r] = core::interpolate_trajectory(m.withdrawal_m3_per_s[r], year);

  // One parallel region for the month, not one per day. The land of a cell does not depend on
  // the channels, and a chunk of whole subtrees does not depend on the rest of the network: so
  // each chunk runs the land of its cells over the whole month (a cell's state stays in cache
  // from day to day), then routes its channels day by day; then one thread routes the trunk and
  // sums into the sea, day by day. Every cell's arithmetic is the same whichever thread does it,
  // and every sum over cells runs in cell order on one thread, so the results do not depend on
  // the thread count.
  const std::size_t slices = std::size_t(days) * n;
  if (local_by_day_.size() < slices) local_by_day_.resize(slices);
  if (et_by_day_.size() < slices) et_by_day_.resize(slices);
  if (outlet_by_day_.size() < slices) outlet_by_day_.resize(slices, 0.0);
  const auto local_on = [&](int day) {
    return std::span<double>(local_by_day_.data() + std::size_t(day - 1) * n, n);
  };
  const auto outlet_on = [&](int day) {
    return std::span<double>(outlet_by_day_.data() + std::size_t(day - 1) * n, n);
  };
  routing_->begin_step(seconds_per_day, outlet_on(1));
  const auto& loss_m3_per_s = routing_->transmission_loss_m3_per_s();
  const auto chunks = static_cast<std::ptrdiff_t>(routing_->chunk_count());
#pragma omp parallel for schedule(dynamic, 1)
  for (std::ptrdiff_t k = 0; k < chunks; ++k) {
    const auto cells = routing_->chunk_cells(std::size_t(k));
    for (const std::size_t c : cells) {
      if (!active_[c]) continue;
      catchment::CellState state = cells_[c];
      double runoff = 0.0, swe = 0.0, soil = 0.0, precipitation_mm = 0.0, et_mm = 0.0;
      const double area_m2 = net.cell_area_m2[c];
      const double w = changed ? eeu_weight[c] : 0.0;
      for (int day = 1; day <= days; ++day) {
        const DayForcing& f = forcing[std::size_t(day - 1)];
        const double w0 = f.blend.weight0, w1 = 1.0 - w0;
        double temperature = w0 * m.temperature_degC[f.blend.month0][c] +
                             w1 * m.temperature_degC[f.blend.month1][c] + f.anomaly.temperature_K;
        double precipitation = (w0 * m.precipitation_mm_per_day[f.blend.month0][c] +
                                w1 * m.precipitation_mm_per_day[f.blend.month1][c]) *
                               f.anomaly.precipitation_ratio;
        if (changed) {
          temperature += w * f.dt_eeu + (1.0 - w) * f.dt_wca;
          precipitation *= w * f.pf_eeu + (1.0 - w) * f.pf_wca;
        }
        if (gcm != nullptr) {
          const std::size_t m0 = f.blend.month0, m1 = f.blend.month1;
          const auto change = climate::ramped(
              w0 * gcm->temperature_K[m0][c] + w1 * gcm->temperature_K[m1][c],
              w0 * gcm->precipitation_ratio[m0][c] + w1 * gcm->precipitation_ratio[m1][c],
              f.gcm_weight);
          temperature += change.temperature_K;
          precipitation *= change.precipitation_factor;
        }
        const double pet = catchment::oudin_pet_from_radiation_mm_per_day(
            temperature, radiation_by_day_row[std::size_t(day - 1) * nlat + c / nlon]);
        const auto flux = catchment::cell_step(m.hbv, precipitation, temperature, pet, state);
        const std::size_t at = std::size_t(day - 1) * n + c;
        local_by_day_[at] = flux.discharge_mm * 1.0e-3 * area_m2 / seconds_per_day;
        if (with_fields) {
          runoff += flux.discharge_mm;
          swe += catchment::snow_water_equivalent_mm(state.snow);
          soil += state.soil_moisture_mm;
        }
        precipitation_mm += flux.precipitation_mm;
        et_mm += flux.actual_et_mm;
        et_by_day_[at] = flux.actual_et_mm;
      }
      cells_[c] = state;
      if (with_fields) {
        runoff_sum_mm_[c] = runoff;
        swe_sum_mm_[c] = swe;
        soil_sum_mm_[c] = soil;
      }
      precipitation_sum_mm_[c] = precipitation_mm;
      et_sum_mm_[c] = et_mm;
    }
    if (routing_->trunk_chunk(std::size_t(k))) continue;
    for (int day = 1; day <= days; ++day) {
      routing_->route_chunk(std::size_t(k), std::size_t(day - 1), local_on(day), outlet_on(day));
      for (const std::size_t c : cells) {
        if (active_[c]) loss_sum_m3[c] += loss_m3_per_s[c] * seconds_per_day;
      }
    }
  }

  for (int day = 1; day <= days; ++day) {
    const auto outlet_inflow = outlet_on(day);
    routing_->route_trunk(std::size_t(day - 1), local_on(day), outlet_inflow);
    for (const std::size_t c : routing_->trunk_cells()) {
      if (active_[c]) loss_sum_m3[c] += loss_m3_per_s[c] * seconds_per_day;
    }
    if (has_pending_release_) {  // channel water of cells the sea took over
      for (const std::size_t c : pending_release_cells_) {
        outlet_inflow[c] += pending_sea_release_m3_[c] / seconds_per_day;
        pending_sea_release_m3_[c] = 0.0;
      }
    }
    // Into the sea per river, summed in cell order (deterministic).
    std::array<double, river_basins.size()> natural{};
    for (std::size_t c : sea_outlet_cells_) {
      if (outlet_inflow[c] == 0.0) continue;
      const std::size_t r = river_index(entry_basin_[c]);
      if (r < natural.size()) natural[r] += outlet_inflow[c];
    }
    if (has_pending_release_) {
      // Released cells no channel routes into would keep the release: back to 0.
      for (const std::size_t c : pending_release_cells_) outlet_inflow[c] = 0.0;
      pending_release_cells_.clear();
      has_pending_release_ = false;
    }
    // Reservoirs and withdrawals act on the Volga, then withdrawals on every river. The cascade
    // loses open-water evaporation minus the actual ET its land already lost today (the Volga
    // basin's mean, as catchment::masked_area_mean_m_per_s sums it: in cell order).
    const double* et_today_mm = et_by_day_.data() + std::size_t(day - 1) * n;
    double volga_et_m3 = 0.0;
    for (const std::size_t c : volga_cell_list_)
      volga_et_m3 += et_today_mm[c] * 1.0e-3 * net.cell_area_m2[c];
    const double volga_et_m_per_s =
        volga_area_m2_ > 0.0 ? volga_et_m3 / volga_area_m2_ / seconds_per_day : 0.0;
    const double cascade_net_evaporation_m_per_s = catchment::reservoir_net_evaporation_m_per_s(
        m.volga_reservoir_open_water_evaporation_m_per_s[std::size_t(ym.month - 1)],
        volga_et_m_per_s);
    for (std::size_t r = 0; r < river_basins.size(); ++r) {
      double flow = natural[r];
      if (river_basins[r] == catchment::BasinId::volga &&
          m.volga_reservoir.useful_storage_m3 > 0.0) {
        const double to_season = catchment::days_to_capture_season(m.volga_reservoir, days - day,
                                                                   ym.month, days_in_each_month);
        const auto rf = catchment::reservoir_step(m.volga_reservoir, flow,
                                                  m.volga_reservoir_mean_inflow_m3_per_s,
                                                  cascade_net_evaporation_m_per_s, ym.month,
                                                  to_season, seconds_per_day, volga_storage_m3_);
        flow = rf.release_m3_per_s;
        out.volga_reservoir_net_evaporation_m3_per_s += rf.net_evaporation_m3_per_s / days;
      }
      flow = std::max(0.0, flow - withdrawal_m3_per_s[r]);
      out.natural_inflow_m3_per_s[r] += natural[r] / days;
      out.inflow_to_sea_m3_per_s[r] += flow / days;
    }
  }
  out.volga_reservoir_storage_m3 = volga_storage_m3_;
  out.temperature_anomaly_K = t_anomaly_sum / days;
  out.precipitation_ratio = p_ratio_sum / days;
  if (with_fields) {
    out.runoff_mm_per_day.assign(n, nan);
    out.snow_water_equivalent_mm.assign(n, nan);
    out.soil_moisture_mm.assign(n, nan);
    out.transmission_loss_mm_per_day.assign(n, nan);
    for (std::size_t c : active_cells_) {
      out.runoff_mm_per_day[c] = runoff_sum_mm_[c] / days;
      out.transmission_loss_mm_per_day[c] = loss_sum_m3[c] / net.cell_area_m2[c] * 1.0e3 / days;
      out.snow_water_equivalent_mm[c] = swe_sum_mm_[c] / days;
      out.soil_moisture_mm[c] = soil_sum_mm_[c] / days;
    }
  }
  for (std::size_t c : active_cells_) {
    out.transmission_loss_m3 += loss_sum_m3[c];
    out.precipitation_m3 += precipitation_sum_mm_[c] * 1.0e-3 * net.cell_area_m2[c];
    out.evapotranspiration_m3 += et_sum_mm_[c] * 1.0e-3 * net.cell_area_m2[c];
  }
  return out;
}

}  // namespace caspian::model
