#include "caspian/climate/scenario_patterns.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace caspian::climate {

const char* region_name(std::size_t region) { return region == 0 ? "EEU" : "WCA"; }

double PathPoints::at(double year) const {
  if (year <= points.front().first) return points.front().second;
  if (year >= points.back().first) return points.back().second;
  std::size_t k = 1;
  while (points[k].first < year) ++k;
  const double w = (year - points[k - 1].first) / (points[k].first - points[k - 1].first);
  return (1.0 - w) * points[k - 1].second + w * points[k].second;
}

PathPoints ar6_assessed_path(const std::string& ssp) {
  std::array<double, 3> k{};
  if (ssp == "ssp126")
    k = {1.5, 1.7, 1.8};
  else if (ssp == "ssp245")
    k = {1.5, 2.0, 2.7};
  else if (ssp == "ssp370")
    k = {1.5, 2.1, 3.6};
  else if (ssp == "ssp585")
    k = {1.6, 2.4, 4.4};
  else
    throw std::invalid_argument("ar6_assessed_path: unknown scenario '" + ssp + "'");
  PathPoints p;
  p.points = {{1995.5, 0.85 - 9.0 * (k[0] - 0.85) / 26.0},
              {2004.5, 0.85},
              {2030.5, k[0]},
              {2050.5, k[1]},
              {2090.5, k[2]},
              {2100.5, k[2] + 10.0 * (k[2] - k[1]) / 40.0}};
  return p;
}

WarmingPath::WarmingPath(const WarmingCrossings& crossings, const PathPoints& assessed,
                         double baseline_year, double baseline_K)
    : assessed_(assessed), baseline_K_(baseline_K), cap_K_(warming_levels_K.back() + 10.0) {
  for (std::size_t k = 0; k < warming_levels_K.size(); ++k) {
    const double year = crossings.year[k];
    if (std::isnan(year)) {
      cap_K_ = warming_levels_K[k] - 0.01;
      break;
    }
    const double excess_K = assessed_.at(year) - baseline_K_;
    if (!(year > baseline_year) || !(excess_K > 0.0) ||
        (!scale_.empty() && !(year > scale_.back().first)))
      throw std::invalid_argument("WarmingPath: crossing years must increase after the baseline");
    scale_.emplace_back(year, (warming_levels_K[k] - baseline_K_) / excess_K);
  }
  if (scale_.empty()) scale_.emplace_back(baseline_year, 1.0);
}

double WarmingPath::at(double year) const {
  double a = scale_.front().second;
  if (year >= scale_.back().first) {
    a = scale_.back().second;
  } else if (year > scale_.front().first) {
    std::size_t k = 1;
    while (scale_[k].first < year) ++k;
    const double w = (year - scale_[k - 1].first) / (scale_[k].first - scale_[k - 1].first);
    a = (1.0 - w) * scale_[k - 1].second + w * scale_[k].second;
  }
  return std::min(baseline_K_ + a * (assessed_.at(year) - baseline_K_), cap_K_);
}

RegionalMonthly monthly_means(const std::vector<core::YearMonth>& months,
                              const std::array<std::vector<double>, region_count>& values) {
  RegionalMonthly sum{};
  std::array<int, 12> count{};
  for (std::size_t k = 0; k < months.size(); ++k) {
    const std::size_t m = std::size_t(months[k].month - 1);
    ++count[m];
    for (std::size_t r = 0; r < region_count; ++r) sum[r][m] += values[r].at(k);
  }
  for (std::size_t m = 0; m < 12; ++m) {
    if (count[m] == 0)
      throw std::invalid_argument("monthly_means: calendar month " + std::to_string(m + 1) +
                                  " has no value in the window");
    for (std::size_t r = 0; r < region_count; ++r) sum[r][m] /= count[m];
  }
  return sum;
}

ScalingPattern scaling_pattern(const RegionalMonthly& tas_historical_degC,
                               const RegionalMonthly& tas_future_degC,
                               const RegionalMonthly& pr_historical_mm_per_day,
                               const RegionalMonthly& pr_future_mm_per_day,
                               double global_warming_between_windows_K) {
  if (!(global_warming_between_windows_K > 0.0))
    throw std::invalid_argument("scaling_pattern: the global warming between windows must be > 0");
  ScalingPattern p;
  p.global_warming_K = global_warming_between_windows_K;
  for (std::size_t r = 0; r < region_count; ++r) {
    for (std::size_t m = 0; m < 12; ++m) {
      p.temperature_K_per_K[r][m] =
          (tas_future_degC[r][m] - tas_historical_degC[r][m]) / global_warming_between_windows_K;
      const double h = pr_historical_mm_per_day[r][m], f = pr_future_mm_per_day[r][m];
      if (!(h > 0.0) || !(f > 0.0))
        throw std::invalid_argument("scaling_pattern: precipitation means must be positive");
      p.log_precipitation_ratio_per_K[r][m] = std::log(f / h) / global_warming_between_windows_K;
    }
  }
  return p;
}

MonthlyChange scaled_change(const ScalingPattern& pattern, std::size_t region, std::size_t month,
                            double global_warming_change_K) {
  return {pattern.temperature_K_per_K.at(region).at(month) * global_warming_change_K,
          std::exp(pattern.log_precipitation_ratio_per_K.at(region).at(month) *
                   global_warming_change_K)};
}

double eeu_weight(double lat_deg) { return std::clamp((lat_deg - 43.5) / 3.0, 0.0, 1.0); }

}  // namespace caspian::climate
