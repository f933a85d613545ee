// The drainage network on small synthetic DEMs: pit filling against brute force, paths, cycles,
// area conservation, routing order, endorheic sinks, shoreline retreat and basin labels.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "caspian/catchment/drainage.hpp"
#include "caspian/core/grid.hpp"

namespace {
using namespace caspian::catchment;
using caspian::core::LatLonGrid;

std::vector<double> centres(double first, double step, std::size_t n) {
  std::vector<double> v(n);
  for (std::size_t k = 0; k < n; ++k) v[k] = first + step * static_cast<double>(k);
  return v;
}

LatLonGrid test_grid(std::size_t nlat, std::size_t nlon) {
  return LatLonGrid(centres(40.0, 1.0 / 6.0, nlat), centres(48.0, 1.0 / 6.0, nlon));
}

NetworkOptions no_sinks() {
  NetworkOptions o;
  o.ocean_level_m = -1.0e9;  // no ocean
  o.endorheic_min_depth_m = 1.0e9;
  return o;
}

// A bowl around the middle (the sea) with whole-metre noise: ties, pits and flats.
std::vector<double> random_dem(const LatLonGrid& grid, std::mt19937& rng) {
  std::uniform_real_distribution<double> noise(-20.0, 20.0);
  std::vector<double> z(grid.size());
  const double ci = 0.5 * static_cast<double>(grid.nlat());
  const double cj = 0.5 * static_cast<double>(grid.nlon());
  for (std::size_t i = 0; i < grid.nlat(); ++i)
    for (std::size_t j = 0; j < grid.nlon(); ++j) {
      const double di = static_cast<double>(i) - ci;
      const double dj = static_cast<double>(j) - cj;
      z[grid.index(i, j)] = std::round(-40.0 + 0.5 * (di * di + dj * dj) + noise(rng));
    }
  return z;
}

std::vector<std::uint8_t> centre_sea(const LatLonGrid& grid, double radius_cells) {
  std::vector<std::uint8_t> sea(grid.size(), 0);
  const double ci = 0.5 * static_cast<double>(grid.nlat());
  const double cj = 0.5 * static_cast<double>(grid.nlon());
  for (std::size_t i = 0; i < grid.nlat(); ++i)
    for (std::size_t j = 0; j < grid.nlon(); ++j) {
      const double di = static_cast<double>(i) - ci;
      const double dj = static_cast<double>(j) - cj;
      if (di * di + dj * dj <= radius_cells * radius_cells) sea[grid.index(i, j)] = 1;
    }
  return sea;
}

std::vector<std::size_t> neighbours8(const LatLonGrid& grid, std::size_t c) {
  std::vector<std::size_t> out;
  const auto i = static_cast<long>(c / grid.nlon());
  const auto j = static_cast<long>(c % grid.nlon());
  for (long di = -1; di <= 1; ++di)
    for (long dj = -1; dj <= 1; ++dj) {
      if (di == 0 && dj == 0) continue;
      const long a = i + di;
      const long b = j + dj;
      if (a >= 0 && b >= 0 && a < static_cast<long>(grid.nlat()) &&
          b < static_cast<long>(grid.nlon())) {
        out.push_back(grid.index(static_cast<std::size_t>(a), static_cast<std::size_t>(b)));
      }
    }
  return out;
}

// Brute force: W = elevation at outlets, else the fixed point of W_c = max(z_c, min_n W_n).
std::vector<double> brute_force_fill(const LatLonGrid& grid, const std::vector<double>& z,
                                     const std::vector<OutletKind>& outlet) {
  std::vector<double> w(z.size(), std::numeric_limits<double>::infinity());
  for (std::size_t c = 0; c < z.size(); ++c)
    if (outlet[c] != OutletKind::none) w[c] = z[c];
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t c = 0; c < z.size(); ++c) {
      if (outlet[c] != OutletKind::none) continue;
      double lowest = std::numeric_limits<double>::infinity();
      for (std::size_t n : neighbours8(grid, c)) lowest = std::min(lowest, w[n]);
      const double v = std::max(z[c], lowest);
      if (v < w[c]) {
        w[c] = v;
        changed = true;
      }
    }
  }
  return w;
}

