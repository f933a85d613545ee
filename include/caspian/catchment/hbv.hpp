#pragma once
// HBV-type land-surface processes for one cell and one daily step (Bergstrom 1992; the HBV-light
// form of Seibert & Vis 2012): degree-day snow with refreezing and liquid-water holding, the soil
// moisture routine, and the two-box response (groundwater) routine. Plain functions over a small
// state struct: no I/O, no globals. Every flux is mm per day over the cell; every store is mm.
#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "caspian/catchment/routing.hpp"
#include "caspian/core/parameters.hpp"

namespace caspian::catchment {

struct SnowParameters {
  double threshold_temperature_degC = 0.0;         // TT: precipitation falls as snow below it
  double melt_threshold_degC = 0.0;                // melt and refreezing start above/below it
  double degree_day_factor_mm_per_degC_day = 3.5;  // CFMAX
  double snowfall_correction = 1.0;                // SFCF: undercatch and sublimation of snow
  double refreezing_coefficient = 0.05;            // CFR (refreezing = CFR x CFMAX x (Tm - T))
  double water_holding_capacity = 0.1;             // CWH: liquid water the pack holds / SWE
  // Spread of temperature over the equal-area snow zones of a cell (see SnowZones).
  double temperature_spread_degC = 0.0;
};

struct SoilParameters {
  double field_capacity_mm = 250.0;  // FC
  double et_limit_fraction = 0.7;    // LP: ET at the potential rate above LP x FC
  double beta = 2.0;                 // shape of the recharge curve
};

struct ResponseParameters {
  double percolation_mm_per_day = 1.0;    // PERC: upper -> lower store, at most
  double upper_zone_threshold_mm = 20.0;  // UZL: quick flow K0 only above it
  double k0_per_day = 0.2;                // quick flow from the upper store
  double k1_per_day = 0.1;                // interflow from the upper store
  double k2_per_day = 0.01;               // baseflow from the lower store
};

struct HbvParameters {
  double precipitation_correction = 1.0;  // on all precipitation (gauge/reanalysis bias)
  double pet_correction = 1.0;            // on the temperature-based PET
  SnowParameters snow;
  SoilParameters soil;
  ResponseParameters response;
  double maxbas_days = 2.5;  // base of the triangular routing weights
};

// Reads the catchment.* entries of the registry (names in src/core/parameters.cpp).
HbvParameters hbv_parameters_from(const core::ParameterSet& set);

struct SnowState {
  double snowpack_mm = 0.0;      // frozen water equivalent
  double liquid_water_mm = 0.0;  // liquid water held in the pack
};

struct SnowFluxes {
  double snowfall_mm = 0.0;
  double rainfall_mm = 0.0;
  double melt_mm = 0.0;
  double refreezing_mm = 0.0;
  double outflow_mm = 0.0;  // rain and melt water leaving the pack: input to the soil
};

// One day. precipitation_mm is already corrected by precipitation_correction; snowfall is
// further multiplied by SFCF (so snowfall_mm is what reaches the pack).
SnowFluxes snow_step(const SnowParameters& p, double precipitation_mm, double temperature_degC,
                     SnowState& state);

// A cell (or a lumped basin) as equal-area snow zones whose temperatures differ from the cell's
// mean by temperature_spread_degC x the offsets below. The zones stand for what one mean
// temperature hides: slopes facing the sun or not, forest against open field, higher and lower
// ground. Their snow starts to melt on different days, so the cell's melt spreads over the
// spring instead of coming all at once, as HBV's elevation and vegetation zones do (Bergstrom
// 1992; Seibert & Vis 2012). With a spread of 0 every zone is the single pack of the cell.
inline constexpr std::size_t snow_zone_count = 5;
inline constexpr std::array<double, snow_zone_count> snow_zone_temperature_offsets = {
    -1.0, -0.5, 0.0, 0.5, 1.0};
using SnowZones = std::array<SnowState, snow_zone_count>;

// One day over the zones: each zone gets the same precipitation and its own temperature; the
// fluxes returned are the zones' means (mm over the cell).
SnowFluxes snow_zones_step(const SnowParameters& p, double precipitation_mm,
                           double temperature_degC, SnowZones& zones);

// Frozen plus liquid water of the zones, mm over the cell.
double snow_water_equivalent_mm(const SnowZones& zones);

struct SoilFluxes {
  double recharge_mm = 0.0;  // to the response routine
  double actual_et_mm = 0.0;
};

// One day: recharge = input x (SM/FC)^beta (and any excess above FC), then actual
// ET = PET x min(1, SM/(LP FC)), never more than the store holds.
SoilFluxes soil_step(const SoilParameters& p, double input_mm, double potential_et_mm,
                     double& soil_moisture_mm);

struct ResponseState {
  double upper_zone_mm = 0.0;
  double lower_zone_mm = 0.0;
};

struct ResponseFluxes {
  double percolation_mm = 0.0;
  double quick_flow_mm = 0.0;  // K0 x max(0, SUZ - UZL)
  double interflow_mm = 0.0;   // K1 x SUZ
  double baseflow_mm = 0.0;    // K2 x SLZ
  double total_mm() const { return quick_flow_mm + interflow_mm + baseflow_mm; }
};

// One day of the HBV-light two-box response: recharge into the upper store, percolation to the
// lower store, then the three outflows computed from the stores (explicit, limited to storage).
ResponseFluxes response_step(const ResponseParameters& p, double recharge_mm, ResponseState& state);

struct CellState {
  SnowZones snow;
  double soil_moisture_mm = 0.0;
  ResponseState response;
  TriangularRouting routing;
  // Water held in the cell (mm), for balance checks.
  double storage_mm() const {
    return snow_water_equivalent_mm(snow) + soil_moisture_mm + response.upper_zone_mm +
           response.lower_zone_mm + routing.storage_mm();
  }
};

// A cell state to start a run from: no snow, soil at half field capacity, stores empty, routing
// weights for p.maxbas_days. A warm-up period removes the dependence on it.
CellState initial_cell_state(const HbvParameters& p);

struct CellFluxes {
  double precipitation_mm = 0.0;  // after precipitation_correction (and SFCF for snowfall)
  double potential_et_mm = 0.0;   // after pet_correction
  double actual_et_mm = 0.0;
  double runoff_mm = 0.0;     // generated by the response routine (before routing)
  double discharge_mm = 0.0;  // leaving the cell after routing
};

// One day for one cell: snow -> soil -> response -> routing.
CellFluxes cell_step(const HbvParameters& p, double precipitation_mm, double temperature_degC,
                     double potential_et_mm, CellState& state);

// Runs cell_step over daily series (equal lengths); writes the routed discharge (mm/day) per day.
// Returns nothing else: the state carries over so a run can be split and continued.
void simulate_cell(const HbvParameters& p, std::span<const double> precipitation_mm,
                   std::span<const double> temperature_degC,
                   std::span<const double> potential_et_mm, CellState& state,
                   std::span<double> discharge_mm);

// mm/day over a basin of area_km2 -> m3/s.
inline double mm_per_day_to_m3_per_s(double mm_per_day, double area_km2) {
  return mm_per_day * area_km2 * 1.0e3 / 86400.0;
}

}  // namespace caspian::catchment
