#include "caspian/sea/evaporation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "caspian/core/constants.hpp"
#include "caspian/core/error.hpp"

namespace caspian::sea {

double linacre_dewpoint_depression_K(double temperature_degC, double elevation_m,
                                     double daily_range_K, double annual_range_K) {
  return 0.0023 * elevation_m + 0.37 * temperature_degC + 0.53 * daily_range_K +
         0.35 * annual_range_K - 10.9;
}

double linacre_evaporation_mm_per_day(double temperature_degC, double elevation_m,
                                      double latitude_deg, double daily_range_K,
                                      double annual_range_K) {
  if (std::isnan(temperature_degC)) return std::numeric_limits<double>::quiet_NaN();
  const double sea_level_temperature = temperature_degC + 0.006 * elevation_m;  // Tm
  const double depression_K =
      linacre_dewpoint_depression_K(temperature_degC, elevation_m, daily_range_K, annual_range_K);
  const double e0 =
      (700.0 * sea_level_temperature / (100.0 - std::abs(latitude_deg)) + 15.0 * depression_K) /
      (80.0 - temperature_degC);
  return std::max(e0, 0.0);
}

std::vector<double> linacre_monthly_evaporation_m_per_s(
    std::span<const double> monthly_temperature_degC, std::span<const double> elevation_m,
    std::span<const double> latitude_deg, double daily_range_K) {
  const std::size_t n = latitude_deg.size();
  if (monthly_temperature_degC.size() != months_per_year * n)
    throw std::invalid_argument(
        "linacre_monthly_evaporation: need 12 temperature fields of n cells");
  if (elevation_m.size() != n && elevation_m.size() != 1)
    throw std::invalid_argument("linacre_monthly_evaporation: need n elevations or one");
  constexpr double m_per_s_per_mm_per_day = 1.0e-3 / core::seconds_per_day;
  std::vector<double> evaporation(months_per_year * n);
  for (std::size_t c = 0; c < n; ++c) {
    double warmest = -std::numeric_limits<double>::infinity();
    double coldest = std::numeric_limits<double>::infinity();
    bool missing = false;
    for (std::size_t m = 0; m < months_per_year; ++m) {
      const double t = monthly_temperature_degC[m * n + c];
      missing = missing || std::isnan(t);
      warmest = std::max(warmest, t);
      coldest = std::min(coldest, t);
    }
    const double elevation = elevation_m.size() == 1 ? elevation_m[0] : elevation_m[c];
    for (std::size_t m = 0; m < months_per_year; ++m) {
      evaporation[m * n + c] =
          missing ? std::numeric_limits<double>::quiet_NaN()
                  : m_per_s_per_mm_per_day * linacre_evaporation_mm_per_day(
                                                 monthly_temperature_degC[m * n + c], elevation,
                                                 latitude_deg[c], daily_range_K, warmest - coldest);
    }
  }
  return evaporation;
}

double wet_area_mean_evaporation_mm_per_yr(std::span<const double> monthly_evaporation_m_per_s,
                                           std::span<const double> cell_area_m2,
                                           std::span<const double> wet_fraction,
                                           std::span<const double> month_length_days) {
  const std::size_t n = cell_area_m2.size();
  if (wet_fraction.size() != n || monthly_evaporation_m_per_s.size() != months_per_year * n)
    throw std::invalid_argument("wet_area_mean_evaporation: inconsistent field sizes");
  if (!month_length_days.empty() && month_length_days.size() != months_per_year)
    throw std::invalid_argument("wet_area_mean_evaporation: need 12 month lengths");
  std::array<double, months_per_year> seconds{};
  for (std::size_t m = 0; m < months_per_year; ++m)
    seconds[m] =
        (month_length_days.empty() ? 365.25 / 12.0 : month_length_days[m]) * core::seconds_per_day;
  // Serial, fixed order: the factor must not depend on the thread count.
  double wet_area_m2 = 0.0;
  double volume_m3 = 0.0;
  for (std::size_t c = 0; c < n; ++c) {
    const double wet_m2 = cell_area_m2[c] * wet_fraction[c];
    if (!(wet_m2 > 0.0)) continue;
    wet_area_m2 += wet_m2;
    for (std::size_t m = 0; m < months_per_year; ++m) {
      const double rate = monthly_evaporation_m_per_s[m * n + c];
      if (!std::isfinite(rate))
        throw core::RangeError(fmt::format(
            "evaporation calibration: wet cell {} has no evaporation in month {}", c, m + 1));
      volume_m3 += wet_m2 * rate * seconds[m];
    }
  }
  if (!(wet_area_m2 > 0.0))
    throw core::RangeError(
        "evaporation calibration: the sea has no wet area at the calibration "
        "level");
  return 1.0e3 * volume_m3 / wet_area_m2;
}

double evaporation_calibration_factor(std::span<const double> monthly_evaporation_m_per_s,
                                      std::span<const double> cell_area_m2,
                                      std::span<const double> wet_fraction, double target_mm_per_yr,
                                      std::span<const double> month_length_days) {
  const double mean_mm_per_yr = wet_area_mean_evaporation_mm_per_yr(
      monthly_evaporation_m_per_s, cell_area_m2, wet_fraction, month_length_days);
  if (!(mean_mm_per_yr > 0.0))
    throw core::RangeError(fmt::format(
        "evaporation calibration: the uncalibrated mean evaporation is {} mm/yr; cannot scale it "
        "to {} mm/yr",
        mean_mm_per_yr, target_mm_per_yr));
  return target_mm_per_yr / mean_mm_per_yr;
}

}  // namespace caspian::sea