// Every invariant of a network: paths end in outlets without cycles and never climb the filled
// surface, D8 codes match the downstream cell, areas are conserved, and the routing order is
// valid.
void check_network(const DrainageNetwork& net) {
  const auto& grid = net.grid;
  const std::size_t n = grid.size();
  ASSERT_EQ(net.downstream.size(), n);
  for (std::size_t c = 0; c < n; ++c) {
    if (net.outlet[c] != OutletKind::none) {
      EXPECT_EQ(net.downstream[c], no_cell);
      EXPECT_EQ(net.d8[c], 0);
      EXPECT_EQ(net.entry[c], c);
      continue;
    }
    const std::size_t d = net.downstream[c];
    ASSERT_NE(d, no_cell) << "land cell " << c << " has no downstream";
    const auto nb = neighbours8(grid, c);
    EXPECT_NE(std::find(nb.begin(), nb.end(), d), nb.end()) << "downstream not a neighbour";
    EXPECT_LE(net.filled_m[d], net.filled_m[c]);
    EXPECT_GE(net.filled_m[c], net.elevation_m[c]);
    // D8 code points at the downstream cell (rows run south to north).
    const long di = static_cast<long>(d / grid.nlon()) - static_cast<long>(c / grid.nlon());
    const long dj = static_cast<long>(d % grid.nlon()) - static_cast<long>(c % grid.nlon());
    const std::uint8_t expected = dj == 1 && di == 0     ? 1
                                  : dj == 1 && di == -1  ? 2
                                  : dj == 0 && di == -1  ? 4
                                  : dj == -1 && di == -1 ? 8
                                  : dj == -1 && di == 0  ? 16
                                  : dj == -1 && di == 1  ? 32
                                  : dj == 0 && di == 1   ? 64
                                                         : 128;
    EXPECT_EQ(net.d8[c], expected);
    // The path reaches an outlet within n steps (no cycle), and that outlet is the entry.
    std::size_t x = c;
    std::size_t steps = 0;
    while (net.outlet[x] == OutletKind::none && steps <= n) {
      x = net.downstream[x];
      ++steps;
    }
    ASSERT_LE(steps, n) << "cycle through cell " << c;
    EXPECT_EQ(net.entry[c], x);
  }
  // Routing order: a permutation, each cell before its downstream and in an earlier wave.
  ASSERT_EQ(net.order.size(), n);
  std::vector<std::size_t> position(n, no_cell);
  for (std::size_t p = 0; p < n; ++p) {
    ASSERT_EQ(position[net.order[p]], no_cell) << "cell twice in the order";
    position[net.order[p]] = p;
  }
  ASSERT_EQ(net.wave_offsets.front(), 0u);
  ASSERT_EQ(net.wave_offsets.back(), n);
  for (std::size_t k = 0; k + 1 < net.wave_offsets.size(); ++k) {
    EXPECT_LT(net.wave_offsets[k], net.wave_offsets[k + 1]);
    for (std::size_t p = net.wave_offsets[k]; p < net.wave_offsets[k + 1]; ++p) {
      EXPECT_EQ(net.wave[net.order[p]], k);
    }
  }
  for (std::size_t c = 0; c < n; ++c) {
    if (net.downstream[c] == no_cell) continue;
    EXPECT_LT(position[c], position[net.downstream[c]]);
    EXPECT_LT(net.wave[c], net.wave[net.downstream[c]]);
  }
  // Upstream areas: brute force by following every path; the outlets' totals are the grid.
  std::vector<double> brute(n, 0.0);
  for (std::size_t c = 0; c < n; ++c)
    for (std::size_t x = c; x != no_cell; x = net.downstream[x]) brute[x] += net.cell_area_m2[c];
  double outlets = 0.0;
  double inflow = 0.0;
  double land = 0.0;
  double total = 0.0;
  for (std::size_t c = 0; c < n; ++c) {
    EXPECT_NEAR(net.upstream_area_m2[c], brute[c], 1e-6 * brute[c]);
    total += net.cell_area_m2[c];
    if (net.outlet[c] != OutletKind::none) {
      outlets += net.upstream_area_m2[c];
      inflow += net.upstream_area_m2[c] - net.cell_area_m2[c];
    } else {
      land += net.cell_area_m2[c];
    }
  }
  EXPECT_NEAR(outlets, total, 1e-9 * total);
  EXPECT_NEAR(inflow, land, 1e-9 * total);
}

