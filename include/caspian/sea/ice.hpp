#pragma once
// Winter ice on shallow water: a slab of water of the cell's depth exchanges heat with the air
// (Q = lambda (T_air - T_water), the linearised surface heat balance of Haney 1971), cools to
// its freezing point, then grows ice by conduction through the ice (Stefan's law with the same
// surface exchange on top) and melts it again when the air warms. Shallow water (the North
// Caspian, a few metres) follows the air within days and freezes; deep water stores the summer's
// heat through the winter and stays open. The forcing is the monthly air-temperature climatology
// interpolated to days, one periodic year, so the result is a climatological ice season.
#include <array>
#include <span>
#include <vector>

namespace caspian::sea {

struct IceParameters {
  double freezing_point_degC = -0.3;
  double surface_heat_exchange_W_per_m2_K = 35.0;  // lambda
  double max_mixed_depth_m = 50.0;                 // slab depth cap (winter convection)
};

inline constexpr int ice_days_per_year = 365;

// Ice thickness (m) at the end of each day of the periodic year (day 0 = 1 January) of a slab of
// depth_m forced by 12 monthly mean air temperatures (degC, at mid-month, linear in between),
// after enough spin-up years for the cycle to repeat. depth_m <= 0 is treated as 0.5 m.
std::vector<double> slab_ice_thickness_m(std::span<const double, 12> monthly_air_temperature_degC,
                                         double depth_m, const IceParameters& parameters);

// Fraction of each calendar month's days with ice (thickness above 1 cm) from the daily
// thicknesses of slab_ice_thickness_m.
std::array<double, 12> monthly_ice_fraction(std::span<const double> daily_ice_thickness_m);

}  // namespace caspian::sea
