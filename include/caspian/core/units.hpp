#pragma once
// Unit conversion for the quantities caspian reads: value_in_model_units = scale * value + offset.
// Only the spellings met in CF files are accepted; anything else is an error naming the unit.
#include <optional>
#include <string>
#include <string_view>

namespace caspian::core {

enum class Quantity {
  height_m,              // heights and depths: m, cm, mm, km
  temperature_degC,      // degC, deg_C, celsius, K, degK, kelvin
  water_flux_m_per_s,    // mm/day, mm d-1, mm/month (30.4375 d), m/s, kg m-2 s-1, mm/s, m/yr
  volume_flux_m3_per_s,  // m3/s, m3 s-1, km3/yr, km3 yr-1
  speed_m_per_s,         // m/s, m s-1, knots, km/h
};

struct LinearConversion {
  double scale = 1.0;
  double offset = 0.0;
  double apply(double v) const { return scale * v + offset; }
};

// nullopt when the units string is not a known spelling of that quantity.
std::optional<LinearConversion> conversion_to_model_units(Quantity q, std::string_view units);
// Human-readable list of accepted spellings, for error messages.
std::string accepted_units(Quantity q);
// The canonical (output) unit string for a quantity, UDUNITS-readable.
std::string model_units(Quantity q);

// Recorded series of volumes per calendar period: the km3 that flowed in each year (km3/yr,
// km3 yr-1, km3/year, km3/a, km3 a-1) or in each month (km3/month, km3 month-1, km3/mon). Unlike
// Quantity::volume_flux_m3_per_s these are not rates: a year's value is that year's volume,
// whatever its length. nullopt when the spelling is not one of these.
enum class RecordPeriod { year, month };
std::optional<RecordPeriod> km3_per_period(std::string_view units);
// The accepted spellings for a period, for error messages.
std::string accepted_units(RecordPeriod period);

}  // namespace caspian::core
