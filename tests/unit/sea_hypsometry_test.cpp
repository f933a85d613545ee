#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "caspian/core/error.hpp"
#include "caspian/core/grid.hpp"
#include "caspian/sea/hypsometry.hpp"

namespace {
using caspian::core::LatLonGrid;
using caspian::sea::Hypsometry;

std::vector<double> centres(double first, double step, std::size_t n) {
  std::vector<double> v(n);
  for (std::size_t k = 0; k < n; ++k) v[k] = first + step * static_cast<double>(k);
  return v;
}

LatLonGrid test_grid(std::size_t nlat, std::size_t nlon) {
  return LatLonGrid(centres(40.0, 1.0 / 6.0, nlat), centres(48.0, 1.0 / 6.0, nlon));
}

// Random bathymetry with whole-metre beds (ties, as in ETOPO1) and a fractional part on some
// cells; a basin around the seed, random lumps and depressions elsewhere.
std::vector<double> random_bed(const LatLonGrid& grid, std::mt19937& rng, bool whole_metres) {
  std::uniform_real_distribution<double> noise(-15.0, 15.0);
  std::vector<double> bed(grid.size());
  const double ci = 0.5 * static_cast<double>(grid.nlat());
  const double cj = 0.5 * static_cast<double>(grid.nlon());
  for (std::size_t i = 0; i < grid.nlat(); ++i)
    for (std::size_t j = 0; j < grid.nlon(); ++j) {
      const double r2 = (static_cast<double>(i) - ci) * (static_cast<double>(i) - ci) +
                        (static_cast<double>(j) - cj) * (static_cast<double>(j) - cj);
      double b = -60.0 + 2.0 * r2 + noise(rng);
      if (whole_metres) b = std::round(b);
      bed[grid.index(i, j)] = b;
    }
  return bed;
}

// Cells reachable from the seed through cells with bed < level (4-connectivity).
std::vector<char> flood_below(const LatLonGrid& grid, const std::vector<double>& bed,
                              std::size_t seed, double level, bool inclusive) {
  std::vector<char> wet(bed.size(), 0);
  const auto below = [&](std::size_t c) { return inclusive ? bed[c] <= level : bed[c] < level; };
  if (!below(seed)) return wet;
  std::queue<std::size_t> queue;
  queue.push(seed);
  wet[seed] = 1;
  const std::size_t nlon = grid.nlon();
  while (!queue.empty()) {
    const std::size_t c = queue.front();
    queue.pop();
    const std::size_t i = c / nlon, j = c % nlon;
    std::vector<std::size_t> next;
    if (i > 0) next.push_back(c - nlon);
    if (i + 1 < grid.nlat()) next.push_back(c + nlon);
    if (j > 0) next.push_back(c - 1);
    if (j + 1 < nlon) next.push_back(c + 1);
    for (std::size_t k : next)
      if (!wet[k] && below(k)) {
        wet[k] = 1;
        queue.push(k);
      }
  }
  return wet;
}

// Join levels by repeated flood fills: the lowest bed value v such that the cell is reachable
// through cells with bed <= v.
std::vector<double> brute_join(const LatLonGrid& grid, const std::vector<double>& bed,
                               std::size_t seed) {
  std::set<double> values(bed.begin(), bed.end());
  std::vector<double> join(bed.size(), std::numeric_limits<double>::infinity());
  for (double v : values) {
    if (v < bed[seed]) continue;
    const auto wet = flood_below(grid, bed, seed, v, true);
    for (std::size_t c = 0; c < bed.size(); ++c)
      if (wet[c] && !std::isfinite(join[c])) join[c] = v;
  }
  return join;
}

struct Direct {
  double area_m2 = 0.0, volume_m3 = 0.0, spill_m2 = 0.0;  // spill: sum a r' (J - bed)
};

// The per-cell formulas evaluated directly.
Direct direct(const std::vector<double>& join, const std::vector<double>& bed,
              const std::vector<double>& area, double delta, double h) {
  Direct d;
  for (std::size_t c = 0; c < bed.size(); ++c) {
    if (!std::isfinite(join[c])) continue;
    double r, integral, slope = 0.0;
    if (delta == 0.0) {
      r = join[c] < h ? 1.0 : 0.0;
      integral = join[c] < h ? h - join[c] : 0.0;
    } else {
      const double x = h - (join[c] - 0.5 * delta);
      if (x <= 0.0) {
        r = 0.0;
        integral = 0.0;
      } else if (x >= delta) {
        r = 1.0;
        integral = h - join[c];
      } else {
        r = x / delta;
        integral = x * x / (2.0 * delta);
        slope = 1.0 / delta;
      }
    }
    d.area_m2 += area[c] * r;
    d.volume_m3 += area[c] * (integral + r * (join[c] - bed[c]));
    d.spill_m2 += area[c] * slope * (join[c] - bed[c]);
  }
  return d;
}

std::size_t centre_seed(const LatLonGrid& grid) {
  return grid.index(grid.nlat() / 2, grid.nlon() / 2);
}

TEST(SeaHypsometry, StepCellsMatchBruteForceFloodFill) {
  std::mt19937 rng(12345);
  for (int trial = 0; trial < 6; ++trial) {
    const LatLonGrid grid = test_grid(9 + 2 * trial, 11 + trial);
    const auto bed = random_bed(grid, rng, trial % 2 == 0);
    const std::size_t seed = centre_seed(grid);
    const Hypsometry hyps(grid, bed, seed, 0.0);
    const auto area = grid.cell_areas_m2();
    std::uniform_real_distribution<double> level(hyps.min_level_m_bs() - 2.0,
                                                 hyps.max_level_m_bs());
    for (int k = 0; k < 200; ++k) {
      // Whole-metre levels hit the ties exactly; fractional ones fall between.
      double h = level(rng);
      if (k % 3 == 0) h = std::min(std::round(h), hyps.max_level_m_bs());
      const auto wet = flood_below(grid, bed, seed, h, false);
      double brute_area = 0.0, brute_volume = 0.0;
      for (std::size_t c = 0; c < bed.size(); ++c)
        if (wet[c]) {
          brute_area += area[c];
          brute_volume += area[c] * (h - bed[c]);
        }
      const double scale = area[0];
      EXPECT_NEAR(hyps.area_m2(h), brute_area, 1e-9 * std::max(brute_area, scale)) << h;
      EXPECT_NEAR(hyps.volume_m3(h), brute_volume, 1e-9 * std::max(brute_volume, scale)) << h;
    }
  }
}

TEST(SeaHypsometry, JoinLevelsAndMaxLevelMatchRepeatedFloodFills) {
  std::mt19937 rng(7);
  const LatLonGrid grid = test_grid(13, 17);
  const auto bed = random_bed(grid, rng, true);
  const std::size_t seed = centre_seed(grid);
  const Hypsometry hyps(grid, bed, seed, 1.0);
  const auto join = brute_join(grid, bed, seed);
  double boundary_min = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < grid.nlat(); ++i)
    for (std::size_t j = 0; j < grid.nlon(); ++j) {
      const std::size_t c = grid.index(i, j);
      EXPECT_EQ(hyps.join_level_m_bs()[c], join[c]) << c;
      if (i == 0 || j == 0 || i + 1 == grid.nlat() || j + 1 == grid.nlon())
        boundary_min = std::min(boundary_min, join[c]);
    }
  EXPECT_EQ(hyps.join_level_m_bs()[seed], bed[seed]);
  EXPECT_EQ(hyps.max_level_m_bs(), boundary_min);
}

