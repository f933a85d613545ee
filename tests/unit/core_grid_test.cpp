#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "caspian/core/constants.hpp"
#include "caspian/core/grid.hpp"

namespace {
using caspian::core::LatLonGrid;

std::vector<double> centres(double first, double step, int n) {
  std::vector<double> v(n);
  for (int k = 0; k < n; ++k) v[k] = first + step * k;
  return v;
}

TEST(LatLonGrid, GlobalCellAreasSumToSphere) {
  const LatLonGrid grid(centres(-89.5, 1.0, 180), centres(0.5, 1.0, 360));
  const auto areas = grid.cell_areas_m2();
  const double total = std::accumulate(areas.begin(), areas.end(), 0.0);
  const double sphere = 4.0 * caspian::core::pi * std::pow(caspian::core::earth_radius_m, 2);
  EXPECT_NEAR(total / sphere, 1.0, 1e-12);
}

TEST(LatLonGrid, BandAreaMatchesAnalyticZone) {
  // A 10 x 10 degree box from 40N to 50N: R^2 * dlon * (sin 50 - sin 40).
  const LatLonGrid grid(centres(40.5, 1.0, 10), centres(45.5, 1.0, 10));
  const auto areas = grid.cell_areas_m2();
  const double total = std::accumulate(areas.begin(), areas.end(), 0.0);
  const double d2r = caspian::core::degrees_to_radians;
  const double expected = std::pow(caspian::core::earth_radius_m, 2) * 10.0 * d2r *
                          (std::sin(50.0 * d2r) - std::sin(40.0 * d2r));
  EXPECT_NEAR(total / expected, 1.0, 1e-12);
  // A cell near the equator of 1 x 1 degree is about 111.2 km x 111.2 km.
  const LatLonGrid equator(centres(-0.5, 1.0, 2), centres(0.5, 1.0, 2));
  EXPECT_NEAR(equator.cell_area_m2(1) / 1e6, 12364.0, 5.0);
}

TEST(LatLonGrid, LocateHandlesLongitudeConventions) {
  const LatLonGrid grid(centres(36.0, 1.0 / 6.0, 73), centres(45.0, 1.0 / 6.0, 67));
  const auto cell = grid.locate(42.0, 51.0);
  ASSERT_TRUE(cell.has_value());
  EXPECT_NEAR(grid.lat_deg()[cell->first], 42.0, 1e-9);
  EXPECT_NEAR(grid.lon_deg()[cell->second], 51.0, 1e-9);
  const auto wrapped = grid.locate(42.0, 51.0 - 360.0);
  ASSERT_TRUE(wrapped.has_value());
  EXPECT_EQ(*wrapped, *cell);
  EXPECT_FALSE(grid.locate(30.0, 51.0).has_value());
  EXPECT_FALSE(grid.locate(42.0, 60.0).has_value());
}

TEST(LatLonGrid, LocateTerminatesForAbsurdLongitudesAndRejectsNonFinite) {
  // Issue 12: locate looped forever adding 360 to a longitude of -1e30.
  const LatLonGrid grid(centres(36.0, 1.0 / 6.0, 73), centres(45.0, 1.0 / 6.0, 67));
  const auto cell = grid.locate(42.0, 51.0);
  ASSERT_TRUE(cell.has_value());
  EXPECT_EQ(grid.locate(42.0, 51.0 + 3.0 * 360.0), cell);
  EXPECT_EQ(grid.locate(42.0, 51.0 - 5.0 * 360.0), cell);
  (void)grid.locate(42.0, 1e30);  // returns (some cell or none) instead of hanging
  (void)grid.locate(42.0, -1e30);
  EXPECT_FALSE(grid.locate(42.0, std::nan("")).has_value());
  EXPECT_FALSE(grid.locate(std::nan(""), 51.0).has_value());
  EXPECT_FALSE(grid.locate(42.0, INFINITY).has_value());
  EXPECT_FALSE(grid.locate(1e300, 51.0).has_value());
}

TEST(LatLonGrid, RejectsUnevenOrDescendingCoordinates) {
  EXPECT_THROW(LatLonGrid({1.0, 2.0, 4.0}, {0.0, 1.0}), std::invalid_argument);
  EXPECT_THROW(LatLonGrid({3.0, 2.0, 1.0}, {0.0, 1.0}), std::invalid_argument);
}
}  // namespace
