#include "caspian/ports/dredging.hpp"

#include <algorithm>

namespace caspian::ports {

double dredge_volume_m3(const DredgeGeometry& g, double deepening_m) {
  const double d = std::max(0.0, deepening_m);
  const double channel_section_m2 = g.channel_width_m * d + g.side_slope_h_per_v * d * d;
  return g.channel_length_m * channel_section_m2 + g.basin_area_m2 * d;
}

double dredge_increment_m3(const DredgeGeometry& g, double from_m, double to_m) {
  if (to_m <= from_m) return 0.0;
  return dredge_volume_m3(g, to_m) - dredge_volume_m3(g, from_m);
}

double held_bed_m_bs(double previous_bed_m_bs, double lowest_level_m_bs, double design_depth_m) {
  return std::min(previous_bed_m_bs, lowest_level_m_bs - design_depth_m);
}

}  // namespace caspian::ports
