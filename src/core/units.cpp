#include "caspian/core/units.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "caspian/core/constants.hpp"

namespace caspian::core {

namespace {
std::string normalise(std::string_view units) {
  std::string out;
  for (char c : units) {
    if (!std::isspace(static_cast<unsigned char>(c)))
      out += char(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != ' ')
      out += ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}
constexpr double seconds_per_year = 365.25 * seconds_per_day;
}  // namespace

std::optional<LinearConversion> conversion_to_model_units(Quantity q, std::string_view units) {
  const std::string u = normalise(units);
  auto is = [&u](std::initializer_list<const char*> names) {
    return std::any_of(names.begin(), names.end(), [&u](const char* n) { return u == n; });
  };
  switch (q) {
    case Quantity::height_m:
      if (is({"m", "meter", "meters", "metre", "metres"})) return LinearConversion{1.0, 0.0};
      if (is({"cm", "centimeters", "centimetres"})) return LinearConversion{0.01, 0.0};
      if (is({"mm", "millimeters", "millimetres"})) return LinearConversion{0.001, 0.0};
      if (is({"km", "kilometers", "kilometres"})) return LinearConversion{1000.0, 0.0};
      return std::nullopt;
    case Quantity::temperature_degC:
      if (is({"degc", "deg_c", "deg c", "celsius", "degrees_celsius", "degree_celsius", "c"})) {
        return LinearConversion{1.0, 0.0};
      }
      if (is({"k", "degk", "deg_k", "kelvin", "kelvins", "degrees_kelvin"})) {
        return LinearConversion{1.0, -273.15};
      }
      return std::nullopt;
    case Quantity::water_flux_m_per_s:
      if (is({"m/s", "m s-1", "m s^-1", "m.s-1"})) return LinearConversion{1.0, 0.0};
      if (is({"mm/s", "mm s-1", "kg m-2 s-1", "kg/m2/s", "kg m^-2 s^-1", "kg/m^2/s"})) {
        return LinearConversion{1.0e-3, 0.0};  // 1 kg of water per m2 is 1 mm
      }
      if (is({"mm/day", "mm day-1", "mm d-1", "mm/d", "mm day^-1", "kg m-2 day-1", "kg m-2 d-1"})) {
        return LinearConversion{1.0e-3 / seconds_per_day, 0.0};
      }
      if (is({"mm/month", "mm month-1", "mm mon-1"})) {
        return LinearConversion{1.0e-3 / (30.4375 * seconds_per_day), 0.0};
      }
      if (is({"mm/yr", "mm yr-1", "mm/year", "mm year-1", "mm a-1"})) {
        return LinearConversion{1.0e-3 / seconds_per_year, 0.0};
      }
      if (is({"m/yr", "m yr-1", "m/year", "m year-1"}))
        return LinearConversion{1.0 / seconds_per_year, 0.0};
      return std::nullopt;
    case Quantity::volume_flux_m3_per_s:
      if (is({"m3/s", "m3 s-1", "m^3/s", "m^3 s^-1", "m3.s-1"})) return LinearConversion{1.0, 0.0};
      if (is({"km3/yr", "km3 yr-1", "km3/year", "km3 year-1", "km^3/yr", "km3 a-1"})) {
        return LinearConversion{m3_per_km3 / seconds_per_year, 0.0};
      }
      return std::nullopt;
    case Quantity::speed_m_per_s:
      if (is({"m/s", "m s-1", "m s^-1", "m.s-1", "meter second-1", "metre second-1"}))
        return LinearConversion{1.0, 0.0};
      if (is({"knots", "knot", "kt", "kts"})) return LinearConversion{1852.0 / 3600.0, 0.0};
      if (is({"km/h", "km h-1"})) return LinearConversion{1.0 / 3.6, 0.0};
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<RecordPeriod> km3_per_period(std::string_view units) {
  const std::string u = normalise(units);
  for (const char* n :
       {"km3/yr", "km3 yr-1", "km3/year", "km3 year-1", "km^3/yr", "km3/a", "km3 a-1"}) {
    if (u == n) return RecordPeriod::year;
  }
  for (const char* n : {"km3/month", "km3 month-1", "km3/mon", "km3 mon-1", "km^3/month"}) {
    if (u == n) return RecordPeriod::month;
  }
  return std::nullopt;
}

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
