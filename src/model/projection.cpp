#include "caspian/model/projection.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "caspian/core/constants.hpp"
#include "caspian/sea/evaporation.hpp"

namespace caspian::model {

namespace {
double mid_month_year(const core::YearMonth& ym) { return ym.year + (ym.month - 0.5) / 12.0; }
}  // namespace

std::array<climate::MonthlyChange, climate::region_count> Cmip6SeaChange::regional(
    std::size_t month, double year) const {
  const double dg = path->at(year) - path->at(climatology_centre_year);
  return {climate::scaled_change(pattern, 0, month, dg),
          climate::scaled_change(pattern, 1, month, dg)};
}

climate::MonthlyChange Cmip6SeaChange::at(const core::YearMonth& month) const {
  const auto [eeu, wca] = regional(std::size_t(month.month - 1), mid_month_year(month));
  return {eeu_share * eeu.temperature_K + (1.0 - eeu_share) * wca.temperature_K,
          eeu_share * eeu.precipitation_factor + (1.0 - eeu_share) * wca.precipitation_factor};
}

climate::RampedChange GcmSeaChange::at(const core::YearMonth& month) const {
  const std::size_t m = std::size_t(month.month - 1);
  return climate::ramped(temperature_K[m], precipitation_ratio[m],
                         climate::ramp_weight(mid_month_year(month), start_year, ramp_years));
}

double precipitation_factor(const Scenario& scenario, const core::YearMonth& month) {
  double factor =
      core::interpolate_trajectory(scenario.precipitation_factor, mid_month_year(month));
  if (scenario.cmip6) factor *= scenario.cmip6->at(month).precipitation_factor;
  if (scenario.gcm_fields) factor *= scenario.gcm_fields->at(month).precipitation_factor;
  return factor;
}

double temperature_change_K(const Scenario& scenario, const core::YearMonth& month) {
  double change = core::interpolate_trajectory(scenario.temperature_delta_K, mid_month_year(month));
  if (scenario.cmip6) change += scenario.cmip6->at(month).temperature_K;
  if (scenario.gcm_fields) change += scenario.gcm_fields->at(month).temperature_K;
  const auto it = scenario.annual_temperature_anomaly_K.find(month.year);
  if (it != scenario.annual_temperature_anomaly_K.end()) change += it->second;
  return change;
}

double IceTable::at(std::size_t month, std::size_t cell, std::size_t ncell, double change_K) const {
  const std::size_t k_count = temperature_change_K.size();
  if (k_count == 0) return 0.0;
  auto value = [&](std::size_t k) { return fraction[(k * 12 + month) * ncell + cell]; };
  if (change_K <= temperature_change_K.front()) return value(0);
  if (change_K >= temperature_change_K.back()) return value(k_count - 1);
  const auto upper =
      std::upper_bound(temperature_change_K.begin(), temperature_change_K.end(), change_K);
  const std::size_t k1 = std::size_t(upper - temperature_change_K.begin());
  const std::size_t k0 = k1 - 1;
  const double w =
      (change_K - temperature_change_K[k0]) / (temperature_change_K[k1] - temperature_change_K[k0]);
  return (1.0 - w) * value(k0) + w * value(k1);
}

MonthlyFields linacre_relative_humidity(const MonthlyFields& temperature_degC,
                                        double surface_level_m_bs, double daily_range_K) {
  const std::size_t n = temperature_degC[0].size();
  MonthlyFields out;
  for (auto& f : out) f.assign(n, 0.0);
  for (std::size_t c = 0; c < n; ++c) {
    double lo = temperature_degC[0][c], hi = lo;
    for (const auto& month : temperature_degC) {
      lo = std::min(lo, month[c]);
      hi = std::max(hi, month[c]);
    }
    for (std::size_t m = 0; m < 12; ++m) {
      const double t = temperature_degC[m][c];
      const double depression =
          sea::linacre_dewpoint_depression_K(t, surface_level_m_bs, daily_range_K, hi - lo);
      out[m][c] = sea::relative_humidity_from_dewpoint_depression(t, depression);
    }
  }
  return out;
}

IceTable build_ice_table(const sea::Hypsometry& hypsometry, const MonthlyFields& temperature_degC,
                         double surface_level_m_bs, const sea::IceParameters& parameters,
                         double lo_K, double hi_K, double step_K) {
  if (!(step_K > 0.0) || hi_K < lo_K)
    throw std::invalid_argument("build_ice_table: need lo <= hi and a positive step");
  IceTable table;
  for (int k = 0; lo_K + k * step_K <= hi_K + 1e-9 * step_K; ++k)
    table.temperature_change_K.push_back(lo_K + k * step_K);
  const std::size_t n = hypsometry.grid().size();
  const std::size_t k_count = table.temperature_change_K.size();
  table.fraction.assign(k_count * 12 * n, 0.0);
  const auto join = hypsometry.join_level_m_bs();
  const auto bed = hypsometry.bed_m_bs();
  // Each cell on its own (no shared state): any thread count gives the same table.
#pragma omp parallel for schedule(dynamic, 16)
  for (std::size_t c = 0; c < n; ++c) {
    if (!std::isfinite(join[c])) continue;
    std::array<double, 12> air{};
    const double depth_m = surface_level_m_bs - bed[c];
    // The coldest change first: a cell without ice then has none at any warmer change.
    for (std::size_t k = 0; k < k_count; ++k) {
      for (std::size_t m = 0; m < 12; ++m)
        air[m] = temperature_degC[m][c] + table.temperature_change_K[k];
      const auto thickness = sea::slab_ice_thickness_m(air, depth_m, parameters);
      const auto monthly = sea::monthly_ice_fraction(thickness);
      bool any = false;
      for (std::size_t m = 0; m < 12; ++m) {
        table.fraction[(k * 12 + m) * n + c] = monthly[m];
        any = any || monthly[m] > 0.0;
      }
      if (!any) break;
    }
  }
  return table;
}

namespace {
std::vector<double> month_major(const MonthlyFields& fields) {
  std::vector<double> flat;
  for (const auto& f : fields) flat.insert(flat.end(), f.begin(), f.end());
  return flat;
}
}  // namespace

MonthlyFields formula_evaporation_m_per_s(const SeaModel& model, double temperature_delta_K,
                                          double surface_level_m_bs) {
  const auto& grid = model.hypsometry->grid();
  const std::size_t n = grid.size();
  std::vector<double> temperature = month_major(model.temperature_degC);
  for (double& t : temperature) t += temperature_delta_K;
  std::vector<double> latitude_deg(n);
  for (std::size_t c = 0; c < n; ++c) latitude_deg[c] = grid.lat_deg()[c / grid.nlon()];
  const double elevation_m[1] = {surface_level_m_bs};
  const auto flat = sea::linacre_monthly_evaporation_m_per_s(temperature, elevation_m, latitude_deg,
                                                             model.daily_temperature_range_K);
  MonthlyFields out;
  for (std::size_t m = 0; m < 12; ++m) {
    out[m].assign(flat.begin() + std::ptrdiff_t(m * n), flat.begin() + std::ptrdiff_t((m + 1) * n));
  }
  return out;
}

double calibrate_evaporation(const SeaModel& model, double calibration_level_m_bs,
                             double target_mm_per_yr) {
  const auto fields = month_major(formula_evaporation_m_per_s(model, 0.0, calibration_level_m_bs));
  const auto wet = model.hypsometry->wet_fraction(calibration_level_m_bs);
  return sea::evaporation_calibration_factor(fields, model.hypsometry->cell_area_m2(), wet,
                                             target_mm_per_yr);
}

namespace {
// One month's formula evaporation (m/s) per cell for a temperature change; the annual range of
// each cell's climatology is fixed (a uniform change does not alter it).
void month_formula_evaporation(const SeaModel& model, std::size_t month,
                               std::span<const double> annual_range_K, double temperature_delta_K,
                               double surface_level_m_bs, std::vector<double>& out_m_per_s) {
  const auto& grid = model.hypsometry->grid();
  constexpr double m_per_s_per_mm_per_day = 1.0e-3 / core::seconds_per_day;
  for (std::size_t c = 0; c < out_m_per_s.size(); ++c) {
    const double lat = grid.lat_deg()[c / grid.nlon()];
    out_m_per_s[c] = m_per_s_per_mm_per_day *
                     sea::linacre_evaporation_mm_per_day(
                         model.temperature_degC[month][c] + temperature_delta_K, surface_level_m_bs,
                         lat, model.daily_temperature_range_K, annual_range_K[c]);
  }
}
}  // namespace

SeaStepper::SeaStepper(const SeaModel& model, double initial_level_m_bs)
    : SeaStepper(model, sea::SeaState{initial_level_m_bs,
                                      model.hypsometry->volume_m3(initial_level_m_bs)}) {}

SeaStepper::SeaStepper(const SeaModel& model, const sea::SeaState& state)
    : model_(&model), state_(state) {
  const double initial_level_m_bs = state.level_m_bs;
  const std::size_t ncell = model.hypsometry->grid().size();
  use_formula_ = model.evaporation_m_per_s[0].empty();
  ice_fraction_.assign(ncell, 0.0);
  // Formula fields at zero change, for scaling a given evaporation climatology by the formula's
  // response to warming.
  if (!use_formula_)
    baseline_formula_ = formula_evaporation_m_per_s(model, 0.0, initial_level_m_bs);
  annual_range_K_.resize(ncell);
  for (std::size_t c = 0; c < ncell; ++c) {
    double lo = model.temperature_degC[0][c], hi = lo;
    for (const auto& month : model.temperature_degC) {
      lo = std::min(lo, month[c]);
      hi = std::max(hi, month[c]);
    }
    annual_range_K_[c] = hi - lo;
  }
  warmed_.resize(ncell);
  precipitation_.resize(ncell);
  evaporation_.resize(ncell);
}

MonthResult SeaStepper::step_month(const core::YearMonth& ym, core::Calendar calendar,
                                   std::span<const double> river_inflow_m3_per_s,
                                   double groundwater_m3_per_s, double temperature_delta_K,
                                   double precipitation_factor, double withdrawal_m3_per_s) {
  const SeaModel& model = *model_;
  const sea::Hypsometry& hyps = *model.hypsometry;
  const std::size_t ncell = hyps.grid().size();
  const std::size_t m = std::size_t(ym.month - 1);
  const double days = core::days_in_month(calendar, ym.year, ym.month);
  const double dt_s = days * core::seconds_per_day;
  const bool bulk = use_formula_ && model.scheme == EvaporationScheme::bulk_aerodynamic;
  if (bulk) {
    bulk_evaporation_month(model, m, temperature_delta_K, evaporation_, ice_fraction_);
  } else {
    month_formula_evaporation(model, m, annual_range_K_, temperature_delta_K, state_.level_m_bs,
                              warmed_);
  }
  for (std::size_t c = 0; c < ncell; ++c) {
    precipitation_[c] = model.precipitation_m_per_s[m][c] * precipitation_factor;
    if (bulk) continue;
    if (use_formula_) {
      evaporation_[c] = model.evaporation_factor * warmed_[c];
    } else {
      const double base = baseline_formula_[m][c];
      const double ratio = base > 0.0 ? warmed_[c] / base : 1.0;
      evaporation_[c] = model.evaporation_m_per_s[m][c] * ratio;
    }
  }
  MonthResult result;
  result.month = ym;
  result.days = days;
  result.level_start_m_bs = state_.level_m_bs;
  if (bulk) {
    for (std::size_t c = 0; c < ncell; ++c) {
      if (ice_fraction_[c] > 0.0)
        result.ice_area_m2 +=
            ice_fraction_[c] * hyps.wet_fraction(c, state_.level_m_bs) * hyps.cell_area_m2()[c];
    }
  }
  result.river_inflow_m3_per_s.assign(river_inflow_m3_per_s.begin(), river_inflow_m3_per_s.end());
  double river_total_m3_per_s = 0.0;
  for (double q : river_inflow_m3_per_s) river_total_m3_per_s += q;
  sea::SeaFluxes fluxes;
  fluxes.precipitation_m_per_s = precipitation_;
  fluxes.evaporation_m_per_s = evaporation_;
  fluxes.river_inflow_m3_per_s = river_total_m3_per_s;
  fluxes.groundwater_inflow_m3_per_s = groundwater_m3_per_s;
  fluxes.withdrawal_m3_per_s = withdrawal_m3_per_s;
  const sea::KbgParameters kbg = sea::kbg_for_strait(
      model.kbg, sea::kbg_strait_at(model.kbg_regime, ym), model.kbg_culvert_capacity_m3_per_s);
  result.terms = sea::step_sea(hyps, hyps.cell_area_m2(), kbg, fluxes, dt_s, state_);
  result.level_end_m_bs = state_.level_m_bs;
  result.volume_end_m3 = state_.volume_m3;
  return result;
}

void bulk_evaporation_month(const SeaModel& model, std::size_t m, double temperature_change_K,
                            std::span<double> evaporation_m_per_s, std::span<double> ice_fraction) {
  const std::size_t ncell = evaporation_m_per_s.size();
  const double sst_change_K = model.sst_warming_ratio * temperature_change_K;
  for (std::size_t c = 0; c < ncell; ++c) {
    const double sst = std::max(model.sea_surface_temperature_degC[m][c] + sst_change_K,
                                model.freezing_point_degC);
    const double ice = model.ice.at(m, c, ncell, temperature_change_K);
    ice_fraction[c] = ice;
    evaporation_m_per_s[c] =
        model.evaporation_scale * (1.0 - ice) *
        sea::bulk_evaporation_m_per_s(sst, model.temperature_degC[m][c] + temperature_change_K,
                                      model.relative_humidity[m][c], model.wind_speed_m_per_s[m][c],
                                      model.bulk);
  }
}

sea::SeaState run_projection(const SeaModel& model, const Inflow& inflow, const Scenario& scenario,
                             const Period& period, const sea::SeaState& initial,
                             const std::function<void(const MonthResult&)>& on_month) {
  SeaStepper stepper(model, initial);
  const RecordedInflow* recorded = inflow.recorded ? &*inflow.recorded : nullptr;
  std::vector<double> rivers(recorded ? 1 : inflow.rivers.size());
  for (core::YearMonth ym = period.start; ym <= period.end; ym = ym.next()) {
    const std::size_t m = std::size_t(ym.month - 1);
    const double year = mid_month_year(ym);
    const double days = core::days_in_month(period.calendar, ym.year, ym.month);
    // A month's share of the annual volume, spread over the month's length.
    const double month_fraction_of_year = days / core::days_in_year(period.calendar, ym.year);
    const double share_scale = inflow.monthly_share[m] / month_fraction_of_year;
    const double inflow_factor = core::interpolate_trajectory(scenario.inflow_factor, year);
    if (recorded == nullptr) {
      for (std::size_t r = 0; r < rivers.size(); ++r) {
        rivers[r] = inflow.rivers[r].mean_m3_per_s * inflow_factor * share_scale;
      }
    } else if (recorded->monthly) {
      rivers[0] = recorded->month_mean_m3_per_s(ym, period.calendar) * inflow_factor;
    } else {
      rivers[0] =
          recorded->annual_mean_m3_per_s(ym.year, period.calendar) * inflow_factor * share_scale;
    }
    on_month(stepper.step_month(ym, period.calendar, rivers, inflow.groundwater_m3_per_s,
                                temperature_change_K(scenario, ym),
                                precipitation_factor(scenario, ym),
                                core::interpolate_trajectory(scenario.withdrawal_m3_per_s, year)));
  }
  return stepper.state();
}

long RecordedInflow::offset_of(const core::YearMonth& ym) const {
  return monthly ? long(ym.year - first.year) * 12 + (ym.month - first.month)
                 : long(ym.year - first.year);
}

bool RecordedInflow::covers(const core::YearMonth& ym) const {
  const long offset = offset_of(ym);
  return offset >= 0 && offset < long(volume_m3.size());
}

double RecordedInflow::volume_m3_of(const core::YearMonth& ym) const {
  if (!covers(ym)) {
    throw std::out_of_range("the recorded inflow '" + name + "' does not hold " +
                            std::to_string(ym.year) +
                            (monthly ? "-" + std::to_string(ym.month) : std::string()));
  }
  return volume_m3[std::size_t(offset_of(ym))];
}

double RecordedInflow::annual_mean_m3_per_s(int year, core::Calendar calendar) const {
  if (monthly) throw std::logic_error("annual_mean_m3_per_s of a monthly record");
  return volume_m3_of({year, 1}) / (core::days_in_year(calendar, year) * core::seconds_per_day);
}

double RecordedInflow::month_mean_m3_per_s(const core::YearMonth& ym,
                                           core::Calendar calendar) const {
  if (!monthly) throw std::logic_error("month_mean_m3_per_s of an annual record");
  return volume_m3_of(ym) /
         (core::days_in_month(calendar, ym.year, ym.month) * core::seconds_per_day);
}

}  // namespace caspian::model
