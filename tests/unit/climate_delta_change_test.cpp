#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "caspian/climate/delta_change.hpp"

namespace {
using caspian::climate::MonthlyCells;
using caspian::climate::RectilinearGrid;
using caspian::core::LatLonGrid;

MonthlyCells constant(double value, std::size_t cells) {
  MonthlyCells out;
  for (auto& m : out) m.assign(cells, value);
  return out;
}

TEST(DeltaChange, TemperatureIsFutureMinusReferencePerMonthAndCell) {
  MonthlyCells ref = constant(10.0, 3), fut = constant(10.0, 3);
  fut[0] = {11.0, 12.5, 9.0};   // January: +1, +2.5, -1
  fut[6] = {14.0, 10.0, 10.0};  // July: +4 in cell 0
  const auto d = caspian::climate::temperature_change_K(ref, fut);
  EXPECT_DOUBLE_EQ(d[0][0], 1.0);
  EXPECT_DOUBLE_EQ(d[0][1], 2.5);
  EXPECT_DOUBLE_EQ(d[0][2], -1.0);
  EXPECT_DOUBLE_EQ(d[6][0], 4.0);
  EXPECT_DOUBLE_EQ(d[3][1], 0.0);
}

TEST(DeltaChange, PrecipitationRatioIsFutureOverReferenceWithTheFloor) {
  MonthlyCells ref = constant(2.0, 4), fut = constant(2.0, 4);
  fut[1] = {3.0, 1.0, 0.02, 0.5};
  ref[1] = {2.0, 2.0, 0.01, 0.05};
  const auto r = caspian::climate::precipitation_ratio(ref, fut, 0.1);
  EXPECT_DOUBLE_EQ(r[1][0], 1.5);
  EXPECT_DOUBLE_EQ(r[1][1], 0.5);
  EXPECT_DOUBLE_EQ(r[1][2], 1.0);  // both below the floor: no change
  EXPECT_DOUBLE_EQ(r[1][3], 5.0);  // 0.5 / max(0.05, 0.1)
  EXPECT_DOUBLE_EQ(r[0][0], 1.0);
  EXPECT_THROW(caspian::climate::precipitation_ratio(ref, fut, 0.0), std::invalid_argument);
}

TEST(DeltaChange, RampRisesLinearlyFromTheStartAndZeroIsAStep) {
  using caspian::climate::ramp_weight;
  EXPECT_DOUBLE_EQ(ramp_weight(2030.0, 2030.0, 10.0), 0.0);
  EXPECT_DOUBLE_EQ(ramp_weight(2032.5, 2030.0, 10.0), 0.25);
  EXPECT_DOUBLE_EQ(ramp_weight(2050.0, 2030.0, 10.0), 1.0);
  EXPECT_DOUBLE_EQ(ramp_weight(2030.0, 2030.0, 0.0), 1.0);
  EXPECT_THROW(ramp_weight(2030.0, 2030.0, -1.0), std::invalid_argument);
  const auto half = caspian::climate::ramped(2.0, 1.2, 0.5);
  EXPECT_DOUBLE_EQ(half.temperature_K, 1.0);
  EXPECT_DOUBLE_EQ(half.precipitation_factor, 1.1);
  const auto none = caspian::climate::ramped(2.0, 1.2, 0.0);
  EXPECT_DOUBLE_EQ(none.temperature_K, 0.0);
  EXPECT_DOUBLE_EQ(none.precipitation_factor, 1.0);
}

TEST(DeltaChange, CalendarMonthMeansAverageEachMonthAndNeedAllTwelve) {
  // Two years of one cell: month m of year y holds 100 y + m.
  std::vector<int> months;
  std::vector<std::vector<double>> values;
  for (int y = 0; y < 2; ++y)
    for (int m = 1; m <= 12; ++m) {
      months.push_back(m);
      values.push_back({100.0 * y + m});
    }
  const auto means = caspian::climate::calendar_month_means(months, values, 1);
  EXPECT_DOUBLE_EQ(means[0][0], 51.0);   // (1 + 101) / 2
  EXPECT_DOUBLE_EQ(means[11][0], 62.0);  // (12 + 112) / 2
  months.pop_back();
  values.pop_back();
  months.pop_back();
  values.pop_back();
  months.erase(months.begin() + 11);  // drop December of year 0 as well
  values.erase(values.begin() + 11);
  EXPECT_THROW(caspian::climate::calendar_month_means(months, values, 1), std::invalid_argument);
}

TEST(RegridRectilinear, WrapsA0To360SourceForMinus180To180Targets) {
  // Uneven (Gaussian-like) latitudes, longitudes 0..355 by 5; value = column index.
  RectilinearGrid g;
  g.lat_deg = {-30.0, 10.0, 20.0, 45.0};
  for (int j = 0; j < 72; ++j) g.lon_deg.push_back(5.0 * j);
  std::vector<double> values(g.size());
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 72; ++j) values[i * 72 + j] = double(j);
  const LatLonGrid target({15.0, 16.0}, {-2.5, 2.5});
  const auto out = caspian::climate::regrid_rectilinear(g, values, target);
  EXPECT_NEAR(out[0], 35.5, 1e-12);  // -2.5 = 357.5: halfway from column 71 to column 0
  EXPECT_NEAR(out[1], 0.5, 1e-12);
  const LatLonGrid east({15.0, 16.0}, {52.5, 57.5});
  const LatLonGrid west({15.0, 16.0}, {-307.5, -302.5});  // the same meridians, 360 degrees west
  const auto out_east = caspian::climate::regrid_rectilinear(g, values, east);
  const auto out_west = caspian::climate::regrid_rectilinear(g, values, west);
  EXPECT_NEAR(out_east[0], 10.5, 1e-12);
  EXPECT_NEAR(out_east[1], 11.5, 1e-12);
  EXPECT_NEAR(out_west[0], 10.5, 1e-12);
  EXPECT_NEAR(out_west[1], 11.5, 1e-12);
}

