#include "caspian/catchment/hbv.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace caspian::catchment {

namespace {
// input_mm x relative^beta (relative = SM/FC, clamped to [0, 1]) without calling std::pow where
// the product is known exactly: pow(1, b) = 1 for every b; a zero input gives that zero (sign
// included) when relative^beta is finite and >= 0, i.e. relative in (0, 1] and beta >= 0; and
// pow(+0, b) = +0 for b > 0.
double recharge_mm(double input_mm, double relative, double beta) {
  if (relative == 1.0) return input_mm;
  if (input_mm == 0.0 && relative > 0.0 && beta >= 0.0) return input_mm;
  if (relative == 0.0 && !std::signbit(relative) && beta > 0.0) return input_mm * 0.0;
  return input_mm * std::pow(relative, beta);
}
}  // namespace

HbvParameters hbv_parameters_from(const core::ParameterSet& set) {
  HbvParameters p;
  p.precipitation_correction = set.get("catchment.precipitation_correction");
  p.pet_correction = set.get("catchment.pet_correction");
  p.snow.threshold_temperature_degC = set.get("catchment.tt_degC");
  p.snow.melt_threshold_degC = set.get("catchment.melt_threshold_degC");
  p.snow.degree_day_factor_mm_per_degC_day = set.get("catchment.cfmax_mm_per_degC_day");
  p.snow.snowfall_correction = set.get("catchment.sfcf");
  p.snow.refreezing_coefficient = set.get("catchment.cfr");
  p.snow.water_holding_capacity = set.get("catchment.cwh");
  p.snow.temperature_spread_degC = set.get("catchment.snow_temperature_spread_degC");
  p.soil.field_capacity_mm = set.get("catchment.fc_mm");
  p.soil.et_limit_fraction = set.get("catchment.lp");
  p.soil.beta = set.get("catchment.beta");
  p.response.percolation_mm_per_day = set.get("catchment.perc_mm_per_day");
  p.response.upper_zone_threshold_mm = set.get("catchment.uzl_mm");
  p.response.k0_per_day = set.get("catchment.k0_per_day");
  p.response.k1_per_day = set.get("catchment.k1_per_day");
  p.response.k2_per_day = set.get("catchment.k2_per_day");
  p.maxbas_days = set.get("catchment.maxbas_days");
  return p;
}

SnowFluxes snow_step(const SnowParameters& p, double precipitation_mm, double temperature_degC,
                     SnowState& state) {
  SnowFluxes f;
  if (temperature_degC < p.threshold_temperature_degC) {
    f.snowfall_mm = precipitation_mm * p.snowfall_correction;
  } else {
    f.rainfall_mm = precipitation_mm;
  }
  state.snowpack_mm += f.snowfall_mm;
  const double dt = temperature_degC - p.melt_threshold_degC;
  if (dt > 0.0) {
    f.melt_mm = std::min(p.degree_day_factor_mm_per_degC_day * dt, state.snowpack_mm);
  } else {
    f.refreezing_mm =
        std::min(p.refreezing_coefficient * p.degree_day_factor_mm_per_degC_day * (-dt),
                 state.liquid_water_mm);
  }
  state.snowpack_mm += f.refreezing_mm - f.melt_mm;
  // Rain on a pack is held like melt water; on bare ground it passes straight through.
  state.liquid_water_mm += f.melt_mm - f.refreezing_mm + f.rainfall_mm;
  const double capacity_mm = p.water_holding_capacity * state.snowpack_mm;
  f.outflow_mm = std::max(0.0, state.liquid_water_mm - capacity_mm);
  state.liquid_water_mm -= f.outflow_mm;
  return f;
}

SnowFluxes snow_zones_step(const SnowParameters& p, double precipitation_mm,
                           double temperature_degC, SnowZones& zones) {
  SnowFluxes mean;
  // Rain on snow-free zones passes straight through (snow_step would give the same): the
  // common summer case skips the zone loop.
  const double coldest_zone_degC =
      temperature_degC + p.temperature_spread_degC * snow_zone_temperature_offsets.front();
  if (coldest_zone_degC >= p.threshold_temperature_degC && snow_water_equivalent_mm(zones) == 0.0) {
    mean.rainfall_mm = precipitation_mm;
    mean.outflow_mm = precipitation_mm;
    return mean;
  }
  const double weight = 1.0 / double(snow_zone_count);
  // A zone without snow or liquid water that gets rain (P >= 0) or nothing (P = +0) keeps no
  // water: snow_step would leave it at +0 / +0 and return the rain as rainfall and outflow, every
  // other flux a zero that leaves the means unchanged (a mean is never -0). That holds for finite
  // parameters with CFMAX, CFR, SFCF >= 0 and a finite temperature minus the melt threshold; then
  // the zone's step is skipped.
  const bool bare_zone_shortcut =
      std::isfinite(p.degree_day_factor_mm_per_degC_day) &&
      p.degree_day_factor_mm_per_degC_day >= 0.0 && std::isfinite(p.refreezing_coefficient) &&
      p.refreezing_coefficient >= 0.0 && std::isfinite(p.snowfall_correction) &&
      p.snowfall_correction >= 0.0 && std::isfinite(p.water_holding_capacity);
  const bool no_precipitation = precipitation_mm == 0.0 && !std::signbit(precipitation_mm);
  for (std::size_t z = 0; z < snow_zone_count; ++z) {
    const double zone_temperature_degC =
        temperature_degC + p.temperature_spread_degC * snow_zone_temperature_offsets[z];
    SnowState& zone = zones[z];
    if (bare_zone_shortcut && zone.snowpack_mm == 0.0 && zone.liquid_water_mm == 0.0 &&
        std::isfinite(zone_temperature_degC - p.melt_threshold_degC)) {
      const bool rain = !(zone_temperature_degC < p.threshold_temperature_degC);
      if (rain && precipitation_mm >= 0.0) {
        zone = SnowState{};
        mean.rainfall_mm += weight * precipitation_mm;
        if (precipitation_mm > 0.0) mean.outflow_mm += weight * precipitation_mm;
        continue;
      }
      if (no_precipitation) {
        zone = SnowState{};
        continue;
      }
    }
    const SnowFluxes f = snow_step(p, precipitation_mm, zone_temperature_degC, zone);
    mean.snowfall_mm += weight * f.snowfall_mm;
    mean.rainfall_mm += weight * f.rainfall_mm;
    mean.melt_mm += weight * f.melt_mm;
    mean.refreezing_mm += weight * f.refreezing_mm;
    mean.outflow_mm += weight * f.outflow_mm;
  }
  return mean;
}

