#pragma once
// Daily gauge tables: observed discharge with basin temperature and precipitation, one row per
// day (the Protva CSV layout: date,discharge_m3_per_s,air_temperature_degC,precipitation_mm).
// The reader checks every row and flags, rather than silently uses, data that look wrong:
// discharge spans that repeat an earlier span of the record value for value, and years whose
// precipitation total is out of line with the rest of the record.
#include <filesystem>
#include <string>
#include <vector>

#include "caspian/core/time.hpp"

namespace caspian::io {

struct DailyGaugeTable {
  std::filesystem::path file;
  std::vector<core::Date> dates;  // consecutive days, proleptic Gregorian
  std::vector<double> discharge_m3_per_s;
  std::vector<double> temperature_degC;
  std::vector<double> precipitation_mm;
  std::size_t size() const { return dates.size(); }
  // Row index of a date; throws core::InputError naming the file if the date is not covered.
  std::size_t index_of(const core::Date& date) const;
};

// Throws core::InputError(file, "line N, column C" or "header", reason) for a missing or
// different header, a malformed date or number, a gap or repeated date, negative discharge or
// precipitation. "-0" reads as 0 (rounded tiny negative reanalysis values).
DailyGaugeTable read_daily_gauge_csv(const std::filesystem::path& file);

// A span of days whose data should not be used as they are.
struct DataFlag {
  core::Date first;
  core::Date last;
  std::string column;  // discharge_m3_per_s or precipitation_mm
  std::string reason;
};

// Discharge spans of at least min_days that repeat an earlier span exactly (value for value),
// ignoring near-constant stretches (fewer than min_distinct different values in a window of
// min_days, e.g. winter low flow). Both the copy and the span it copies are flagged: which one is
// the real record cannot be told from the data.
std::vector<DataFlag> find_repeated_discharge(const DailyGaugeTable& table, int min_days,
                                              int min_distinct);

// Whole calendar years whose precipitation total is below min_ratio (or above max_ratio) times
// the median annual total of the record's complete years. The median is robust to a minority of
// bad years; the record's own distribution, not a fixed period, sets the reference.
std::vector<DataFlag> find_precipitation_outlier_years(const DailyGaugeTable& table,
                                                       double min_ratio, double max_ratio);

}  // namespace caspian::io
