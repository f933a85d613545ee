#pragma once
// Daily forcing built from monthly climatologies on the model grid plus a daily anomaly series
// from one place (a station or a basin mean): the climatology gives the spatial pattern and the
// seasonal cycle, the series gives the day-to-day and year-to-year weather. Temperature anomalies
// are added; precipitation anomalies are ratios to the series' own climatology. This is a proxy:
// it assumes the whole grid shares the weather of the place the series comes from
// (docs/forcing.md).
#include <array>
#include <span>
#include <vector>

#include "caspian/core/grid.hpp"
#include "caspian/core/time.hpp"

namespace caspian::climate {

using MonthlyClimatology = std::array<std::vector<double>, 12>;  // [month][cell], January first

struct DailySeries {
  std::vector<core::Date> dates;  // consecutive days
  std::vector<double> temperature_degC;
  std::vector<double> precipitation_mm_per_day;
};

struct SeriesClimatology {
  std::array<double, 12> temperature_degC{};
  std::array<double, 12> precipitation_mm_per_day{};
};

// Monthly means of the series over [first_year, last_year] (inclusive). Throws core::InputError
// (source, "climatology", ...) if a calendar month has no day in the period or a zero mean
// precipitation (a ratio would be undefined).
SeriesClimatology series_climatology(const DailySeries& series, int first_year, int last_year,
                                     const std::string& source);

// Weights of the two calendar months whose mid-points bracket a day (linear in time between
// mid-months), so that daily fields have no steps at month boundaries: value = w0 x month0 +
// (1 - w0) x month1.
struct MonthBlend {
  std::size_t month0 = 0;
  std::size_t month1 = 0;
  double weight0 = 1.0;
};
MonthBlend month_blend(core::Calendar calendar, const core::Date& day);

// The series' anomaly on a day: its temperature minus its climatology (K) and its precipitation
// over its climatology (>= 0), both blended between the bracketing months.
struct DailyAnomaly {
  double temperature_K = 0.0;
  double precipitation_ratio = 1.0;
};
DailyAnomaly daily_anomaly(const SeriesClimatology& series_climatology, const MonthBlend& blend,
                           double series_temperature_degC, double series_precipitation_mm_per_day);

// One day's temperature (degC) and precipitation (mm/day) per cell from the climatologies and the
// series' value that day. Precipitation: climatology x (series / series climatology), so a dry day
// in the series is dry everywhere.
void daily_fields(const MonthlyClimatology& temperature_degC,
                  const MonthlyClimatology& precipitation_mm_per_day,
                  const SeriesClimatology& series_climatology, const MonthBlend& blend,
                  double series_temperature_degC, double series_precipitation_mm_per_day,
                  std::span<double> temperature_out_degC,
                  std::span<double> precipitation_out_mm_per_day);

// Mean of fine-grid values within each coarse cell (cell centres inside its bounds; NaN ignored);
// NaN where a coarse cell holds no fine value.
std::vector<double> block_mean(const core::LatLonGrid& fine, std::span<const double> fine_values,
                               const core::LatLonGrid& coarse);

// Temperature at each cell's own elevation: T += lapse_rate x (forcing_elevation - elevation).
void apply_lapse_rate(std::span<double> temperature_degC, std::span<const double> elevation_m,
                      std::span<const double> forcing_elevation_m, double lapse_rate_K_per_m);

}  // namespace caspian::climate
