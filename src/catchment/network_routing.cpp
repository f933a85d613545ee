#include "caspian/catchment/network_routing.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace caspian::catchment {

NetworkRouting::NetworkRouting(const DrainageNetwork& network, std::span<const std::uint8_t> routed,
                               double velocity_m_per_s, std::size_t min_parallel_wave_cells)
    : network_(&network),
      routed_(routed.begin(), routed.end()),
      min_parallel_wave_cells_(min_parallel_wave_cells) {
  const std::size_t n = network.grid.size();
  if (routed.size() != n) throw std::invalid_argument("NetworkRouting: routed mask size");
  if (!(velocity_m_per_s > 0.0))
    throw std::invalid_argument("NetworkRouting: velocity must be > 0");
  time_constant_s_.assign(n, 0.0);
  reach_length_m_.assign(n, 0.0);
  loss_m3_per_s_.assign(n, 0.0);
  storage_m3_.assign(n, 0.0);
  outflow_m3_per_s_.assign(n, 0.0);
  std::vector<std::size_t> counts(n + 1, 0);
  for (std::size_t c = 0; c < n; ++c) {
    const std::size_t d = network.downstream[c];
    if (!routed_[c] || d == no_cell) continue;
    reach_length_m_[c] = centre_distance_m(network.grid, c, d);
    time_constant_s_[c] = reach_length_m_[c] / velocity_m_per_s;
    ++counts[d + 1];
  }
  upstream_offsets_.assign(n + 1, 0);
  for (std::size_t c = 0; c < n; ++c)
    upstream_offsets_[c + 1] = upstream_offsets_[c] + counts[c + 1];
  upstream_cells_.assign(upstream_offsets_[n], 0);
  std::vector<std::size_t> fill(upstream_offsets_.begin(), upstream_offsets_.end() - 1);
  for (std::size_t c = 0; c < n; ++c) {
    const std::size_t d = network.downstream[c];
    if (!routed_[c] || d == no_cell) continue;
    upstream_cells_[fill[d]++] = c;
  }
}

void NetworkRouting::step(std::span<const double> local_inflow_m3_per_s, double dt_s,
                          std::span<double> outlet_inflow_m3_per_s) {
  const auto& net = *network_;
  const std::size_t n = net.grid.size();
  if (local_inflow_m3_per_s.size() != n || outlet_inflow_m3_per_s.size() != n) {
    throw std::invalid_argument("NetworkRouting::step: array sizes do not match the grid");
  }
  for (std::size_t k = 0; k < net.wave_count(); ++k) {
    const auto begin = static_cast<std::ptrdiff_t>(net.wave_offsets[k]);
    const auto end = static_cast<std::ptrdiff_t>(net.wave_offsets[k + 1]);
    const bool parallel = std::size_t(end - begin) >= min_parallel_wave_cells_;
#pragma omp parallel for schedule(static) if (parallel)
    for (std::ptrdiff_t w = begin; w < end; ++w) {
      const std::size_t c = net.order[std::size_t(w)];
      double inflow = 0.0;
      for (std::size_t u = upstream_offsets_[c]; u < upstream_offsets_[c + 1]; ++u) {
        inflow += outflow_m3_per_s_[upstream_cells_[u]];
      }
      if (net.downstream[c] == no_cell) {
        // An outlet: it receives, it does not store.
        outlet_inflow_m3_per_s[c] = inflow + (routed_[c] ? local_inflow_m3_per_s[c] : 0.0);
        outflow_m3_per_s_[c] = 0.0;
        continue;
      }
      outlet_inflow_m3_per_s[c] = 0.0;
      if (!routed_[c]) {
        outflow_m3_per_s_[c] = 0.0;
        continue;
      }
      inflow += local_inflow_m3_per_s[c];
      if (!loss_factor_.empty()) {
        const double loss = catchment::transmission_loss_m3_per_s(loss_parameters_, loss_factor_[c],
                                                                  reach_length_m_[c], inflow);
        loss_m3_per_s_[c] = loss;
        inflow -= loss;
      }
      // Exact linear-reservoir solution for a constant inflow over the step.
      const double tau_s = time_constant_s_[c];
      const double decay = std::exp(-dt_s / tau_s);
      const double s_old = storage_m3_[c];
      const double s_new = s_old * decay + inflow * tau_s * (1.0 - decay);
      storage_m3_[c] = s_new;
      outflow_m3_per_s_[c] = inflow - (s_new - s_old) / dt_s;
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
