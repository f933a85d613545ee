#include "caspian/io/units.hpp"

#include <fmt/format.h>
#include <udunits2.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "caspian/core/error.hpp"

namespace caspian::io {

namespace {
using UnitPtr = std::unique_ptr<ut_unit, decltype(&ut_free)>;

// The process's unit system: read from the XML database once, on first use (a function-local
// static is initialised once, thread-safely), and freed at exit. UDUNITS-2's parser keeps state
// in globals, so every call into it holds `lock()`.
struct UnitSystem {
  std::unique_ptr<ut_system, decltype(&ut_free_system)> system{nullptr, &ut_free_system};
  std::mutex mutex;

  UnitSystem() {
    ut_set_error_message_handler(ut_ignore);  // errors are reported by us, not printed
    system.reset(ut_read_xml(nullptr));
  }
};

UnitSystem& unit_system() {
  static UnitSystem instance;
  if (!instance.system) {
    const char* path = std::getenv("UDUNITS2_XML_PATH");
    throw core::Error(std::string("UDUNITS-2: cannot read the units database (") +
                      (path ? std::string("UDUNITS2_XML_PATH=") + path
                            : std::string("the default udunits2.xml of libudunits2-data")) +
                      ")");
  }
  return instance;
}

// A parsed unit, or null when UDUNITS-2 cannot read the string. Call with the mutex held.
UnitPtr parse(ut_system* system, const std::string& text) {
  return UnitPtr(ut_parse(system, text.c_str(), UT_UTF8), &ut_free);
}

std::string trimmed(std::string_view text) {
  std::size_t a = 0, b = text.size();
  while (a < b && std::isspace(static_cast<unsigned char>(text[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(text[b - 1]))) --b;
  return std::string(text.substr(a, b - a));
}

// Lower case with runs of spaces made one: older files write "MM/DAY" or "Deg C".
std::string folded(std::string_view text) {
  std::string out;
  for (char c : trimmed(text)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (out.back() != ' ') out += ' ';
    } else {
      out += char(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

// Spellings of older files that UDUNITS-2 reads otherwise or not at all ("a" is the are there).
std::string legacy_alias(const std::string& folded_text) {
  if (folded_text == "deg c") return "degC";
  if (folded_text == "deg k") return "K";
  if (folded_text == "km3/a" || folded_text == "km3 a-1") return "km3/yr";
  return folded_text;
}

// A legacy spelling's meaning, else the unit as written, else in lower case. Mutex held.
UnitPtr parse_input_unit(ut_system* system, std::string_view units) {
  const std::string text = trimmed(units);
  if (text.empty()) return UnitPtr(nullptr, &ut_free);
  const std::string f = folded(text), alias = legacy_alias(f);
  if (alias != f) return parse(system, alias);
  if (auto u = parse(system, text)) return u;
  return parse(system, f);
}

// x -> scale * x + offset between two units, nullopt if not convertible. Mutex held.
std::optional<core::LinearConversion> linear(const ut_unit* from, const ut_unit* to) {
  if (!ut_are_convertible(from, to)) return std::nullopt;
  cv_converter* c = ut_get_converter(const_cast<ut_unit*>(from), const_cast<ut_unit*>(to));
  if (c == nullptr) return std::nullopt;
  const double at_zero = cv_convert_double(c, 0.0), at_one = cv_convert_double(c, 1.0);
  cv_free(c);
  if (!std::isfinite(at_zero) || !std::isfinite(at_one)) return std::nullopt;
  core::LinearConversion out;
  out.offset = at_zero;
  // An affine conversion's slope from a difference loses the last digits (K -> degC gives
  // 0.99999999999997): it is a factor of at most 15 significant digits.
  out.scale = at_zero == 0.0
                  ? at_one
                  : std::strtod(fmt::format("{:.15g}", at_one - at_zero).c_str(), nullptr);
  return out;
}

// The seconds of a zone written after the time of day, nullopt if it is not one.
std::optional<double> zone_offset_s(const std::string& zone) {
  if (zone.empty() || zone == "Z" || zone == "z" || zone == "UTC" || zone == "utc" ||
      zone == "GMT" || zone == "gmt")
    return 0.0;
  if (zone[0] != '+' && zone[0] != '-') return std::nullopt;
  std::string digits;
  for (std::size_t k = 1; k < zone.size(); ++k) {
    if (zone[k] == ':' && k == 3 && digits.size() == 2) continue;
    if (!std::isdigit(static_cast<unsigned char>(zone[k]))) return std::nullopt;
    digits += zone[k];
  }
  int hours = 0, minutes = 0;
  if (digits.size() == 1 || digits.size() == 2) {
    hours = std::atoi(digits.c_str());
  } else if (digits.size() == 4) {
    hours = std::atoi(digits.substr(0, 2).c_str());
    minutes = std::atoi(digits.substr(2).c_str());
  } else {
    return std::nullopt;
  }
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) return std::nullopt;
  return (zone[0] == '-' ? -1.0 : 1.0) * (hours * 3600.0 + minutes * 60.0);
}

int parse_int(const std::string& text, std::string_view units) {
  int v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    throw std::invalid_argument("cannot read the reference date in time units '" +
                                std::string(units) + "'");
  }
  return v;
}
}  // namespace

std::optional<core::LinearConversion> conversion_to_model_units(core::Quantity q,
                                                                std::string_view units) {
  UnitSystem& us = unit_system();
  const std::lock_guard<std::mutex> lock(us.mutex);
  const UnitPtr from = parse_input_unit(us.system.get(), units);
  if (!from) return std::nullopt;
  const UnitPtr to = parse(us.system.get(), core::model_units(q));
  if (!to)
    throw core::Error("UDUNITS-2 cannot read the model's unit '" + core::model_units(q) + "'");
  if (auto c = linear(from.get(), to.get())) return c;
  if (q == core::Quantity::water_flux_m_per_s) {
    // A mass flux of water: 1 kg m-2 is 1 mm at 1000 kg m-3.
    const UnitPtr mass_flux = parse(us.system.get(), "kg m-2 s-1");
    if (auto c = linear(from.get(), mass_flux.get())) {
      c->scale *= 1e-3;
      c->offset *= 1e-3;
      return c;
    }
  }
  return std::nullopt;
}

std::optional<core::RecordPeriod> km3_per_period(std::string_view units) {
  UnitSystem& us = unit_system();
  const std::lock_guard<std::mutex> lock(us.mutex);
  const UnitPtr from = parse_input_unit(us.system.get(), units);
  const UnitPtr per_year = parse(us.system.get(), "km3/yr");
  if (!from || !per_year) return std::nullopt;
  const auto c = linear(from.get(), per_year.get());
  if (!c || c->offset != 0.0) return std::nullopt;
  if (std::abs(c->scale - 1.0) < 1e-12) return core::RecordPeriod::year;
  if (std::abs(c->scale - 12.0) < 12e-12) return core::RecordPeriod::month;  // UDUNITS: year/12
  return std::nullopt;
}

core::TimeUnits parse_time_units(std::string_view units) {
  const std::string text = trimmed(units);
  std::string quoted(1, '\'');  // built up: "literal" + std::string trips GCC 12's -Wrestrict
  quoted.append(units).push_back('\'');
  // " since " in any case, as CF allows ("Days Since ...").
  std::size_t since = std::string::npos;
  for (std::size_t k = 0; k + 7 <= text.size(); ++k) {
    std::string word = text.substr(k, 7);
    for (char& c : word) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (word == " since ") {
      since = k;
      break;
    }
  }
  if (since == std::string::npos) {
    throw std::invalid_argument("time units " + quoted +
                                " are not of the form '<unit> since <date>'");
  }
  const std::string unit_text = trimmed(text.substr(0, since));
  const std::string rest = trimmed(text.substr(since + 7));

  UnitSystem& us = unit_system();
  const std::lock_guard<std::mutex> lock(us.mutex);
  core::TimeUnits out;
  {
    const UnitPtr unit = parse_input_unit(us.system.get(), unit_text);
    const UnitPtr second = parse(us.system.get(), "s");
    const auto c = unit ? linear(unit.get(), second.get()) : std::nullopt;
    if (!c || c->offset != 0.0 || !(c->scale > 0.0)) {
      throw std::invalid_argument("time unit '" + unit_text + "' in " + quoted +
                                  " is not a unit of time UDUNITS-2 reads (expected seconds, "
                                  "minutes, hours or days)");
    }
    if (c->scale > 86400.0 * (1.0 + 1e-12)) {
      throw std::invalid_argument("time unit '" + unit_text + "' in " + quoted +
                                  " is longer than a day (months and years have no fixed length "
                                  "in CF); expected seconds, minutes, hours or days");
    }
    out.seconds_per_unit = c->scale;
  }
  // The date as written, in the file's calendar: Y-M-D (the year may have any number of digits
  // and a sign), then the time of day and zone.
  const auto date_end = rest.find_first_of(" Tt");
  const std::string date_text = rest.substr(0, date_end);
  const auto d1 = date_text.find('-', 1);
  const auto d2 = d1 == std::string::npos ? std::string::npos : date_text.find('-', d1 + 1);
  if (d1 == std::string::npos || d2 == std::string::npos) {
    throw std::invalid_argument("cannot read the reference date in time units " + quoted);
  }
  out.epoch.year = parse_int(date_text.substr(0, d1), units);
  out.epoch.month = parse_int(date_text.substr(d1 + 1, d2 - d1 - 1), units);
  out.epoch.day = parse_int(date_text.substr(d2 + 1), units);
  if (out.epoch.month < 1 || out.epoch.month > 12 || out.epoch.day < 1 || out.epoch.day > 31 ||
      out.epoch.year < core::min_year || out.epoch.year > core::max_year) {
    throw std::invalid_argument("reference date out of range in time units " + quoted +
                                " (expected years " + std::to_string(core::min_year) + ".." +
                                std::to_string(core::max_year) + ", months 1-12, days 1-31)");
  }
  if (date_end == std::string::npos) return out;
  // The time of day and the zone: "hh:mm:ss[Z]" or "hh:mm:ss <zone>" after a space or a T.
  const std::string after = trimmed(rest.substr(date_end + 1));
  const auto space = after.find(' ');
  std::string clock = after.substr(0, space);
  std::string zone = space == std::string::npos ? "" : trimmed(after.substr(space + 1));
  if (zone.empty() && !clock.empty() && (clock.back() == 'Z' || clock.back() == 'z')) {
    clock.pop_back();
    zone = "Z";
  }
  if (clock.empty()) clock = "00:00:00";
  const auto zone_s = zone_offset_s(zone);
  if (!zone_s) {
    throw std::invalid_argument("time zone '" + zone + "' in time units " + quoted +
                                " is not one caspian applies (expected Z, UTC, or an offset such "
                                "as +03:00, -0530 or +3 within 14 hours)");
  }
  // Read by UDUNITS-2 on a day it knows in every calendar (the date is the file's calendar's):
  // "seconds since X" maps 0 to the instant X, here in seconds after 00:00 UTC.
  const bool utc = zone.empty() || *zone_s == 0.0;
  const UnitPtr at =
      parse(us.system.get(), "seconds since 2000-01-01 " + clock + " " + (utc ? "UTC" : zone));
  const UnitPtr clock_only = parse(us.system.get(), "seconds since 2000-01-01 " + clock + " UTC");
  const UnitPtr midnight = parse(us.system.get(), "seconds since 2000-01-01 00:00:00 UTC");
  const auto shift = at && midnight ? linear(at.get(), midnight.get()) : std::nullopt;
  const auto clock_shift =
      clock_only && midnight ? linear(clock_only.get(), midnight.get()) : std::nullopt;
  if (!shift || !clock_shift || clock_shift->offset < 0.0 || clock_shift->offset >= 86400.0) {
    throw std::invalid_argument("UDUNITS-2 cannot read the reference time '" + after +
                                "' in time units " + quoted +
                                " (expected hh:mm:ss and an optional zone)");
  }
  // UDUNITS-2 ignores a zone it cannot read (+25:00 reads as UTC): the zone it applied must be
  // the one written.
  if (std::abs(clock_shift->offset - shift->offset - *zone_s) > 1e-6) {
    throw std::invalid_argument("time zone '" + zone + "' in time units " + quoted +
                                " is read differently by UDUNITS-2; expected an offset such as "
                                "+03:00");
  }
  out.epoch.seconds = shift->offset;
  return out;
}

}  // namespace caspian::io
