#include "caspian/assembly/gcm_change.hpp"

#include "caspian/climate/regrid.hpp"
#include "caspian/io/gcm_fields.hpp"

namespace caspian::assembly {

namespace {
// One period's means per calendar month on the target grid.
climate::MonthlyCells on_target(const io::VariableSource& source, core::Quantity quantity,
                                const io::GcmPeriodConfig& period, const core::LatLonGrid& target) {
  const auto means = io::read_gcm_monthly_means(source.file.string(), source.variable, quantity,
                                                period.first, period.last);
  climate::MonthlyCells out;
  for (std::size_t m = 0; m < 12; ++m) {
    out[m] = climate::regrid_rectilinear(means.grid, means.mean[m], target);
    climate::fill_missing_from_neighbours(target, out[m]);
  }
  return out;
}
}  // namespace

climate::DeltaChange gcm_delta_change(const io::GcmFieldsConfig& config,
                                      const core::LatLonGrid& target) {
  climate::DeltaChange delta;
  const auto t = core::Quantity::temperature_degC;
  delta.temperature_K = climate::temperature_change_K(
      on_target(config.reference.temperature, t, config.reference, target),
      on_target(config.future.temperature, t, config.future, target));
  if (config.reference.precipitation && config.future.precipitation) {
    const auto q = core::Quantity::water_flux_m_per_s;  // read as mm/day
    delta.precipitation_ratio = climate::precipitation_ratio(
        on_target(*config.reference.precipitation, q, config.reference, target),
        on_target(*config.future.precipitation, q, config.future, target),
        config.precipitation_floor_mm_per_day);
  } else {
    for (auto& month : delta.precipitation_ratio) month.assign(target.size(), 1.0);
  }
  return delta;
}

double gcm_ramp_start_year(const io::RunConfig& config) {
  const core::YearMonth start = config.scenario.gcm_fields && config.scenario.gcm_fields->ramp_start
                                    ? *config.scenario.gcm_fields->ramp_start
                                    : config.start;
  return start.year + (start.month - 1) / 12.0;
}

}  // namespace caspian::assembly
