#include "caspian/sea/ice.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace caspian::sea {

namespace {
constexpr std::array<int, 12> days_in_month{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
constexpr double water_heat_capacity_J_per_m3_K = 4.0e6;  // brackish water, rho c
constexpr double ice_density_kg_per_m3 = 917.0;
constexpr double latent_heat_fusion_J_per_kg = 3.34e5;
constexpr double ice_conductivity_W_per_m_K = 2.2;
constexpr double seconds_per_day = 86400.0;
constexpr double ice_present_m = 0.01;
constexpr int spinup_years = 4;

// Daily air temperature from the monthly means at mid-month, linear in between, periodic.
std::array<double, ice_days_per_year> daily_air_temperature(std::span<const double, 12> monthly) {
  std::array<double, 12> mid{};
  int start = 0;
  for (int m = 0; m < 12; ++m) {
    mid[std::size_t(m)] = start + 0.5 * days_in_month[std::size_t(m)];
    start += days_in_month[std::size_t(m)];
  }
  std::array<double, ice_days_per_year> daily{};
  for (int d = 0; d < ice_days_per_year; ++d) {
    const double t = d + 0.5;
    int next = 0;
    while (next < 12 && mid[std::size_t(next)] <= t) ++next;
    const int prev = (next + 11) % 12;
    const int nxt = next % 12;
    double t0 = mid[std::size_t(prev)], t1 = mid[std::size_t(nxt)];
    if (t1 <= t0) t1 += ice_days_per_year;
    double tt = t;
    if (tt < t0) tt += ice_days_per_year;
    const double w = (tt - t0) / (t1 - t0);
    daily[std::size_t(d)] = (1.0 - w) * monthly[std::size_t(prev)] + w * monthly[std::size_t(nxt)];
  }
  return daily;
}
}  // namespace

std::vector<double> slab_ice_thickness_m(std::span<const double, 12> monthly_air_temperature_degC,
                                         double depth_m, const IceParameters& p) {
  if (!(p.surface_heat_exchange_W_per_m2_K > 0.0))
    throw std::invalid_argument("slab_ice_thickness_m: the heat exchange must be positive");
  const auto air = daily_air_temperature(monthly_air_temperature_degC);
  const double depth = std::clamp(depth_m > 0.0 ? depth_m : 0.5, 0.5, p.max_mixed_depth_m);
  const double column_J_per_m2_K = water_heat_capacity_J_per_m3_K * depth;
  const double ice_J_per_m3 = ice_density_kg_per_m3 * latent_heat_fusion_J_per_kg;
  const double lambda = p.surface_heat_exchange_W_per_m2_K;
  // Start at the year's mean air temperature, above freezing.
  double water_degC = 0.0;
  for (double t : air) water_degC += t / ice_days_per_year;
  water_degC = std::max(water_degC, p.freezing_point_degC);
  double ice_m = 0.0;
  std::vector<double> thickness(ice_days_per_year);
  for (int year = 0; year <= spinup_years; ++year) {
    for (int d = 0; d < ice_days_per_year; ++d) {
      const double t_air = air[std::size_t(d)];
      if (ice_m <= 0.0) {
        water_degC += seconds_per_day * lambda * (t_air - water_degC) / column_J_per_m2_K;
        if (water_degC < p.freezing_point_degC) {
          ice_m = (p.freezing_point_degC - water_degC) * column_J_per_m2_K / ice_J_per_m3;
          water_degC = p.freezing_point_degC;
        }
      } else if (t_air < p.freezing_point_degC) {
        // Conduction through the ice in series with the exchange at its top.
        const double resistance = ice_m / ice_conductivity_W_per_m_K + 1.0 / lambda;
        ice_m += seconds_per_day * (p.freezing_point_degC - t_air) / resistance / ice_J_per_m3;
      } else {
        ice_m -= seconds_per_day * lambda * (t_air - p.freezing_point_degC) / ice_J_per_m3;
        if (ice_m < 0.0) {
          water_degC = p.freezing_point_degC - ice_m * ice_J_per_m3 / column_J_per_m2_K;
          ice_m = 0.0;
        }
      }
      thickness[std::size_t(d)] = ice_m;
    }
  }
  return thickness;
}

std::array<double, 12> monthly_ice_fraction(std::span<const double> daily_ice_thickness_m) {
  if (daily_ice_thickness_m.size() != std::size_t(ice_days_per_year))
    throw std::invalid_argument("monthly_ice_fraction: need one thickness per day of the year");
  std::array<double, 12> fraction{};
  std::size_t d = 0;
  for (std::size_t m = 0; m < 12; ++m) {
    int iced = 0;
    for (int k = 0; k < days_in_month[m]; ++k, ++d)
      iced += daily_ice_thickness_m[d] > ice_present_m;
    fraction[m] = double(iced) / days_in_month[m];
  }
  return fraction;
}

}  // namespace caspian::sea
