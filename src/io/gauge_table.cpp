#include "caspian/io/gauge_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <unordered_map>

#include "caspian/core/error.hpp"
#include "input_file.hpp"

namespace caspian::io {

namespace {
constexpr core::Calendar kCalendar = core::Calendar::proleptic_gregorian;
const char* const kHeader = "date,discharge_m3_per_s,air_temperature_degC,precipitation_mm";

std::string where(std::size_t line, const char* column) {
  return fmt::format("line {}, column {}", line, column);
}

bool parse_date(std::string_view text, core::Date& date) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const auto part = [&](std::size_t pos, std::size_t len, int& out) {
    const auto* first = text.data() + pos;
    const auto [ptr, ec] = std::from_chars(first, first + len, out);
    return ec == std::errc() && ptr == first + len;
  };
  if (!part(0, 4, date.year) || !part(5, 2, date.month) || !part(8, 2, date.day)) return false;
  return date.month >= 1 && date.month <= 12 && date.day >= 1 &&
         date.day <= core::days_in_month(kCalendar, date.year, date.month);
}

double parse_number(std::string_view text, const std::string& file, std::size_t line,
                    const char* column) {
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) {
    throw core::InputError(file, where(line, column),
                           "'" + std::string(text) + "' is not a finite number");
  }
  return value == 0.0 ? 0.0 : value;  // "-0" -> +0
}
}  // namespace

std::size_t DailyGaugeTable::index_of(const core::Date& date) const {
  if (dates.empty() || date < dates.front() || date > dates.back()) {
    throw core::InputError(file.string(), core::format_date(date),
                           "date outside the table (" +
                               (dates.empty() ? std::string("empty")
                                              : core::format_date(dates.front()) + " to " +
                                                    core::format_date(dates.back())) +
                               ")");
  }
  return static_cast<std::size_t>(std::lround(core::days_between(kCalendar, dates.front(), date)));
}

DailyGaugeTable read_daily_gauge_csv(const std::filesystem::path& path) {
  const std::string file = path.string();
  detail::check_input_file(path, "gauge table", 0);
  std::ifstream in(path);
  if (!in) throw core::InputError(file, "", "cannot open the gauge table (does it exist?)");
  DailyGaugeTable t;
  t.file = path;
  std::string line;
  if (!std::getline(in, line)) throw core::InputError(file, "header", "the file is empty");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line != kHeader) {
    throw core::InputError(file, "line 1 (header)",
                           "expected '" + std::string(kHeader) + "', found '" + line + "'");
  }
  std::size_t line_no = 1;
  static const char* const columns[] = {"date", "discharge_m3_per_s", "air_temperature_degC",
                                        "precipitation_mm"};
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::string_view fields[4];
    std::size_t start = 0, n = 0;
    for (; n < 4; ++n) {
      const auto comma = line.find(',', start);
      fields[n] = std::string_view(line).substr(
          start, comma == std::string::npos ? std::string::npos : comma - start);
      if (comma == std::string::npos) {
        ++n;
        break;
      }
      start = comma + 1;
      if (n == 3) {
        throw core::InputError(file, fmt::format("line {}", line_no),
                               "more than 4 columns (expected " + std::string(kHeader) + ")");
      }
    }
    if (n != 4) {
      throw core::InputError(file, fmt::format("line {}", line_no),
                             fmt::format("{} columns, expected 4 ({})", n, kHeader));
    }
    core::Date date;
    if (!parse_date(fields[0], date)) {
      throw core::InputError(file, where(line_no, columns[0]),
                             "'" + std::string(fields[0]) + "' is not a date as YYYY-MM-DD");
    }
    if (!t.dates.empty()) {
      const core::Date expected = core::add_days(kCalendar, t.dates.back(), 1.0);
      if (date != expected) {
        throw core::InputError(file, where(line_no, columns[0]),
                               core::format_date(date) + " follows " +
                                   core::format_date(t.dates.back()) +
                                   ": expected consecutive days (" + core::format_date(expected) +
                                   "), no gaps or repeats");
      }
    }
    const double q = parse_number(fields[1], file, line_no, columns[1]);
    const double temp = parse_number(fields[2], file, line_no, columns[2]);
    const double p = parse_number(fields[3], file, line_no, columns[3]);
    if (q < 0.0) throw core::InputError(file, where(line_no, columns[1]), "negative discharge");
    if (p < 0.0) {
      throw core::InputError(file, where(line_no, columns[3]), "negative precipitation");
    }
    if (temp < -90.0 || temp > 60.0) {
      throw core::InputError(file, where(line_no, columns[2]),
                             fmt::format("{} degC is not a plausible air temperature", temp));
    }
    t.dates.push_back(date);
    t.discharge_m3_per_s.push_back(q);
    t.temperature_degC.push_back(temp);
    t.precipitation_mm.push_back(p);
  }
  if (t.dates.empty()) throw core::InputError(file, "", "no data rows after the header");
  return t;
}

