#include "caspian/io/level_series.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "caspian/core/error.hpp"
#include "caspian/core/units.hpp"
#include "caspian/io/cf_reader.hpp"
#include "caspian/io/units.hpp"
#include "csv_fields.hpp"
#include "input_file.hpp"
#include "netcdf_internal.hpp"

namespace caspian::io {

namespace {
using core::InputError;
using detail::split_csv;
using detail::trim;

// A level CSV is read whole; a monthly series of a thousand years is under 300 kB.
constexpr std::uintmax_t max_csv_bytes = 64u << 20;

// One value of the file: the level of months first..last of a year, and where it was read
// ("line 5", a date) for messages.
struct Row {
  int year = 0;
  int first_month = 1;
  int last_month = 12;
  double level = 0.0;
  std::string where;
};

std::string month_text(const core::YearMonth& ym) {
  return fmt::format("{}-{:02d}", ym.year, ym.month);
}

// The port check reports years: it needs a year's worth of months at least.
constexpr std::size_t min_months = 12;

// Builds the monthly series from the rows, checking ranges, order and that no month is missing.
LevelRecords finish(const std::string& path, const std::vector<Row>& rows, bool annual) {
  LevelRecords out;
  out.annual = annual;
  for (const Row& row : rows) {
    if (!(row.level > -60.0 && row.level < 0.0)) {
      throw InputError(path, row.where,
                       fmt::format("level {:g} m BS in {} is not a Caspian level (expected -60..0 "
                                   "m BS; is it in m?)",
                                   row.level, row.year));
    }
    if (row.year < core::min_year || row.year > core::max_year) {
      throw InputError(
          path, row.where,
          fmt::format("year {} is outside years {}..{}", row.year, core::min_year, core::max_year));
    }
    for (int m = row.first_month; m <= row.last_month; ++m) {
      const core::YearMonth month{row.year, m};
      if (!out.months.empty() && !(out.months.back() < month)) {
        throw InputError(path, row.where,
                         "times are not in increasing order or repeat (" + month_text(month) +
                             " after " + month_text(out.months.back()) + ")");
      }
      if (!out.months.empty() && month != out.months.back().next()) {
        const core::YearMonth gap = out.months.back().next();
        throw InputError(
            path, row.where,
            annual
                ? fmt::format("missing year(s) {}..{}: expected one value per year, no gaps",
                              gap.year, row.year - 1)
                : fmt::format("missing month(s) {}..{} before {}: expected one value per "
                              "month, no gaps",
                              month_text(gap),
                              month_text({m == 1 ? row.year - 1 : row.year, m == 1 ? 12 : m - 1}),
                              month_text(month)));
      }
      out.months.push_back(month);
      out.level_m_bs.push_back(row.level);
    }
  }
  if (out.months.empty()) throw InputError(path, "", "no level values found");
  if (out.months.size() < min_months) {
    throw InputError(path, "",
                     fmt::format("holds {} month(s), {}..{}; the port check needs at least {} "
                                 "consecutive months (its results are per year)",
                                 out.months.size(), month_text(out.months.front()),
                                 month_text(out.months.back()), min_months));
  }
  return out;
}

// caspian run's annual_summary.csv (year, months, mean_level_m_bs, ...): each year's mean level
// over the months the run simulated, a whole year except at a partial start or end.
void place_summary_months(const std::string& path, std::vector<Row>& rows) {
  for (std::size_t k = 0; k < rows.size(); ++k) {
    Row& row = rows[k];
    const int n = row.last_month;  // read into last_month: the months column
    if (n < 1 || n > 12 || (n < 12 && k > 0 && k + 1 < rows.size())) {
      throw InputError(path, row.where,
                       fmt::format("year {} has {} months; expected 12 (only the first and last "
                                   "year of a run may be partial)",
                                   row.year, n));
    }
    row.first_month = k == 0 && rows.size() > 1 ? 13 - n : 1;  // a run that starts late
    row.last_month = row.first_month + n - 1;                  // or ends early
  }
}

LevelRecords read_csv(const std::string& path) {
  detail::check_input_file(path, "level file", max_csv_bytes);
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
  const long c_year = col("year"), c_month = col("month");
  // caspian run's annual_summary.csv is read through its mean_level_m_bs and months columns.
  const bool summary =
      col("level_m_bs") < 0 && c_month < 0 && col("mean_level_m_bs") >= 0 && col("months") >= 0;
  const long c_level = summary ? col("mean_level_m_bs") : col("level_m_bs");
  const long c_months = summary ? col("months") : -1;
  const std::string level_name = summary ? "mean_level_m_bs" : "level_m_bs";
  if (c_year < 0 || c_level < 0) {
    std::string found;
    for (const auto& h : header) found += (found.empty() ? "" : ", ") + h;
    throw InputError(path, "line " + std::to_string(line_no),
                     "expected a header with columns year[,month],level_m_bs, or caspian run's "
                     "annual_summary.csv (year,months,mean_level_m_bs,...) (found: " +
                         found + ")");
  }
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    ++line_no;
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    const auto fields = split_csv(line);
    const std::string where = "line " + std::to_string(line_no);
    const auto field = [&](long c, const std::string& what) {
      if (c >= long(fields.size()) || fields[std::size_t(c)].empty())
        throw InputError(path, where, "missing " + what);
      return fields[std::size_t(c)];
    };
    const auto integer = [&](long c, const std::string& what) {
      std::size_t used = 0;
      const std::string text = field(c, what);
      const int value = std::stoi(text, &used);
      if (used != text.size()) throw std::invalid_argument(what);
      return value;
    };
    try {
      Row row;
      row.where = where;
      row.year = integer(c_year, "year");
      if (c_month >= 0) {
        row.first_month = row.last_month = integer(c_month, "month");
        if (row.first_month < 1 || row.first_month > 12) throw std::invalid_argument("month");
      }
      if (c_months >= 0) row.last_month = integer(c_months, "months");
      std::size_t used = 0;
      const std::string ls = field(c_level, level_name);
      row.level = std::stod(ls, &used);
      if (used != ls.size() || !std::isfinite(row.level)) throw std::invalid_argument("level");
      rows.push_back(row);
    } catch (const std::logic_error&) {
      // A units row under the header (as in inputs/sea_level/*.csv) is skipped once.
      if (rows.empty() && line_no <= 3 && fields.size() == header.size() &&
          !fields[std::size_t(c_year)].empty() && !std::isdigit(fields[std::size_t(c_year)][0]))
        continue;
      throw InputError(path, where,
                       "expected year" +
                           std::string(c_month >= 0    ? ",month (1-12)"
                                       : c_months >= 0 ? ",months (1-12)"
                                                       : "") +
                           " and " + level_name + " as numbers, got '" + trim(line) + "'");
    }
  }
  if (summary) place_summary_months(path, rows);
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
  int time_ndims = 0;
  int time_dimid = -1;
  if (nc_inq_varid(ncid, dim.c_str(), &time_var) != NC_NOERR ||
      nc_inq_varndims(ncid, time_var, &time_ndims) != NC_NOERR || time_ndims != 1 ||
      nc_inq_vardimid(ncid, time_var, &time_dimid) != NC_NOERR || time_dimid != dimid)
    throw InputError(path, variable,
                     "its dimension '" + dim + "' has no time coordinate (a 1-D variable '" + dim +
                         "' along it)");
  const auto units = detail::text_attribute(ncid, time_var, "units");
  if (!units) throw InputError(path, dim, "the time coordinate has no units attribute");
  core::TimeUnits tu;
  core::Calendar calendar = core::Calendar::proleptic_gregorian;
  try {
    tu = parse_time_units(*units);
    calendar = core::parse_calendar(
        detail::text_attribute(ncid, time_var, "calendar").value_or("standard"));
  } catch (const std::invalid_argument& e) {
    throw InputError(path, dim, e.what());
  }
  const auto level_units = detail::text_attribute(ncid, varid, "units").value_or("");
  const auto conv = conversion_to_model_units(core::Quantity::height_m, level_units);
  if (!conv) {
    throw InputError(path, variable,
                     "units '" + level_units + "' are not a height (expected " +
                         core::accepted_units(core::Quantity::height_m) + ")");
  }
  if (n > detail::max_cells_per_field) {
    throw InputError(path, variable,
                     "declares " + std::to_string(n) +
                         " time steps; expected a series of at most " +
                         std::to_string(detail::max_cells_per_field));
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
  std::vector<Row> rows;
  for (std::size_t k = 0; k < n; ++k) {
    core::Date d;
    try {
      d = core::add_days(calendar, tu.epoch, times[k] * tu.seconds_per_unit / 86400.0);
    } catch (const std::invalid_argument& e) {
      throw InputError(path, dim,
                       fmt::format("time value {:g} ({}): {}", times[k], *units, e.what()));
    }
    double v = values[k];
    if ((fill && v == (*fill)[0]) || !std::isfinite(v)) {
      throw InputError(
          path, variable,
          "missing value at " + core::format_date(d) + " (the series must be complete)");
    }
    if (scale) v *= (*scale)[0];
    if (offset) v += (*offset)[0];
    rows.push_back({d.year, d.month, d.month, conv->apply(v), core::format_date(d)});
    ++per_year[d.year];
  }
  // One value per year, more than one year: an annual series.
  const bool annual =
      per_year.size() > 1 &&
      std::all_of(per_year.begin(), per_year.end(), [](const auto& e) { return e.second == 1; });
  if (annual) {
    for (auto& row : rows) {
      row.first_month = 1;
      row.last_month = 12;
    }
  }
  return finish(path, rows, annual);
}
}  // namespace

LevelRecords read_level_series(const std::filesystem::path& path,
                               const std::string& netcdf_variable) {
  const std::string p = path.string();
  detail::check_input_file(path, "level file", 0);
  std::ifstream probe(path, std::ios::binary);
  if (!probe) throw InputError(p, "", "cannot open the level file (does it exist?)");
  char magic[4] = {};
  probe.read(magic, 4);
  const bool netcdf = (magic[0] == 'C' && magic[1] == 'D' && magic[2] == 'F') ||
                      (magic[1] == 'H' && magic[2] == 'D' && magic[3] == 'F');
  return netcdf ? read_netcdf(p, netcdf_variable) : read_csv(p);
}

}  // namespace caspian::io
