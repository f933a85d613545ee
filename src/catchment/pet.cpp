#include "caspian/catchment/pet.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace caspian::catchment {

double extraterrestrial_radiation_MJ_per_m2_day(double latitude_deg, int day_of_year) {
  const double pi = std::numbers::pi;
  const double phi = latitude_deg * pi / 180.0;
  const double j = double(day_of_year);
  const double dr = 1.0 + 0.033 * std::cos(2.0 * pi * j / 365.0);      // eq. 23
  const double delta = 0.409 * std::sin(2.0 * pi * j / 365.0 - 1.39);  // eq. 24
  // eq. 25; beyond the polar circles the argument leaves [-1, 1]: 24 h of sun or none.
  const double ws = std::acos(std::clamp(-std::tan(phi) * std::tan(delta), -1.0, 1.0));
  const double ra = 24.0 * 60.0 / pi * solar_constant_MJ_per_m2_min * dr *
                    (ws * std::sin(phi) * std::sin(delta) +
                     std::cos(phi) * std::cos(delta) * std::sin(ws));  // eq. 21
  return std::max(ra, 0.0);
}

double oudin_pet_mm_per_day(double temperature_degC, double latitude_deg, int day_of_year) {
  if (temperature_degC <= -5.0) return 0.0;
  return oudin_pet_from_radiation_mm_per_day(
      temperature_degC, extraterrestrial_radiation_MJ_per_m2_day(latitude_deg, day_of_year));
}

std::array<std::vector<double>, 12> mid_month_pet_mm_per_day(
    const core::LatLonGrid& grid, const std::array<std::vector<double>, 12>& temperature_degC,
    double pet_correction) {
  std::array<std::vector<double>, 12> pet;
  for (std::size_t month = 0; month < 12; ++month) {
    const int mid_doy = int(30.4 * double(month) + 15.0);
    pet[month].resize(grid.size());
    for (std::size_t i = 0; i < grid.nlat(); ++i) {
      const double radiation = extraterrestrial_radiation_MJ_per_m2_day(grid.lat_deg()[i], mid_doy);
      for (std::size_t j = 0; j < grid.nlon(); ++j) {
        const std::size_t c = grid.index(i, j);
        pet[month][c] = oudin_pet_from_radiation_mm_per_day(temperature_degC[month][c], radiation) *
                        pet_correction;
      }
    }
  }
  return pet;
}

}  // namespace caspian::catchment
