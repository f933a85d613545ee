#include "caspian/ensemble/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace caspian::ensemble {

namespace {
std::vector<double> sorted_finite(std::span<const double> values) {
  std::vector<double> v;
  for (double x : values)
    if (std::isfinite(x)) v.push_back(x);
  std::sort(v.begin(), v.end());
  return v;
}

double type7(const std::vector<double>& sorted, double p) {
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("quantile: p must be in [0, 1]");
  if (sorted.empty()) return std::nan("");
  const double h = (double(sorted.size()) - 1.0) * p;
  const std::size_t lo = std::size_t(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - double(lo)) * (sorted[hi] - sorted[lo]);
}

template <class Event>
double share(std::span<const double> values, Event event) {
  std::size_t n = 0, hits = 0;
  for (double x : values) {
    if (!std::isfinite(x)) continue;
    ++n;
    hits += event(x);
  }
  return n == 0 ? std::nan("") : double(hits) / double(n);
}
}  // namespace

double quantile(std::span<const double> values, double p) {
  return type7(sorted_finite(values), p);
}

std::vector<double> quantiles(std::span<const double> values, std::span<const double> ps) {
  const auto sorted = sorted_finite(values);
  std::vector<double> out;
  for (double p : ps) out.push_back(type7(sorted, p));
  return out;
}

double probability_below(std::span<const double> values, double threshold) {
  return share(values, [&](double x) { return x < threshold; });
}

double probability_above(std::span<const double> values, double threshold) {
  return share(values, [&](double x) { return x > threshold; });
}

double probability_of(std::span<const std::uint8_t> flags) {
  if (flags.empty()) return std::nan("");
  std::size_t hits = 0;
  for (auto f : flags) hits += f != 0;
  return double(hits) / double(flags.size());
}

int first_year_reaching(const std::map<int, double>& probability_by_year, double level) {
  for (const auto& [year, p] : probability_by_year)
    if (p >= level) return year;
  return 0;
}

}  // namespace caspian::ensemble
