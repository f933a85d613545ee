#pragma once
// Calendars (CF: standard/gregorian/proleptic_gregorian, noleap/365_day, 360_day), dates and
// month stepping. Pure arithmetic; CF unit strings are parsed here too because they are text, not
// I/O.
#include <string>
#include <string_view>

namespace caspian::core {

enum class Calendar { proleptic_gregorian, noleap, day360 };

// Accepts the CF names: standard, gregorian, proleptic_gregorian, noleap, 365_day, 360_day.
// Throws std::invalid_argument for anything else. (standard/gregorian are treated as proleptic
// Gregorian: the model never runs before 1582.)
Calendar parse_calendar(std::string_view name);
std::string calendar_name(Calendar calendar);

struct Date {
  int year = 1;
  int month = 1;         // 1..12
  int day = 1;           // 1..days_in_month
  double seconds = 0.0;  // seconds into the day
  auto operator<=>(const Date&) const = default;
};

bool is_leap_year(Calendar calendar, int year);
int days_in_month(Calendar calendar, int year, int month);
int days_in_year(Calendar calendar, int year);
// Days from a to b (b - a), including fractional seconds.
double days_between(Calendar calendar, const Date& a, const Date& b);
// The years dates may have: a date outside them (a time value of 1e300 days, a reference year of
// 2147483647) is refused rather than overflowing the day arithmetic.
inline constexpr int min_year = -100000;
inline constexpr int max_year = 100000;
// floor(seconds / 86400) for an offset of at most a few million years; throws
// std::invalid_argument for a non-finite or larger one.
long long whole_days_of(double seconds);
// Throws std::invalid_argument unless min_year <= date.year <= max_year.
void check_year_in_range(const Date& date);
// a + days (fractional days allowed; may be negative). Throws std::invalid_argument when days is
// not finite or the date falls outside min_year..max_year.
Date add_days(Calendar calendar, const Date& a, double days);
std::string format_date(const Date& d);  // YYYY-MM-DD, with HH:MM:SS when seconds != 0

// A CF time unit "<unit> since <date>[ <time>][ <zone>]", as io::parse_time_units reads it
// (with UDUNITS-2): seconds per unit (at most a day), and the reference instant as a date of the
// file's calendar with epoch.seconds after 00:00 UTC of that day (the zone applied: it may be
// negative, or a day or more).
struct TimeUnits {
  double seconds_per_unit = 86400.0;
  Date epoch;
};
std::string format_time_units_days(const Date& epoch);  // "days since YYYY-MM-DD 00:00:00"

// A year-month step counter for monthly loops.
struct YearMonth {
  int year = 1;
  int month = 1;
  YearMonth next() const {
    return month == 12 ? YearMonth{year + 1, 1} : YearMonth{year, month + 1};
  }
  auto operator<=>(const YearMonth&) const = default;
};

}  // namespace caspian::core
