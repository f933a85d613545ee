#pragma once
// The quantities caspian reads and the units the model works in, and the linear conversion
// value_in_model_units = scale * value + offset. Pure: the units strings of input files are
// read with UDUNITS-2 by io::conversion_to_model_units (caspian/io/units.hpp), since UDUNITS-2
// reads its units database from disk.
#include <optional>
#include <string>
#include <string_view>

namespace caspian::core {

enum class Quantity {
  height_m,              // heights and depths: m, cm, mm, km
  temperature_degC,      // degC, deg_C, celsius, K, degK, kelvin
  water_flux_m_per_s,    // mm/day, m/s, kg m-2 s-1 (at 1000 kg m-3), m/yr, ...
  volume_flux_m3_per_s,  // m3/s, m3 s-1, km3/yr, km3 yr-1
  speed_m_per_s,         // m/s, m s-1, knots, km/h
};

struct LinearConversion {
  double scale = 1.0;
  double offset = 0.0;
  double apply(double v) const { return scale * v + offset; }
};

// Human-readable examples of accepted units, for error messages.
std::string accepted_units(Quantity q);
// The canonical (output) unit string for a quantity, UDUNITS-readable.
std::string model_units(Quantity q);

// Recorded series of volumes per calendar period: the km3 that flowed in each year (km3/yr) or in
// each month (km3/month), io::km3_per_period. Unlike Quantity::volume_flux_m3_per_s these are not
// rates: a year's value is that year's volume, whatever its length.
enum class RecordPeriod { year, month };
// The accepted spellings for a period, for error messages.
std::string accepted_units(RecordPeriod period);

}  // namespace caspian::core