TEST(SeaHypsometry, SubgridReliefMatchesDirectPerCellFormulas) {
  std::mt19937 rng(99);
  for (double delta : {0.3, 1.0, 2.5, 7.0}) {
    for (bool whole : {true, false}) {
      const LatLonGrid grid = test_grid(11, 14);
      const auto bed = random_bed(grid, rng, whole);
      const std::size_t seed = centre_seed(grid);
      const Hypsometry hyps(grid, bed, seed, delta);
      const auto join = brute_join(grid, bed, seed);
      const auto area = grid.cell_areas_m2();
      std::uniform_real_distribution<double> level(hyps.min_level_m_bs() - 1.0,
                                                   hyps.max_level_m_bs());
      for (int k = 0; k < 300; ++k) {
        double h = level(rng);
        if (k % 4 == 0)
          h = std::min(std::round(h) + (k % 8 == 0 ? 0.5 * delta : 0.0), hyps.max_level_m_bs());
        const Direct d = direct(join, bed, area, delta, h);
        const double scale = area[0];
        EXPECT_NEAR(hyps.area_m2(h), d.area_m2, 1e-9 * std::max(d.area_m2, scale)) << h;
        EXPECT_NEAR(hyps.volume_m3(h), d.volume_m3, 1e-9 * std::max(d.volume_m3, scale)) << h;
      }
      const auto fraction = hyps.wet_fraction(hyps.max_level_m_bs() - 1.3);
      for (std::size_t c = 0; c < bed.size(); ++c)
        EXPECT_DOUBLE_EQ(fraction[c], hyps.wet_fraction(c, hyps.max_level_m_bs() - 1.3));
    }
  }
}

