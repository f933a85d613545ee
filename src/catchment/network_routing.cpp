#include "caspian/catchment/network_routing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace caspian::catchment {

NetworkRouting::NetworkRouting(const DrainageNetwork& network, std::span<const std::uint8_t> routed,
                               double velocity_m_per_s, std::size_t min_parallel_wave_cells)
    : min_parallel_wave_cells_(min_parallel_wave_cells) {
  const std::size_t n = network.grid.size();
  if (routed.size() != n) throw std::invalid_argument("NetworkRouting: routed mask size");
  if (!(velocity_m_per_s > 0.0))
    throw std::invalid_argument("NetworkRouting: velocity must be > 0");
  loss_m3_per_s_.assign(n, 0.0);
  storage_m3_.assign(n, 0.0);
  // Upstream cells of each cell (routed cells that are not outlets), in ascending cell order.
  std::vector<std::size_t> counts(n + 1, 0);
  for (std::size_t c = 0; c < n; ++c) {
    const std::size_t d = network.downstream[c];
    if (routed[c] && d != no_cell) ++counts[d + 1];
  }
  std::vector<std::size_t> upstream_offsets(n + 1, 0);
  for (std::size_t c = 0; c < n; ++c) upstream_offsets[c + 1] = upstream_offsets[c] + counts[c + 1];
  std::vector<std::size_t> upstream_cells(upstream_offsets[n], 0);
  std::vector<std::size_t> fill(upstream_offsets.begin(), upstream_offsets.end() - 1);
  for (std::size_t c = 0; c < n; ++c) {
    const std::size_t d = network.downstream[c];
    if (routed[c] && d != no_cell) upstream_cells[fill[d]++] = c;
  }

  // The plan: in routing order, every cell that gets or routes water. The others (neither routed
  // nor receiving) only ever report 0 into outlet_inflow.
  std::vector<std::size_t> position(n, no_cell);
  plan_wave_offsets_.assign(1, 0);
  for (std::size_t k = 0; k < network.wave_count(); ++k) {
    for (std::size_t w = network.wave_offsets[k]; w < network.wave_offsets[k + 1]; ++w) {
      const std::size_t c = network.order[w];
      const std::size_t d = network.downstream[c];
      const bool has_upstream = upstream_offsets[c + 1] > upstream_offsets[c];
      if (!routed[c] && !(d == no_cell && has_upstream)) {
        idle_cells_.push_back(c);
        continue;
      }
      PlannedCell p;
      p.cell = c;
      p.outlet = d == no_cell;
      p.routed = routed[c] != 0;
      if (!p.outlet) {
        p.reach_length_m = centre_distance_m(network.grid, c, d);
        p.time_constant_s = p.reach_length_m / velocity_m_per_s;
      }
      position[c] = plan_.size();
      plan_.push_back(p);
    }
    plan_wave_offsets_.push_back(plan_.size());
  }
  // Upstream cells as plan positions (all of them are routed channels, so all are planned, in
  // earlier waves), in the same ascending cell order.
  for (PlannedCell& p : plan_) {
    p.upstream_begin = plan_upstream_.size();
    for (std::size_t u = upstream_offsets[p.cell]; u < upstream_offsets[p.cell + 1]; ++u) {
      plan_upstream_.push_back(position[upstream_cells[u]]);
    }
    p.upstream_end = plan_upstream_.size();
  }
  outflow_m3_per_s_.assign(plan_.size(), 0.0);
}

