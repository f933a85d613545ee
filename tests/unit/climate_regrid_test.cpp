#include <gtest/gtest.h>

#include <cmath>

#include "caspian/climate/regrid.hpp"

namespace {
using caspian::core::LatLonGrid;

std::vector<double> centres(double first, double step, int n) {
  std::vector<double> v(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k) v[std::size_t(k)] = first + step * k;
  return v;
}

TEST(RegridBilinear, ReproducesALinearFieldExactly) {
  const LatLonGrid source(centres(30.0, 2.5, 10), centres(40.0, 2.5, 10));
  std::vector<double> values(source.size());
  for (std::size_t i = 0; i < source.nlat(); ++i)
    for (std::size_t j = 0; j < source.nlon(); ++j)
      values[source.index(i, j)] = 3.0 * source.lat_deg()[i] - 2.0 * source.lon_deg()[j] + 7.0;
  const LatLonGrid target(centres(36.0, 1.0 / 6.0, 30), centres(45.0, 1.0 / 6.0, 30));
  const auto out = caspian::climate::regrid_bilinear(source, values, target);
  for (std::size_t i = 0; i < target.nlat(); ++i)
    for (std::size_t j = 0; j < target.nlon(); ++j)
      EXPECT_NEAR(out[target.index(i, j)],
                  3.0 * target.lat_deg()[i] - 2.0 * target.lon_deg()[j] + 7.0, 1e-9);
}

TEST(RegridBilinear, MatchesLongitudeConventionsAndSkipsMissing) {
  // Source on 0..350 with a NaN; target in -180..180 at lon -5 and 5.
  const LatLonGrid source(centres(-10.0, 10.0, 3), centres(0.0, 10.0, 36));
  std::vector<double> values(source.size());
  for (std::size_t i = 0; i < source.nlat(); ++i)
    for (std::size_t j = 0; j < source.nlon(); ++j) values[source.index(i, j)] = double(j);
  const LatLonGrid target(centres(0.0, 1.0, 2), centres(-5.0, 10.0, 2));  // row 0 is lat 0
  auto out = caspian::climate::regrid_bilinear(source, values, target);
  EXPECT_NEAR(out[1], 0.5, 1e-12);   // lon 5: between columns 0 and 1
  EXPECT_NEAR(out[0], 17.5, 1e-12);  // lon -5 = 355: across the seam, halfway from 35 to 0
  values[source.index(1, 1)] = std::nan("");
  out = caspian::climate::regrid_bilinear(source, values, target);
  EXPECT_NEAR(out[1], 0.0, 1e-12);  // only column 0 remains valid at lat 0
}
}  // namespace
