#pragma once
// One time step of the sea's water balance: dV = (Q_rivers + Q_groundwater + sum over wet cells
// of (P - E) * wet area - Q_KBG - withdrawals) * dt, and the new level from the hypsometry.
#include <span>

#include "caspian/sea/hypsometry.hpp"
#include "caspian/sea/kara_bogaz_gol.hpp"

namespace caspian::sea {

struct SeaState {
  double level_m_bs;
  double volume_m3;  // kept consistent with level_m_bs through the hypsometry
};

// Per-cell fields (row-major on the hypsometry grid) in m/s of water depth: precipitation into
// the sea, evaporation out of it (both >= 0 normally; NaN allowed only where the cell is dry).
struct SeaFluxes {
  std::span<const double> precipitation_m_per_s;
  std::span<const double> evaporation_m_per_s;
  double river_inflow_m3_per_s;
  double withdrawal_m3_per_s;
  double groundwater_inflow_m3_per_s;
};

// The terms of one step, all as mean rates over the step (positive numbers; net = in - out).
struct BalanceTerms {
  double area_m2;  // wet area the per-cell fluxes were applied over
  double river_inflow_m3_per_s;
  double groundwater_inflow_m3_per_s;
  double precipitation_m3_per_s;
  double evaporation_m3_per_s;
  double kbg_outflow_m3_per_s;
  double withdrawal_m3_per_s;
  double net_m3_per_s;
};

// Advances state by dt_s (explicit in the area: fluxes over the wet area at the level at the
// start of the step, wet fraction x cell area per cell, so only wet cells rain and evaporate).
// The new volume is exactly state.volume_m3 + net * dt_s; the new level is its inverse. The
// per-cell sums run serially in a fixed order, so results do not depend on the thread count.
// Throws core::RangeError (state unchanged) if the new volume is negative or above what the
// grid can hold, core::Error if a wet cell has a non-finite flux, std::invalid_argument for
// field sizes that do not match the grid.
BalanceTerms step_sea(const Hypsometry& hypsometry, std::span<const double> cell_area_m2,
                      const KbgParameters& kbg, const SeaFluxes& fluxes, double dt_s,
                      SeaState& state);

}  // namespace caspian::sea
