#include "caspian/io/inflow_series.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>

#include "caspian/core/error.hpp"
#include "caspian/core/units.hpp"
#include "caspian/io/units.hpp"
#include "csv_fields.hpp"
#include "input_file.hpp"

namespace caspian::io {

namespace {
using core::InputError;
using detail::split_csv;
using detail::trim;

enum class Layout { annual, year_month, date };

bool parse_int(const std::string& text, int& out) {
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size() && !text.empty();
}

// YYYY-MM.
bool parse_year_month(const std::string& text, core::YearMonth& ym) {
  return text.size() == 7 && text[4] == '-' && parse_int(text.substr(0, 4), ym.year) &&
         parse_int(text.substr(5, 2), ym.month) && ym.month >= 1 && ym.month <= 12;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Reads the file line by line, skipping blank lines and # comments.
class Lines {
 public:
  explicit Lines(const std::filesystem::path& path) : in_(path) {}
  bool is_open() const { return bool(in_); }
  bool next(std::string& line) {
    while (std::getline(in_, line)) {
      ++number_;
      const std::string t = trim(line);
      if (!t.empty() && t[0] != '#') return true;
    }
    return false;
  }
  std::size_t number() const { return number_; }

 private:
  std::ifstream in_;
  std::size_t number_ = 0;
};
}  // namespace

std::string record_label(const core::YearMonth& ym, bool monthly) {
  return monthly ? fmt::format("{}-{:02d}", ym.year, ym.month) : std::to_string(ym.year);
}

InflowSeries read_inflow_series(const std::filesystem::path& path, const std::string& column) {
  const std::string file = path.string();
  detail::check_input_file(path, "recorded inflow series", 0);
  Lines lines(path);
  if (!lines.is_open()) {
    throw InputError(file, "", "cannot open the recorded inflow series (does it exist?)");
  }
  std::string line;
  if (!lines.next(line)) {
    throw InputError(file, "header",
                     "the file is empty; expected a header row (year,...) and a units row");
  }
  const auto header = split_csv(line);
  const std::string header_where = fmt::format("line {} (header)", lines.number());
  Layout layout = Layout::annual;
  if (header[0] == "year") {
    layout = header.size() > 1 && header[1] == "month" ? Layout::year_month : Layout::annual;
  } else if (header[0] == "date") {
    layout = Layout::date;
  } else {
    throw InputError(file, header_where,
                     "expected the first column year (annual series), year,month or date "
                     "(YYYY-MM, monthly series); found '" +
                         header[0] + "'");
  }
  const bool monthly = layout != Layout::annual;
  const std::size_t time_columns = layout == Layout::year_month ? 2 : 1;
  const auto found = std::find(header.begin(), header.end(), column);
  const auto c = std::size_t(found - header.begin());
  if (found == header.end() || c < time_columns) {
    throw InputError(
        file, "column " + column,
        "not a value column of the header (" + header_where + "; columns: " + joined(header) + ")");
  }

  const auto expected_period = monthly ? core::RecordPeriod::month : core::RecordPeriod::year;
  const std::string kind = monthly ? "a monthly" : "an annual";
  const std::string units_example = monthly ? "km3/month" : "km3/yr";
  if (!lines.next(line)) {
    throw InputError(file, "column " + column + " (units row)",
                     "missing: expected a units row under the header, e.g. '" + header[0] + "," +
                         units_example + "'");
  }
  const auto units_row = split_csv(line);
  const std::string units_where =
      fmt::format("column {} (units row, line {})", column, lines.number());
  {
    int year = 0;
    core::YearMonth ym;
    if (parse_int(units_row[0], year) || parse_year_month(units_row[0], ym)) {
      throw InputError(file, units_where,
                       "missing: expected a units row under the header (e.g. '" + header[0] + "," +
                           units_example + "'), found data '" + trim(line) + "'");
    }
  }
  InflowSeries out;
  out.file = path;
  out.column = column;
  out.monthly = monthly;
  out.units = c < units_row.size() ? units_row[c] : "";
  if (out.units.empty()) {
    throw InputError(file, units_where,
                     "no units given; expected " + core::accepted_units(expected_period));
  }
  const auto period = km3_per_period(out.units);
  if (period != expected_period) {
    throw InputError(file, units_where,
                     "units '" + out.units + "' are not accepted for " + kind +
                         " series: expected " + core::accepted_units(expected_period) +
                         " (the volume of each " + (monthly ? "month" : "year") + ")");
  }

  std::size_t previous_line = 0;
  while (lines.next(line)) {
    const auto fields = split_csv(line);
    const std::string line_where = fmt::format("line {}", lines.number());
    core::YearMonth ym{0, 1};
    bool ok = false;
    switch (layout) {
      case Layout::annual:
        ok = parse_int(fields[0], ym.year);
        break;
      case Layout::year_month:
        ok = fields.size() > 1 && parse_int(fields[0], ym.year) && parse_int(fields[1], ym.month) &&
             ym.month >= 1 && ym.month <= 12;
        break;
      case Layout::date:
        ok = parse_year_month(fields[0], ym);
        break;
    }
    if (!ok) {
      throw InputError(file, line_where,
                       "expected " +
                           std::string(layout == Layout::annual       ? "a year"
                                       : layout == Layout::year_month ? "a year and a month (1-12)"
                                                                      : "a date as YYYY-MM") +
                           " first, got '" + trim(line) + "'");
    }
    const std::string when = record_label(ym, monthly);
    const std::string where = fmt::format("column {}, {} {} (line {})", column,
                                          monthly ? "month" : "year", when, lines.number());
    const std::string text = c < fields.size() ? fields[c] : "";
    if (text.empty()) {
      throw InputError(
          file, where,
          std::string("blank value: the column must give every ") + (monthly ? "month" : "year"));
    }
    double value = 0.0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
      throw InputError(file, where, "'" + text + "' is not a number");
    }
    if (!std::isfinite(value)) {
      throw InputError(file, where, "'" + text + "' is not a value (NaN or infinite)");
    }
    if (value < 0.0) {
      throw InputError(
          file, where,
          fmt::format("negative inflow {:g} {}: expected a volume >= 0", value, out.units));
    }
    // An annual row stands for its whole year: it is compared by its last month.
    const core::YearMonth row_last = monthly ? ym : core::YearMonth{ym.year, 12};
    if (out.volume_km3.empty()) {
      out.first = ym;
    } else {
      const core::YearMonth prev = out.last;
      const core::YearMonth expected = monthly ? prev.next() : core::YearMonth{prev.year + 1, 12};
      const std::string prev_text = record_label(prev, monthly);
      if (row_last == prev) {
        throw InputError(file, where,
                         fmt::format("{} appears twice (also on line {})", when, previous_line));
      }
      if (row_last < prev) {
        throw InputError(
            file, where,
            fmt::format("{} follows {}: the rows must be in increasing order", when, prev_text));
      }
      if (row_last != expected) {
        // The last missing year (or month): the one before this row.
        const core::YearMonth before = !monthly || ym.month == 1
                                           ? core::YearMonth{ym.year - 1, 12}
                                           : core::YearMonth{ym.year, ym.month - 1};
        const std::string gap = before == expected ? record_label(expected, monthly) + " is"
                                                   : record_label(expected, monthly) + ".." +
                                                         record_label(before, monthly) + " are";
        throw InputError(file, where,
                         fmt::format("{} follows {}: {} missing; the series must have no gaps",
                                     when, prev_text, gap));
      }
    }
    out.last = row_last;
    out.volume_km3.push_back(value == 0.0 ? 0.0 : value);  // "-0" -> +0
    previous_line = lines.number();
  }
  if (out.volume_km3.empty()) {
    throw InputError(file, "column " + column, "no data rows after the units row");
  }
  return out;
}

}  // namespace caspian::io
