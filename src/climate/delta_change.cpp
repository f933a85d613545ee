#include "caspian/climate/delta_change.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace caspian::climate {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void check_axis(const std::vector<double>& axis, const char* name) {
  if (axis.empty()) throw std::invalid_argument(std::string(name) + " axis is empty");
  for (std::size_t k = 0; k < axis.size(); ++k) {
    if (!std::isfinite(axis[k]))
      throw std::invalid_argument(std::string(name) + " axis holds a non-finite value");
    if (k > 0 && !(axis[k] > axis[k - 1]))
      throw std::invalid_argument(std::string(name) + " axis is not strictly ascending");
  }
}

// Lower bracket index and weight of the upper one on an ascending axis, clamped at the ends.
std::pair<std::size_t, double> bracket(const std::vector<double>& axis, double x) {
  if (axis.size() == 1 || x <= axis.front()) return {0, 0.0};
  if (x >= axis.back()) return {axis.size() - 2, 1.0};
  const auto upper = std::upper_bound(axis.begin(), axis.end(), x);
  const std::size_t k = std::size_t(upper - axis.begin()) - 1;
  return {k, (x - axis[k]) / (axis[k + 1] - axis[k])};
}
}  // namespace

void check_rectilinear(const RectilinearGrid& grid) {
  check_axis(grid.lat_deg, "latitude");
  check_axis(grid.lon_deg, "longitude");
  if (grid.lat_deg.front() < -90.0 || grid.lat_deg.back() > 90.0)
    throw std::invalid_argument("latitudes outside -90..90");
  if (grid.lon_deg.back() - grid.lon_deg.front() >= 360.0)
    throw std::invalid_argument("longitudes span 360 degrees or more");
}

std::vector<double> regrid_rectilinear(const RectilinearGrid& source,
                                       std::span<const double> values,
                                       const core::LatLonGrid& target) {
  check_rectilinear(source);
  if (values.size() != source.size())
    throw std::invalid_argument("regrid_rectilinear: values do not match the source grid");
  const auto& lon = source.lon_deg;
  const std::size_t nlon = lon.size();
  const double first = lon.front();
  const double step = nlon > 1 ? (lon.back() - first) / double(nlon - 1) : 360.0;
  const bool global = lon.back() - first + step >= 360.0 - 1e-6;
  const double centre = 0.5 * (first + lon.back());
  std::vector<double> out(target.size(), nan);
  for (std::size_t i = 0; i < target.nlat(); ++i) {
    const auto [li, wy] = bracket(source.lat_deg, target.lat_deg()[i]);
    const std::size_t li1 = std::min(li + 1, source.lat_deg.size() - 1);
    for (std::size_t j = 0; j < target.nlon(); ++j) {
      const double x = target.lon_deg()[j];
      std::size_t lj = 0, lj1 = 0;
      double wx = 0.0;
      if (global) {
        // Into [first, first + 360): past the last column the cell wraps to the first.
        const double xr = first + std::fmod(std::fmod(x - first, 360.0) + 360.0, 360.0);
        if (xr >= lon.back()) {
          lj = nlon - 1;
          lj1 = 0;
          wx = (xr - lon.back()) / (first + 360.0 - lon.back());
        } else {
          const auto [k, w] = bracket(lon, xr);
          lj = k;
          lj1 = std::min(k + 1, nlon - 1);
          wx = w;
        }
      } else {
        // The copy of x (modulo 360) nearest the source's centre, clamped at its edges.
        const double xr = x - 360.0 * std::round((x - centre) / 360.0);
        const auto [k, w] = bracket(lon, xr);
        lj = k;
        lj1 = std::min(k + 1, nlon - 1);
        wx = w;
      }
      const std::size_t idx[4] = {li * nlon + lj, li * nlon + lj1, li1 * nlon + lj,
                                  li1 * nlon + lj1};
      const double w[4] = {(1 - wy) * (1 - wx), (1 - wy) * wx, wy * (1 - wx), wy * wx};
      double sum = 0.0, weight = 0.0;
      for (int k = 0; k < 4; ++k) {
        if (w[k] <= 0.0 || std::isnan(values[idx[k]])) continue;
        sum += w[k] * values[idx[k]];
        weight += w[k];
      }
      if (weight > 0.0) {
        out[target.index(i, j)] = sum / weight;
      } else {
        // All weight on missing points (or on one exact point that is missing): NaN.
        out[target.index(i, j)] = nan;
      }
    }
  }
  return out;
}

