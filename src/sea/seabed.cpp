#include "caspian/sea/seabed.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <stdexcept>
#include <utility>

#include "caspian/core/constants.hpp"

namespace caspian::sea {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr double deg = 3.14159265358979323846 / 180.0;

bool is_sea(double depth_m) { return depth_m > 0.0; }  // false for NaN

// The point of a cell's latitude-longitude rectangle nearest to a point: its coordinates clamped.
std::pair<double, double> nearest_in_cell(const core::LatLonGrid& grid, std::size_t cell,
                                          double lat_deg, double lon_deg) {
  const std::size_t i = cell / grid.nlon();
  const std::size_t j = cell % grid.nlon();
  const double half_dlon = 0.5 * grid.dlon_deg();
  return {std::clamp(lat_deg, grid.lat_south_deg(i), grid.lat_north_deg(i)),
          std::clamp(lon_deg, grid.lon_deg()[j] - half_dlon, grid.lon_deg()[j] + half_dlon)};
}
}  // namespace

std::vector<double> region_sea_areas_m2(const Hypsometry& hypsometry, std::span<const int> region,
                                        std::size_t n_regions, double level_m_bs) {
  const auto areas = hypsometry.cell_area_m2();
  if (region.size() != areas.size())
    throw std::invalid_argument("region_sea_areas_m2: one region per grid cell expected");
  (void)hypsometry.area_m2(level_m_bs);  // the range check of the hypsometry
  std::vector<long double> sums(n_regions, 0.0L);
  for (std::size_t c = 0; c < areas.size(); ++c) {
    if (region[c] < 0) continue;
    const auto k = static_cast<std::size_t>(region[c]);
    if (k >= n_regions) throw std::invalid_argument("region_sea_areas_m2: region out of range");
    sums[k] += static_cast<long double>(areas[c]) * hypsometry.wet_fraction(c, level_m_bs);
  }
  return {sums.begin(), sums.end()};
}

std::vector<double> sea_water_depth_m(const Hypsometry& hypsometry, double level_m_bs) {
  (void)hypsometry.area_m2(level_m_bs);
  const auto join = hypsometry.join_level_m_bs();
  const auto bed = hypsometry.bed_m_bs();
  std::vector<double> depth(join.size(), nan);
  for (std::size_t c = 0; c < join.size(); ++c)
    if (join[c] < level_m_bs) depth[c] = level_m_bs - bed[c];
  return depth;
}

double great_circle_m(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) {
  const double p1 = lat1_deg * deg;
  const double p2 = lat2_deg * deg;
  const double dp = p2 - p1;
  const double dl = (lon2_deg - lon1_deg) * deg;
  const double h = std::sin(dp / 2) * std::sin(dp / 2) +
                   std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
  return 2.0 * core::earth_radius_m * std::asin(std::min(1.0, std::sqrt(h)));
}

double point_to_cell_m(const core::LatLonGrid& grid, std::size_t cell, double lat_deg,
                       double lon_deg) {
  const auto [lat, lon] = nearest_in_cell(grid, cell, lat_deg, lon_deg);
  return great_circle_m(lat_deg, lon_deg, lat, lon);
}

ShoreDistances shore_distances(const core::LatLonGrid& grid, std::span<const double> water_depth_m,
                               double lat_deg, double lon_deg,
                               std::span<const double> required_depth_m) {
  if (water_depth_m.size() != grid.size())
    throw std::invalid_argument("shore_distances: one water depth per grid cell expected");
  ShoreDistances out;
  out.deep_water_m.assign(required_depth_m.size(), nan);
  double best = infinity;
  for (std::size_t c = 0; c < grid.size(); ++c) {
    if (!is_sea(water_depth_m[c])) continue;
    const double d = point_to_cell_m(grid, c, lat_deg, lon_deg);
    if (d < best) {
      best = d;
      out.shore_cell = c;
    }
  }
  if (!std::isfinite(best)) {
    out.shore_m = nan;
    return out;
  }
  out.shore_m = best;

  // The shore zone: every sea cell whose edge is within one cell diagonal of the shore
  // distance. The land leg goes straight to any of them, so the route does not hinge on which
  // cell of a ragged grid coast happens to be nearest. entry[c]: the path's length where it
  // enters cell c (its edge); dist[c]: at the cell's centre.
  const std::size_t c0 = out.shore_cell;
  const std::size_t i0 = c0 / grid.nlon();
  const double zone_m =
      best + great_circle_m(grid.lat_south_deg(i0), 0.0, grid.lat_north_deg(i0), grid.dlon_deg());
  std::vector<double> dist(grid.size(), infinity);
  std::vector<double> entry(grid.size(), infinity);
  using Entry = std::pair<double, std::size_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  for (std::size_t c = 0; c < grid.size(); ++c) {
    if (!is_sea(water_depth_m[c])) continue;
    const double edge_m = point_to_cell_m(grid, c, lat_deg, lon_deg);
    if (edge_m > zone_m) continue;
    const auto [lat, lon] = nearest_in_cell(grid, c, lat_deg, lon_deg);
    entry[c] = edge_m;
    dist[c] = edge_m + great_circle_m(lat, lon, grid.lat_deg()[c / grid.nlon()],
                                      grid.lon_deg()[c % grid.nlon()]);
    heap.emplace(dist[c], c);
  }
  const auto nlat = static_cast<long>(grid.nlat());
  const auto nlon = static_cast<long>(grid.nlon());
  while (!heap.empty()) {
    const auto [d, c] = heap.top();
    heap.pop();
    if (d > dist[c]) continue;
    const long i = static_cast<long>(c) / nlon;
    const long j = static_cast<long>(c) % nlon;
    for (long di = -1; di <= 1; ++di) {
      for (long dj = -1; dj <= 1; ++dj) {
        if ((di == 0 && dj == 0) || i + di < 0 || i + di >= nlat || j + dj < 0 || j + dj >= nlon)
          continue;
        const auto n = static_cast<std::size_t>((i + di) * nlon + (j + dj));
        if (!is_sea(water_depth_m[n])) continue;
        const double step = great_circle_m(
            grid.lat_deg()[std::size_t(i)], grid.lon_deg()[std::size_t(j)],
            grid.lat_deg()[std::size_t(i + di)], grid.lon_deg()[std::size_t(j + dj)]);
        // The path crosses into n half-way between the centres.
        entry[n] = std::min(entry[n], d + 0.5 * step);
        if (d + step < dist[n]) {
          dist[n] = d + step;
          heap.emplace(dist[n], n);
        }
      }
    }
  }
  for (std::size_t r = 0; r < required_depth_m.size(); ++r) {
    double found = infinity;
    for (std::size_t c = 0; c < grid.size(); ++c)
      if (water_depth_m[c] >= required_depth_m[r]) found = std::min(found, entry[c]);
    if (std::isfinite(found)) out.deep_water_m[r] = found;
  }
  return out;
}

}  // namespace caspian::sea
