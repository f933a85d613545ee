#include "caspian/sea/sub_basins.hpp"

#include <algorithm>

namespace caspian::sea {

namespace {
// Latitude of a line between two capes at a longitude, held at the end latitudes beyond them.
double line_lat(double lon, double lon0, double lat0, double lon1, double lat1) {
  const double w = std::clamp((lon - lon0) / (lon1 - lon0), 0.0, 1.0);
  return lat0 + w * (lat1 - lat0);
}
}  // namespace

SubBasin caspian_sub_basin(double lat_deg, double lon_deg) {
  if (lat_deg >= line_lat(lon_deg, 47.75, 43.97, 50.33, 44.62)) return SubBasin::north;
  if (lat_deg <= line_lat(lon_deg, 50.35, 40.40, 52.90, 40.25)) return SubBasin::south;
  return SubBasin::middle;
}

const char* sub_basin_name(SubBasin basin) {
  switch (basin) {
    case SubBasin::north:
      return "North";
    case SubBasin::middle:
      return "Middle";
    case SubBasin::south:
      return "South";
  }
  return "";
}

}  // namespace caspian::sea
