#pragma once
// The sea's evaporation and ice climate at a level and a uniform air-temperature change: what the
// bulk scheme gives per sub-basin and month, the North Caspian ice season, and the response of
// evaporation to warming. For checking the physics against published figures without a run.
#include <array>
#include <vector>

#include "caspian/model/projection.hpp"

namespace caspian::model {

struct SeaClimate {
  // Evaporation depth per calendar month over the wet area of each sub-basin (north, middle,
  // south) and of the whole sea (index 3), mm; and the annual totals.
  std::array<std::array<double, 12>, 4> evaporation_mm{};
  std::array<double, 4> annual_evaporation_mm{};
  std::array<double, 4> wet_area_km2{};
  double annual_evaporation_km3 = 0.0;
  std::array<double, 12> ice_area_km2{};  // month mean, whole sea
  // North Caspian ice from the daily slab: share of its wet area under ice on each day of the
  // year (day 0 = 1 January), the days with more than 5 % covered, and the maximum share.
  std::vector<double> north_ice_cover_daily;
  int north_ice_season_days = 0;
  double north_max_ice_cover = 0.0;
};

// Requires the bulk-aerodynamic scheme (throws std::invalid_argument otherwise).
SeaClimate sea_climate(const SeaModel& model, double level_m_bs, double temperature_change_K);

}  // namespace caspian::model
