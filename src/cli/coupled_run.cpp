#include "coupled_run.hpp"

#include <chrono>

#include "caspian/core/constants.hpp"

namespace caspian::cli {

CoupledMonths run_coupled(const io::RunConfig& config, const LoadedRun& run,
                          const LoadedCatchment& catchment, const CoupledStart& start,
                          bool keep_fields,
                          const std::function<void(const model::MonthResult&)>& on_month,
                          double* catchment_seconds) {
  CoupledMonths out;
  model::CatchmentRunner runner(
      catchment.model,
      start.catchment ? *start.catchment : model::initial_catchment_state(catchment.model));
  model::SeaStepper sea(run.sea_model, start.sea);
  double seconds = 0.0;
  // Warm-up: the first year, repeated, with the state carried over and the results dropped.
  const auto t_warmup = std::chrono::steady_clock::now();
  const int cycles = start.catchment ? 0 : config.catchment->warmup_cycles;
  for (int cycle = 0; cycle < cycles; ++cycle) {
    core::YearMonth ym = config.start;
    for (int k = 0; k < 12 && ym <= config.end; ++k, ym = ym.next()) {
      runner.run_month(ym, config.calendar, catchment.series, catchment.series_source);
    }
  }
  seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t_warmup).count();
  for (core::YearMonth ym = config.start; ym <= config.end; ym = ym.next()) {
    const auto t0 = std::chrono::steady_clock::now();
    auto cm = runner.run_month(ym, config.calendar, catchment.series, catchment.series_source);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double year = ym.year + (ym.month - 0.5) / 12.0;
    auto month = sea.step_month(
        ym, config.calendar, cm.inflow_to_sea_m3_per_s, run.inflow.groundwater_m3_per_s,
        model::temperature_change_K(run.scenario, ym) + cm.temperature_anomaly_K,
        model::precipitation_factor(run.scenario, ym) * cm.precipitation_ratio,
        core::interpolate_trajectory(run.scenario.withdrawal_m3_per_s, year));
    if (!keep_fields) {
      cm.runoff_mm_per_day.clear();
      cm.snow_water_equivalent_mm.clear();
      cm.soil_moisture_mm.clear();
      cm.transmission_loss_mm_per_day.clear();
    }
    // Once a year the drainage network follows the shoreline.
    if (ym.month == 12) {
      runner.set_sea_mask(catchment::sea_mask_from_wet_fraction(
          catchment.net.dem_hypsometry.value().wet_fraction(sea.state().level_m_bs)));
    }
    on_month(month);
    out.sea.push_back(std::move(month));
    out.catchment.push_back(std::move(cm));
  }
  if (catchment_seconds != nullptr) *catchment_seconds = seconds;
  out.final_sea = sea.state();
  out.final_catchment = runner.state();
  return out;
}

}  // namespace caspian::cli
