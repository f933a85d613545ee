#pragma once
// Recorded river-inflow series (inflow.mode: recorded): a CSV with a header row and a units row,
// one row per year or per month, of which one named column is read, e.g.
//
//   year,total_river_inflow_km3,volga_km3         date,total_km3        year,month,total_km3
//   year,km3/yr,km3/yr                            YYYY-MM,km3/month     year,month,km3/month
//   1936,247.5,                                   1990-01,14.2          1990,1,14.2
//
// A first column `year` makes an annual series (units km3/yr: the volume of each calendar year);
// `year,month` or `date` (YYYY-MM) a monthly one (units km3/month: the volume of each month).
// Blank cells in the other columns are allowed; the chosen column must be complete.
#include <filesystem>
#include <string>
#include <vector>

#include "caspian/core/time.hpp"

namespace caspian::io {

struct InflowSeries {
  std::filesystem::path file;
  std::string column;
  std::string units;      // as written in the units row
  bool monthly = false;   // one row per month (else per year)
  core::YearMonth first;  // the first row's year (month 1 for an annual series) and month
  core::YearMonth last;   // the last row's year (month 12 for an annual series) and month
  // The recorded volume of each year (annual) or month (monthly), km3, consecutive from first.
  std::vector<double> volume_km3;
};

// How messages name a record: the year (YYYY), or the month (YYYY-MM) of a monthly series.
std::string record_label(const core::YearMonth& ym, bool monthly);

// Throws core::InputError naming the file, the column and the year (or month) with its line for:
// a missing file, a header without the column, a missing or wrong units row (km3/yr for an annual
// series, km3/month for a monthly one), a blank, non-numeric, NaN, infinite or negative value in
// the column, a year that repeats or goes back, and a gap (a year or month missing inside).
InflowSeries read_inflow_series(const std::filesystem::path& file, const std::string& column);

}  // namespace caspian::io
