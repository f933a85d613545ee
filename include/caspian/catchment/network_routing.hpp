#pragma once
// Routing of runoff along the drainage network to the sea: every land cell is a linear reservoir
// (a channel store) whose outflow goes to its downstream cell; its time constant is the flow
// distance to the downstream cell over a channel flow velocity. Cells are processed in the
// network's waves (upstream first): the cells of one wave are independent, so they run in parallel,
// and each cell sums its upstream inflows in a fixed order, so results do not depend on the thread
// count. Mass is conserved to round-off: storage change = inflow - outflow - transmission loss.
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
  // are ignored. velocity_m_per_s > 0. Waves smaller than min_parallel_wave_cells run on one
  // thread (forking threads for a few cells costs more than it saves).
  NetworkRouting(const DrainageNetwork& network, std::span<const std::uint8_t> routed,
                 double velocity_m_per_s, std::size_t min_parallel_wave_cells = 1024);

  // One step of dt_s seconds. local_inflow_m3_per_s: mean runoff entering each cell's channel
  // during the step (per cell, all grid cells; ignored where not routed). outlet_inflow_m3_per_s
  // receives, for every outlet cell (sea, external or internal), the mean flow into it during the
  // step (other cells get 0).
  void step(std::span<const double> local_inflow_m3_per_s, double dt_s,
            std::span<double> outlet_inflow_m3_per_s);

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

  std::size_t min_parallel_wave_cells_;
  TransmissionLossParameters loss_parameters_;
  std::vector<double> loss_factor_;  // empty: no losses
  std::vector<double> loss_m3_per_s_;
  std::vector<double> storage_m3_;
  // The planned cells in the network's routing order, wave k being
  // plan_[plan_wave_offsets_[k], plan_wave_offsets_[k + 1]).
  std::vector<PlannedCell> plan_;
  std::vector<std::size_t> plan_wave_offsets_;
  // Upstream cells of the planned cells as plan positions, each cell's in ascending cell order
  // (the order its inflows are summed in).
  std::vector<std::size_t> plan_upstream_;
  std::vector<double> outflow_m3_per_s_;  // per plan position: mean outflow of the last step
  std::vector<std::size_t> idle_cells_;   // the cells not planned: their outlet inflow is 0
  double decay_dt_s_ = std::numeric_limits<double>::quiet_NaN();  // step of the decays in plan_
};

}  // namespace caspian::catchment
