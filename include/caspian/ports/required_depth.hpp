#pragma once
// The water depth a vessel class needs at its full design draft in a port, by the port check's
// own draft rule (ports::allowed_draft): where the sea must be at least this deep for the class
// to load fully.
#include "caspian/ports/types.hpp"

namespace caspian::ports {

// The smallest water depth (m) at which allowed_draft(vessel, rule, depth, port density) reaches
// the design draft: design draft in the port's water plus the gross under-keel clearance (and
// the squat it implies in a confined channel). Bisection to 0.1 mm; the depth-limited draft is
// non-decreasing in depth. Infinity when no depth up to 100 m will do (a class wider than a
// confined channel).
double required_water_depth_m(const VesselClass& vessel, const UkcRule& rule,
                              double port_density_t_per_m3);

}  // namespace caspian::ports
