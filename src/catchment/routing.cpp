#include "caspian/catchment/routing.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace caspian::catchment {

namespace {
// Area under the isosceles triangle of base b and unit total area, from 0 to t.
double triangle_cumulative(double t, double b) {
  if (t <= 0.0) return 0.0;
  if (t >= b) return 1.0;
  const double half = 0.5 * b;
  if (t <= half) return 2.0 * t * t / (b * b);
  const double u = b - t;
  return 1.0 - 2.0 * u * u / (b * b);
}
}  // namespace

std::array<double, max_routing_days> triangular_weights(double maxbas_days, std::size_t& n_days) {
  if (!(maxbas_days >= 1.0 && maxbas_days <= double(max_routing_days))) {
    throw std::invalid_argument("triangular_weights: MAXBAS " + std::to_string(maxbas_days) +
                                " days outside [1, " + std::to_string(max_routing_days) + "]");
  }
  std::array<double, max_routing_days> w{};
  n_days = static_cast<std::size_t>(std::ceil(maxbas_days));
  double sum = 0.0;
  for (std::size_t i = 0; i < n_days; ++i) {
    w[i] = triangle_cumulative(double(i + 1), maxbas_days) -
           triangle_cumulative(double(i), maxbas_days);
    sum += w[i];
  }
  for (std::size_t i = 0; i < n_days; ++i) w[i] /= sum;  // exact unit sum against round-off
  return w;
}

TriangularRouting::TriangularRouting(double maxbas_days) {
  weights_ = triangular_weights(maxbas_days, n_days_);
}

double TriangularRouting::storage_mm() const {
  double s = 0.0;
  for (std::size_t k = 0; k < n_days_; ++k) s += pending_[k];
  return s;
}

}  // namespace caspian::catchment