TEST(CatchmentDrainage, PitFillingMatchesBruteForceAndNetworkIsValid) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 6; ++trial) {
    const LatLonGrid grid = test_grid(17 + static_cast<std::size_t>(trial), 23);
    const auto z = random_dem(grid, rng);
    const auto sea = centre_sea(grid, 3.0);
    const auto net = build_network(grid, z, sea, no_sinks());
    EXPECT_FALSE(net.depressions.empty());  // the noise makes pits to fill
    EXPECT_EQ(net.filled_m, brute_force_fill(grid, z, net.outlet)) << "trial " << trial;
    check_network(net);
  }
}

TEST(CatchmentDrainage, InternalSinksAreFilledOnlyToTheirOwnRim) {
  std::mt19937 rng(11);
  const LatLonGrid grid = test_grid(21, 21);
  const auto z = random_dem(grid, rng);
  NetworkOptions o = no_sinks();
  o.endorheic_min_depth_m = 10.0;
  o.endorheic_max_spill_m = 1.0e9;
  const auto net = build_network(grid, z, centre_sea(grid, 3.0), o);
  EXPECT_GT(std::count(net.outlet.begin(), net.outlet.end(), OutletKind::internal), 0);
  EXPECT_EQ(net.filled_m, brute_force_fill(grid, z, net.outlet));
  check_network(net);
}

TEST(CatchmentDrainage, FlatsDrainToTheirOutlet) {
  // A flat plateau at 10 m with the sea along the south row: every cell must drain.
  const LatLonGrid grid = test_grid(12, 15);
  std::vector<double> z(grid.size(), 10.0);
  std::vector<std::uint8_t> sea(grid.size(), 0);
  for (std::size_t j = 0; j < grid.nlon(); ++j) {
    z[grid.index(0, j)] = -30.0;
    sea[grid.index(0, j)] = 1;
  }
  NetworkOptions o = no_sinks();
  const auto net = build_network(grid, z, sea, o);
  check_network(net);
}

TEST(CatchmentDrainage, DeepLowlandDepressionIsAnEndorheicSink) {
  // Sea in the south-west corner region; a lowland basin 80 m deep (spill 50 m) in the east and a
  // 20 m deep pit in the west.
  const LatLonGrid grid = test_grid(20, 30);
  std::vector<double> z(grid.size());
  std::vector<std::uint8_t> sea(grid.size(), 0);
  for (std::size_t i = 0; i < grid.nlat(); ++i)
    for (std::size_t j = 0; j < grid.nlon(); ++j) {
      const std::size_t c = grid.index(i, j);
      z[c] = 10.0 + 2.0 * static_cast<double>(i + j);  // rises to the north-east
      if (i < 3 && j < 3) {
        z[c] = -50.0;
        sea[c] = 1;
      }
    }
  // East basin: a ring at 300 m around a bowl down to -30 m (depth 330 m; spill ~300 m).
  for (std::size_t i = 6; i <= 14; ++i)
    for (std::size_t j = 18; j <= 26; ++j) {
      const bool ring = i == 6 || i == 14 || j == 18 || j == 26;
      z[grid.index(i, j)] = ring ? 300.0 : -30.0;
    }
  // West pit: 20 m below its surroundings.
  z[grid.index(10, 8)] -= 20.0;
  NetworkOptions o;
  o.ocean_level_m = -1000.0;
  o.endorheic_min_depth_m = 60.0;
  o.endorheic_max_spill_m = 400.0;
  const auto net = build_network(grid, z, sea, o);
  check_network(net);
  const std::size_t inside = grid.index(10, 22);
  EXPECT_EQ(net.outlet[net.entry[inside]], OutletKind::internal);
  EXPECT_NE(net.outlet[net.entry[grid.index(10, 8)]], OutletKind::internal);
  // With a lower spill limit the same basin is a highland one: filled, it drains on.
  o.endorheic_max_spill_m = 200.0;
  const auto filled = build_network(grid, z, sea, o);
  check_network(filled);
  EXPECT_NE(filled.outlet[filled.entry[inside]], OutletKind::internal);
}

