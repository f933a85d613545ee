// Exposed seabed per region and shoreline distances on small synthetic grids, against
// hand-computed areas and distances; the depth a class needs against the draft rule.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "caspian/core/constants.hpp"
#include "caspian/core/grid.hpp"
#include "caspian/ports/draft.hpp"
#include "caspian/ports/required_depth.hpp"
#include "caspian/sea/hypsometry.hpp"
#include "caspian/sea/seabed.hpp"

namespace {
using caspian::core::LatLonGrid;
using caspian::sea::Hypsometry;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double pi = 3.14159265358979323846;
const double R = caspian::core::earth_radius_m;

std::vector<double> centres(double first, double step, std::size_t n) {
  std::vector<double> v(n);
  for (std::size_t k = 0; k < n; ++k) v[k] = first + step * static_cast<double>(k);
  return v;
}

// One row of one-degree cells on the equator (centres 0.5, 1.5, ... E; cell k spans k..k+1 E,
// 0.5 S..0.5 N) inside a rim of land at +100 m, so that the sea cannot spill off the grid.
LatLonGrid rimmed_grid(std::size_t n) { return {centres(-1.0, 1.0, 3), centres(-0.5, 1.0, n + 2)}; }
template <class T>
std::vector<T> rimmed(const std::vector<T>& row, T rim) {
  const std::size_t w = row.size() + 2;
  std::vector<T> out(3 * w, rim);
  std::copy(row.begin(), row.end(), out.begin() + long(w + 1));
  return out;
}
std::size_t cell(std::size_t n, std::size_t k) { return (n + 2) + 1 + k; }

// Beds -10, -5, -2, +5 m.
TEST(SeaSeabed, RegionAreasAddUpAndMatchHandComputedCellAreas) {
  const auto grid = rimmed_grid(4);
  const auto bed = rimmed<double>({-10.0, -5.0, -2.0, 5.0}, 100.0);
  const Hypsometry hyps(grid, bed, cell(4, 0), 0.0);
  // Cell area R^2 dlon (sin 0.5 - sin -0.5) with dlon = 1 degree.
  const double a = R * R * (pi / 180.0) * 2.0 * std::sin(0.5 * pi / 180.0);
  const auto region = rimmed<int>({0, 1, 1, 0}, -1);
  const auto at_m1 = caspian::sea::region_sea_areas_m2(hyps, region, 2, -1.0);
  EXPECT_NEAR(at_m1[0], a, 1e-6 * a);
  EXPECT_NEAR(at_m1[1], 2.0 * a, 1e-6 * a);
  const auto at_m3 = caspian::sea::region_sea_areas_m2(hyps, region, 2, -3.0);
  EXPECT_NEAR(at_m3[1], a, 1e-6 * a);  // the -2 m cell is dry
  EXPECT_NEAR(at_m3[0] + at_m3[1], hyps.area_m2(-3.0), 1e-6 * a);
  // A cell in no region is left out.
  const auto partial = rimmed<int>({0, -1, 1, 0}, -1);
  EXPECT_NEAR(caspian::sea::region_sea_areas_m2(hyps, partial, 2, -1.0)[1], a, 1e-6 * a);
  EXPECT_THROW(caspian::sea::region_sea_areas_m2(hyps, std::vector<int>{0, 1}, 2, -1.0),
               std::invalid_argument);
}

TEST(SeaSeabed, WithSubgridReliefTheRegionsFollowTheHypsometryRamp) {
  const auto grid = rimmed_grid(3);
  const auto bed = rimmed<double>({-10.0, -4.0, -2.0}, 100.0);
  const Hypsometry hyps(grid, bed, cell(3, 0), 1.0);
  const auto region = rimmed<int>({0, 0, 1}, -1);
  const double a = grid.cell_area_m2(1);
  // At -2.25 m the -2 m cell is a quarter wet (ramp -2.5..-1.5).
  const auto areas = caspian::sea::region_sea_areas_m2(hyps, region, 2, -2.25);
  EXPECT_NEAR(areas[1], 0.25 * a, 1e-6 * a);
  EXPECT_NEAR(areas[0] + areas[1], hyps.area_m2(-2.25), 1e-6 * a);
}

TEST(SeaSeabed, WaterDepthOnlyInConnectedWetCells) {
  // A depression (-8) behind a sill (0) is not the sea at -1 m.
  const auto grid = rimmed_grid(4);
  const auto bed = rimmed<double>({-6.0, -3.0, 0.0, -8.0}, 100.0);
  const Hypsometry hyps(grid, bed, cell(4, 0), 0.0);
  const auto depth = caspian::sea::sea_water_depth_m(hyps, -1.0);
  EXPECT_DOUBLE_EQ(depth[cell(4, 0)], 5.0);
  EXPECT_DOUBLE_EQ(depth[cell(4, 1)], 2.0);
  EXPECT_TRUE(std::isnan(depth[cell(4, 2)]));
  EXPECT_TRUE(std::isnan(depth[cell(4, 3)]));
  EXPECT_TRUE(std::isnan(depth[0]));
}

// A strip of 0.1-degree cells along the equator (centres 0.05..0.55 E) with a dry row north of
// it: land, then sea getting deeper eastwards. Distances are multiples of d = 0.1 degree of
// the equator.
std::vector<double> with_wall_row(std::vector<double> row) {
  row.resize(2 * row.size(), nan);
  return row;
}

TEST(SeaSeabed, GreatCircleAndPointToCell) {
  // One degree of longitude on the equator: R pi / 180.
  const double deg_m = R * pi / 180.0;
  EXPECT_NEAR(caspian::sea::great_circle_m(0.0, 0.0, 0.0, 1.0), deg_m, 1e-6);
  EXPECT_NEAR(caspian::sea::great_circle_m(10.0, 3.0, 11.0, 3.0), deg_m, 1e-6);
  const LatLonGrid grid(centres(0.0, 1.0, 2), centres(0.5, 1.0, 4));
  // Cell 2 spans 2..3 E, -0.5..0.5 N: from (0, 0.5) its west edge is 1.5 degrees away.
  EXPECT_NEAR(caspian::sea::point_to_cell_m(grid, 2, 0.0, 0.5), 1.5 * deg_m, 1e-6);
  EXPECT_DOUBLE_EQ(caspian::sea::point_to_cell_m(grid, 2, 0.2, 2.7), 0.0);
  // From 2 N on the cell's central meridian: 1.5 degrees along it to the north edge.
  EXPECT_NEAR(caspian::sea::point_to_cell_m(grid, 2, 2.0, 2.5), 1.5 * deg_m, 1e-6);
}

TEST(SeaSeabed, ShoreAndDeepWaterDistancesAlongAStrip) {
  const LatLonGrid grid(centres(0.0, 0.1, 2), centres(0.05, 0.1, 6));
  const double d = R * 0.1 * pi / 180.0;
  const auto depth = with_wall_row({nan, nan, 1.0, 3.0, 6.0, 9.0});
  const std::vector<double> need{0.5, 3.0, 5.0, 8.0, 20.0};
  // A port at the centre of the first land cell (0.05 E): the sea begins at 0.2 E (1.5 d).
  const auto s = caspian::sea::shore_distances(grid, depth, 0.0, 0.05, need);
  EXPECT_NEAR(s.shore_m, 1.5 * d, 1e-6 * d);
  EXPECT_EQ(s.shore_cell, 2u);
  EXPECT_NEAR(s.deep_water_m[0], 1.5 * d, 1e-6 * d);  // the shore cell is deep enough
  EXPECT_NEAR(s.deep_water_m[1], 2.5 * d, 1e-6 * d);  // the 3 m cell's west edge at 0.3 E
  EXPECT_NEAR(s.deep_water_m[2], 3.5 * d, 1e-6 * d);
  EXPECT_NEAR(s.deep_water_m[3], 4.5 * d, 1e-6 * d);
  EXPECT_TRUE(std::isnan(s.deep_water_m[4]));  // nowhere 20 m deep
  // A port inside a sea cell (at the centre of the 1 m cell): shore 0, the 6 m edge 1.5 d away.
  const auto in = caspian::sea::shore_distances(grid, depth, 0.0, 0.25, need);
  EXPECT_DOUBLE_EQ(in.shore_m, 0.0);
  EXPECT_NEAR(in.deep_water_m[2], 1.5 * d, 1e-6 * d);
}

// Along a route (an approach channel) the distances are the route's own (its chainages), to the
// first step in a wet or deep enough cell; what the route does not reach is reached from its end
// over the sea grid.
TEST(SeaSeabed, DistancesAlongARouteThenOverTheSeaFromItsEnd) {
  const LatLonGrid grid(centres(0.0, 0.1, 2), centres(0.05, 0.1, 6));
  const double d = R * 0.1 * pi / 180.0;
  const auto depth = with_wall_row({nan, nan, 1.0, 3.0, 6.0, 9.0});
  const std::vector<double> need{0.5, 3.0, 6.0, 20.0};
  // From the first land cell's centre (0.05 E) east to 0.35 E, 3 d straight, charted as 6 d long
  // (a winding channel): every distance along it counts double.
  const std::vector<caspian::sea::RouteMark> marks{{0.0, 0.05, 0.0}, {0.0, 0.35, 6.0 * d}};
  const auto route = caspian::sea::route_from_marks(marks);
  ASSERT_EQ(route.size(), 2u);
  EXPECT_DOUBLE_EQ(route[1].along_m, 6.0 * d);
  const auto s = caspian::sea::route_distances(grid, depth, route, need);
  // The sea begins at 0.2 E, 1.5 d straight: 3 d along; steps of at most a quarter cell
  // (0.5 d along) find it within one step past it.
  EXPECT_GE(s.shore_m, 3.0 * d - 1e-6 * d);
  EXPECT_LT(s.shore_m, 3.5 * d);
  EXPECT_EQ(s.shore_cell, 2u);
  EXPECT_DOUBLE_EQ(s.deep_water_m[0], s.shore_m);
  EXPECT_GE(s.deep_water_m[1], 5.0 * d - 1e-6 * d);  // the 3 m cell from 0.3 E: 2.5 d straight
  EXPECT_LT(s.deep_water_m[1], 5.5 * d);
  // The 6 m cell (from 0.4 E) lies past the route's end (0.35 E, in the 3 m cell): the route's
  // 6 d plus shore_distances from its end, 0.5 d to that cell's edge.
  const auto from_end = caspian::sea::shore_distances(grid, depth, 0.0, 0.35, {{6.0}});
  EXPECT_NEAR(from_end.deep_water_m[0], 0.5 * d, 1e-6 * d);
  EXPECT_DOUBLE_EQ(s.deep_water_m[2], 6.0 * d + from_end.deep_water_m[0]);
  EXPECT_TRUE(std::isnan(s.deep_water_m[3]));  // nowhere 20 m deep
}

// A route's points between two published chainages are placed by their share of the straight
// line between them; before the first and after the last by straight-line distance.
TEST(SeaSeabed, RoutePointsBetweenPublishedChainagesTakeTheirShare) {
  const double d = R * 0.1 * pi / 180.0;  // 0.1 degree along the equator
  const std::vector<caspian::sea::RouteMark> marks{{0.0, 0.0, std::nullopt},
                                                   {0.0, 0.1, 10'000.0},
                                                   {0.0, 0.4, std::nullopt},
                                                   {0.0, 0.5, 50'000.0},
                                                   {0.0, 0.7, std::nullopt}};
  const auto route = caspian::sea::route_from_marks(marks);
  ASSERT_EQ(route.size(), 5u);
  // Chainages: 10 km - d, 10 km, 10 km + 3/4 of 40 km, 50 km, 50 km + 2 d; from the first point.
  EXPECT_DOUBLE_EQ(route[0].along_m, 0.0);
  EXPECT_NEAR(route[1].along_m, d, 1e-6);
  EXPECT_NEAR(route[2].along_m, d + 30'000.0, 1e-6);
  EXPECT_NEAR(route[3].along_m, d + 40'000.0, 1e-6);
  EXPECT_NEAR(route[4].along_m, d + 40'000.0 + 2.0 * d, 1e-6);
  const std::vector<caspian::sea::RouteMark> backwards{{0.0, 0.0, 5'000.0}, {0.0, 0.1, 1'000.0}};
  EXPECT_THROW(caspian::sea::route_from_marks(backwards), std::invalid_argument);
}

// The path goes round land, not across it: a 3 x 3 grid whose centre cell is land, sea around.
TEST(SeaSeabed, DeepWaterPathGoesRoundLand) {
  const double step = 0.1;
  const LatLonGrid grid(centres(-0.1, step, 3), centres(-0.1, step, 3));
  // Row-major from the south-west; only the north-east corner is deep. Land in the middle and
  // in the south-east, north-west corners: the path from the south-west corner must go round.
  std::vector<double> depth{1.0, 1.0, nan,    // south row
                            nan, nan, 1.0,    // middle row
                            nan, 1.0, 10.0};  // north row
  const std::vector<double> need{5.0};
  // From the south-west cell's centre the only way is SW -> S -> (diagonal) E -> NE; the deep
  // cell's edge is half the last (northward) step before its centre.
  const auto s = caspian::sea::shore_distances(grid, depth, -0.1, -0.1, need);
  const double d_ew = caspian::sea::great_circle_m(-0.1, -0.1, -0.1, 0.0);
  const double d_diag = caspian::sea::great_circle_m(-0.1, 0.0, 0.0, 0.1);
  const double d_ns = caspian::sea::great_circle_m(0.0, 0.1, 0.1, 0.1);
  EXPECT_NEAR(s.deep_water_m[0], d_ew + d_diag + 0.5 * d_ns, 1e-3);
  // Unreachable deep water (cut off by land) is NaN.
  std::vector<double> cut{1.0, nan, nan, nan, nan, nan, nan, nan, 10.0};
  EXPECT_TRUE(
      std::isnan(caspian::sea::shore_distances(grid, cut, -0.1, -0.1, need).deep_water_m[0]));
  // No sea at all: the shore distance is NaN.
  std::vector<double> dry(9, nan);
  EXPECT_TRUE(std::isnan(caspian::sea::shore_distances(grid, dry, 0.0, 0.0, need).shore_m));
}

// The nearest sea cell is a closed lagoon; the open sea a little farther is reached over land:
// the shore zone (sea cells within a cell diagonal of the shore distance) are all starts.
TEST(SeaSeabed, ALagoonNearestTheShoreDoesNotHideTheOpenSea) {
  const LatLonGrid grid(centres(0.0, 0.1, 4), centres(0.05, 0.1, 3));
  const double d = R * 0.1 * pi / 180.0;
  const std::vector<double> depth{nan,  nan,  1.0,    // the lagoon, 1.5 d east of the port
                                  nan,  nan,  nan,    //
                                  nan,  nan,  nan,    //
                                  10.0, 10.0, 10.0};  // the sea, 2.5 d north
  const std::vector<double> need{0.5, 5.0};
  const auto s = caspian::sea::shore_distances(grid, depth, 0.0, 0.05, need);
  EXPECT_NEAR(s.shore_m, 1.5 * d, 1e-6 * d);
  EXPECT_NEAR(s.deep_water_m[0], 1.5 * d, 1e-6 * d);
  EXPECT_NEAR(s.deep_water_m[1], 2.5 * d, 1e-6 * d);
}

// The definition in seabed.hpp computed the plain way: every distance by great_circle_m and
// point_to_cell_m, the search over the whole sea, the minimum over every cell at the end.
std::vector<double> deep_water_by_definition(const LatLonGrid& grid,
                                             const std::vector<double>& depth, double lat,
                                             double lon, const std::vector<double>& need) {
  using caspian::sea::great_circle_m;
  using caspian::sea::point_to_cell_m;
  const double inf = std::numeric_limits<double>::infinity();
  const std::size_t nlon = grid.nlon();
  double best = inf;
  std::size_t c0 = 0;
  for (std::size_t c = 0; c < grid.size(); ++c)
    if (depth[c] > 0.0 && point_to_cell_m(grid, c, lat, lon) < best) {
      best = point_to_cell_m(grid, c, lat, lon);
      c0 = c;
    }
  const double zone = best + great_circle_m(grid.lat_south_deg(c0 / nlon), 0.0,
                                            grid.lat_north_deg(c0 / nlon), grid.dlon_deg());
  std::vector<double> dist(grid.size(), inf), entry(grid.size(), inf);
  std::vector<bool> done(grid.size(), false);
  for (std::size_t c = 0; c < grid.size(); ++c) {
    const double edge = depth[c] > 0.0 ? point_to_cell_m(grid, c, lat, lon) : inf;
    if (edge > zone) continue;
    const double clat = std::clamp(lat, grid.lat_south_deg(c / nlon), grid.lat_north_deg(c / nlon));
    const double half = 0.5 * grid.dlon_deg(), centre_lon = grid.lon_deg()[c % nlon];
    const double clon = std::clamp(lon, centre_lon - half, centre_lon + half);
    entry[c] = edge;
    dist[c] = edge + great_circle_m(clat, clon, grid.lat_deg()[c / nlon], centre_lon);
  }
  for (;;) {  // Dijkstra by linear scans: slow and obviously right
    std::size_t c = grid.size();
    for (std::size_t k = 0; k < grid.size(); ++k)
      if (!done[k] && std::isfinite(dist[k]) && (c == grid.size() || dist[k] < dist[c])) c = k;
    if (c == grid.size()) break;
    done[c] = true;
    const long i = long(c / nlon), j = long(c % nlon);
    for (long di = -1; di <= 1; ++di)
      for (long dj = -1; dj <= 1; ++dj) {
        if ((di == 0 && dj == 0) || i + di < 0 || i + di >= long(grid.nlat()) || j + dj < 0 ||
            j + dj >= long(nlon))
          continue;
        const auto n = std::size_t((i + di) * long(nlon) + j + dj);
        if (!(depth[n] > 0.0)) continue;
        const double step = great_circle_m(
            grid.lat_deg()[std::size_t(i)], grid.lon_deg()[std::size_t(j)],
            grid.lat_deg()[std::size_t(i + di)], grid.lon_deg()[std::size_t(j + dj)]);
        entry[n] = std::min(entry[n], dist[c] + 0.5 * step);
        dist[n] = std::min(dist[n], dist[c] + step);
      }
  }
  std::vector<double> out;
  for (double d : need) {
    double found = inf;
    for (std::size_t c = 0; c < grid.size(); ++c)
      if (depth[c] >= d) found = std::min(found, entry[c]);
    out.push_back(std::isfinite(found) ? found : nan);
  }
  return out;
}

// The search's shortcuts (tables of the steps, the stop once every depth is reached) change no
// bit: on random coasts, regular and irregular in longitude, the distances equal the definition's.
TEST(SeaSeabed, ShoreDistancesEqualTheirDefinitionOnRandomCoasts) {
  std::uint64_t state = 12345;
  auto uniform = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return double(state >> 11) * 0x1.0p-53;
  };
  for (int trial = 0; trial < 8; ++trial) {
    std::vector<double> lons = centres(47.05, 1.0 / 6.0, 24);
    // Odd trials: longitudes as a file holds them, even within LatLonGrid's tolerance but not
    // bit for bit (each step differs in its last digits), so the steps are not tabulated.
    if (trial % 2 == 1)
      for (double& lon : lons) lon += 1.0e-8 * (uniform() - 0.5);
    const LatLonGrid grid(centres(40.05, 1.0 / 6.0, 20), lons);
    std::vector<double> depth(grid.size(), nan);
    for (std::size_t c = 0; c < grid.size(); ++c) {
      const double bed =
          12.0 * double(c % grid.nlon()) / double(grid.nlon()) - 3.0 + 4.0 * uniform();
      if (bed > 0.0) depth[c] = bed;
    }
    const std::vector<double> need{0.5, 4.0, 7.5, 11.0, 40.0};
    const double lat = 40.0 + 3.2 * uniform(), lon = 47.0 + 1.5 * uniform();
    const auto s = caspian::sea::shore_distances(grid, depth, lat, lon, need);
    const auto want = deep_water_by_definition(grid, depth, lat, lon, need);
    ASSERT_EQ(s.deep_water_m.size(), want.size());
    for (std::size_t r = 0; r < want.size(); ++r) {
      if (std::isnan(want[r]))
        EXPECT_TRUE(std::isnan(s.deep_water_m[r])) << "trial " << trial << " depth " << need[r];
      else
        EXPECT_EQ(s.deep_water_m[r], want[r]) << "trial " << trial << " depth " << need[r];
    }
  }
}

TEST(PortsRequiredDepth, DesignDraftPlusUkcByTheDraftRule) {
  caspian::ports::VesselClass v;
  v.beam_m = 16.0;
  v.reference_density_t_per_m3 = 1.010;
  v.design_draft_m = 4.5;
  v.block_coefficient = 0.8;
  v.service_speed_kn = 10.0;
  caspian::ports::UkcRule rule;
  rule.fraction_of_draft = 0.10;
  rule.minimum_m = 0.3;
  // 4.5 + max(0.45, 0.3) = 4.95 m in water of the reference density.
  EXPECT_NEAR(caspian::ports::required_water_depth_m(v, rule, 1.010), 4.95, 5e-4);
  // Fresh water: the draft is 4.5 x 1.010 / 1.000 = 4.545 m, clearance 0.4545 m.
  EXPECT_NEAR(caspian::ports::required_water_depth_m(v, rule, 1.000), 4.545 * 1.1, 5e-4);
  // In a confined channel at speed, squat adds to it: the depth found loads the design draft.
  rule.speed_kn = 8.0;
  rule.channel_width_m = 60.0;
  const double need = caspian::ports::required_water_depth_m(v, rule, 1.010);
  EXPECT_GT(need, 4.95 + 0.2);
  EXPECT_GE(caspian::ports::allowed_draft(v, rule, need, 1.010).allowed_draft_m, 4.5 - 3e-4);
  EXPECT_LT(caspian::ports::allowed_draft(v, rule, need - 0.01, 1.010).allowed_draft_m, 4.5);
}

}  // namespace
