#pragma once
// Payload at a draft from tonnes per cm immersion, load factor and whether a class can call.
#include "caspian/ports/types.hpp"

namespace caspian::ports {

// dwt(T) = dwt_design - TPC x 100 x (T_design - T), T capped at the design draft, never below 0.
// Linear TPC: the waterplane is taken as constant between ballast and design draft.
double deadweight_at_draft_t(const VesselClass& vessel, double draft_m);
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