TEST(CatchmentDrainage, OceanIsBelowLevelAndConnectedToTheEdge) {
  const LatLonGrid grid = test_grid(10, 10);
  std::vector<double> z(grid.size(), 50.0);
  std::vector<std::uint8_t> sea(grid.size(), 0);
  for (std::size_t i = 0; i < 4; ++i) z[grid.index(i, 0)] = -100.0;  // ocean inlet at the edge
  z[grid.index(5, 5)] = -100.0;                                      // inland, not ocean
  const auto ocean = ocean_mask(grid, z, sea, 0.0);
  EXPECT_EQ(ocean[grid.index(2, 0)], 1);
  EXPECT_EQ(ocean[grid.index(5, 5)], 0);
  EXPECT_EQ(std::accumulate(ocean.begin(), ocean.end(), 0), 4);
}

TEST(CatchmentDrainage, ShorelineRetreatNewLandDrainsToTheNewShore) {
  std::mt19937 rng(3);
  const LatLonGrid grid = test_grid(25, 25);
  auto z = random_dem(grid, rng);
  const auto high = centre_sea(grid, 6.0);
  const auto low = centre_sea(grid, 3.0);
  // Make the sea cells the lowest ground so that the retreating sea exposes a slope.
  for (std::size_t c = 0; c < grid.size(); ++c)
    if (high[c] != 0) z[c] = std::min(z[c], -60.0 + (low[c] != 0 ? -30.0 : 0.0));
  const auto before = build_network(grid, z, high, no_sinks());
  const auto after = rebuild_network(before, low);
  check_network(before);
  check_network(after);
  std::size_t exposed = 0;
  for (std::size_t c = 0; c < grid.size(); ++c) {
    if (high[c] != 0 && low[c] == 0) {
      ++exposed;
      EXPECT_EQ(before.outlet[c], OutletKind::sea);
      EXPECT_EQ(after.outlet[c], OutletKind::none) << "exposed cell " << c << " is not land";
      EXPECT_EQ(after.outlet[after.entry[c]], OutletKind::sea);
      EXPECT_EQ(low[after.entry[c]], 1) << "exposed cell does not reach the new shore";
    }
    // Land that reached the old sea now reaches the new one.
    if (high[c] == 0 && before.outlet[before.entry[c]] == OutletKind::sea) {
      EXPECT_EQ(after.outlet[after.entry[c]], OutletKind::sea);
    }
  }
  EXPECT_GT(exposed, 50u);
}

TEST(CatchmentDrainage, BasinsByEntryRegion) {
  // Sea along the south row; a ridge splits the land into a west and an east catchment.
  const LatLonGrid grid = test_grid(10, 12);
  std::vector<double> z(grid.size());
  std::vector<std::uint8_t> sea(grid.size(), 0);
  for (std::size_t i = 0; i < grid.nlat(); ++i)
    for (std::size_t j = 0; j < grid.nlon(); ++j) {
      const std::size_t c = grid.index(i, j);
      z[c] = 5.0 * static_cast<double>(i) + (j == 6 ? 100.0 : 0.0);
      if (i == 0) {
        z[c] = -40.0;
        sea[c] = 1;
      }
    }
  NetworkOptions o = no_sinks();
  const auto net = build_network(grid, z, sea, o);
  check_network(net);
  const double lat0 = grid.lat_deg()[0];
  const std::vector<EntryRegion> regions{
      {BasinId::volga, lat0 - 0.01, lat0 + 0.01, 48.0, 48.0 + 5.5 / 6.0, true},  // west
      {BasinId::ural, lat0 - 0.01, lat0 + 0.01, 48.0 + 6.5 / 6.0, 50.0, false},  // east
  };
  const auto basins = label_basins(net, regions);
  EXPECT_EQ(basins.cell_basin[grid.index(0, 3)], BasinId::caspian_sea);
  EXPECT_EQ(basins.cell_basin[grid.index(5, 2)], BasinId::volga);
  double land = 0.0;
  double named = 0.0;
  for (std::size_t c = 0; c < grid.size(); ++c) {
    if (sea[c] == 0 && net.outlet[c] == OutletKind::none) land += net.cell_area_m2[c];
  }
  for (const auto& s : basins.summaries) named += s.land_area_m2;
  // Only the largest entry in the east box is the Ural; the rest there is other_caspian.
  EXPECT_EQ(basins.summaries[static_cast<std::size_t>(BasinId::ural)].entry_cells, 1u);
  EXPECT_GT(basins.summaries[static_cast<std::size_t>(BasinId::volga)].entry_cells, 1u);
  // Every land cell (edge cells are external outlets and land too) is in exactly one basin.
  double all_land = 0.0;
  for (std::size_t c = 0; c < grid.size(); ++c)
    if (sea[c] == 0) all_land += net.cell_area_m2[c];
  EXPECT_NEAR(named, all_land, 1e-9 * all_land);
  EXPECT_GT(land, 0.0);
}

}  // namespace

