#include "caspian/ports/required_depth.hpp"

#include <limits>

#include "caspian/ports/draft.hpp"

namespace caspian::ports {

double required_water_depth_m(const VesselClass& vessel, const UkcRule& rule,
                              double port_density_t_per_m3) {
  const auto enough = [&](double depth_m) {
    return allowed_draft(vessel, rule, depth_m, port_density_t_per_m3).allowed_draft_m >=
           vessel.design_draft_m - 2e-4;
  };
  double lo = 0.0;
  double hi = 100.0;
  if (!enough(hi)) return std::numeric_limits<double>::infinity();
  while (hi - lo > 1e-4) {
    const double mid = 0.5 * (lo + hi);
    (enough(mid) ? hi : lo) = mid;
  }
  return hi;
}

}  // namespace caspian::ports
