#pragma once
// Ports, vessel classes and corridors as plain data: what the draft, payload, capacity and
// dredging rules read. Loaded from inputs/ports/ports.yaml by io::load_ports_config; knows nothing
// of files or of how the sea levels were made.
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace caspian::ports {

enum class VesselKind { dry_cargo, tanker, ferry, ro_ro, container, general };

struct VesselClass {
  std::string id;
  std::string name;
  VesselKind kind = VesselKind::general;
  double length_m = 0.0;
  double beam_m = 0.0;
  // Every draft, the TPC and the deadweight of a class refer to water of this density (t/m3):
  // 1.025 where the source gives sea-water drafts, 1.000 for river (fresh-water) drafts.
  double reference_density_t_per_m3 = 1.025;
  double design_draft_m = 0.0;  // at full deadweight, in the reference water
  double deadweight_t = 0.0;
  double lightship_draft_m = 0.0;  // in the reference water
  double tpc_t_per_cm = 0.0;       // tonnes per cm immersion in the reference water, constant
  double block_coefficient = 0.8;
  double service_speed_kn = 10.0;
  // Below this draft (reference water) the class cannot sail usefully; defaults to the lightship
  // draft.
  double min_operating_draft_m = 0.0;
  // Fuel, water, stores and ballast margin: deadweight that is never cargo.
  double constant_weights_t = 0.0;
};

// PIANC-style gross under-keel clearance: max(fraction x draft, minimum) + squat + waves.
struct UkcRule {
  double fraction_of_draft = 0.10;
  double minimum_m = 0.0;
  double wave_allowance_m = 0.0;
  double speed_kn = 0.0;         // speed through the controlling reach; 0 = at berth, no squat
  double channel_width_m = 0.0;  // bottom width of a confined channel; 0 = open water
};

// The shallowest of approach channel and berths, as water depths at a reference level.
struct ControllingDepth {
  double approach_channel_m = 0.0;
  double berth_m = 0.0;
  double reference_level_m_bs = 0.0;
  double depth_m() const { return approach_channel_m < berth_m ? approach_channel_m : berth_m; }
  // Height of the controlling bed, m BS: it stays put when the sea falls (no dredging).
  double bed_m_bs() const { return reference_level_m_bs - depth_m(); }
};

// A quantity (Mt/yr) growing geometrically from a base year, optionally held flat after an end
// year (compounding for a century otherwise dominates every other effect).
struct GrowthPath {
  double base_mt = 0.0;
  int base_year = 2024;
  double growth_pct_per_yr = 0.0;
  std::optional<int> growth_end_year;
};

struct VesselShare {
  std::size_t vessel_class = 0;  // index into PortSystem::classes
  double cargo_share = 0.0;      // share of the port's cargo carried by this class
  // false: the class is known to call only part-loaded here (its design draft exceeds the depth).
  bool full_draft_expected = true;
};

// Geometry of what is dredged to hold the design depth: a trapezoidal approach channel and a
// basin (berths, turning circle) of fixed plan area.
struct DredgeGeometry {
  double channel_length_m = 0.0;
  double channel_width_m = 0.0;     // bottom width, held as the bed is lowered
  double side_slope_h_per_v = 0.0;  // n: horizontal per vertical of each side slope
  double basin_area_m2 = 0.0;
  double cost_usd_per_m3 = 0.0;
  // Maintenance: the volume that silts into the held channel and basin each year and is dredged
  // again while a design depth is held (m3/yr).
  double maintenance_m3_per_yr = 0.0;
  // Bed area of the channel bottom and the basin (m2): L x W + A_basin.
  double footprint_m2() const { return channel_length_m * channel_width_m + basin_area_m2; }
};

struct Port {
  std::string id;
  std::string name;
  std::string side;                    // shore tag used by corridor sides (east, west, ...)
  std::vector<std::string> corridors;  // corridor ids served
  double water_density_t_per_m3 = 1.010;
  ControllingDepth controlling;
  std::optional<double> design_depth_m;  // held under the hold-design-depth policy
  std::array<double, 12> set_down_m{};   // monthly wind/seasonal set-down allowance, Jan..Dec
  UkcRule ukc;
  std::vector<VesselShare> vessel_mix;
  double capacity_mt_per_yr = 0.0;  // at full loads
  GrowthPath demand;
  std::map<std::string, double> corridor_share;  // share of the port's cargo on each corridor
  std::optional<DredgeGeometry> dredging;
};

struct Corridor {
  std::string id;
  std::string name;
  std::vector<std::vector<std::string>> sides;  // shore tags of each side of the Caspian leg
  GrowthPath demand;
};

struct PortSystem {
  std::vector<VesselClass> classes;
  std::vector<Port> ports;
  std::vector<Corridor> corridors;
};

std::string kind_name(VesselKind kind);
// Demand (or any growth path) in a year: base x (1 + g/100)^(min(year, end) - base_year).
double growth_path_mt(const GrowthPath& path, int year);

}  // namespace caspian::ports