TEST(SeaHypsometry, AreaIsDerivativeOfVolume) {
  // A bowl whose bed rises with distance from the seed has no depressions (join == bed), so
  // dV/dh = A; with depressions dV/dh = A + sum over ramping cells of a (J - bed) / delta.
  std::mt19937 rng(3);
  const LatLonGrid grid = test_grid(15, 15);
  std::vector<double> bowl(grid.size());
  for (std::size_t i = 0; i < 15; ++i)
    for (std::size_t j = 0; j < 15; ++j)
      bowl[grid.index(i, j)] = -80.0 + 6.0 * std::hypot(double(i) - 7.0, double(j) - 7.0);
  const auto rough = random_bed(grid, rng, true);
  for (double delta : {0.0, 0.5, 2.0}) {
    for (const std::vector<double>* bed : {&std::as_const(bowl), &rough}) {
      const Hypsometry hyps(grid, *bed, grid.index(7, 7), delta);
      const auto join = brute_join(grid, *bed, grid.index(7, 7));
      const auto area = grid.cell_areas_m2();
      std::uniform_real_distribution<double> level(hyps.min_level_m_bs() + 0.01,
                                                   hyps.max_level_m_bs() - 0.01);
      const double eps = 1e-5;
      for (int k = 0; k < 200; ++k) {
        const double h = level(rng);
        const double derivative = (hyps.volume_m3(h + eps) - hyps.volume_m3(h - eps)) / (2 * eps);
        const Direct d = direct(join, *bed, area, delta, h);
        // Skip step (delta = 0) levels within eps of a breakpoint, where V jumps or kinks.
        bool near_break = false;
        for (double jv : join) near_break = near_break || std::abs(jv - h) < 2 * eps;
        if (delta == 0.0 && near_break) continue;
        const double expected = hyps.area_m2(h) + d.spill_m2;
        EXPECT_NEAR(derivative, expected, 1e-5 * std::max(expected, area[0])) << h;
        if (bed == &bowl) {
          EXPECT_DOUBLE_EQ(d.spill_m2, 0.0);
        }
      }
    }
  }
}