namespace {
// A plane rising north-east from a sea in the south-west corner, with a highland closed basin A
// (a cone down to 500 m inside a 600 m rim, rows 6..14, columns 20..28) and, west of it, a
// deeper highland depression B (200 m inside a 700 m rim) whose lowest exit is a 550 m notch into
// A: on a smoothed DEM, a river valley blocked by its gorge next to a closed basin.
struct ClosedBasinDem {
  LatLonGrid grid = test_grid(20, 32);
  std::vector<double> z;
  std::vector<std::uint8_t> sea;
  std::size_t a_bottom = 0;
  std::size_t a_low_pit = 0;   // below A's bottom, enclosed by A's slopes
  std::size_t a_high_pit = 0;  // a shallow pit on A's slopes
  std::size_t b_bottom = 0;

  ClosedBasinDem() : z(grid.size()), sea(grid.size(), 0) {
    for (std::size_t i = 0; i < grid.nlat(); ++i)
      for (std::size_t j = 0; j < grid.nlon(); ++j) {
        const std::size_t c = grid.index(i, j);
        z[c] = 10.0 + 2.0 * static_cast<double>(i + j);
        if (i < 3 && j < 3) {
          z[c] = -50.0;
          sea[c] = 1;
        }
      }
    for (std::size_t i = 6; i <= 14; ++i)
      for (std::size_t j = 20; j <= 28; ++j) {
        const double di = static_cast<double>(i) - 10.0;
        const double dj = static_cast<double>(j) - 24.0;
        const bool rim = i == 6 || i == 14 || j == 20 || j == 28;
        z[grid.index(i, j)] = rim ? 600.0 : 500.0 + 5.0 * (di * di + dj * dj);
      }
    a_bottom = grid.index(10, 24);
    a_low_pit = grid.index(8, 22);
    z[a_low_pit] = 450.0;
    a_high_pit = grid.index(12, 26);
    z[a_high_pit] = 520.0;  // neighbours 525..545: a 5 m pit above A's bottom
    for (std::size_t i = 6; i <= 14; ++i)
      for (std::size_t j = 9; j <= 19; ++j) {
        const bool rim = i == 6 || i == 14 || j == 9 || j == 15;
        double v = rim ? 700.0 : 200.0;
        if (j >= 16) v = 800.0;             // a wall between B and A
        if (i == 10 && j >= 15) v = 550.0;  // the notch from B into A
        z[grid.index(i, j)] = v;
      }
    b_bottom = grid.index(10, 12);
  }
};
}  // namespace

