#pragma once
// A lumped reservoir cascade (the Volga-Kama cascade) on a river's flow: in the spring-flood
// months it keeps a fraction of the flow above the long-term mean until its useful storage is
// full; in the other months it releases what it holds, evenly until the next flood season; over
// its surface it loses the open-water evaporation in excess of the evapotranspiration the flooded
// land would have had (reservoir_net_evaporation_m_per_s).
#include <cstddef>
#include <cstdint>
#include <span>

namespace caspian::catchment {

struct ReservoirParameters {
  double useful_storage_m3 = 0.0;
  double surface_area_m2 = 0.0;
  double spring_capture_fraction = 0.0;  // of the flow above the mean, in the capture months
  int capture_first_month = 4;           // April
  int capture_last_month = 6;            // June
};

struct ReservoirFluxes {
  double inflow_m3_per_s = 0.0;
  double release_m3_per_s = 0.0;
  double net_evaporation_m3_per_s = 0.0;  // taken from the river (negative: a gain)
  double storage_change_m3_per_s = 0.0;
};

// One step of dt_s in calendar month `month` (1..12) with `days_to_capture_season` days left
// before the next capture month (used in release months). Mass: inflow = release + net
// evaporation + storage change, to round-off; storage stays within [0, useful storage]; the
// release is never negative (evaporation larger than the flow is taken from storage, and from
// the river only as far as both allow).
ReservoirFluxes reservoir_step(const ReservoirParameters& p, double inflow_m3_per_s,
                               double mean_inflow_m3_per_s, double net_evaporation_m_per_s,
                               int month, double days_to_capture_season, double dt_s,
                               double& storage_m3);

// The loss a reservoir adds to a river whose runoff the land model already computed for the land
// the reservoir floods: that land received the precipitation and lost its actual
// evapotranspiration, and its runoff reached the river; as open water it loses the open-water
// evaporation instead. The difference, open-water evaporation minus the land's actual
// evapotranspiration (m/s, negative where the land evaporated more), is what the reservoir takes
// from the river per m2; precipitation falls on both alike and does not enter.
inline double reservoir_net_evaporation_m_per_s(double open_water_evaporation_m_per_s,
                                                double land_actual_et_m_per_s) {
  return open_water_evaporation_m_per_s - land_actual_et_m_per_s;
}

// Area-weighted mean of a depth per day (mm/day) over the cells with mask 1, in m/s (0 when no
// cell is masked). Summed in cell order, so the result does not depend on how it was computed.
double masked_area_mean_m_per_s(std::span<const double> depth_mm_per_day,
                                std::span<const double> cell_area_m2,
                                std::span<const std::uint8_t> mask);

// Days from the day after (year, month, day) to the first day of the next capture season.
double days_to_capture_season(const ReservoirParameters& p, int days_left_in_month, int month,
                              const int days_in_each_month[12]);

}  // namespace caspian::catchment
