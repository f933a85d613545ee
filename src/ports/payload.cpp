#include "caspian/ports/payload.hpp"

#include <algorithm>

#include "caspian/ports/draft.hpp"

namespace caspian::ports {

double deadweight_at_draft_t(const VesselClass& vessel, double draft_m) {
  const double draft = std::min(draft_m, vessel.design_draft_m);
  const double cm_above = 100.0 * (vessel.design_draft_m - draft);
  return std::max(0.0, vessel.deadweight_t - vessel.tpc_t_per_cm * cm_above);
}

double tpc_in_water_t_per_cm(double tpc_ref_t_per_cm, double rho_ref_t_per_m3,
                             double rho_t_per_m3) {
  return tpc_ref_t_per_cm * rho_t_per_m3 / rho_ref_t_per_m3;
}

double tpc_from_two_points_t_per_cm(double deadweight_1_t, double draft_1_m, double rho_1_t_per_m3,
                                    double deadweight_2_t, double draft_2_m, double rho_2_t_per_m3,
                                    double rho_ref_t_per_m3) {
  const double t1 = draft_in_water_m(draft_1_m, rho_1_t_per_m3, rho_ref_t_per_m3);
  const double t2 = draft_in_water_m(draft_2_m, rho_2_t_per_m3, rho_ref_t_per_m3);
  return (deadweight_1_t - deadweight_2_t) / (100.0 * (t1 - t2));
}

double cargo_at_draft_t(const VesselClass& vessel, double draft_m) {
  return std::max(0.0, deadweight_at_draft_t(vessel, draft_m) - vessel.constant_weights_t);
}

double full_cargo_t(const VesselClass& vessel) {
  return cargo_at_draft_t(vessel, vessel.design_draft_m);
}

Load load_at_allowed_draft(const VesselClass& vessel, double allowed_draft_m,
                           double min_load_factor) {
  Load out;
  out.draft_m = std::min(allowed_draft_m, vessel.design_draft_m);
  const double full = full_cargo_t(vessel);
  const double cargo = cargo_at_draft_t(vessel, out.draft_m);
  const double load_factor = full > 0.0 ? cargo / full : 0.0;
  out.can_call = allowed_draft_m >= vessel.min_operating_draft_m &&
                 load_factor >= min_load_factor && cargo > 0.0;
  if (out.can_call) {
    out.cargo_t = cargo;
    out.load_factor = load_factor;
  }
  return out;
}

}  // namespace caspian::ports