TEST(RegridRectilinear, IsBilinearOnUnevenLatitudesAndSkipsMissing) {
  RectilinearGrid g;
  g.lat_deg = {30.0, 33.0, 40.0, 52.0};
  g.lon_deg = {-10.0, 0.0, 10.0, 20.0};  // a regional -180..180 source: no wrap
  std::vector<double> values(g.size());
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j) values[i * 4 + j] = 2.0 * g.lat_deg[i] - g.lon_deg[j];
  const LatLonGrid target({35.0, 46.0}, {5.0, 30.0});
  auto out = caspian::climate::regrid_rectilinear(g, values, target);
  EXPECT_NEAR(out[target.index(0, 0)], 2.0 * 35.0 - 5.0, 1e-12);
  EXPECT_NEAR(out[target.index(1, 0)], 2.0 * 46.0 - 5.0, 1e-12);
  EXPECT_NEAR(out[target.index(0, 1)], 2.0 * 35.0 - 20.0, 1e-12);  // beyond the edge: edge column
  const LatLonGrid shifted({35.0, 46.0}, {365.0, 370.0});          // 5 and 10 E
  const auto out_shifted = caspian::climate::regrid_rectilinear(g, values, shifted);
  EXPECT_NEAR(out_shifted[0], 2.0 * 35.0 - 5.0, 1e-12);
  EXPECT_NEAR(out_shifted[1], 2.0 * 35.0 - 10.0, 1e-12);
  values[2 * 4 + 1] = std::nan("");  // (40, 0) missing
  out = caspian::climate::regrid_rectilinear(g, values, target);
  EXPECT_TRUE(std::isfinite(out[target.index(0, 0)]));
  EXPECT_NE(out[target.index(0, 0)], 2.0 * 35.0 - 5.0);  // renormalised over three points
}

TEST(DeltaChange, WeightedMonthlyMeanUsesOnlyWeightedCells) {
  MonthlyCells f = constant(1.0, 3);
  f[0] = {1.0, 3.0, 100.0};
  const std::vector<double> w = {1.0, 3.0, 0.0};
  const auto mean = caspian::climate::weighted_monthly_mean(f, w);
  EXPECT_DOUBLE_EQ(mean[0], 2.5);
  EXPECT_DOUBLE_EQ(mean[5], 1.0);
  EXPECT_THROW(caspian::climate::weighted_monthly_mean(f, std::vector<double>(3, 0.0)),
               std::invalid_argument);
}

}  // namespace