std::vector<DataFlag> find_repeated_discharge(const DailyGaugeTable& table, int min_days,
                                              int min_distinct) {
  const auto& q = table.discharge_m3_per_s;
  const std::size_t n = q.size();
  const auto len = static_cast<std::size_t>(std::max(min_days, 2));
  std::vector<DataFlag> flags;
  if (n < len) return flags;
  // Hash every window of len days; candidate matches are then compared value for value.
  std::unordered_map<std::size_t, std::vector<std::size_t>> seen;
  std::vector<long long> copy_of(n, -1);  // for each copied day, the day it repeats
  std::vector<std::uint8_t> is_source(n, 0);
  for (std::size_t i = 0; i + len <= n; ++i) {
    std::vector<double> window(q.begin() + static_cast<std::ptrdiff_t>(i),
                               q.begin() + static_cast<std::ptrdiff_t>(i + len));
    std::vector<double> sorted = window;
    std::sort(sorted.begin(), sorted.end());
    const auto distinct = std::unique(sorted.begin(), sorted.end()) - sorted.begin();
    if (distinct < min_distinct) continue;
    std::size_t h = 1469598103934665603ull;
    for (double v : window) h = (h ^ std::hash<double>{}(v)) * 1099511628211ull;
    auto& earlier = seen[h];
    for (std::size_t j : earlier) {
      if (std::equal(window.begin(), window.end(), q.begin() + static_cast<std::ptrdiff_t>(j))) {
        for (std::size_t k = 0; k < len; ++k) {
          copy_of[i + k] = static_cast<long long>(j + k);
          is_source[j + k] = 1;
        }
        break;
      }
    }
    earlier.push_back(i);
  }
  // Copies as spans, each with the span it repeats.
  for (std::size_t i = 0; i < n;) {
    if (copy_of[i] < 0) {
      ++i;
      continue;
    }
    std::size_t e = i;
    while (e + 1 < n && copy_of[e + 1] >= 0) ++e;
    flags.push_back({table.dates[i], table.dates[e], "discharge_m3_per_s",
                     "repeats " + core::format_date(table.dates[std::size_t(copy_of[i])]) + ".." +
                         core::format_date(table.dates[std::size_t(copy_of[e])]) +
                         " value for value (" + std::to_string(e - i + 1) + " days)"});
    i = e + 1;
  }
  for (std::size_t i = 0; i < n;) {
    if (!is_source[i] || copy_of[i] >= 0) {
      ++i;
      continue;
    }
    std::size_t e = i;
    while (e + 1 < n && is_source[e + 1] && copy_of[e + 1] < 0) ++e;
    flags.push_back({table.dates[i], table.dates[e], "discharge_m3_per_s",
                     "repeated later in the record value for value (" + std::to_string(e - i + 1) +
                         " days): copy or original, not independent"});
    i = e + 1;
  }
  std::sort(flags.begin(), flags.end(),
            [](const DataFlag& a, const DataFlag& b) { return a.first < b.first; });
  return flags;
}

std::vector<DataFlag> find_precipitation_outlier_years(const DailyGaugeTable& table,
                                                       double min_ratio, double max_ratio) {
  std::map<int, std::pair<double, int>> years;  // year -> (total, days)
  for (std::size_t i = 0; i < table.size(); ++i) {
    auto& [total, days] = years[table.dates[i].year];
    total += table.precipitation_mm[i];
    ++days;
  }
  std::vector<double> totals;
  for (const auto& [year, td] : years) {
    if (td.second == core::days_in_year(kCalendar, year)) totals.push_back(td.first);
  }
  std::vector<DataFlag> flags;
  if (totals.size() < 3) return flags;  // too short a record to judge
  std::sort(totals.begin(), totals.end());
  const std::size_t m = totals.size();
  const double median = m % 2 ? totals[m / 2] : 0.5 * (totals[m / 2 - 1] + totals[m / 2]);
  // Consecutive flagged years on the same side of the median form one span.
  int run_first = 0, run_last = 0, run_side = 0;
  double run_min = 0.0, run_max = 0.0;
  const auto close_run = [&] {
    if (run_side == 0) return;
    flags.push_back({core::Date{run_first, 1, 1}, core::Date{run_last, 12, 31}, "precipitation_mm",
                     fmt::format("annual totals {:.0f}-{:.0f} mm, {:.2f}-{:.2f} x the record's "
                                 "median annual total {:.0f} mm (outside {:.2f}-{:.2f})",
                                 run_min, run_max, run_min / median, run_max / median, median,
                                 min_ratio, max_ratio)});
    run_side = 0;
  };
  for (const auto& [year, td] : years) {
    const double ratio = td.first / median;
    const int side = td.second != core::days_in_year(kCalendar, year) ? 0
                     : ratio < min_ratio                              ? -1
                     : ratio > max_ratio                              ? 1
                                                                      : 0;
    if (side == 0 || side != run_side || year != run_last + 1) close_run();
    if (side == 0) continue;
    if (run_side == 0) {
      run_first = year;
      run_side = side;
      run_min = run_max = td.first;
    }
    run_last = year;
    run_min = std::min(run_min, td.first);
    run_max = std::max(run_max, td.first);
  }
  close_run();
  return flags;
}

}  // namespace caspian::io
