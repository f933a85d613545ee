#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "caspian/catchment/drainage.hpp"
#include "caspian/catchment/network_routing.hpp"
#include "caspian/catchment/reservoir.hpp"

namespace {
using namespace caspian;

// A valley sloping to a sea column on the west edge, with noise.
catchment::DrainageNetwork valley_network(std::vector<std::uint8_t>& routed, std::size_t nlat = 12,
                                          std::size_t nlon = 16) {
  std::vector<double> lat(nlat), lon(nlon);
  for (std::size_t i = 0; i < nlat; ++i) lat[i] = 45.0 + 0.25 * double(i);
  for (std::size_t j = 0; j < nlon; ++j) lon[j] = 40.0 + 0.25 * double(j);
  const core::LatLonGrid grid(lat, lon);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> noise(0.0, 5.0);
  std::vector<double> z(grid.size());
  std::vector<std::uint8_t> sea(grid.size(), 0);
  for (std::size_t i = 0; i < nlat; ++i) {
    for (std::size_t j = 0; j < nlon; ++j) {
      const std::size_t c = grid.index(i, j);
      z[c] = 10.0 * double(j) + 3.0 * std::abs(double(i) - 0.5 * double(nlat)) + noise(rng);
      if (j == 0 && i > 2 && i + 3 < nlat) {
        sea[c] = 1;
        z[c] = -30.0;
      }
    }
  }
  auto net = catchment::build_network(grid, z, sea, catchment::NetworkOptions{});
  routed.assign(grid.size(), 0);
  for (std::size_t c = 0; c < grid.size(); ++c) {
    routed[c] = (!sea[c] && net.entry[c] != catchment::no_cell &&
                 net.outlet[net.entry[c]] == catchment::OutletKind::sea)
                    ? 1
                    : 0;
  }
  return net;
}

TEST(NetworkRouting, ConservesMassAndDelaysTheFlow) {
  std::vector<std::uint8_t> routed;
  const auto net = valley_network(routed);
  catchment::NetworkRouting routing(net, routed, 1.0);
  const std::size_t n = net.grid.size();
  std::vector<double> local(n, 0.0), out(n, 0.0);
  double in_total = 0.0, out_total = 0.0;
  const double dt = 86400.0;
  std::vector<double> sea_inflow;
  for (int day = 0; day < 200; ++day) {
    for (std::size_t c = 0; c < n; ++c) local[c] = (routed[c] && day < 10) ? 5.0 : 0.0;
    routing.step(local, dt, out);
    double today = 0.0;
    for (std::size_t c = 0; c < n; ++c) {
      if (routed[c]) in_total += local[c] * dt;
      if (net.outlet[c] == catchment::OutletKind::sea) today += out[c];
    }
    out_total += today * dt;
    sea_inflow.push_back(today);
    const double balance = in_total - out_total - routing.storage_m3();
    ASSERT_NEAR(balance, 0.0, 1e-9 * in_total) << "day " << day;
  }
  // The pulse arrives spread over time and keeps flowing after the rain stops.
  EXPECT_GT(sea_inflow[12], 0.0);
  EXPECT_LT(sea_inflow[0], sea_inflow[9]);
}

TEST(NetworkRouting, SameResultWithOneAndManyThreads) {
  std::vector<std::uint8_t> routed;
  const auto net = valley_network(routed, 40, 40);
  const std::size_t n = net.grid.size();
  auto run = [&](int threads) {
#ifdef _OPENMP
    omp_set_num_threads(threads);
#else
    (void)threads;
#endif
    catchment::NetworkRouting routing(net, routed, 0.7, /*min_parallel_wave_cells=*/1);
    std::vector<double> local(n), out(n), trace;
    for (int day = 0; day < 50; ++day) {
      for (std::size_t c = 0; c < n; ++c)
        local[c] = routed[c] ? 1.0 + 0.1 * double((c + day) % 7) : 0.0;
      routing.step(local, 86400.0, out);
      trace.insert(trace.end(), out.begin(), out.end());
    }
    return trace;
  };
  EXPECT_EQ(run(1), run(4));
}

TEST(Reservoir, StoresTheFloodReleasesItAndConservesMass) {
  catchment::ReservoirParameters p;
  p.useful_storage_m3 = 10e9;
  p.surface_area_m2 = 1e9;
  p.spring_capture_fraction = 0.5;
  double storage = 0.0;
  const int days_in_month[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  double in = 0.0, out = 0.0, evap = 0.0;
  double may_release = 0.0, may_inflow = 0.0, jan_release = 0.0, jan_inflow = 0.0;
  for (int month = 1; month <= 12; ++month) {
    for (int day = 1; day <= days_in_month[month - 1]; ++day) {
      const double inflow = (month >= 4 && month <= 6) ? 15000.0 : 5000.0;
      const double to_season = catchment::days_to_capture_season(p, days_in_month[month - 1] - day,
                                                                 month, days_in_month);
      const auto f =
          catchment::reservoir_step(p, inflow, 7500.0, 2e-8, month, to_season, 86400.0, storage);
      in += inflow;
      out += f.release_m3_per_s;
      evap += f.net_evaporation_m3_per_s;
      ASSERT_GE(storage, 0.0);
      ASSERT_LE(storage, p.useful_storage_m3 + 1e-3);
      ASSERT_NEAR(f.inflow_m3_per_s,
                  f.release_m3_per_s + f.net_evaporation_m3_per_s + f.storage_change_m3_per_s,
                  1e-9);
      if (month == 5) {
        may_release += f.release_m3_per_s;
        may_inflow += inflow;
      }
      if (month == 1) {
        jan_release += f.release_m3_per_s;
        jan_inflow += inflow;
      }
    }
  }
  EXPECT_LT(may_release, may_inflow);  // the flood is cut
  EXPECT_GT(storage, 0.0);
  // The year's water: in = out + evaporation + what is still stored.
  EXPECT_NEAR(in * 86400.0, (out + evap) * 86400.0 + storage, 1e-6 * in * 86400.0);
  (void)jan_release;
  (void)jan_inflow;
}

TEST(Reservoir, LosesOpenWaterEvaporationBeyondTheLandsOwnEvapotranspiration) {
  // The land's mean actual ET over the masked cells, area weighted: cells of 1 and 3 km2 with 1
  // and 3 mm/day give 2.5 mm/day; the unmasked cell does not count.
  const std::vector<double> et_mm = {1.0, 3.0, 50.0};
  const std::vector<double> area_m2 = {1e6, 3e6, 1e6};
  const std::vector<std::uint8_t> mask = {1, 1, 0};
  const double mm_per_day = 1e-3 / 86400.0;
  const double land_et = catchment::masked_area_mean_m_per_s(et_mm, area_m2, mask);
  EXPECT_NEAR(land_et, 2.5 * mm_per_day, 1e-15);
  EXPECT_EQ(catchment::masked_area_mean_m_per_s(et_mm, area_m2, std::vector<std::uint8_t>(3, 0)),
            0.0);
  EXPECT_THROW(catchment::masked_area_mean_m_per_s(et_mm, area_m2, std::vector<std::uint8_t>(2)),
               std::invalid_argument);

  // 4 mm/day of open-water evaporation over land that already lost 2.5 mm/day: the cascade takes
  // 1.5 mm/day over its area from the river, whatever the precipitation (it does not enter).
  const double net = catchment::reservoir_net_evaporation_m_per_s(4.0 * mm_per_day, land_et);
  EXPECT_NEAR(net, 1.5 * mm_per_day, 1e-15);
  catchment::ReservoirParameters p;
  p.useful_storage_m3 = 1e9;
  p.surface_area_m2 = 2e10;  // 20,000 km2
  double storage = 0.0;
  const auto f = catchment::reservoir_step(p, 5000.0, 7700.0, net, 8, 240.0, 86400.0, storage);
  EXPECT_NEAR(f.net_evaporation_m3_per_s, 1.5e-3 * 2e10 / 86400.0, 1e-9);
  EXPECT_NEAR(f.release_m3_per_s, 5000.0 - f.net_evaporation_m3_per_s, 1e-9);
  // Land that evaporated more than open water would: the cascade gives water back.
  const double gain = catchment::reservoir_net_evaporation_m_per_s(1.0 * mm_per_day, land_et);
  const auto g = catchment::reservoir_step(p, 5000.0, 7700.0, gain, 8, 240.0, 86400.0, storage);
  EXPECT_LT(g.net_evaporation_m3_per_s, 0.0);
  EXPECT_GT(g.release_m3_per_s, 5000.0);
}
}  // namespace
