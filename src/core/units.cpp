#include "caspian/core/units.hpp"

#include <string>

namespace caspian::core {

std::string accepted_units(RecordPeriod period) {
  return period == RecordPeriod::year ? "km3/yr (km3 yr-1, km3/year, km3/a)"
                                      : "km3/month (km3 month-1, km3/mon)";
}

std::string accepted_units(Quantity q) {
  switch (q) {
    case Quantity::height_m:
      return "m, cm, mm or km";
    case Quantity::temperature_degC:
      return "degC (deg_C, celsius) or K (degK, kelvin)";
    case Quantity::water_flux_m_per_s:
      return "m s-1, kg m-2 s-1 (mm s-1), mm/day (mm d-1), mm/month, mm/yr or m/yr";
    case Quantity::volume_flux_m3_per_s:
      return "m3 s-1 or km3/yr";
    case Quantity::speed_m_per_s:
      return "m s-1 (m/s), knots or km/h";
  }
  return "";
}

std::string model_units(Quantity q) {
  switch (q) {
    case Quantity::height_m:
      return "m";
    case Quantity::temperature_degC:
      return "degC";
    case Quantity::water_flux_m_per_s:
      return "m s-1";
    case Quantity::volume_flux_m3_per_s:
      return "m3 s-1";
    case Quantity::speed_m_per_s:
      return "m s-1";
  }
  return "";
}

}  // namespace caspian::core
