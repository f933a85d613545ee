#include "caspian/io/gcm_fields.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "caspian/core/error.hpp"
#include "caspian/io/cf_reader.hpp"
#include "caspian/io/units.hpp"
#include "netcdf_internal.hpp"

namespace caspian::io {

namespace {
using core::InputError;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double mm_per_day_per_m_per_s = 86400.0 * 1000.0;

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A 1-D coordinate variable of a dimension, read as doubles.
std::vector<double> read_axis(int ncid, int dimid, const std::string& path,
                              const std::string& variable, const char* what) {
  const std::string name = detail::dimension_name(ncid, dimid);
  int varid = -1;
  if (nc_inq_varid(ncid, name.c_str(), &varid) != NC_NOERR) {
    throw InputError(
        path, variable,
        fmt::format("dimension '{}' has no coordinate variable; expected {}", name, what));
  }
  std::size_t length = 0;
  nc_inq_dimlen(ncid, dimid, &length);
  std::vector<double> values(length);
  if (length > 0 && nc_get_var_double(ncid, varid, values.data()) != NC_NOERR)
    throw InputError(path, name, "cannot read the coordinate");
  return values;
}

bool is_axis(int ncid, int dimid, const char* standard_name, const char* units,
             const char* short_name, const char* long_name) {
  const std::string name = detail::dimension_name(ncid, dimid);
  int varid = -1;
  if (nc_inq_varid(ncid, name.c_str(), &varid) != NC_NOERR) return false;
  const auto sn = detail::text_attribute(ncid, varid, "standard_name");
  const auto u = detail::text_attribute(ncid, varid, "units");
  return (sn && *sn == standard_name) || (u && lower(*u) == units) || lower(name) == short_name ||
         lower(name) == long_name;
}

core::YearMonth month_of(const core::Date& d) { return {d.year, d.month}; }
std::string ym_text(core::YearMonth ym) { return fmt::format("{:04d}-{:02d}", ym.year, ym.month); }
}  // namespace

GcmMonthlyMeans read_gcm_monthly_means(const std::string& path, const std::string& variable,
                                       core::Quantity quantity, core::YearMonth first,
                                       core::YearMonth last) {
  if (last < first) {
    throw InputError(
        path, variable,
        fmt::format("period {}..{} ends before it starts", ym_text(first), ym_text(last)));
  }
  const auto file = detail::open_for_reading(path);
  const int ncid = file.id();
  const int varid = detail::find_variable(ncid, path, variable);
  int ndims = 0;
  nc_inq_varndims(ncid, varid, &ndims);
  if (ndims != 3) {
    throw InputError(path, variable,
                     fmt::format("has {} dimensions; expected 3 (time, lat, lon)", ndims));
  }
  int dimids[3] = {-1, -1, -1};
  nc_inq_vardimid(ncid, varid, dimids);
  if (!is_axis(ncid, dimids[1], "latitude", "degrees_north", "lat", "latitude") ||
      !is_axis(ncid, dimids[2], "longitude", "degrees_east", "lon", "longitude")) {
    throw InputError(path, variable,
                     fmt::format("has dimensions ({}, {}, {}); expected (time, lat, lon) with "
                                 "latitude and longitude coordinate variables",
                                 detail::dimension_name(ncid, dimids[0]),
                                 detail::dimension_name(ncid, dimids[1]),
                                 detail::dimension_name(ncid, dimids[2])));
  }

  GcmMonthlyMeans out;
  // Units, through UDUNITS-2.
  out.units = detail::text_attribute(ncid, varid, "units").value_or("");
  const auto conversion = conversion_to_model_units(quantity, out.units);
  if (!conversion) {
    throw InputError(
        path, variable,
        fmt::format(
            "units '{}' are not {} (expected {})", out.units,
            quantity == core::Quantity::temperature_degC ? "a temperature" : "a precipitation flux",
            core::accepted_units(quantity)));
  }
  const double to_model =
      quantity == core::Quantity::water_flux_m_per_s ? mm_per_day_per_m_per_s : 1.0;

  // The time coordinate (the project's CF decoding: UDUNITS-2 units, CF calendars).
  const TimeCoordinate time = read_time_coordinate(path, variable);
  out.calendar = time.calendar;
  {
    int tvar = -1;
    nc_inq_varid(ncid, time.name.c_str(), &tvar);
    out.calendar_text = tvar >= 0
                            ? detail::text_attribute(ncid, tvar, "calendar").value_or("standard")
                            : "standard";
  }
  if (time.times.empty()) throw InputError(path, variable, "has no time steps");
  out.file_first = time.times.front();
  out.file_last = time.times.back();
  for (std::size_t k = 1; k < time.times.size(); ++k) {
    if (!(time.times[k - 1] < time.times[k]))
      throw InputError(path, time.name, "time stamps are not strictly ascending");
  }
  if (first < month_of(out.file_first) || month_of(out.file_last) < last) {
    throw InputError(
        path, variable,
        fmt::format("period {}..{} is outside the file, which covers {}..{} ({} "
                    "monthly steps, calendar {})",
                    ym_text(first), ym_text(last), ym_text(month_of(out.file_first)),
                    ym_text(month_of(out.file_last)), time.times.size(), out.calendar_text));
  }

  // Axes: latitude flipped to ascending (north-to-south files), longitude must ascend.
  std::vector<double> lat = read_axis(ncid, dimids[1], path, variable, "latitudes");
  std::vector<double> lon = read_axis(ncid, dimids[2], path, variable, "longitudes");
  const bool flip = lat.size() > 1 && lat.front() > lat.back();
  if (flip) std::reverse(lat.begin(), lat.end());
  out.grid.lat_deg = lat;
  out.grid.lon_deg = lon;
  try {
    climate::check_rectilinear(out.grid);
  } catch (const std::invalid_argument& e) {
    throw InputError(path, variable, std::string("grid: ") + e.what());
  }
  const std::size_t nlat = lat.size(), nlon = lon.size(), cells = nlat * nlon;
  if (cells > detail::max_cells_per_field)
    throw InputError(path, variable, "grid too large for a GCM field");

  // Fill values and packing.
  const auto fill = detail::numeric_attribute(ncid, varid, "_FillValue");
  const auto missing = detail::numeric_attribute(ncid, varid, "missing_value");
  const double scale = detail::numeric_attribute(ncid, varid, "scale_factor")
                           .value_or(std::vector<double>{1.0})
                           .at(0);
  const double offset =
      detail::numeric_attribute(ncid, varid, "add_offset").value_or(std::vector<double>{0.0}).at(0);
  auto is_missing = [&](double raw) {
    if (!std::isfinite(raw)) return true;
    if (fill && !fill->empty() && raw == (*fill)[0]) return true;
    if (missing) {
      for (double m : *missing)
        if (raw == m) return true;
    }
    // Also anything at or beyond CMIP's 1e20 standard missing value (stored as float).
    return std::fabs(raw) >= 9.9e19;
  };

  std::vector<int> months;
  std::vector<std::vector<double>> steps;
  std::vector<double> raw(cells);
  for (std::size_t t = 0; t < time.times.size(); ++t) {
    const core::YearMonth ym = month_of(time.times[t]);
    if (ym < first || last < ym) continue;
    const std::size_t start[3] = {t, 0, 0};
    const std::size_t count[3] = {1, nlat, nlon};
    if (nc_get_vara_double(ncid, varid, start, count, raw.data()) != NC_NOERR)
      throw InputError(path, variable, fmt::format("cannot read time step {}", t));
    std::vector<double> step(cells);
    for (std::size_t i = 0; i < nlat; ++i) {
      const std::size_t row = flip ? nlat - 1 - i : i;
      for (std::size_t j = 0; j < nlon; ++j) {
        const double r = raw[row * nlon + j];
        step[i * nlon + j] = is_missing(r) ? nan : to_model * conversion->apply(scale * r + offset);
      }
    }
    months.push_back(ym.month);
    steps.push_back(std::move(step));
  }
  out.steps_used = steps.size();
  try {
    out.mean = climate::calendar_month_means(months, steps, cells);
  } catch (const std::invalid_argument& e) {
    throw InputError(path, variable,
                     fmt::format("period {}..{}: {}", ym_text(first), ym_text(last), e.what()));
  }
  return out;
}

}  // namespace caspian::io