void NetworkRouting::step(std::span<const double> local_inflow_m3_per_s, double dt_s,
                          std::span<double> outlet_inflow_m3_per_s) {
  const std::size_t n = storage_m3_.size();
  if (local_inflow_m3_per_s.size() != n || outlet_inflow_m3_per_s.size() != n) {
    throw std::invalid_argument("NetworkRouting::step: array sizes do not match the grid");
  }
  // The decay of a channel store over a step depends only on its time constant and the step:
  // computed once for a new step length (the same std::exp, so the same values).
  if (!(dt_s == decay_dt_s_)) {
    for (PlannedCell& p : plan_) {
      if (!p.outlet) p.decay = std::exp(-dt_s / p.time_constant_s);
    }
    decay_dt_s_ = dt_s;
  }
  for (const std::size_t c : idle_cells_) outlet_inflow_m3_per_s[c] = 0.0;
  const bool losses = !loss_factor_.empty();

  const auto route = [&](std::size_t w) {
    const PlannedCell& p = plan_[w];
    const std::size_t c = p.cell;
    double inflow = 0.0;
    for (std::size_t u = p.upstream_begin; u < p.upstream_end; ++u) {
      inflow += outflow_m3_per_s_[plan_upstream_[u]];
    }
    if (p.outlet) {
      // An outlet: it receives, it does not store.
      outlet_inflow_m3_per_s[c] = inflow + (p.routed ? local_inflow_m3_per_s[c] : 0.0);
      return;
    }
    outlet_inflow_m3_per_s[c] = 0.0;
    inflow += local_inflow_m3_per_s[c];
    if (losses) {
      const double factor = loss_factor_[c];
      // No loss at a factor of 0: inflow - 0.0 would not change the inflow either.
      const double loss = factor > 0.0 ? catchment::transmission_loss_m3_per_s(
                                             loss_parameters_, factor, p.reach_length_m, inflow)
                                       : 0.0;
      loss_m3_per_s_[c] = loss;
      if (factor > 0.0) inflow -= loss;
    }
    // Exact linear-reservoir solution for a constant inflow over the step.
    const double tau_s = p.time_constant_s;
    const double decay = p.decay;
    const double s_old = storage_m3_[c];
    const double s_new = s_old * decay + inflow * tau_s * (1.0 - decay);
    storage_m3_[c] = s_new;
    outflow_m3_per_s_[w] = inflow - (s_new - s_old) / dt_s;
  };

  for (std::size_t k = 0; k + 1 < plan_wave_offsets_.size(); ++k) {
    const std::size_t begin = plan_wave_offsets_[k];
    const std::size_t end = plan_wave_offsets_[k + 1];
    if (end - begin >= min_parallel_wave_cells_) {
      const auto b = static_cast<std::ptrdiff_t>(begin);
      const auto e = static_cast<std::ptrdiff_t>(end);
#pragma omp parallel for schedule(static)
      for (std::ptrdiff_t w = b; w < e; ++w) route(std::size_t(w));
    } else {
      // A small wave: no parallel region at all (even a one-thread region costs a call).
      for (std::size_t w = begin; w < end; ++w) route(w);
    }
  }
}

void NetworkRouting::set_transmission_loss(const TransmissionLossParameters& p,
                                           std::span<const double> loss_factor) {
  if (loss_factor.size() != storage_m3_.size()) {
    throw std::invalid_argument("NetworkRouting: loss factor size does not match the grid");
  }
  loss_parameters_ = p;
  const bool any =
      std::any_of(loss_factor.begin(), loss_factor.end(), [](double f) { return f > 0.0; });
  if (any) {
    loss_factor_.assign(loss_factor.begin(), loss_factor.end());
  } else {
    loss_factor_.clear();
  }
  std::fill(loss_m3_per_s_.begin(), loss_m3_per_s_.end(), 0.0);
}

double NetworkRouting::storage_m3() const {
  double total = 0.0;
  for (double s : storage_m3_) total += s;
  return total;
}

void NetworkRouting::set_storage_per_cell_m3(std::span<const double> storage_m3) {
  if (storage_m3.size() != storage_m3_.size()) {
    throw std::invalid_argument("NetworkRouting: storage size does not match the grid");
  }
  storage_m3_.assign(storage_m3.begin(), storage_m3.end());
}

}  // namespace caspian::catchment