MonthlyCells calendar_month_means(std::span<const int> months,
                                  const std::vector<std::vector<double>>& values,
                                  std::size_t cells) {
  if (months.size() != values.size())
    throw std::invalid_argument("calendar_month_means: one month per step expected");
  MonthlyCells sum;
  std::array<int, 12> count{};
  for (auto& s : sum) s.assign(cells, 0.0);
  for (std::size_t k = 0; k < months.size(); ++k) {
    const int m = months[k];
    if (m < 1 || m > 12) throw std::invalid_argument("calendar_month_means: month outside 1..12");
    if (values[k].size() != cells)
      throw std::invalid_argument("calendar_month_means: a step has the wrong number of cells");
    for (std::size_t c = 0; c < cells; ++c) sum[std::size_t(m - 1)][c] += values[k][c];
    ++count[std::size_t(m - 1)];
  }
  for (std::size_t m = 0; m < 12; ++m) {
    if (count[m] == 0) {
      throw std::invalid_argument("calendar month " + std::to_string(m + 1) +
                                  " does not occur in the period");
    }
    for (double& v : sum[m]) v /= double(count[m]);
  }
  return sum;
}

MonthlyCells temperature_change_K(const MonthlyCells& reference, const MonthlyCells& future) {
  MonthlyCells out;
  for (std::size_t m = 0; m < 12; ++m) {
    if (reference[m].size() != future[m].size())
      throw std::invalid_argument("temperature_change_K: fields of different sizes");
    out[m].resize(reference[m].size());
    for (std::size_t c = 0; c < out[m].size(); ++c) out[m][c] = future[m][c] - reference[m][c];
  }
  return out;
}

MonthlyCells precipitation_ratio(const MonthlyCells& reference_mm_per_day,
                                 const MonthlyCells& future_mm_per_day, double floor_mm_per_day) {
  if (!(floor_mm_per_day > 0.0))
    throw std::invalid_argument("precipitation_ratio: the floor must be > 0 mm/day");
  MonthlyCells out;
  for (std::size_t m = 0; m < 12; ++m) {
    if (reference_mm_per_day[m].size() != future_mm_per_day[m].size())
      throw std::invalid_argument("precipitation_ratio: fields of different sizes");
    out[m].resize(reference_mm_per_day[m].size());
    for (std::size_t c = 0; c < out[m].size(); ++c) {
      out[m][c] = std::max(future_mm_per_day[m][c], floor_mm_per_day) /
                  std::max(reference_mm_per_day[m][c], floor_mm_per_day);
      if (std::isnan(future_mm_per_day[m][c]) || std::isnan(reference_mm_per_day[m][c]))
        out[m][c] = nan;
    }
  }
  return out;
}

double ramp_weight(double year, double start_year, double ramp_years) {
  if (!(ramp_years >= 0.0)) throw std::invalid_argument("ramp_weight: ramp_years must be >= 0");
  if (ramp_years == 0.0) return 1.0;
  return std::clamp((year - start_year) / ramp_years, 0.0, 1.0);
}

RampedChange ramped(double temperature_K, double precipitation_ratio, double weight) {
  return {weight * temperature_K, 1.0 + weight * (precipitation_ratio - 1.0)};
}

std::array<double, 12> weighted_monthly_mean(const MonthlyCells& fields,
                                             std::span<const double> weights) {
  std::array<double, 12> out{};
  for (std::size_t m = 0; m < 12; ++m) {
    if (fields[m].size() != weights.size())
      throw std::invalid_argument("weighted_monthly_mean: one weight per cell expected");
    double sum = 0.0, total = 0.0;
    for (std::size_t c = 0; c < weights.size(); ++c) {
      if (!(weights[c] > 0.0) || std::isnan(fields[m][c])) continue;
      sum += weights[c] * fields[m][c];
      total += weights[c];
    }
    if (total == 0.0)
      throw std::invalid_argument("weighted_monthly_mean: no weighted cell has a value");
    out[m] = sum / total;
  }
  return out;
}

}  // namespace caspian::climate
