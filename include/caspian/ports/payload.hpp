#pragma once
// Payload at a draft from tonnes per cm immersion, load factor and whether a class can call.
#include "caspian/ports/types.hpp"

namespace caspian::ports {

// dwt(T) = dwt_design - TPC x 100 x (T_design - T), T capped at the design draft, never below 0;
// T, T_design and TPC all in the class's reference water.
// Linear TPC: the waterplane is taken as constant between ballast and design draft.
double deadweight_at_draft_t(const VesselClass& vessel, double draft_m);
// Tonnes per cm immersion in water of density rho of a class whose TPC is tpc_ref in water of
// rho_ref: the waterplane is the same, the mass of a 1 cm layer scales with the density.
double tpc_in_water_t_per_cm(double tpc_ref_t_per_cm, double rho_ref_t_per_m3, double rho_t_per_m3);
// TPC in water of density rho_ref from two published (deadweight, draft) points, each draft in
// water of its own density: both drafts are first referred to rho_ref (draft_in_water_m, the same
// displacement), then TPC = (dwt_1 - dwt_2) / (100 (T_1,ref - T_2,ref)).
double tpc_from_two_points_t_per_cm(double deadweight_1_t, double draft_1_m, double rho_1_t_per_m3,
                                    double deadweight_2_t, double draft_2_m, double rho_2_t_per_m3,
                                    double rho_ref_t_per_m3);
// Cargo = dwt(T) - constant weights, never below 0.
double cargo_at_draft_t(const VesselClass& vessel, double draft_m);
// Cargo at the design draft.
double full_cargo_t(const VesselClass& vessel);

struct Load {
  double draft_m = 0.0;      // loaded draft: min(allowed, design)
  double cargo_t = 0.0;      // 0 when the class cannot call
  double load_factor = 0.0;  // cargo / full cargo; 0 when the class cannot call
  bool can_call = false;
};

// The class cannot call when the allowed draft is below its minimum operating draft or the load
// factor falls below min_load_factor.
Load load_at_allowed_draft(const VesselClass& vessel, double allowed_draft_m,
                           double min_load_factor);

}  // namespace caspian::ports
