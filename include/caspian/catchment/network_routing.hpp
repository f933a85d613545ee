#pragma once
// Routing of runoff along the drainage network to the sea: every land cell is a linear reservoir
// (a channel store) whose outflow goes to its downstream cell; its time constant is the flow
// distance to the downstream cell over a channel flow velocity. Each cell sums its upstream
// inflows in a fixed order, so a cell's result depends only on its upstream cells' results, never
// on the order cells are processed in or on the thread count. The network is cut into chunks of
// whole subtrees (each at most chunk_cells cells, upstream first inside), which are independent of
// one another and run in parallel, and the trunk: the cells below the chunks (main stems near the
// mouths), routed after them, upstream first. Mass is conserved to round-off: storage change =
// inflow - outflow - transmission loss.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "caspian/catchment/drainage.hpp"
#include "caspian/catchment/transmission_loss.hpp"

namespace caspian::catchment {

class NetworkRouting {
 public:
  // routed: 1 for cells whose water is routed (e.g. land draining to the Caspian); other cells
  // are ignored. velocity_m_per_s > 0. chunk_cells >= 1: the largest subtree a chunk holds (small
  // chunks balance threads better, large ones leave less trunk; results are the same for any).
  NetworkRouting(const DrainageNetwork& network, std::span<const std::uint8_t> routed,
                 double velocity_m_per_s, std::size_t chunk_cells = 512);

  // One step of dt_s seconds. local_inflow_m3_per_s: mean runoff entering each cell's channel
  // during the step (per cell, all grid cells; ignored where not routed). outlet_inflow_m3_per_s
  // receives, for every outlet cell (sea, external or internal), the mean flow into it during the
  // step (other cells get 0). The chunks run in parallel (an OpenMP loop; inside a parallel region
  // it runs on one thread).
  void step(std::span<const double> local_inflow_m3_per_s, double dt_s,
            std::span<double> outlet_inflow_m3_per_s);

  // Steps in parts, for a driver that fuses the routing with the making of the local inflow
  // inside its own parallel region, for a batch of up to max_batch_steps steps (a month of days):
  // begin_step once per batch (one thread; outlet_inflow: any step's span, for its size), then
  // route_chunk for every chunk and step (any chunks at once on any threads, each chunk's steps
  // in order; a chunk needs the local inflow of its own cells only), then, after every chunk,
  // route_trunk for each step in order (one thread). batch_step: the step's index in the batch;
  // local and outlet spans are that step's, as for step(). A cell's transmission loss
  // (transmission_loss_m3_per_s) is its last routed step's.
  static constexpr std::size_t max_batch_steps = 31;
  void begin_step(double dt_s, std::span<double> outlet_inflow_m3_per_s);
  std::size_t chunk_count() const { return chunk_offsets_.size() - 1; }
  // The grid cells of chunk k, ascending. The trunk's cells are spread over chunks of their own
  // (trunk_chunk(k)), which route nothing: they share the driver's per-cell work out; route_trunk
  // routes them.
  std::span<const std::size_t> chunk_cells(std::size_t k) const {
    return chunk_cells_range(k, k + 1);
  }
  bool trunk_chunk(std::size_t k) const { return k >= first_trunk_chunk_; }
  void route_chunk(std::size_t k, std::size_t batch_step,
                   std::span<const double> local_inflow_m3_per_s,
                   std::span<double> outlet_inflow_m3_per_s);
  void route_trunk(std::size_t batch_step, std::span<const double> local_inflow_m3_per_s,
                   std::span<double> outlet_inflow_m3_per_s);
  std::span<const std::size_t> trunk_cells() const {
    return chunk_cells_range(first_trunk_chunk_, chunk_count());
  }

  // Channel transmission losses from the next step on: each routed cell that is not an outlet
  // loses transmission_loss_m3_per_s(p, loss_factor[c], reach length, flow) of the flow it
  // carries in a step (its upstream and local inflow), before storing and passing on the rest;
  // the reach length is the distance to the downstream cell. loss_factor: per cell, 0..1 (all 0:
  // no losses, the default).
  void set_transmission_loss(const TransmissionLossParameters& p,
                             std::span<const double> loss_factor);
  // Mean transmission loss of each cell during the last step, m3/s.
  const std::vector<double>& transmission_loss_m3_per_s() const { return loss_m3_per_s_; }

  // Water in the channel stores, m3.
  double storage_m3() const;
  // Per-cell channel storage (m3), for saving and restoring state.
  const std::vector<double>& storage_per_cell_m3() const { return storage_m3_; }
  void set_storage_per_cell_m3(std::span<const double> storage_m3);

 private:
  // A cell that gets or routes water in a step: a routed channel (a routed cell with a
  // downstream cell) or an outlet that is routed or has routed cells upstream.
  struct PlannedCell {
    std::size_t cell = 0;
    std::size_t upstream_begin = 0;  // its upstream cells: plan_upstream_[begin, end)
    std::size_t upstream_end = 0;
    bool outlet = false;
    bool routed = false;
    double time_constant_s = 0.0;  // channels only
    double reach_length_m = 0.0;   // channels only
    double decay = 0.0;            // exp(-decay_dt_s_ / time_constant_s), channels only
  };

  void build_chunks(std::size_t max_cells);
  void route(std::size_t w, double* outflow_m3_per_s, std::span<const double> local_inflow_m3_per_s,
             std::span<double> outlet_inflow_m3_per_s);
  std::span<const std::size_t> chunk_cells_range(std::size_t k0, std::size_t k1) const {
    return {chunk_cell_.data() + chunk_offsets_[k0], chunk_offsets_[k1] - chunk_offsets_[k0]};
  }

  TransmissionLossParameters loss_parameters_;
  std::vector<double> loss_factor_;  // empty: no losses
  std::vector<double> loss_m3_per_s_;
  std::vector<double> storage_m3_;
  // The planned cells, in chunk order (see chunk_offsets_).
  std::vector<PlannedCell> plan_;
  // Upstream cells of the planned cells as plan positions, each cell's in ascending cell order
  // (the order its inflows are summed in).
  std::vector<std::size_t> plan_upstream_;
  // Per batch step and plan position ([step * plan size + position]): mean outflow of the step.
  std::vector<double> outflow_m3_per_s_;
  std::vector<std::size_t> idle_cells_;  // the cells not planned: their outlet inflow is 0
  double decay_dt_s_ = std::numeric_limits<double>::quiet_NaN();  // step of the decays in plan_
  double dt_s_ = 0.0;                                             // of the step under way
  bool losses_ = false;
  // Chunk k: plan positions [chunk_offsets_[k], chunk_offsets_[k + 1]) (the plan is in chunk
  // order) and the same range of chunk_cell_ holds their cells, ascending; subtree chunks
  // (largest first) then the trunk's, whose positions in order are the whole trunk, upstream
  // first. chunk_position_: scratch of build_chunks.
  std::vector<std::size_t> chunk_position_, chunk_cell_, chunk_offsets_;
  std::size_t first_trunk_chunk_ = 0;
};

}  // namespace caspian::catchment
