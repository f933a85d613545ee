#pragma once
// Draft limits: under-keel clearance (PIANC-style), squat (Barrass 2004), the draft of a class in
// the port's water and the allowed draft at a water depth. Depths and drafts in metres, speeds in
// knots, densities in t/m3.
#include "caspian/ports/types.hpp"

namespace caspian::ports {

// Barrass (2004) blockage factor S = A_s / A_c = (beam x draft) / (channel width x water depth):
// midship section over channel section, taking the midship section as full (C_M = 1) and the
// channel as rectangular. Clamped to 0..1; 0 when the channel is open (width or depth <= 0).
double blockage_factor(double beam_m, double draft_m, double channel_width_m, double water_depth_m);
// Barrass (2004) confinement factor K = 5.74 S^0.76, never below the open-water 1 (the formula
// reaches 1 at S = 0.100, the lower end of its range).
double barrass_k(double blockage);
// Barrass (2004) maximum squat: delta_max = K x C_B x V^2 / 100 (m, V in knots through the water).
double barrass_squat_m(double block_coefficient, double blockage, double speed_kn);
// Open water (K = 1): C_B x V^2 / 100.
double open_water_squat_m(double block_coefficient, double speed_kn);

// Range of validity of the Barrass (2004) formula as published: blockage S 0.100..0.265 in
// confined channels (below 0.100 the water is open for the formula, K = 1, and counts as inside)
// and depth over draft H/T 1.10..1.40. Outside it the squat is still computed (it is the best
// estimate the data allow) and flagged; never an exception.
inline constexpr double barrass_min_blockage = 0.100;
inline constexpr double barrass_max_blockage = 0.265;
inline constexpr double barrass_min_depth_over_draft = 1.10;
inline constexpr double barrass_max_depth_over_draft = 1.40;

struct Squat {
  double squat_m = 0.0;
  double blockage = 0.0;  // S; 0 in open water
  double k = 1.0;         // Barrass K
  double speed_kn = 0.0;  // speed used: min(reach speed, service speed)
  // false when a squat was computed outside the formula's range of validity (see above).
  bool within_validity = true;
};

// Squat of a class at a draft (in the port's water) in a reach of the given water depth; the
// speed is the reach's, capped by the class's service speed (0: at berth, no squat). Open water
// (K = 1) when rule.channel_width_m is 0.
Squat squat(const VesselClass& vessel, const UkcRule& rule, double draft_m, double water_depth_m);
double squat_m(const VesselClass& vessel, const UkcRule& rule, double draft_m,
               double water_depth_m);
// Gross under-keel clearance: max(fraction x draft, minimum) + squat + wave allowance.
double under_keel_clearance_m(const VesselClass& vessel, const UkcRule& rule, double draft_m,
                              double water_depth_m);

// Draft in water of density rho of a ship floating at draft_ref_m in water of density rho_ref:
// the same displacement, a wall-sided hull (displaced volume proportional to the draft):
// T x rho_ref / rho.
double draft_in_water_m(double draft_ref_m, double rho_ref_t_per_m3, double rho_t_per_m3);
// Draft increase moving from rho_ref water into rho water: draft x (rho_ref / rho - 1). Negative
// when the water is denser.
double fresh_water_allowance_m(double draft_ref_m, double rho_ref_t_per_m3, double rho_t_per_m3);

// Density of Caspian Sea water at one atmosphere, t/m3, from the equation of state of Millero et
// al. (2008, Aquat. Geochem. 14:289-299): rho - rho_0 = A + B S + C S^2 (kg/m3) with
// A = 0.0350 - 1.73e-3 t + 5.2e-5 t^2 - 4.947e-7 t^3, B = 0.9877 - 3.66e-3 t + 4.903e-5 t^2
// - 2.276e-7 t^3, C = -1.25e-4 (t in deg C, S the conductivity salinity, fitted for S 2.5..11.3
// and 0..70 C); rho_0 the density of pure water (Bigg 1967, the SMOW polynomial of EOS-80).
double caspian_water_density_t_per_m3(double salinity, double temperature_c);

// Water depth of the controlling reach at a sea level when nothing is dredged.
double natural_depth_m(const ControllingDepth& depth, double level_m_bs);

struct DraftLimit {
  double allowed_draft_m = 0.0;  // deepest draft in the class's reference water (>= 0)
  double draft_in_port_m = 0.0;  // that draft in the port's water (allowed + FWA)
  double ukc_m = 0.0;            // gross UKC at that draft
  double squat_m = 0.0;
  double fresh_water_allowance_m = 0.0;
  bool squat_within_validity = true;  // see Squat::within_validity
};

// The deepest reference-water draft T such that T_port + UKC(T_port) <= water_depth_m, where
// T_port = T x rho_ref / rho_port (rho_ref the class's reference density). UKC grows with draft
// (fraction term and squat through the blockage), so T_port + UKC(T_port) is increasing and the
// limit is found by bisection to 0.1 mm. water_depth_m is the depth left after set-down. A class
// wider than a confined channel gets 0.
DraftLimit allowed_draft(const VesselClass& vessel, const UkcRule& rule, double water_depth_m,
                         double port_density_t_per_m3);

}  // namespace caspian::ports