TEST(SeaHypsometry, VolumeLevelRoundTripAndMonotonicity) {
  std::mt19937 rng(2024);
  for (double delta : {0.0, 1.0, 4.0}) {
    const LatLonGrid grid = test_grid(14, 12);
    const auto bed = random_bed(grid, rng, true);
    const Hypsometry hyps(grid, bed, centre_seed(grid), delta);
    const double vmax = hyps.max_volume_m3();
    ASSERT_GT(vmax, 0.0);
    EXPECT_DOUBLE_EQ(vmax, hyps.volume_m3(hyps.max_level_m_bs()));
    std::uniform_real_distribution<double> fraction(0.0, 1.0);
    for (int k = 0; k < 500; ++k) {
      const double v = vmax * fraction(rng);
      const double h = hyps.level_for_volume(v);
      EXPECT_LE(h, hyps.max_level_m_bs());
      if (delta > 0.0) {
        EXPECT_NEAR(hyps.volume_m3(h), v, 1e-12 * vmax) << v;
      } else {
        // Within a spill jump the level is the jump's: V(h) <= v <= V(h+).
        EXPECT_LE(hyps.volume_m3(h), v + 1e-12 * vmax);
        EXPECT_GE(hyps.volume_m3(std::min(std::nextafter(h, 1e9), hyps.max_level_m_bs())),
                  v - 1e-9 * vmax);
      }
      // Level -> volume -> level where the area is positive.
      const double h2 =
          hyps.min_level_m_bs() + (hyps.max_level_m_bs() - hyps.min_level_m_bs()) * fraction(rng);
      if (hyps.area_m2(h2) > 0.0) {
        EXPECT_NEAR(hyps.level_for_volume(hyps.volume_m3(h2)), h2, 1e-9);
      }
    }
    EXPECT_EQ(hyps.level_for_volume(vmax), hyps.max_level_m_bs());
    EXPECT_LE(hyps.level_for_volume(0.0), hyps.min_level_m_bs() + delta);
    const auto table = hyps.make_table(hyps.min_level_m_bs() - 1.0, hyps.max_level_m_bs(), 0.01);
    EXPECT_EQ(table.level_m_bs.size(), table.volume_m3.size());
    for (std::size_t k = 1; k < table.level_m_bs.size(); ++k) {
      EXPECT_GE(table.area_m2[k], table.area_m2[k - 1]);
      EXPECT_GE(table.volume_m3[k], table.volume_m3[k - 1]);
      EXPECT_GT(table.level_m_bs[k], table.level_m_bs[k - 1]);
    }
    EXPECT_EQ(table.volume_m3.front(), 0.0);
    EXPECT_EQ(table.area_m2.front(), 0.0);
  }
}

// A basin (two cells at -10) behind a sill (-2) with a depression (two cells at -6) beyond it,
// surrounded by land at +10 on the grid boundary.
struct SillCase {
  LatLonGrid grid = LatLonGrid(centres(40.0, 1.0, 3), centres(50.0, 1.0, 7));
  std::vector<double> bed;
  SillCase() : bed(21, 10.0) {
    const double inner[5] = {-10.0, -10.0, -2.0, -6.0, -6.0};
    for (std::size_t j = 0; j < 5; ++j) bed[grid.index(1, j + 1)] = inner[j];
  }
};

TEST(SeaHypsometry, DepressionBehindSillSpillsIn) {
  const SillCase s;
  const double a = s.grid.cell_area_m2(1);
  const Hypsometry step(s.grid, s.bed, s.grid.index(1, 1), 0.0);
  EXPECT_EQ(step.max_level_m_bs(), 10.0);
  EXPECT_EQ(step.join_level_m_bs()[s.grid.index(1, 5)], -2.0);
  EXPECT_NEAR(step.volume_m3(-3.0), 2 * a * 7.0, 1e-6);
  EXPECT_NEAR(step.volume_m3(-2.0), 2 * a * 8.0, 1e-6);  // the depression has not joined yet
  EXPECT_NEAR(step.area_m2(-2.0), 2 * a, 1e-6);
  // Just above the sill the depression's 2 x 4 m of water joins at once.
  EXPECT_NEAR(step.volume_m3(-1.5), 2 * a * 8.5 + a * 0.5 + 2 * a * 4.5, 1e-3);
  EXPECT_NEAR(step.area_m2(-1.5), 5 * a, 1e-6);
  EXPECT_EQ(step.level_for_volume(2 * a * 8.0 + 4.0 * a), -2.0);  // inside the jump
  EXPECT_NEAR(step.level_for_volume(2 * a * 8.5 + a * 0.5 + 2 * a * 4.5), -1.5, 1e-9);

  // With 1 m of relief the depression spills in over the ramp from -2.5 to -1.5.
  const Hypsometry ramp(s.grid, s.bed, s.grid.index(1, 1), 1.0);
  EXPECT_NEAR(ramp.volume_m3(-2.5), 2 * a * 7.5, 1e-3);
  EXPECT_NEAR(ramp.volume_m3(-1.5), 2 * a * 8.5 + a * 0.5 + 2 * a * 4.5, 1e-3);
  // Halfway up the ramp: 3 cells half wet, each holding x^2/(2 delta) + r (J - bed).
  EXPECT_NEAR(ramp.volume_m3(-2.0), 2 * a * 8.0 + a * 0.125 + 2 * a * (0.125 + 0.5 * 4.0), 1e-3);
  EXPECT_NEAR(ramp.area_m2(-2.0), 2 * a + 1.5 * a, 1e-3);
  for (double v = 2 * a * 7.5; v < 2 * a * 8.5 + a * 0.5 + 2 * a * 4.5; v += 0.37 * a)
    EXPECT_NEAR(ramp.volume_m3(ramp.level_for_volume(v)), v, 1e-3);
  const auto fraction = ramp.wet_fraction(-2.0);
  EXPECT_EQ(fraction[s.grid.index(1, 1)], 1.0);
  EXPECT_EQ(fraction[s.grid.index(1, 4)], 0.5);
  EXPECT_EQ(fraction[s.grid.index(0, 0)], 0.0);
}

