#include "caspian/io/level_series.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "caspian/core/error.hpp"
#include "caspian/core/units.hpp"
#include "caspian/io/cf_reader.hpp"
#include "csv_fields.hpp"
#include "netcdf_internal.hpp"

namespace caspian::io {

namespace {
using core::InputError;
using detail::split_csv;
using detail::trim;

// Builds the monthly series from (year, month or 0, level) records, checking order and ranges.
LevelRecords finish(const std::string& path, std::vector<std::pair<core::YearMonth, double>> rows,
                    bool annual) {
  LevelRecords out;
  out.annual = annual;
  for (const auto& [ym, level] : rows) {
    if (!(level > -60.0 && level < 0.0)) {
      throw InputError(path, std::to_string(ym.year),
                       "level " + std::to_string(level) +
                           " m BS is not a Caspian level (expected -60..0 m BS; is it in m?)");
    }
    for (int m = annual ? 1 : ym.month; m <= (annual ? 12 : ym.month); ++m) {
      const core::YearMonth month{ym.year, m};
      if (!out.months.empty() && !(out.months.back() < month)) {
        throw InputError(path, std::to_string(ym.year) + "-" + std::to_string(m),
                         "times are not in increasing order or repeat");
      }
      out.months.push_back(month);
      out.level_m_bs.push_back(level);
    }
  }
  if (out.months.empty()) throw InputError(path, "", "no level values found");
  return out;
}

LevelRecords read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, "", "cannot open the level file (does it exist?)");
  std::string line;
  std::vector<std::string> header;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    header = split_csv(line);
    break;
  }
  const auto col = [&](const std::string& name) -> long {
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : long(it - header.begin());
  };
  const long c_year = col("year"), c_month = col("month"), c_level = col("level_m_bs");
  if (c_year < 0 || c_level < 0) {
    std::string found;
    for (const auto& h : header) found += (found.empty() ? "" : ", ") + h;
    throw InputError(
        path, "line " + std::to_string(line_no),
        "expected a header with columns year[,month],level_m_bs (found: " + found + ")");
  }
  std::vector<std::pair<core::YearMonth, double>> rows;
  while (std::getline(in, line)) {
    ++line_no;
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    const auto fields = split_csv(line);
    const std::string where = "line " + std::to_string(line_no);
    const auto field = [&](long c, const char* what) {
      if (c >= long(fields.size()) || fields[std::size_t(c)].empty())
        throw InputError(path, where, std::string("missing ") + what);
      return fields[std::size_t(c)];
    };
    try {
      std::size_t used = 0;
      const std::string ys = field(c_year, "year");
      const int year = std::stoi(ys, &used);
      if (used != ys.size()) throw std::invalid_argument("year");
      int month = 0;
      if (c_month >= 0) {
        const std::string ms = field(c_month, "month");
        month = std::stoi(ms, &used);
        if (used != ms.size() || month < 1 || month > 12) throw std::invalid_argument("month");
      }
      const std::string ls = field(c_level, "level_m_bs");
      const double level = std::stod(ls, &used);
      if (used != ls.size() || !std::isfinite(level)) throw std::invalid_argument("level");
      rows.push_back({{year, month}, level});
    } catch (const std::logic_error&) {
      // A units row under the header (as in inputs/sea_level/*.csv) is skipped once.
      if (rows.empty() && line_no <= 3 && fields.size() == header.size() &&
          !fields[std::size_t(c_year)].empty() && !std::isdigit(fields[std::size_t(c_year)][0]))
        continue;
      throw InputError(path, where,
                       "expected year" + std::string(c_month >= 0 ? ",month (1-12)" : "") +
                           " and level_m_bs as numbers, got '" + trim(line) + "'");
    }
  }
  return finish(path, rows, c_month < 0);
}

