#include "caspian/sea/seabed.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
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

namespace {
// great_circle_m from one fixed point to many, with the point's terms and the per-row and
// per-column sines and cosines computed once: every value is the same expression of the same
// operands as in great_circle_m, so the distances are bit for bit the same.
class DistancesFromPoint {
 public:
  DistancesFromPoint(double lat_deg, double lon_deg) : lat_deg_(lat_deg), lon_deg_(lon_deg) {
    p1_ = lat_deg * deg;
    cos_p1_ = std::cos(p1_);
  }
  struct Latitude {
    double sin_half_dp, cos_p2;
  };
  struct Longitude {
    double sin_half_dl;
  };
  Latitude latitude(double lat2_deg) const {
    const double p2 = lat2_deg * deg;
    return {std::sin((p2 - p1_) / 2), std::cos(p2)};
  }
  Longitude longitude(double lon2_deg) const { return {std::sin((lon2_deg - lon_deg_) * deg / 2)}; }
  double metres(const Latitude& a, const Longitude& o) const {
    const double h =
        a.sin_half_dp * a.sin_half_dp + cos_p1_ * a.cos_p2 * o.sin_half_dl * o.sin_half_dl;
    return 2.0 * core::earth_radius_m * std::asin(std::min(1.0, std::sqrt(h)));
  }

 private:
  double lat_deg_, lon_deg_, p1_ = 0.0, cos_p1_ = 1.0;
};

// point_to_cell_m for every cell of the grid from one point: the clamped latitude depends only
// on the row and the clamped longitude only on the column.
std::vector<double> point_to_cells_m(const core::LatLonGrid& grid,
                                     std::span<const double> water_depth_m, double lat_deg,
                                     double lon_deg) {
  const DistancesFromPoint from(lat_deg, lon_deg);
  const double half_dlon = 0.5 * grid.dlon_deg();
  std::vector<DistancesFromPoint::Latitude> rows(grid.nlat());
  for (std::size_t i = 0; i < grid.nlat(); ++i)
    rows[i] = from.latitude(std::clamp(lat_deg, grid.lat_south_deg(i), grid.lat_north_deg(i)));
  std::vector<DistancesFromPoint::Longitude> columns(grid.nlon());
  for (std::size_t j = 0; j < grid.nlon(); ++j)
    columns[j] = from.longitude(
        std::clamp(lon_deg, grid.lon_deg()[j] - half_dlon, grid.lon_deg()[j] + half_dlon));
  std::vector<double> out(grid.size(), infinity);
  for (std::size_t c = 0; c < grid.size(); ++c)
    if (is_sea(water_depth_m[c]))
      out[c] = from.metres(rows[c / grid.nlon()], columns[c % grid.nlon()]);
  return out;
}

// The great circle from each cell centre to its 8 neighbours' centres. On a grid whose
// longitude steps are the same number everywhere (a regular grid) a step depends only on the
// row and the direction: one table of nlat x 9 computed with great_circle_m itself.
class NeighbourSteps {
 public:
  explicit NeighbourSteps(const core::LatLonGrid& grid) : grid_(grid) {
    const auto& lon = grid.lon_deg();
    regular_ = lon.size() >= 2;
    for (std::size_t j = 1; regular_ && j < lon.size(); ++j)
      regular_ = lon[j] - lon[j - 1] == lon[1] - lon[0] && lon[j - 1] - lon[j] == lon[0] - lon[1];
    if (!regular_) return;
    const long nlat = static_cast<long>(grid.nlat());
    table_.assign(grid.nlat() * 9, 0.0);
    for (long i = 0; i < nlat; ++i)
      for (long di = -1; di <= 1; ++di)
        for (long dj = -1; dj <= 1; ++dj) {
          if (i + di < 0 || i + di >= nlat || (di == 0 && dj == 0)) continue;
          // Columns 0 and 1 (or 1 and 0): the same longitude difference as any other pair.
          const std::size_t j1 = dj < 0 ? 1 : 0;
          const std::size_t j2 = std::size_t(long(j1) + dj);
          table_[std::size_t(i) * 9 + std::size_t((di + 1) * 3 + (dj + 1))] =
              great_circle_m(grid.lat_deg()[std::size_t(i)], lon[j1],
                             grid.lat_deg()[std::size_t(i + di)], lon[j2]);
        }
  }
  double metres(long i, long j, long di, long dj) const {
    if (regular_) return table_[std::size_t(i) * 9 + std::size_t((di + 1) * 3 + (dj + 1))];
    return great_circle_m(grid_.lat_deg()[std::size_t(i)], grid_.lon_deg()[std::size_t(j)],
                          grid_.lat_deg()[std::size_t(i + di)],
                          grid_.lon_deg()[std::size_t(j + dj)]);
  }

