#include "caspian/ports/draft.hpp"

#include <algorithm>
#include <cmath>

namespace caspian::ports {

double blockage_factor(double beam_m, double draft_m, double channel_width_m,
                       double water_depth_m) {
  if (channel_width_m <= 0.0 || water_depth_m <= 0.0) return 0.0;
  return std::clamp(beam_m * draft_m / (channel_width_m * water_depth_m), 0.0, 1.0);
}

double barrass_k(double blockage) {
  if (blockage <= 0.0) return 1.0;
  return std::max(1.0, 5.74 * std::pow(blockage, 0.76));
}

double barrass_squat_m(double block_coefficient, double blockage, double speed_kn) {
  if (speed_kn <= 0.0) return 0.0;
  return barrass_k(blockage) * block_coefficient * speed_kn * speed_kn / 100.0;
}

double open_water_squat_m(double block_coefficient, double speed_kn) {
  return barrass_squat_m(block_coefficient, 0.0, speed_kn);
}

Squat squat(const VesselClass& vessel, const UkcRule& rule, double draft_m, double water_depth_m) {
  Squat out;
  out.speed_kn = std::min(rule.speed_kn, vessel.service_speed_kn);
  if (out.speed_kn <= 0.0) {
    out.speed_kn = 0.0;
    return out;
  }
  const bool confined = rule.channel_width_m > 0.0;
  out.blockage =
      confined ? blockage_factor(vessel.beam_m, draft_m, rule.channel_width_m, water_depth_m) : 0.0;
  out.k = barrass_k(out.blockage);
  out.squat_m = barrass_squat_m(vessel.block_coefficient, out.blockage, out.speed_kn);
  const double h_over_t = draft_m > 0.0 ? water_depth_m / draft_m : 0.0;
  const bool depth_ok =
      h_over_t >= barrass_min_depth_over_draft && h_over_t <= barrass_max_depth_over_draft;
  // Below S = 0.100 the channel is open water for Barrass (K = 1): inside the range.
  const bool blockage_ok = !confined || out.blockage <= barrass_max_blockage;
  out.within_validity = depth_ok && blockage_ok;
  return out;
}

double squat_m(const VesselClass& vessel, const UkcRule& rule, double draft_m,
               double water_depth_m) {
  return squat(vessel, rule, draft_m, water_depth_m).squat_m;
}

double under_keel_clearance_m(const VesselClass& vessel, const UkcRule& rule, double draft_m,
                              double water_depth_m) {
  return std::max(rule.fraction_of_draft * draft_m, rule.minimum_m) +
         squat_m(vessel, rule, draft_m, water_depth_m) + rule.wave_allowance_m;
}

double draft_in_water_m(double draft_ref_m, double rho_ref_t_per_m3, double rho_t_per_m3) {
  return draft_ref_m * rho_ref_t_per_m3 / rho_t_per_m3;
}

double fresh_water_allowance_m(double draft_ref_m, double rho_ref_t_per_m3, double rho_t_per_m3) {
  return draft_ref_m * (rho_ref_t_per_m3 / rho_t_per_m3 - 1.0);
}

double caspian_water_density_t_per_m3(double salinity, double temperature_c) {
  const double t = temperature_c;
  // Pure water (SMOW; Bigg 1967, as in UNESCO EOS-80), kg/m3.
  const double rho0 =
      999.842594 +
      t * (6.793952e-2 +
           t * (-9.095290e-3 + t * (1.001685e-4 + t * (-1.120083e-6 + t * 6.536332e-9))));
  const double a = 0.0350 - 1.73e-3 * t + 5.2e-5 * t * t - 4.947e-7 * t * t * t;
  const double b = 0.9877 - 3.66e-3 * t + 4.903e-5 * t * t - 2.276e-7 * t * t * t;
  const double c = -1.25e-4;
  return (rho0 + a + b * salinity + c * salinity * salinity) / 1000.0;
}

double natural_depth_m(const ControllingDepth& depth, double level_m_bs) {
  return depth.depth_m() + (level_m_bs - depth.reference_level_m_bs);
}

DraftLimit allowed_draft(const VesselClass& vessel, const UkcRule& rule, double water_depth_m,
                         double port_density_t_per_m3) {
  DraftLimit out;
  const bool too_wide = rule.channel_width_m > 0.0 && vessel.beam_m >= rule.channel_width_m;
  if (water_depth_m <= 0.0 || too_wide) return out;
  // Excess depth at a draft in the port's water; decreasing in the draft.
  const auto excess = [&](double port_draft_m) {
    return water_depth_m - port_draft_m -
           under_keel_clearance_m(vessel, rule, port_draft_m, water_depth_m);
  };
  double lo = 0.0, hi = water_depth_m;
  if (excess(lo) < 0.0) {
    hi = 0.0;  // even an empty hull has too little clearance
  } else {
    while (hi - lo > 1e-4) {
      const double mid = 0.5 * (lo + hi);
      (excess(mid) >= 0.0 ? lo : hi) = mid;
    }
  }
  const double port_draft_m = lo;
  const double rho_ref = vessel.reference_density_t_per_m3;
  const double ref_draft_m = draft_in_water_m(port_draft_m, port_density_t_per_m3, rho_ref);
  out.allowed_draft_m = ref_draft_m;
  out.draft_in_port_m = port_draft_m;
  const Squat s = squat(vessel, rule, port_draft_m, water_depth_m);
  out.squat_m = s.squat_m;
  out.squat_within_validity = s.within_validity;
  out.ukc_m = under_keel_clearance_m(vessel, rule, port_draft_m, water_depth_m);
  out.fresh_water_allowance_m = port_draft_m - ref_draft_m;
  return out;
}

}  // namespace caspian::ports
