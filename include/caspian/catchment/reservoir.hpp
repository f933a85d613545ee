#pragma once
// A lumped reservoir cascade (the Volga-Kama cascade) on a river's flow: in the spring-flood
// months it keeps a fraction of the flow above the long-term mean until its useful storage is
// full; in the other months it releases what it holds, evenly until the next flood season; over
// its surface it loses (or gains) open-water evaporation minus precipitation all year.
#include <cstddef>

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
  double net_evaporation_m3_per_s = 0.0;  // taken from the river (negative: precipitation gain)
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

// Days from the day after (year, month, day) to the first day of the next capture season.
double days_to_capture_season(const ReservoirParameters& p, int days_left_in_month, int month,
                              const int days_in_each_month[12]);

}  // namespace caspian::catchment