TEST(SeaHypsometry, RangeErrors) {
  const SillCase s;
  const Hypsometry hyps(s.grid, s.bed, s.grid.index(1, 1), 1.0);
  EXPECT_THROW(hyps.volume_m3(10.5), caspian::core::RangeError);
  EXPECT_THROW(hyps.area_m2(std::nan("")), caspian::core::RangeError);
  EXPECT_THROW(hyps.wet_fraction(11.0), caspian::core::RangeError);
  EXPECT_THROW(hyps.make_table(0.0, 12.0, 1.0), caspian::core::RangeError);
  try {
    hyps.area_m2(10.5);
    FAIL();
  } catch (const caspian::core::RangeError& e) {
    EXPECT_NE(std::string(e.what()).find("level 10.500 m BS is above the highest level the "
                                         "bathymetry grid can hold (10.000 m BS): "),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(hyps.level_for_volume(-1.0), caspian::core::RangeError);
  EXPECT_THROW(hyps.level_for_volume(hyps.max_volume_m3() * 1.001), caspian::core::RangeError);
  try {
    hyps.level_for_volume(-1e9);
    FAIL();
  } catch (const caspian::core::RangeError& e) {
    EXPECT_NE(std::string(e.what()).find("-1.000000 km3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("km3"), std::string::npos);
  }
  EXPECT_NO_THROW(hyps.volume_m3(10.0));
  EXPECT_EQ(hyps.volume_m3(-20.0), 0.0);
  EXPECT_EQ(hyps.area_m2(-20.0), 0.0);
}

TEST(SeaHypsometry, NonFiniteBedsAreWalls) {
  SillCase s;
  s.bed[s.grid.index(1, 3)] = std::nan("");  // close the sill
  const Hypsometry hyps(s.grid, s.bed, s.grid.index(1, 1), 0.0);
  EXPECT_TRUE(std::isinf(hyps.join_level_m_bs()[s.grid.index(1, 3)]));
  // The depression is now reached only around the wall, over the land ring at +10 m.
  EXPECT_EQ(hyps.join_level_m_bs()[s.grid.index(1, 4)], 10.0);
  EXPECT_EQ(hyps.wet_fraction(5.0)[s.grid.index(1, 4)], 0.0);
  EXPECT_NEAR(hyps.area_m2(5.0), 2 * s.grid.cell_area_m2(1), 1e-6);
}

TEST(SeaHypsometry, BuilderChecksSeed) {
  const SillCase s;
  const auto hyps = caspian::sea::build_hypsometry(s.grid, s.bed, 41.2, 51.4, 0.0, 1.0);
  EXPECT_EQ(hyps.seed_index(), s.grid.index(1, 1));
  EXPECT_THROW(caspian::sea::build_hypsometry(s.grid, s.bed, 30.0, 51.0, -20.0, 1.0),
               caspian::core::InputError);
  try {
    caspian::sea::build_hypsometry(s.grid, s.bed, 41.0, 53.0, -5.0, 1.0);
    FAIL();
  } catch (const caspian::core::InputError& e) {
    EXPECT_EQ(e.source(), "seed");
    EXPECT_EQ(e.item(), "lat/lon");
    EXPECT_NE(e.reason().find("is on land: bed -2 m BS is not below -5 m BS"), std::string::npos)
        << e.reason();
  }
  EXPECT_THROW(caspian::sea::build_hypsometry(s.grid, s.bed, 41.0, 51.0, -20.0, -1.0),
               caspian::core::InputError);
}

}  // namespace
