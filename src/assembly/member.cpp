#include "caspian/assembly/member.hpp"

#include <chrono>

#include "caspian/core/constants.hpp"

namespace caspian::assembly {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

MemberRun run_coupled(const Setup& setup, const Member& member, const MemberStart& start,
                      bool keep_fields,
                      const std::function<void(const model::MonthResult&)>& on_month,
                      const YearEndHook& on_year_end) {
  const io::RunConfig& config = setup.config;
  const LoadedRun& run = *setup.run;
  const LoadedCatchment& catchment = *setup.catchment;
  const model::Scenario& scenario = *member.scenario;
  const climate::DailySeries& weather = *member.weather;
  MemberRun out;
  out.sea = start.sea_months_before;
  // The land takes the member's CMIP6 change as the sea does (none in a hindcast).
  model::CatchmentRunner runner(
      *member.catchment_model,
      start.catchment ? *start.catchment : model::initial_catchment_state(*member.catchment_model),
      scenario.cmip6 ? &*scenario.cmip6 : nullptr);
  model::SeaStepper sea(run.sea_model, start.sea);
  // Warm-up: the first year, repeated, with the state carried over and the results dropped.
  const auto t_warmup = Clock::now();
  const int cycles = start.catchment ? 0 : config.catchment->warmup_cycles;
  for (int cycle = 0; cycle < cycles; ++cycle) {
    core::YearMonth ym = config.start;
    for (int k = 0; k < 12 && ym <= config.end; ++k, ym = ym.next()) {
      runner.run_month(ym, config.calendar, weather, member.weather_source, false);
    }
  }
  out.catchment_s += seconds_since(t_warmup);
  for (core::YearMonth ym = start.from.value_or(config.start); ym <= config.end; ym = ym.next()) {
    const auto t0 = Clock::now();
    auto cm = runner.run_month(ym, config.calendar, weather, member.weather_source, keep_fields);
    out.catchment_s += seconds_since(t0);
    const double year = ym.year + (ym.month - 0.5) / 12.0;
    auto month = sea.step_month(
        ym, config.calendar, cm.inflow_to_sea_m3_per_s, run.inflow.groundwater_m3_per_s,
        model::temperature_change_K(scenario, ym) + cm.temperature_anomaly_K,
        model::precipitation_factor(scenario, ym) * cm.precipitation_ratio,
        core::interpolate_trajectory(scenario.withdrawal_m3_per_s, year));
    // Once a year the drainage network follows the shoreline.
    if (ym.month == 12) {
      runner.set_sea_mask(catchment::sea_mask_from_wet_fraction(
          catchment.net.dem_hypsometry.value().wet_fraction(sea.state().level_m_bs)));
    }
    on_month(month);
    out.sea.push_back(std::move(month));
    out.catchment.push_back(std::move(cm));
    if (on_year_end && ym.month == 12 && ym < config.end)
      on_year_end(YearEnd{ym.next(), sea.state(), runner, out.sea});
  }
  out.final_sea = sea.state();
  out.final_catchment = runner.state();
  return out;
}
}  // namespace

std::unique_ptr<Setup> build_setup(const io::RunConfig& config) {
  auto setup = std::make_unique<Setup>();
  setup->config = config;
  setup->run = load_run_inputs(setup->config, &setup->times);
  if (setup->config.catchment) {
    const auto t0 = Clock::now();
    setup->catchment = load_catchment(setup->config);
    setup->catchment_load_s = seconds_since(t0);
  }
  return setup;
}

Member run_file_member(const Setup& setup) {
  Member m;
  m.scenario = &setup.run->scenario;
  if (setup.catchment) {
    m.catchment_model = &setup.catchment->model;
    m.weather = &setup.catchment->series;
    m.weather_source = setup.catchment->series_source;
  }
  return m;
}

MemberStart initial_start(const Setup& setup) {
  const double level = setup.config.initial_level_m_bs;
  return MemberStart{sea::SeaState{level, setup.run->hypsometry->volume_m3(level)},
                     std::nullopt,
                     std::nullopt,
                     {}};
}

MemberRun run_member(const Setup& setup, const Member& member, const MemberStart& start,
                     bool keep_fields,
                     const std::function<void(const model::MonthResult&)>& on_month,
                     const YearEndHook& on_year_end) {
  if (setup.catchment) return run_coupled(setup, member, start, keep_fields, on_month, on_year_end);
  MemberRun out;
  out.final_sea =
      model::run_projection(setup.run->sea_model, setup.run->inflow, *member.scenario,
                            setup.run->period, start.sea, [&](const model::MonthResult& m) {
                              out.sea.push_back(m);
                              on_month(m);
                            });
  return out;
}

}  // namespace caspian::assembly
