#pragma once
// Routing of a cell's runoff in time by the HBV triangular weighting function (MAXBAS, Seibert &
// Vis 2012): runoff generated today leaves over the next ceil(MAXBAS) days with weights from the
// area under an isosceles triangle of base MAXBAS days. Water in transit is kept explicitly, so
// storage change = in - out holds to round-off.
#include <array>
#include <cstddef>

namespace caspian::catchment {

inline constexpr std::size_t max_routing_days = 16;

// Weights w[0..n-1] (sum 1) of the triangle with base maxbas_days over unit days [i, i+1).
// maxbas_days in [1, max_routing_days]; 1 gives all today.
std::array<double, max_routing_days> triangular_weights(double maxbas_days, std::size_t& n_days);

class TriangularRouting {
 public:
  TriangularRouting() : TriangularRouting(1.0) {}
  explicit TriangularRouting(double maxbas_days);

  // Adds today's runoff and returns today's routed outflow (mm).
  double step(double runoff_mm) {
    // Add today's share to each day's water in transit and move the days one ahead, in one pass.
    const double out = pending_[0] + weights_[0] * runoff_mm;
    for (std::size_t k = 1; k < n_days_; ++k)
      pending_[k - 1] = pending_[k] + weights_[k] * runoff_mm;
    pending_[n_days_ - 1] = 0.0;
    return out;
  }
  // Water generated but not yet routed out (mm).
  double storage_mm() const;
  std::size_t days() const { return n_days_; }
  // Water in transit by day of leaving, for saving and restoring a run's state.
  const std::array<double, max_routing_days>& pending_mm() const { return pending_; }
  void set_pending_mm(const std::array<double, max_routing_days>& pending) { pending_ = pending; }

 private:
  std::array<double, max_routing_days> weights_{};
  std::array<double, max_routing_days> pending_{};  // pending_[k]: leaves k days from now
  std::size_t n_days_ = 1;
};

}  // namespace caspian::catchment