TEST(CatchmentDrainage, KnownClosedBasinCapturesItsDepressionAndSlopes) {
  const ClosedBasinDem d;
  NetworkOptions o;
  o.ocean_level_m = -1000.0;
  // Without the list: A and B are highland depressions (spill 600 m > 200 m), filled, draining on
  // to the sea or the grid edge.
  const auto plain = build_network(d.grid, d.z, d.sea, o);
  check_network(plain);
  EXPECT_NE(plain.outlet[plain.entry[d.a_bottom]], OutletKind::internal);
  EXPECT_TRUE(plain.closed_basin_sinks.empty());

  o.closed_basin_cells = {d.a_bottom};
  const auto net = build_network(d.grid, d.z, d.sea, o);
  check_network(net);
  ASSERT_EQ(net.closed_basin_sinks, std::vector<std::size_t>{d.a_bottom});
  EXPECT_EQ(net.outlet[d.a_bottom], OutletKind::internal);
  // Every cell inside A's rim, the enclosed pit below the sink and the shallow pit included,
  // ends in the sink; its slopes drain to it without being filled.
  for (std::size_t i = 7; i <= 13; ++i)
    for (std::size_t j = 21; j <= 27; ++j) {
      const std::size_t c = d.grid.index(i, j);
      EXPECT_EQ(net.entry[c], d.a_bottom) << "cell " << i << "," << j;
      if (c != d.a_low_pit && c != d.a_high_pit) {
        EXPECT_EQ(net.filled_m[c], d.z[c]);
      }
    }
  EXPECT_EQ(net.entry[d.a_low_pit], d.a_bottom);
  EXPECT_EQ(net.entry[d.a_high_pit], d.a_bottom);
  // B is lower than A's lake: it cannot drain into it and spills over its own 700 m rim.
  EXPECT_NE(net.outlet[net.entry[d.b_bottom]], OutletKind::internal);
  EXPECT_EQ(net.filled_m[d.b_bottom], 700.0);
  // The plain outside both depressions drains as before.
  for (std::size_t c = 0; c < d.grid.size(); ++c) {
    const std::size_t i = c / d.grid.nlon();
    const std::size_t j = c % d.grid.nlon();
    if (i < 6 || i > 14 || j < 9 || j > 28) {
      EXPECT_EQ(net.entry[c], plain.entry[c]) << "cell " << c;
    }
  }
  // Labels: A's cells are endorheic.
  const auto basins = label_basins(net, {});
  EXPECT_EQ(basins.cell_basin[d.grid.index(9, 23)], BasinId::endorheic);
  EXPECT_NE(basins.cell_basin[d.b_bottom], BasinId::endorheic);
}

TEST(CatchmentDrainage, KnownClosedBasinStaysASinkWhenTheShorelineMoves) {
  const ClosedBasinDem d;
  NetworkOptions o;
  o.ocean_level_m = -1000.0;
  o.closed_basin_cells = {d.a_bottom, d.a_bottom};  // listed twice: one sink
  const auto net = build_network(d.grid, d.z, d.sea, o);
  auto wider = d.sea;
  for (std::size_t i = 0; i < 5; ++i)
    for (std::size_t j = 0; j < 5; ++j) wider[d.grid.index(i, j)] = 1;
  const auto moved = rebuild_network(net, wider);
  check_network(moved);
  EXPECT_EQ(moved.closed_basin_sinks, std::vector<std::size_t>{d.a_bottom});
  for (std::size_t c = 0; c < d.grid.size(); ++c) {
    EXPECT_EQ(moved.entry[c] == d.a_bottom, net.entry[c] == d.a_bottom) << "cell " << c;
  }
  // A listed cell the sea covers stays sea; a cell outside the grid is an error.
  NetworkOptions under_sea = o;
  under_sea.closed_basin_cells = {d.grid.index(1, 1)};
  const auto sea_net = build_network(d.grid, d.z, d.sea, under_sea);
  EXPECT_EQ(sea_net.outlet[d.grid.index(1, 1)], OutletKind::sea);
  EXPECT_TRUE(sea_net.closed_basin_sinks.empty());
  NetworkOptions outside = o;
  outside.closed_basin_cells = {d.grid.size()};
  EXPECT_THROW(build_network(d.grid, d.z, d.sea, outside), std::invalid_argument);
}

TEST(CatchmentDrainage, LowestCellWithinARadius) {
  const ClosedBasinDem d;
  const double lat = d.grid.lat_deg()[9];
  const double lon = d.grid.lon_deg()[23];
  // Within ~45 km (two cells) of (9, 23): the enclosed pit at (8, 22) is the lowest.
  EXPECT_EQ(lowest_cell_within(d.grid, d.z, lat, lon, 45.0e3), d.a_low_pit);
  EXPECT_EQ(lowest_cell_within(d.grid, d.z, lat, lon, 0.0), d.grid.index(9, 23));
  std::vector<std::uint8_t> usable(d.grid.size(), 1);
  usable[d.a_low_pit] = 0;
  EXPECT_EQ(lowest_cell_within(d.grid, d.z, lat, lon, 45.0e3, usable), d.a_bottom);
  EXPECT_EQ(lowest_cell_within(d.grid, d.z, 10.0, 10.0, 45.0e3), no_cell);  // off the grid
}
