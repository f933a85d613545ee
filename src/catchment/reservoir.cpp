#include "caspian/catchment/reservoir.hpp"

#include <algorithm>
#include <stdexcept>

#include "caspian/core/constants.hpp"

namespace caspian::catchment {

namespace {
bool in_capture_season(const ReservoirParameters& p, int month) {
  return month >= p.capture_first_month && month <= p.capture_last_month;
}
}  // namespace

ReservoirFluxes reservoir_step(const ReservoirParameters& p, double inflow_m3_per_s,
                               double mean_inflow_m3_per_s, double net_evaporation_m_per_s,
                               int month, double days_to_capture_season, double dt_s,
                               double& storage_m3) {
  ReservoirFluxes f;
  f.inflow_m3_per_s = inflow_m3_per_s;
  const double inflow_m3 = inflow_m3_per_s * dt_s;
  const double evaporation_m3 = net_evaporation_m_per_s * p.surface_area_m2 * dt_s;
  double change_m3 = 0.0;  // into storage
  if (in_capture_season(p, month)) {
    const double excess_m3 = std::max(0.0, inflow_m3_per_s - mean_inflow_m3_per_s) * dt_s;
    change_m3 = std::min(p.spring_capture_fraction * excess_m3, p.useful_storage_m3 - storage_m3);
  } else {
    const double steps_left = std::max(1.0, days_to_capture_season * 86400.0 / dt_s);
    change_m3 = -storage_m3 / steps_left;
  }
  change_m3 = std::max(change_m3, -storage_m3);
  // Evaporation comes out of the river first; what the river cannot give comes from storage.
  double release_m3 = inflow_m3 - change_m3 - evaporation_m3;
  if (release_m3 < 0.0) {
    const double from_storage = std::min(-release_m3, storage_m3 + change_m3);
    change_m3 -= from_storage;
    release_m3 += from_storage;
  }
  // Whatever is still missing (an empty reservoir drier than its inflow) is not evaporated.
  const double evaporated_m3 = inflow_m3 - change_m3 - std::max(0.0, release_m3);
  release_m3 = std::max(0.0, release_m3);
  storage_m3 += change_m3;
  f.release_m3_per_s = release_m3 / dt_s;
  f.net_evaporation_m3_per_s = evaporated_m3 / dt_s;
  f.storage_change_m3_per_s = change_m3 / dt_s;
  return f;
}

double masked_area_mean_m_per_s(std::span<const double> depth_mm_per_day,
                                std::span<const double> cell_area_m2,
                                std::span<const std::uint8_t> mask) {
  if (cell_area_m2.size() != depth_mm_per_day.size() || mask.size() != depth_mm_per_day.size()) {
    throw std::invalid_argument("masked_area_mean_m_per_s: array sizes differ");
  }
  double volume_m3 = 0.0, area_m2 = 0.0;
  for (std::size_t c = 0; c < mask.size(); ++c) {
    if (mask[c] == 0) continue;
    volume_m3 += depth_mm_per_day[c] * 1.0e-3 * cell_area_m2[c];
    area_m2 += cell_area_m2[c];
  }
  return area_m2 > 0.0 ? volume_m3 / area_m2 / core::seconds_per_day : 0.0;
}

double days_to_capture_season(const ReservoirParameters& p, int days_left_in_month, int month,
                              const int days_in_each_month[12]) {
  double days = days_left_in_month;
  int m = month;
  for (int k = 0; k < 12; ++k) {
    m = m == 12 ? 1 : m + 1;
    if (in_capture_season(p, m)) return days;
    days += days_in_each_month[m - 1];
  }
  return days;
}

}  // namespace caspian::catchment
