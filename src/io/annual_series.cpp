#include "caspian/io/annual_series.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "caspian/core/error.hpp"
#include "csv_fields.hpp"
#include "input_file.hpp"

namespace caspian::io {

namespace {
using detail::split_csv;
using detail::trim;

bool parse_number(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtod(text.c_str(), &end);
  return errno == 0 && end == text.c_str() + text.size() && std::isfinite(out);
}
}  // namespace

AnnualSeries read_annual_series_csv(const std::filesystem::path& file, const std::string& column,
                                    const std::function<bool(std::string_view)>& units_ok,
                                    const std::string& expected_units) {
  const std::string path = file.string();
  detail::check_input_file(file, "annual series", 0);
  std::ifstream in(file);
  if (!in) throw core::InputError(path, column, "cannot open the file");
  std::string line;
  if (!std::getline(in, line)) throw core::InputError(path, column, "the file is empty");
  const auto header = split_csv(line);
  std::size_t col = header.size();
  for (std::size_t k = 1; k < header.size(); ++k) {
    if (header[k] == column) col = k;
  }
  if (col == header.size()) {
    throw core::InputError(
        path, column, fmt::format("no such column; the header has: {}", fmt::join(header, ", ")));
  }
  AnnualSeries out;
  out.file = path;
  out.column = column;
  if (!std::getline(in, line)) throw core::InputError(path, column, "no units row");
  const auto units = split_csv(line);
  if (units.size() <= col || units[0] != "year") {
    throw core::InputError(path, column + " (units row)",
                           "the second row must give the units of each column, starting with "
                           "'year'");
  }
  out.units = units[col];
  if (!units_ok(out.units)) {
    throw core::InputError(path, column + " (units row)",
                           fmt::format("units '{}'; expected {}", out.units, expected_units));
  }
  int line_number = 2;
  while (std::getline(in, line)) {
    ++line_number;
    if (trim(line).empty()) continue;
    const auto fields = split_csv(line);
    double year_value = 0.0;
    if (!parse_number(fields[0], year_value) || year_value != std::floor(year_value) ||
        std::abs(year_value) > 100000.0) {
      throw core::InputError(path, fmt::format("line {}", line_number),
                             fmt::format("'{}' is not a year", fields[0]));
    }
    const int year = int(year_value);
    double value = 0.0;
    if (fields.size() <= col || !parse_number(fields[col], value)) {
      throw core::InputError(path, fmt::format("{} {} (line {})", column, year, line_number),
                             fmt::format("'{}' is not a number; every year needs a value",
                                         fields.size() <= col ? std::string() : fields[col]));
    }
    if (!out.value_by_year.empty()) {
      const int last = out.value_by_year.rbegin()->first;
      if (year <= last) {
        throw core::InputError(path, fmt::format("{} {} (line {})", column, year, line_number),
                               fmt::format("years must increase (after {})", last));
      }
      if (year != last + 1) {
        throw core::InputError(
            path, fmt::format("{} {} (line {})", column, last + 1, line_number),
            fmt::format("missing year: the series jumps from {} to {}", last, year));
      }
    }
    out.value_by_year[year] = value;
  }
  if (out.value_by_year.empty()) throw core::InputError(path, column, "no values");
  return out;
}

double annual_series_mean(const AnnualSeries& series, int first_year, int last_year) {
  double sum = 0.0;
  for (int y = first_year; y <= last_year; ++y) {
    const auto it = series.value_by_year.find(y);
    if (it == series.value_by_year.end()) {
      throw core::InputError(
          series.file, fmt::format("{} {}", series.column, y),
          fmt::format("the series covers {}..{}; the mean over {}..{} needs "
                      "every year",
                      series.value_by_year.begin()->first, series.value_by_year.rbegin()->first,
                      first_year, last_year));
    }
    sum += it->second;
  }
  return sum / double(last_year - first_year + 1);
}

}  // namespace caspian::io
