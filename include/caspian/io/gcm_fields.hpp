#pragma once
// Monthly GCM output read directly from CF files (scenario.gcm_fields): a (time, lat, lon)
// variable on a rectilinear or Gaussian grid (latitudes ascending or descending, not necessarily
// evenly spaced; longitudes 0..360 or -180..180), its time coordinate decoded in the file's
// calendar (standard, gregorian, proleptic_gregorian, noleap, 365_day, 360_day) with UDUNITS-2,
// its units converted to model units with UDUNITS-2 (tas: K or degC; pr: kg m-2 s-1, mm/day, ...),
// _FillValue, missing_value and scale_factor/add_offset decoded. Every failure is a
// core::InputError naming the file and the variable: a missing variable, an unknown calendar, a
// period outside the file, units that are not the quantity's.
#include <string>
#include <vector>

#include "caspian/climate/delta_change.hpp"
#include "caspian/core/time.hpp"
#include "caspian/core/units.hpp"

namespace caspian::io {

// The means per calendar month of a variable's time steps that fall in first..last (inclusive
// months), in model units (degC for temperature; mm/day for a water flux).
struct GcmMonthlyMeans {
  climate::RectilinearGrid grid;  // ascending latitude and longitude
  climate::MonthlyCells mean;     // per calendar month, cells row-major on grid, NaN missing
  core::Calendar calendar = core::Calendar::proleptic_gregorian;
  std::string calendar_text;         // as in the file
  std::string units;                 // as in the file
  std::size_t steps_used = 0;        // time steps averaged
  core::Date file_first, file_last;  // the file's first and last time stamps
};

// Steps are assigned to the calendar month of their time stamp (CMIP's mid-month stamps). The
// period must lie within the file: first's month no earlier than the month of the first stamp
// and last's no later than that of the last stamp; every calendar month must occur in it.
GcmMonthlyMeans read_gcm_monthly_means(const std::string& path, const std::string& variable,
                                       core::Quantity quantity, core::YearMonth first,
                                       core::YearMonth last);

}  // namespace caspian::io
