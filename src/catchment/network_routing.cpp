#include "caspian/catchment/network_routing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace caspian::catchment {

NetworkRouting::NetworkRouting(const DrainageNetwork& network, std::span<const std::uint8_t> routed,
                               double velocity_m_per_s, std::size_t chunk_cells) {
  const std::size_t n = network.grid.size();
  if (chunk_cells < 1) throw std::invalid_argument("NetworkRouting: chunk_cells must be >= 1");
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
  outflow_m3_per_s_.assign(plan_.size() * max_batch_steps, 0.0);
  build_chunks(chunk_cells);
}

void NetworkRouting::build_chunks(std::size_t max_cells) {
  const std::size_t m = plan_.size();
  std::vector<std::size_t> down(m, no_cell), size(m, 1);
  for (std::size_t w = 0; w < m; ++w) {
    for (std::size_t u = plan_[w].upstream_begin; u < plan_[w].upstream_end; ++u) {
      down[plan_upstream_[u]] = w;
      size[w] += size[plan_upstream_[u]];  // upstream positions come first
    }
  }
  // Each position of a subtree of at most max_cells belongs to the largest such subtree holding
  // it (its root); the others are the trunk. Downstream first, so a root is known before its cells.
  std::vector<std::size_t> root(m, no_cell);
  for (std::size_t w = m; w-- > 0;) {
    if (size[w] > max_cells) continue;
    const std::size_t d = down[w];
    root[w] = d == no_cell || size[d] > max_cells ? w : root[d];
  }
  // Roots packed in plan order into chunks of at most max_cells (many subtrees are tiny).
  std::vector<std::size_t> chunk_of(m, no_cell), chunk_size;
  for (std::size_t w = 0; w < m; ++w) {
    if (root[w] != w) continue;
    if (chunk_size.empty() || chunk_size.back() + size[w] > max_cells) chunk_size.push_back(0);
    chunk_of[w] = chunk_size.size() - 1;
    chunk_size.back() += size[w];
  }
  std::vector<std::vector<std::size_t>> chunks(chunk_size.size());
  std::vector<std::size_t> trunk;
  for (std::size_t w = 0; w < m; ++w) {  // plan order: upstream first inside every chunk
    if (root[w] == no_cell) {
      trunk.push_back(w);
    } else {
      chunks[chunk_of[root[w]]].push_back(w);
    }
  }
  // Largest first, so threads taking chunks as they go finish together.
  std::stable_sort(chunks.begin(), chunks.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  chunk_position_.clear();
  chunk_offsets_.assign(1, 0);
  for (const auto& chunk : chunks) {
    chunk_position_.insert(chunk_position_.end(), chunk.begin(), chunk.end());
    chunk_offsets_.push_back(chunk_position_.size());
  }
  first_trunk_chunk_ = chunks.size();
  for (std::size_t begin = 0; begin < trunk.size(); begin += max_cells) {
    const std::size_t end = std::min(trunk.size(), begin + max_cells);
    chunk_position_.insert(chunk_position_.end(), trunk.begin() + long(begin),
                           trunk.begin() + long(end));
    chunk_offsets_.push_back(chunk_position_.size());
  }
  // The plan renumbered in chunk order, so that a chunk reads its part of the plan in sequence;
  // every cell keeps its upstream cells in the same (ascending cell) order.
  std::vector<std::size_t> renumbered(m);
  for (std::size_t i = 0; i < m; ++i) renumbered[chunk_position_[i]] = i;
  std::vector<PlannedCell> plan(m);
  std::vector<std::size_t> upstream;
  upstream.reserve(plan_upstream_.size());
  for (std::size_t i = 0; i < m; ++i) {
    PlannedCell p = plan_[chunk_position_[i]];
    const std::size_t begin = upstream.size();
    for (std::size_t u = p.upstream_begin; u < p.upstream_end; ++u)
      upstream.push_back(renumbered[plan_upstream_[u]]);
    p.upstream_begin = begin;
    p.upstream_end = upstream.size();
    plan[i] = p;
    chunk_position_[i] = i;
  }
  plan_ = std::move(plan);
  plan_upstream_ = std::move(upstream);
  // A chunk's cells in ascending order, for the driver's per-cell work (memory in sequence).
  chunk_cell_.resize(m);
  for (std::size_t k = 0; k + 1 < chunk_offsets_.size(); ++k) {
    for (std::size_t i = chunk_offsets_[k]; i < chunk_offsets_[k + 1]; ++i)
      chunk_cell_[i] = plan_[i].cell;
    std::sort(chunk_cell_.begin() + long(chunk_offsets_[k]),
              chunk_cell_.begin() + long(chunk_offsets_[k + 1]));
  }
}

void NetworkRouting::begin_step(double dt_s, std::span<double> outlet_inflow_m3_per_s) {
  if (outlet_inflow_m3_per_s.size() != storage_m3_.size()) {
    throw std::invalid_argument("NetworkRouting: array sizes do not match the grid");
  }
  // The decay of a channel store over a step depends only on its time constant and the step:
  // computed once for a new step length (the same std::exp, so the same values).
  if (!(dt_s == decay_dt_s_)) {
    for (PlannedCell& p : plan_) {
      if (!p.outlet) p.decay = std::exp(-dt_s / p.time_constant_s);
    }
    decay_dt_s_ = dt_s;
  }
  dt_s_ = dt_s;
  for (const std::size_t c : idle_cells_) outlet_inflow_m3_per_s[c] = 0.0;
  losses_ = !loss_factor_.empty();
}

inline void NetworkRouting::route(std::size_t w, double* outflow_m3_per_s,
                                  std::span<const double> local_inflow_m3_per_s,
                                  std::span<double> outlet_inflow_m3_per_s) {
  const PlannedCell& p = plan_[w];
  const std::size_t c = p.cell;
  double inflow = 0.0;
  for (std::size_t u = p.upstream_begin; u < p.upstream_end; ++u) {
    inflow += outflow_m3_per_s[plan_upstream_[u]];
  }
  if (p.outlet) {
    // An outlet: it receives, it does not store.
    outlet_inflow_m3_per_s[c] = inflow + (p.routed ? local_inflow_m3_per_s[c] : 0.0);
    return;
  }
  outlet_inflow_m3_per_s[c] = 0.0;
  inflow += local_inflow_m3_per_s[c];
  if (losses_) {
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
  outflow_m3_per_s[w] = inflow - (s_new - s_old) / dt_s_;
}

void NetworkRouting::route_chunk(std::size_t k, std::size_t batch_step,
                                 std::span<const double> local_inflow_m3_per_s,
                                 std::span<double> outlet_inflow_m3_per_s) {
  if (trunk_chunk(k)) return;
  double* outflow = outflow_m3_per_s_.data() + batch_step * plan_.size();
  for (std::size_t w = chunk_offsets_[k]; w < chunk_offsets_[k + 1]; ++w)
    route(w, outflow, local_inflow_m3_per_s, outlet_inflow_m3_per_s);
}

void NetworkRouting::route_trunk(std::size_t batch_step,
                                 std::span<const double> local_inflow_m3_per_s,
                                 std::span<double> outlet_inflow_m3_per_s) {
  double* outflow = outflow_m3_per_s_.data() + batch_step * plan_.size();
  for (std::size_t w = chunk_offsets_[first_trunk_chunk_]; w < plan_.size(); ++w)
    route(w, outflow, local_inflow_m3_per_s, outlet_inflow_m3_per_s);
}

void NetworkRouting::step(std::span<const double> local_inflow_m3_per_s, double dt_s,
                          std::span<double> outlet_inflow_m3_per_s) {
  if (local_inflow_m3_per_s.size() != storage_m3_.size()) {
    throw std::invalid_argument("NetworkRouting::step: array sizes do not match the grid");
  }
  begin_step(dt_s, outlet_inflow_m3_per_s);
  const auto chunks = static_cast<std::ptrdiff_t>(first_trunk_chunk_);
#pragma omp parallel for schedule(dynamic, 1)
  for (std::ptrdiff_t k = 0; k < chunks; ++k)
    route_chunk(std::size_t(k), 0, local_inflow_m3_per_s, outlet_inflow_m3_per_s);
  route_trunk(0, local_inflow_m3_per_s, outlet_inflow_m3_per_s);
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
