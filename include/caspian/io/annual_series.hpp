#pragma once
// Annual series in CSV files laid out as the shared data are: a header row of column names, a
// units row, then one row per year with the year in the first column.
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace caspian::io {

struct AnnualSeries {
  std::string file;
  std::string column;
  std::string units;                    // as written in the units row
  std::map<int, double> value_by_year;  // consecutive years, no gaps
};

// Reads one column. units_ok decides whether the units row's entry is acceptable
// (expected_units says what is, for the error). A blank, non-numeric or non-finite value, a
// repeated or unordered year, or a gap between years is a core::InputError naming the file,
// the column and the year; so is a missing file, column or units row.
AnnualSeries read_annual_series_csv(const std::filesystem::path& file, const std::string& column,
                                    const std::function<bool(std::string_view)>& units_ok,
                                    const std::string& expected_units);

// The mean over first..last (every year must be in the series; else core::InputError naming the
// file, column and the first missing year).
double annual_series_mean(const AnnualSeries& series, int first_year, int last_year);

}  // namespace caspian::io
