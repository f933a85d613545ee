#pragma once
// A scenario trajectory: values at years, linear in between, held constant beyond its ends.
#include <map>

namespace caspian::core {

using YearTrajectory = std::map<int, double>;

// year may be fractional (mid-month: year + (month - 0.5) / 12). An empty trajectory gives 0.
double interpolate_trajectory(const YearTrajectory& trajectory, double year);

}  // namespace caspian::core
