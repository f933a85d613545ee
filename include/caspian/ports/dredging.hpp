#pragma once
// Dredging to hold a design depth as the sea falls.
#include "caspian/ports/types.hpp"

namespace caspian::ports {

// Volume removed to lower the bed by deepening_m from its natural height, holding the channel's
// bottom width: L x (W x d + n x d^2) + A_basin x d. The channel term is the trapezoid between the
// old and new bed (bottom W, top W + 2 n d: a triangle of n d^2 / 2 on each side); the cut of the
// slopes above the old bed is neglected (their height is not in the data).
double dredge_volume_m3(const DredgeGeometry& geometry, double deepening_m);
// Volume to go from one deepening to a larger one: V(to) - V(from) (0 if to <= from).
double dredge_increment_m3(const DredgeGeometry& geometry, double from_m, double to_m);

// Bed height (m BS) that keeps design_depth_m of water at every level up to now: the lowest of
// the previous bed and lowest_level_m_bs - design_depth_m.
double held_bed_m_bs(double previous_bed_m_bs, double lowest_level_m_bs, double design_depth_m);

}  // namespace caspian::ports
