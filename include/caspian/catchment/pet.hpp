#pragma once
// Temperature-based potential evapotranspiration: Oudin et al. (2005, J. Hydrol. 303, 290-306)
// with extraterrestrial radiation from latitude and day of year (FAO-56, Allen et al. 1998,
// eqs. 21-25). Chosen because it needs only daily mean temperature, which is all the forcing
// holds, and it performed best of 27 PET formulas as input to rainfall-runoff models.

#include <array>
#include <vector>

#include "caspian/core/grid.hpp"

namespace caspian::catchment {

inline constexpr double solar_constant_MJ_per_m2_min = 0.0820;  // FAO-56 Gsc
inline constexpr double latent_heat_MJ_per_kg = 2.45;           // lambda (Oudin 2005)
inline constexpr double water_density_kg_per_m3 = 1000.0;

// Ra (MJ m-2 day-1), FAO-56 eq. 21. day_of_year 1..366 (J/365 as in FAO-56). Polar day and
// night handled by clamping the sunset hour angle to [0, pi].
double extraterrestrial_radiation_MJ_per_m2_day(double latitude_deg, int day_of_year);

// Oudin with Re given (MJ m-2 day-1): for grids, where Re depends only on the row and the day.
inline double oudin_pet_from_radiation_mm_per_day(double temperature_degC,
                                                  double radiation_MJ_per_m2_day) {
  if (temperature_degC <= -5.0) return 0.0;
  // Re / (lambda rho) is a depth in m per day; x 1000 for mm.
  return radiation_MJ_per_m2_day / (latent_heat_MJ_per_kg * water_density_kg_per_m3) * 1000.0 *
         (temperature_degC + 5.0) / 100.0;
}

// Oudin: PET = Re / (lambda rho) x (T + 5) / 100 for T > -5 degC, else 0; mm/day.
double oudin_pet_mm_per_day(double temperature_degC, double latitude_deg, int day_of_year);

// Oudin PET (mm/day) x pet_correction per calendar month and cell of `grid`, at mid-month (day of
// year 15, 45, ...), from a monthly temperature climatology ([month][cell], degC).
std::array<std::vector<double>, 12> mid_month_pet_mm_per_day(
    const core::LatLonGrid& grid, const std::array<std::vector<double>, 12>& temperature_degC,
    double pet_correction);

}  // namespace caspian::catchment
