#include "caspian/ports/draft.hpp"

#include <algorithm>
#include <cmath>

namespace caspian::ports {

double open_water_squat_m(double block_coefficient, double speed_kn) {
  return block_coefficient * speed_kn * speed_kn / 100.0;
}

double confined_squat_m(double block_coefficient, double blockage, double speed_kn) {
  if (speed_kn <= 0.0 || blockage <= 0.0) return 0.0;
  return block_coefficient * std::pow(blockage, 2.0 / 3.0) * std::pow(speed_kn, 2.08) / 30.0;
}

double blockage_factor(double beam_m, double draft_m, double channel_width_m,
                       double water_depth_m) {
  if (channel_width_m <= 0.0 || water_depth_m <= 0.0) return 1.0;
  return std::clamp(beam_m * draft_m / (channel_width_m * water_depth_m), 0.0, 1.0);
}

double squat_m(const VesselClass& vessel, const UkcRule& rule, double draft_m,
               double water_depth_m) {
  const double speed_kn = std::min(rule.speed_kn, vessel.service_speed_kn);
  if (speed_kn <= 0.0) return 0.0;
  if (rule.channel_width_m <= 0.0) return open_water_squat_m(vessel.block_coefficient, speed_kn);
  const double s2 = blockage_factor(vessel.beam_m, draft_m, rule.channel_width_m, water_depth_m);
  return confined_squat_m(vessel.block_coefficient, s2, speed_kn);
}

double under_keel_clearance_m(const VesselClass& vessel, const UkcRule& rule, double draft_m,
                              double water_depth_m) {
  return std::max(rule.fraction_of_draft * draft_m, rule.minimum_m) +
         squat_m(vessel, rule, draft_m, water_depth_m) + rule.wave_allowance_m;
}

double fresh_water_allowance_m(double sea_draft_m, double sea_density_t_per_m3,
                               double port_density_t_per_m3) {
  return sea_draft_m * (sea_density_t_per_m3 / port_density_t_per_m3 - 1.0);
}

double natural_depth_m(const ControllingDepth& depth, double level_m_bs) {
  return depth.depth_m() + (level_m_bs - depth.reference_level_m_bs);
}

DraftLimit allowed_draft(const VesselClass& vessel, const UkcRule& rule, double water_depth_m,
                         double sea_density_t_per_m3, double port_density_t_per_m3) {
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
  const double sea_draft_m = port_draft_m * port_density_t_per_m3 / sea_density_t_per_m3;
  out.allowed_draft_m = sea_draft_m;
  out.draft_in_port_m = port_draft_m;
  out.squat_m = squat_m(vessel, rule, port_draft_m, water_depth_m);
  out.ukc_m = under_keel_clearance_m(vessel, rule, port_draft_m, water_depth_m);
  out.fresh_water_allowance_m = port_draft_m - sea_draft_m;
  return out;
}

}  // namespace caspian::ports
