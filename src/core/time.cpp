#include "caspian/core/time.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace caspian::core {

namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Days since 0000-03-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
long long gregorian_day_number(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const long long yoe = y - era * 400;
  const long long doy = (153LL * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe;
}
void gregorian_from_day_number(long long z, int& y, int& m, int& d) {
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  d = int(doy - (153 * mp + 2) / 5 + 1);
  m = int(mp < 10 ? mp + 3 : mp - 9);
  y = int(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

long long day_number(Calendar c, const Date& date) {
  switch (c) {
    case Calendar::proleptic_gregorian:
      return gregorian_day_number(date.year, date.month, date.day);
    case Calendar::noleap: {
      long long n = 365LL * date.year;
      for (int m = 1; m < date.month; ++m) n += days_in_month(c, date.year, m);
      return n + date.day - 1;
    }
    case Calendar::day360:
      return 360LL * date.year + 30LL * (date.month - 1) + date.day - 1;
  }
  return 0;
}

Date from_day_number(Calendar c, long long n) {
  Date date;
  switch (c) {
    case Calendar::proleptic_gregorian:
      gregorian_from_day_number(n, date.year, date.month, date.day);
      return date;
    case Calendar::noleap: {
      long long y = n >= 0 ? n / 365 : (n - 364) / 365;
      long long r = n - 365 * y;
      date.year = int(y);
      date.month = 1;
      while (r >= days_in_month(c, date.year, date.month)) {
        r -= days_in_month(c, date.year, date.month);
        ++date.month;
      }
      date.day = int(r) + 1;
      return date;
    }
    case Calendar::day360: {
      long long y = n >= 0 ? n / 360 : (n - 359) / 360;
      long long r = n - 360 * y;
      date.year = int(y);
      date.month = int(r / 30) + 1;
      date.day = int(r % 30) + 1;
      return date;
    }
  }
  return date;
}

}  // namespace

Calendar parse_calendar(std::string_view name) {
  const std::string n = lower(name);
  if (n == "standard" || n == "gregorian" || n == "proleptic_gregorian" || n.empty()) {
    return Calendar::proleptic_gregorian;
  }
  if (n == "noleap" || n == "365_day") return Calendar::noleap;
  if (n == "360_day") return Calendar::day360;
  throw std::invalid_argument("unsupported calendar '" + std::string(name) +
                              "' (expected standard, gregorian, proleptic_gregorian, noleap, "
                              "365_day or 360_day)");
}

std::string calendar_name(Calendar calendar) {
  switch (calendar) {
    case Calendar::proleptic_gregorian:
      return "proleptic_gregorian";
    case Calendar::noleap:
      return "noleap";
    case Calendar::day360:
      return "360_day";
  }
  return "unknown";
}

bool is_leap_year(Calendar calendar, int year) {
  if (calendar != Calendar::proleptic_gregorian) return false;
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(Calendar calendar, int year, int month) {
  if (calendar == Calendar::day360) return 30;
  static constexpr int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) throw std::invalid_argument("month outside 1..12");
  return lengths[month - 1] + (month == 2 && is_leap_year(calendar, year) ? 1 : 0);
}

int days_in_year(Calendar calendar, int year) {
  if (calendar == Calendar::day360) return 360;
  return is_leap_year(calendar, year) ? 366 : 365;
}

double days_between(Calendar calendar, const Date& a, const Date& b) {
  return double(day_number(calendar, b) - day_number(calendar, a)) +
         (b.seconds - a.seconds) / 86400.0;
}

long long whole_days_of(double seconds) {
  // Twice the span of the supported years: larger offsets cannot land inside them.
  constexpr double limit = 2.0 * 366.0 * (double(max_year) - double(min_year));
  const double whole_days = std::floor(seconds / 86400.0);
  if (!(std::abs(whole_days) <= limit)) {
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "a time offset of %g days is outside years %d..%d",
                  seconds / 86400.0, min_year, max_year);
    throw std::invalid_argument(buffer);
  }
  return static_cast<long long>(whole_days);
}

void check_year_in_range(const Date& date) {
  if (date.year < min_year || date.year > max_year) {
    throw std::invalid_argument("date in year " + std::to_string(date.year) + " is outside years " +
                                std::to_string(min_year) + ".." + std::to_string(max_year));
  }
}

Date add_days(Calendar calendar, const Date& a, double days) {
  check_year_in_range(a);
  const double total_seconds = a.seconds + days * 86400.0;
  const long long whole_days = whole_days_of(total_seconds);
  Date out = from_day_number(calendar, day_number(calendar, a) + whole_days);
  check_year_in_range(out);
  out.seconds = total_seconds - double(whole_days) * 86400.0;
  if (out.seconds >= 86400.0 - 1e-6) out.seconds = 0.0;  // rounding at a day boundary
  return out;
}

std::string format_date(const Date& d) {
  char buffer[64];
  if (d.seconds == 0.0) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
  } else {
    const int s = int(std::lround(d.seconds));
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d:%02d", d.year, d.month, d.day,
                  s / 3600, (s / 60) % 60, s % 60);
  }
  return buffer;
}

std::string format_time_units_days(const Date& epoch) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "days since %04d-%02d-%02d 00:00:00", epoch.year,
                epoch.month, epoch.day);
  return buffer;
}

}  // namespace caspian::core