 private:
  const core::LatLonGrid& grid_;
  bool regular_ = false;
  std::vector<double> table_;
};
}  // namespace

ShoreDistances shore_distances(const core::LatLonGrid& grid, std::span<const double> water_depth_m,
                               double lat_deg, double lon_deg,
                               std::span<const double> required_depth_m) {
  if (water_depth_m.size() != grid.size())
    throw std::invalid_argument("shore_distances: one water depth per grid cell expected");
  ShoreDistances out;
  out.deep_water_m.assign(required_depth_m.size(), nan);
  // edge_m[c]: point_to_cell_m to each sea cell (infinity on land).
  const auto edge_m = point_to_cells_m(grid, water_depth_m, lat_deg, lon_deg);
  double best = infinity;
  for (std::size_t c = 0; c < grid.size(); ++c) {
    if (edge_m[c] < best) {
      best = edge_m[c];
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
  // found[r]: the shortest entry so far into a cell deep enough for required_depth_m[r].
  std::vector<double> found(required_depth_m.size(), infinity);
  const auto entered = [&](std::size_t c) {
    for (std::size_t r = 0; r < found.size(); ++r)
      if (water_depth_m[c] >= required_depth_m[r]) found[r] = std::min(found[r], entry[c]);
  };
  using Entry = std::pair<double, std::size_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  for (std::size_t c = 0; c < grid.size(); ++c) {
    if (!is_sea(water_depth_m[c]) || edge_m[c] > zone_m) continue;
    const auto [lat, lon] = nearest_in_cell(grid, c, lat_deg, lon_deg);
    entry[c] = edge_m[c];
    entered(c);
    dist[c] = edge_m[c] + great_circle_m(lat, lon, grid.lat_deg()[c / grid.nlon()],
                                         grid.lon_deg()[c % grid.nlon()]);
    heap.emplace(dist[c], c);
  }
  const NeighbourSteps steps(grid);
  const auto nlat = static_cast<long>(grid.nlat());
  const auto nlon = static_cast<long>(grid.nlon());
  while (!heap.empty()) {
    const auto [d, c] = heap.top();
    heap.pop();
    if (d > dist[c]) continue;
    // Every entry still to come is longer than d: once d reaches every depth's shortest entry,
    // none can change (found[r] stays infinite while no cell is deep enough: search on).
    if (!found.empty() && d >= *std::max_element(found.begin(), found.end())) break;
    const long i = static_cast<long>(c) / nlon;
    const long j = static_cast<long>(c) % nlon;
    for (long di = -1; di <= 1; ++di) {
      for (long dj = -1; dj <= 1; ++dj) {
        if ((di == 0 && dj == 0) || i + di < 0 || i + di >= nlat || j + dj < 0 || j + dj >= nlon)
          continue;
        const auto n = static_cast<std::size_t>((i + di) * nlon + (j + dj));
        if (!is_sea(water_depth_m[n])) continue;
        const double step = steps.metres(i, j, di, dj);
        // The path crosses into n half-way between the centres.
        if (d + 0.5 * step < entry[n]) {
          entry[n] = d + 0.5 * step;
          entered(n);
        }
        if (d + step < dist[n]) {
          dist[n] = d + step;
          heap.emplace(dist[n], n);
        }
      }
    }
  }
  for (std::size_t r = 0; r < required_depth_m.size(); ++r)
    if (std::isfinite(found[r])) out.deep_water_m[r] = found[r];
  return out;
}

std::vector<RoutePoint> route_from_marks(std::span<const RouteMark> marks) {
  if (marks.size() < 2) throw std::invalid_argument("route_from_marks: at least 2 points expected");
  std::vector<double> straight{0.0};  // cumulative straight-line length, m
  for (std::size_t k = 1; k < marks.size(); ++k)
    straight.push_back(straight.back() + great_circle_m(marks[k - 1].lat_deg, marks[k - 1].lon_deg,
                                                        marks[k].lat_deg, marks[k].lon_deg));
  std::vector<std::size_t> given;
  for (std::size_t k = 0; k < marks.size(); ++k) {
    if (!marks[k].chainage_m) continue;
    if (!given.empty() && !(*marks[k].chainage_m > *marks[given.back()].chainage_m))
      throw std::invalid_argument("route_from_marks: chainages must increase along the route");
    given.push_back(k);
  }
  std::vector<double> chainage(marks.size(), 0.0);
  for (std::size_t k = 0; k < marks.size(); ++k) {
    const auto after = std::lower_bound(given.begin(), given.end(), k);
    if (given.empty()) {
      chainage[k] = straight[k];
    } else if (after != given.end() && *after == k) {
      chainage[k] = *marks[k].chainage_m;
    } else if (after == given.begin()) {
      chainage[k] = *marks[*after].chainage_m - (straight[*after] - straight[k]);
    } else if (after == given.end()) {
      chainage[k] = *marks[given.back()].chainage_m + (straight[k] - straight[given.back()]);
    } else {
      const std::size_t a = *(after - 1), b = *after;
      const double share = (straight[k] - straight[a]) / (straight[b] - straight[a]);
      chainage[k] = *marks[a].chainage_m + share * (*marks[b].chainage_m - *marks[a].chainage_m);
    }
  }
  std::vector<RoutePoint> route;
  for (std::size_t k = 0; k < marks.size(); ++k)
    route.push_back({marks[k].lat_deg, marks[k].lon_deg, chainage[k] - chainage[0]});
  return route;
}

ShoreDistances route_distances(const core::LatLonGrid& grid, std::span<const double> water_depth_m,
                               std::span<const RoutePoint> route,
                               std::span<const double> required_depth_m) {
  if (water_depth_m.size() != grid.size())
    throw std::invalid_argument("route_distances: one water depth per grid cell expected");
  if (route.size() < 2) throw std::invalid_argument("route_distances: at least 2 points expected");
  for (std::size_t k = 1; k < route.size(); ++k)
    if (!(route[k].along_m > route[k - 1].along_m))
      throw std::invalid_argument("route_distances: along_m must increase along the route");
  ShoreDistances out;
  out.shore_m = nan;
  out.deep_water_m.assign(required_depth_m.size(), nan);
  std::size_t missing = required_depth_m.size() + 1;  // the shore and each depth not yet reached
  // A step: a quarter of the smaller cell side (latitude, or longitude at the route's latitude).
  const double cell_m = std::min(grid.dlat_deg() * core::earth_radius_m * std::numbers::pi / 180.0,
                                 grid.dlon_deg() * core::earth_radius_m * std::numbers::pi / 180.0 *
                                     std::cos(route.front().lat_deg * std::numbers::pi / 180.0));
  const auto visit = [&](double lat, double lon, double along) {
    const auto ij = grid.locate(lat, lon);
    if (!ij) return;
    const std::size_t c = grid.index(ij->first, ij->second);
    const double depth = water_depth_m[c];
    if (!(depth > 0.0)) return;
    if (std::isnan(out.shore_m)) {
      out.shore_m = along;
      out.shore_cell = c;
      --missing;
    }
    for (std::size_t r = 0; r < required_depth_m.size(); ++r) {
      if (std::isnan(out.deep_water_m[r]) && depth >= required_depth_m[r]) {
        out.deep_water_m[r] = along;
        --missing;
      }
    }
  };
  for (std::size_t k = 0; k + 1 < route.size() && missing > 0; ++k) {
    const RoutePoint& a = route[k];
    const RoutePoint& b = route[k + 1];
    const double length_m = great_circle_m(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg);
    const auto steps = std::size_t(std::ceil(length_m / (0.25 * cell_m))) + 1;
    // The last segment includes its end point; the others leave it to the next.
    const std::size_t last = k + 2 == route.size() ? steps : steps - 1;
    for (std::size_t s = 0; s <= last && missing > 0; ++s) {
      const double f = double(s) / double(steps);
      visit(a.lat_deg + f * (b.lat_deg - a.lat_deg), a.lon_deg + f * (b.lon_deg - a.lon_deg),
            a.along_m + f * (b.along_m - a.along_m));
    }
  }
  if (missing == 0) return out;
  // The rest over the sea grid from the route's end.
  const RoutePoint& end = route.back();
  std::vector<double> still;
  for (std::size_t r = 0; r < required_depth_m.size(); ++r)
    if (std::isnan(out.deep_water_m[r])) still.push_back(required_depth_m[r]);
  const auto beyond = shore_distances(grid, water_depth_m, end.lat_deg, end.lon_deg, still);
  if (std::isnan(out.shore_m) && std::isfinite(beyond.shore_m)) {
    out.shore_m = end.along_m + beyond.shore_m;
    out.shore_cell = beyond.shore_cell;
  }
  std::size_t q = 0;
  for (std::size_t r = 0; r < required_depth_m.size(); ++r) {
    if (!std::isnan(out.deep_water_m[r])) continue;
    const double d = beyond.deep_water_m[q++];
    if (std::isfinite(d)) out.deep_water_m[r] = end.along_m + d;
  }
  return out;
}

}  // namespace caspian::sea