double snow_water_equivalent_mm(const SnowZones& zones) {
  double sum_mm = 0.0;
  for (const SnowState& z : zones) sum_mm += z.snowpack_mm + z.liquid_water_mm;
  return sum_mm / double(snow_zone_count);
}

SoilFluxes soil_step(const SoilParameters& p, double input_mm, double potential_et_mm,
                     double& soil_moisture_mm) {
  SoilFluxes f;
  const double fc = p.field_capacity_mm;
  const double relative = std::clamp(soil_moisture_mm / fc, 0.0, 1.0);
  f.recharge_mm = recharge_mm(input_mm, relative, p.beta);
  soil_moisture_mm += input_mm - f.recharge_mm;
  // The store never holds more than FC: the excess recharges the groundwater.
  if (soil_moisture_mm > fc) {
    f.recharge_mm += soil_moisture_mm - fc;
    soil_moisture_mm = fc;
  }
  const double et_fraction = std::min(1.0, soil_moisture_mm / (p.et_limit_fraction * fc));
  f.actual_et_mm = std::min(potential_et_mm * std::max(et_fraction, 0.0), soil_moisture_mm);
  soil_moisture_mm -= f.actual_et_mm;
  return f;
}

ResponseFluxes response_step(const ResponseParameters& p, double recharge_mm,
                             ResponseState& state) {
  ResponseFluxes f;
  state.upper_zone_mm += recharge_mm;
  f.percolation_mm = std::min(p.percolation_mm_per_day, state.upper_zone_mm);
  state.upper_zone_mm -= f.percolation_mm;
  state.lower_zone_mm += f.percolation_mm;
  f.quick_flow_mm = p.k0_per_day * std::max(0.0, state.upper_zone_mm - p.upper_zone_threshold_mm);
  f.interflow_mm = p.k1_per_day * state.upper_zone_mm;
  // K0 + K1 <= 1 within the registry bounds; guard anyway so the store never goes negative.
  const double upper_out = f.quick_flow_mm + f.interflow_mm;
  if (upper_out > state.upper_zone_mm && upper_out > 0.0) {
    const double scale = state.upper_zone_mm / upper_out;
    f.quick_flow_mm *= scale;
    f.interflow_mm *= scale;
  }
  state.upper_zone_mm -= f.quick_flow_mm + f.interflow_mm;
  f.baseflow_mm = std::min(p.k2_per_day, 1.0) * state.lower_zone_mm;
  state.lower_zone_mm -= f.baseflow_mm;
  return f;
}

CellState initial_cell_state(const HbvParameters& p) {
  CellState s;
  s.soil_moisture_mm = 0.5 * p.soil.field_capacity_mm;
  s.routing = TriangularRouting(p.maxbas_days);
  return s;
}

CellFluxes cell_step(const HbvParameters& p, double precipitation_mm, double temperature_degC,
                     double potential_et_mm, CellState& state) {
  CellFluxes f;
  const double precipitation = precipitation_mm * p.precipitation_correction;
  const SnowFluxes snow = snow_zones_step(p.snow, precipitation, temperature_degC, state.snow);
  f.precipitation_mm = snow.snowfall_mm + snow.rainfall_mm;
  f.potential_et_mm = potential_et_mm * p.pet_correction;
  const SoilFluxes soil =
      soil_step(p.soil, snow.outflow_mm, f.potential_et_mm, state.soil_moisture_mm);
  f.actual_et_mm = soil.actual_et_mm;
  f.runoff_mm = response_step(p.response, soil.recharge_mm, state.response).total_mm();
  f.discharge_mm = state.routing.step(f.runoff_mm);
  return f;
}

void simulate_cell(const HbvParameters& p, std::span<const double> precipitation_mm,
                   std::span<const double> temperature_degC,
                   std::span<const double> potential_et_mm, CellState& state,
                   std::span<double> discharge_mm) {
  const std::size_t n = precipitation_mm.size();
  if (temperature_degC.size() != n || potential_et_mm.size() != n || discharge_mm.size() != n) {
    throw std::invalid_argument("simulate_cell: forcing and output series differ in length");
  }
  for (std::size_t i = 0; i < n; ++i) {
    discharge_mm[i] =
        cell_step(p, precipitation_mm[i], temperature_degC[i], potential_et_mm[i], state)
            .discharge_mm;
  }
}

}  // namespace caspian::catchment
