#include "caspian/climate/weather_bootstrap.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "caspian/core/random.hpp"

namespace caspian::climate {

std::map<int, int> bootstrap_years(int first_year, int last_year, const std::set<int>& allowed,
                                   int block_years, std::uint64_t seed) {
  if (block_years < 1) throw std::invalid_argument("bootstrap_years: block_years must be >= 1");
  if (last_year < first_year) throw std::invalid_argument("bootstrap_years: last before first");
  std::vector<int> starts;
  for (int y : allowed) {
    bool whole = true;
    for (int k = 1; k < block_years && whole; ++k) whole = allowed.count(y + k) > 0;
    if (whole) starts.push_back(y);
  }
  if (starts.empty())
    throw std::invalid_argument("bootstrap_years: no block of " + std::to_string(block_years) +
                                " consecutive allowed years");
  core::SplitMix64 generator(seed);
  std::map<int, int> out;
  for (int year = first_year; year <= last_year;) {
    const int start = starts[std::size_t(generator.below(starts.size()))];
    for (int k = 0; k < block_years && year <= last_year; ++k, ++year) out[year] = start + k;
  }
  return out;
}

DailySeries resampled_series(const DailySeries& observed, const std::map<int, int>& year_map,
                             core::Calendar calendar) {
  if (observed.dates.empty()) throw std::invalid_argument("resampled_series: empty series");
  const core::Date first = observed.dates.front();
  auto index_of = [&](const core::Date& d) {
    // The observed series is consecutive days in the proleptic Gregorian calendar.
    const double k = core::days_between(core::Calendar::proleptic_gregorian, first, d);
    if (k < 0 || k >= double(observed.dates.size()) || observed.dates[std::size_t(k)] != d)
      throw std::invalid_argument("resampled_series: the series has no " + core::format_date(d));
    return std::size_t(k);
  };
  DailySeries out;
  for (const auto& [year, drawn] : year_map) {
    for (int month = 1; month <= 12; ++month) {
      const int observed_days =
          core::days_in_month(core::Calendar::proleptic_gregorian, drawn, month);
      for (int day = 1; day <= core::days_in_month(calendar, year, month); ++day) {
        const std::size_t k = index_of({drawn, month, std::min(day, observed_days), 0.0});
        out.dates.push_back({year, month, day, 0.0});
        out.temperature_degC.push_back(observed.temperature_degC[k]);
        out.precipitation_mm_per_day.push_back(observed.precipitation_mm_per_day[k]);
      }
    }
  }
  return out;
}

}  // namespace caspian::climate
