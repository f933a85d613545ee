#include "caspian/climate/anomaly_forcing.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "caspian/core/error.hpp"

namespace caspian::climate {

SeriesClimatology series_climatology(const DailySeries& series, int first_year, int last_year,
                                     const std::string& source) {
  std::array<double, 12> t_sum{}, p_sum{};
  std::array<std::size_t, 12> count{};
  for (std::size_t d = 0; d < series.dates.size(); ++d) {
    const auto& date = series.dates[d];
    if (date.year < first_year || date.year > last_year) continue;
    const auto m = std::size_t(date.month - 1);
    t_sum[m] += series.temperature_degC[d];
    p_sum[m] += series.precipitation_mm_per_day[d];
    ++count[m];
  }
  SeriesClimatology out;
  for (std::size_t m = 0; m < 12; ++m) {
    if (count[m] == 0) {
      throw core::InputError(source, "climatology",
                             "no day of month " + std::to_string(m + 1) + " in " +
                                 std::to_string(first_year) + "-" + std::to_string(last_year));
    }
    out.temperature_degC[m] = t_sum[m] / double(count[m]);
    out.precipitation_mm_per_day[m] = p_sum[m] / double(count[m]);
    if (!(out.precipitation_mm_per_day[m] > 0.0)) {
      throw core::InputError(source, "climatology",
                             "mean precipitation of month " + std::to_string(m + 1) +
                                 " is not positive, so precipitation ratios are undefined");
    }
  }
  return out;
}

MonthBlend month_blend(core::Calendar calendar, const core::Date& day) {
  const double length = core::days_in_month(calendar, day.year, day.month);
  const double mid = 0.5 * length;         // days from the month's start to its middle
  const double t = double(day.day) - 0.5;  // the day's middle
  const auto m = std::size_t(day.month - 1);
  MonthBlend blend;
  if (t >= mid) {
    const int next_year = day.month == 12 ? day.year + 1 : day.year;
    const int next_month = day.month == 12 ? 1 : day.month + 1;
    const double span = mid + 0.5 * core::days_in_month(calendar, next_year, next_month);
    blend.month0 = m;
    blend.month1 = (m + 1) % 12;
    blend.weight0 = 1.0 - (t - mid) / span;
  } else {
    const int prev_year = day.month == 1 ? day.year - 1 : day.year;
    const int prev_month = day.month == 1 ? 12 : day.month - 1;
    const double prev_half = 0.5 * core::days_in_month(calendar, prev_year, prev_month);
    const double span = prev_half + mid;
    blend.month0 = (m + 11) % 12;
    blend.month1 = m;
    blend.weight0 = 1.0 - (t + prev_half) / span;
  }
  return blend;
}

DailyAnomaly daily_anomaly(const SeriesClimatology& series_climatology, const MonthBlend& blend,
                           double series_temperature_degC, double series_precipitation_mm_per_day) {
  const double w0 = blend.weight0, w1 = 1.0 - blend.weight0;
  return {series_temperature_degC - (w0 * series_climatology.temperature_degC[blend.month0] +
                                     w1 * series_climatology.temperature_degC[blend.month1]),
          std::max(0.0, series_precipitation_mm_per_day) /
              (w0 * series_climatology.precipitation_mm_per_day[blend.month0] +
               w1 * series_climatology.precipitation_mm_per_day[blend.month1])};
}

void daily_fields(const MonthlyClimatology& temperature_degC,
                  const MonthlyClimatology& precipitation_mm_per_day,
                  const SeriesClimatology& series_climatology, const MonthBlend& blend,
                  double series_temperature_degC, double series_precipitation_mm_per_day,
                  std::span<double> temperature_out_degC,
                  std::span<double> precipitation_out_mm_per_day) {
  const double w0 = blend.weight0, w1 = 1.0 - blend.weight0;
  const auto anomaly = daily_anomaly(series_climatology, blend, series_temperature_degC,
                                     series_precipitation_mm_per_day);
  const double t_anomaly = anomaly.temperature_K, p_ratio = anomaly.precipitation_ratio;
  const auto& t0 = temperature_degC[blend.month0];
  const auto& t1 = temperature_degC[blend.month1];
  const auto& p0 = precipitation_mm_per_day[blend.month0];
  const auto& p1 = precipitation_mm_per_day[blend.month1];
  if (temperature_out_degC.size() != t0.size() ||
      precipitation_out_mm_per_day.size() != p0.size()) {
    throw std::invalid_argument("daily_fields: output sizes do not match the climatology");
  }
  for (std::size_t c = 0; c < t0.size(); ++c) {
    temperature_out_degC[c] = w0 * t0[c] + w1 * t1[c] + t_anomaly;
    precipitation_out_mm_per_day[c] = (w0 * p0[c] + w1 * p1[c]) * p_ratio;
  }
}

std::vector<double> block_mean(const core::LatLonGrid& fine, std::span<const double> fine_values,
                               const core::LatLonGrid& coarse) {
  std::vector<double> sum(coarse.size(), 0.0), count(coarse.size(), 0.0);
  for (std::size_t i = 0; i < fine.nlat(); ++i) {
    for (std::size_t j = 0; j < fine.nlon(); ++j) {
      const double v = fine_values[fine.index(i, j)];
      if (std::isnan(v)) continue;
      const auto cell = coarse.locate(fine.lat_deg()[i], fine.lon_deg()[j]);
      if (!cell) continue;
      const std::size_t k = coarse.index(cell->first, cell->second);
      sum[k] += v;
      count[k] += 1.0;
    }
  }
  std::vector<double> out(coarse.size(), std::nan(""));
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (count[k] > 0.0) out[k] = sum[k] / count[k];
  }
  return out;
}

void apply_lapse_rate(std::span<double> temperature_degC, std::span<const double> elevation_m,
                      std::span<const double> forcing_elevation_m, double lapse_rate_K_per_m) {
  for (std::size_t c = 0; c < temperature_degC.size(); ++c) {
    temperature_degC[c] += lapse_rate_K_per_m * (forcing_elevation_m[c] - elevation_m[c]);
  }
}

}  // namespace caspian::climate
