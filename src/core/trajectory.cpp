#include "caspian/core/trajectory.hpp"

#include <cmath>
#include <iterator>

namespace caspian::core {

double interpolate_trajectory(const YearTrajectory& trajectory, double year) {
  if (trajectory.empty()) return 0.0;
  if (year <= double(trajectory.begin()->first)) return trajectory.begin()->second;
  if (year >= double(trajectory.rbegin()->first)) return trajectory.rbegin()->second;
  const auto upper = trajectory.upper_bound(int(std::floor(year)));
  const auto lower = std::prev(upper);
  const double w = (year - double(lower->first)) / double(upper->first - lower->first);
  return lower->second + w * (upper->second - lower->second);
}

}  // namespace caspian::core
