#pragma once
// Draft limits: under-keel clearance (PIANC-style), squat (Barrass), fresh-water allowance and
// the allowed draft at a water depth. Depths and drafts in metres, speeds in knots.
#include "caspian/ports/types.hpp"

namespace caspian::ports {

// Barrass open-water squat: C_B x V^2 / 100 (m, V in knots).
double open_water_squat_m(double block_coefficient, double speed_kn);
// Barrass confined-channel squat: C_B x S2^(2/3) x V^2.08 / 30, S2 = blockage factor As/Ac.
double confined_squat_m(double block_coefficient, double blockage, double speed_kn);
// S2 = (beam x draft) / (channel width x water depth): midship section over channel section,
// taking the midship section as full (C_M = 1) and the channel as rectangular.
double blockage_factor(double beam_m, double draft_m, double channel_width_m, double water_depth_m);

// Squat of a class at a draft in a reach of the given water depth; the speed is the reach's,
// capped by the class's service speed. Open-water formula when rule.channel_width_m is 0.
double squat_m(const VesselClass& vessel, const UkcRule& rule, double draft_m,
               double water_depth_m);
// Gross under-keel clearance: max(fraction x draft, minimum) + squat + wave allowance.
double under_keel_clearance_m(const VesselClass& vessel, const UkcRule& rule, double draft_m,
                              double water_depth_m);

// Draft increase of a ship with sea_draft_m (in water of sea density) moving into water of
// port density: draft x (rho_sea / rho_port - 1). Wall-sided hull: displaced volume scales with
// draft. Negative when the port's water is denser.
double fresh_water_allowance_m(double sea_draft_m, double sea_density_t_per_m3,
                               double port_density_t_per_m3);

// Water depth of the controlling reach at a sea level when nothing is dredged.
double natural_depth_m(const ControllingDepth& depth, double level_m_bs);

struct DraftLimit {
  double allowed_draft_m = 0.0;  // deepest sea-water draft the class may load to (>= 0)
  double draft_in_port_m = 0.0;  // that draft in the port's water (allowed + FWA)
  double ukc_m = 0.0;            // gross UKC at that draft
  double squat_m = 0.0;
  double fresh_water_allowance_m = 0.0;
};

// The deepest sea-water draft T such that T_port + UKC(T_port) <= water_depth_m, where
// T_port = T + FWA(T). UKC grows with draft (fraction term and squat through the blockage), so
// T_port + UKC(T_port) is increasing and the limit is found by bisection to 0.1 mm. water_depth_m
// is the depth left after set-down. A class wider than a confined channel gets 0.
DraftLimit allowed_draft(const VesselClass& vessel, const UkcRule& rule, double water_depth_m,
                         double sea_density_t_per_m3, double port_density_t_per_m3);

}  // namespace caspian::ports
