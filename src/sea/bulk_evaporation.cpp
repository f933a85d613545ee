#include "caspian/sea/bulk_evaporation.hpp"

#include <algorithm>
#include <cmath>

namespace caspian::sea {

namespace {
constexpr double kelvin_offset = 273.15;
constexpr double dry_air_gas_constant_J_per_kg_K = 287.05;
constexpr double water_density_kg_per_m3 = 1000.0;  // evaporated depth as fresh water
// Raoult's law for sea water: vapour pressure lowered by 0.000537 per psu (Sverdrup et al. 1942
// give 0.98 for 37 psu ocean water).
constexpr double vapour_pressure_lowering_per_psu = 0.000537;
}  // namespace

double saturation_vapour_pressure_hPa(double temperature_degC) {
  return 6.112 * std::exp(17.67 * temperature_degC / (temperature_degC + 243.5));
}

double specific_humidity_kg_per_kg(double vapour_pressure_hPa, double air_pressure_hPa) {
  return 0.622 * vapour_pressure_hPa / (air_pressure_hPa - 0.378 * vapour_pressure_hPa);
}

double moist_air_density_kg_per_m3(double temperature_degC, double specific_humidity_kg_per_kg,
                                   double air_pressure_hPa) {
  const double virtual_temperature_K =
      (temperature_degC + kelvin_offset) * (1.0 + 0.608 * specific_humidity_kg_per_kg);
  return air_pressure_hPa * 100.0 / (dry_air_gas_constant_J_per_kg_K * virtual_temperature_K);
}

double relative_humidity_from_dewpoint_depression(double temperature_degC, double depression_K) {
  const double depression = std::max(depression_K, 0.0);
  return saturation_vapour_pressure_hPa(temperature_degC - depression) /
         saturation_vapour_pressure_hPa(temperature_degC);
}

double bulk_evaporation_m_per_s(double sea_surface_temperature_degC, double air_temperature_degC,
                                double relative_humidity, double wind_speed_m_per_s,
                                const BulkEvaporationParameters& p) {
  const double surface_vapour_hPa = (1.0 - vapour_pressure_lowering_per_psu * p.salinity_psu) *
                                    saturation_vapour_pressure_hPa(sea_surface_temperature_degC);
  const double air_vapour_hPa =
      relative_humidity * saturation_vapour_pressure_hPa(air_temperature_degC);
  const double q_surface = specific_humidity_kg_per_kg(surface_vapour_hPa, p.air_pressure_hPa);
  const double q_air = specific_humidity_kg_per_kg(air_vapour_hPa, p.air_pressure_hPa);
  if (std::isnan(q_surface) || std::isnan(q_air) || std::isnan(wind_speed_m_per_s))
    return std::nan("");
  const double rho_air =
      moist_air_density_kg_per_m3(air_temperature_degC, q_air, p.air_pressure_hPa);
  const double flux_kg_per_m2_s =
      rho_air * p.transfer_coefficient * wind_speed_m_per_s * (q_surface - q_air);
  return std::max(flux_kg_per_m2_s, 0.0) / water_density_kg_per_m3;
}

}  // namespace caspian::sea
