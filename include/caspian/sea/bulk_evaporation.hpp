#pragma once
// Open-water evaporation by the bulk-aerodynamic (Dalton) formula
//   E = rho_a C_E U (q_s(T_s) - q_a) / rho_w,
// with q_s the saturation specific humidity at the sea surface (lowered by the salt in the water,
// Raoult's law) and q_a that of the air from its temperature and relative humidity. The monthly
// climatologies of sea-surface temperature, air temperature and wind speed drive it; the response
// to warming comes out of the Clausius-Clapeyron curvature.
namespace caspian::sea {

struct BulkEvaporationParameters {
  double transfer_coefficient = 1.15e-3;  // C_E, dimensionless, at 10 m
  double air_pressure_hPa = 1016.0;
  double salinity_psu = 12.5;  // lowers the surface vapour pressure by 0.000537 per psu
};

// Saturation vapour pressure over a plane water surface, hPa (Bolton 1980, Mon. Wea. Rev.
// 108:1046): 6.112 exp(17.67 T / (T + 243.5)), T in degC.
double saturation_vapour_pressure_hPa(double temperature_degC);

// Specific humidity (kg/kg) of air with vapour pressure e at pressure p: 0.622 e / (p - 0.378 e).
double specific_humidity_kg_per_kg(double vapour_pressure_hPa, double air_pressure_hPa);

// Density of moist air, kg m-3, from the ideal gas law with the virtual temperature.
double moist_air_density_kg_per_m3(double temperature_degC, double specific_humidity_kg_per_kg,
                                   double air_pressure_hPa);

// Relative humidity (0..1) of air at temperature T whose dew point is T - depression.
double relative_humidity_from_dewpoint_depression(double temperature_degC, double depression_K);

// Evaporation rate in m/s of water (>= 0: under stable air, when the air is moister than the
// surface, the bulk flux is set to zero rather than condensing). NaN in any input gives NaN.
double bulk_evaporation_m_per_s(double sea_surface_temperature_degC, double air_temperature_degC,
                                double relative_humidity, double wind_speed_m_per_s,
                                const BulkEvaporationParameters& parameters);

}  // namespace caspian::sea