LevelRecords read_netcdf(const std::string& path, const std::string& variable) {
  const auto file = detail::open_for_reading(path);
  const int ncid = file.id();
  const int varid = detail::find_variable(ncid, path, variable);
  int ndims = 0;
  nc_inq_varndims(ncid, varid, &ndims);
  if (ndims != 1) {
    throw InputError(path, variable,
                     "has " + std::to_string(ndims) + " dimensions; expected a series (time)");
  }
  int dimid = -1;
  nc_inq_vardimid(ncid, varid, &dimid);
  std::size_t n = 0;
  nc_inq_dimlen(ncid, dimid, &n);
  const std::string dim = detail::dimension_name(ncid, dimid);
  int time_var = -1;
  if (nc_inq_varid(ncid, dim.c_str(), &time_var) != NC_NOERR)
    throw InputError(path, variable, "its dimension '" + dim + "' has no time coordinate");
  const auto units = detail::text_attribute(ncid, time_var, "units");
  if (!units) throw InputError(path, dim, "the time coordinate has no units attribute");
  core::TimeUnits tu;
  core::Calendar calendar = core::Calendar::proleptic_gregorian;
  try {
    tu = core::parse_time_units(*units);
    calendar = core::parse_calendar(
        detail::text_attribute(ncid, time_var, "calendar").value_or("standard"));
  } catch (const std::invalid_argument& e) {
    throw InputError(path, dim, e.what());
  }
  const auto level_units = detail::text_attribute(ncid, varid, "units").value_or("");
  const auto conv = core::conversion_to_model_units(core::Quantity::height_m, level_units);
  if (!conv) {
    throw InputError(path, variable,
                     "units '" + level_units + "' are not a height (expected " +
                         core::accepted_units(core::Quantity::height_m) + ")");
  }
  std::vector<double> times(n), values(n);
  if (n == 0 || nc_get_var_double(ncid, time_var, times.data()) != NC_NOERR ||
      nc_get_var_double(ncid, varid, values.data()) != NC_NOERR) {
    throw InputError(path, variable, "cannot read the series (empty or unreadable)");
  }
  const auto scale = detail::numeric_attribute(ncid, varid, "scale_factor");
  const auto offset = detail::numeric_attribute(ncid, varid, "add_offset");
  const auto fill = detail::numeric_attribute(ncid, varid, "_FillValue");
  std::map<int, int> per_year;
  std::vector<std::pair<core::YearMonth, double>> rows;
  for (std::size_t k = 0; k < n; ++k) {
    const core::Date d =
        core::add_days(calendar, tu.epoch, times[k] * tu.seconds_per_unit / 86400.0);
    double v = values[k];
    if ((fill && v == (*fill)[0]) || !std::isfinite(v)) {
      throw InputError(
          path, variable,
          "missing value at " + core::format_date(d) + " (the series must be complete)");
    }
    if (scale) v *= (*scale)[0];
    if (offset) v += (*offset)[0];
    rows.push_back({{d.year, d.month}, conv->apply(v)});
    ++per_year[d.year];
  }
  // One value per year, more than one year: an annual series.
  const bool annual =
      per_year.size() > 1 &&
      std::all_of(per_year.begin(), per_year.end(), [](const auto& e) { return e.second == 1; });
  if (annual)
    for (auto& row : rows) row.first.month = 0;
  return finish(path, rows, annual);
}
}  // namespace

LevelRecords read_level_series(const std::filesystem::path& path,
                               const std::string& netcdf_variable) {
  const std::string p = path.string();
  std::ifstream probe(path, std::ios::binary);
  if (!probe) throw InputError(p, "", "cannot open the level file (does it exist?)");
  char magic[4] = {};
  probe.read(magic, 4);
  const bool netcdf = (magic[0] == 'C' && magic[1] == 'D' && magic[2] == 'F') ||
                      (magic[1] == 'H' && magic[2] == 'D' && magic[3] == 'F');
  return netcdf ? read_netcdf(p, netcdf_variable) : read_csv(p);
}

}  // namespace caspian::io
