#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <vector>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "caspian/catchment/drainage.hpp"
#include "caspian/catchment/network_routing.hpp"
#include "caspian/catchment/transmission_loss.hpp"
#include "caspian/core/parameters.hpp"

namespace {
using namespace caspian;

catchment::TransmissionLossParameters defaults() {
  return catchment::transmission_loss_parameters_from(core::ParameterSet{});
}

TEST(TransmissionLoss, RegistryDefaultsAndUnits) {
  const auto p = defaults();
  EXPECT_NEAR(p.bed_infiltration_m_per_s, 25.0e-3 / 3600.0, 1e-15);  // 25 mm/h
  EXPECT_EQ(p.width_coefficient_m, 7.2);
  EXPECT_EQ(p.width_exponent, 0.5);
  EXPECT_EQ(p.aridity_onset, 2.0);
  EXPECT_EQ(p.aridity_full, 5.0);
}

TEST(TransmissionLoss, FactorRisesWithAridityFromOnsetToFull) {
  const auto p = defaults();
  EXPECT_EQ(catchment::aridity_loss_factor(p, 0.5), 0.0);
  EXPECT_EQ(catchment::aridity_loss_factor(p, 2.0), 0.0);
  EXPECT_NEAR(catchment::aridity_loss_factor(p, 3.5), 0.5, 1e-12);
  EXPECT_EQ(catchment::aridity_loss_factor(p, 5.0), 1.0);
  EXPECT_EQ(catchment::aridity_loss_factor(p, 40.0), 1.0);
  EXPECT_EQ(catchment::aridity_loss_factor(p, std::numeric_limits<double>::infinity()), 1.0);
  EXPECT_EQ(catchment::aridity_loss_factor(p, std::numeric_limits<double>::quiet_NaN()), 0.0);
  auto step = p;
  step.aridity_full = step.aridity_onset;
  EXPECT_EQ(catchment::aridity_loss_factor(step, 2.01), 1.0);
}

TEST(TransmissionLoss, WettedAreaTimesInfiltrationCappedAtTheFlow) {
  auto p = defaults();
  p.bed_infiltration_m_per_s = 1e-5;
  // w = 7.2 x sqrt(100) = 72 m; 10 km x 72 m x 1e-5 m/s x 0.5 = 3.6 m3/s.
  EXPECT_NEAR(catchment::channel_width_m(p, 100.0), 72.0, 1e-12);
  EXPECT_NEAR(catchment::transmission_loss_m3_per_s(p, 0.5, 1.0e4, 100.0), 3.6, 1e-12);
  // A small stream loses all it carries; no flow or no aridity loses nothing.
  EXPECT_EQ(catchment::transmission_loss_m3_per_s(p, 1.0, 1.0e4, 0.01), 0.01);
  EXPECT_EQ(catchment::transmission_loss_m3_per_s(p, 1.0, 1.0e4, 0.0), 0.0);
  EXPECT_EQ(catchment::transmission_loss_m3_per_s(p, 0.0, 1.0e4, 100.0), 0.0);
  // The share lost falls with the flow (width grows as Q^0.5): 100x the flow, 1/10 the share.
  const double small = catchment::transmission_loss_m3_per_s(p, 1.0, 1.0e4, 10.0) / 10.0;
  const double large = catchment::transmission_loss_m3_per_s(p, 1.0, 1.0e4, 1000.0) / 1000.0;
  EXPECT_NEAR(large, small / 10.0, 1e-12);
  // Another exponent goes through pow.
  p.width_exponent = 0.4;
  EXPECT_NEAR(catchment::channel_width_m(p, 100.0), 7.2 * std::pow(100.0, 0.4), 1e-12);
}

TEST(TransmissionLoss, AnnualTotalsOfMonthlyRates) {
  std::array<std::vector<double>, 12> rates;
  for (auto& m : rates) m = {1.0, 2.0};
  const auto total = catchment::annual_total_mm(rates);
  ASSERT_EQ(total.size(), 2u);
  EXPECT_DOUBLE_EQ(total[0], 365.0);
  EXPECT_DOUBLE_EQ(total[1], 730.0);
  rates[3].resize(1);
  EXPECT_THROW(catchment::annual_total_mm(rates), std::invalid_argument);
}

// A valley of one row of cells draining west into a sea cell at column 0 (the other rows and the
// last column are the grid edge: external outlets).
catchment::DrainageNetwork row_network(std::size_t nlon) {
  std::vector<double> lat = {44.0, 44.25, 44.5}, lon(nlon);
  for (std::size_t j = 0; j < nlon; ++j) lon[j] = 50.0 + 0.25 * double(j);
  const core::LatLonGrid grid(lat, lon);
  std::vector<double> z(grid.size());
  std::vector<std::uint8_t> sea(grid.size(), 0);
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < nlon; ++j) {
      // The middle row is a valley; the outer rows (the grid edge) are high.
      z[grid.index(i, j)] = 10.0 * double(j) + (i == 1 ? 0.0 : 500.0);
    }
  }
  sea[grid.index(1, 0)] = 1;
  z[grid.index(1, 0)] = -30.0;
  return catchment::build_network(grid, z, sea, catchment::NetworkOptions{});
}

TEST(TransmissionLoss, UpstreamAridityIsTheCatchmentsAreaWeightedRatio) {
  const auto net = row_network(7);
  const std::size_t n = net.grid.size();
  std::vector<std::uint8_t> routed(n, 0);
  for (std::size_t j = 1; j < 6; ++j) routed[net.grid.index(1, j)] = 1;
  for (std::size_t j = 1; j < 5; ++j)
    ASSERT_EQ(net.downstream[net.grid.index(1, j + 1)], net.grid.index(1, j));
  // A humid head (PET/P 0.5) above arid cells (PET/P 10).
  std::vector<double> pet(n, 1000.0), precipitation(n, 100.0);
  precipitation[net.grid.index(1, 5)] = 2000.0;
  const auto ai = catchment::upstream_aridity_index(net, routed, pet, precipitation);
  EXPECT_NEAR(ai[net.grid.index(1, 5)], 0.5, 1e-12);
  // Cell 4 drains the head and itself: (A5 1000 + A4 1000) / (A5 2000 + A4 100).
  const double a5 = net.cell_area_m2[net.grid.index(1, 5)];
  const double a4 = net.cell_area_m2[net.grid.index(1, 4)];
  EXPECT_NEAR(ai[net.grid.index(1, 4)], (a5 + a4) * 1000.0 / (a5 * 2000.0 + a4 * 100.0), 1e-12);
  // Further down the arid cells weigh more and the index rises.
  EXPECT_GT(ai[net.grid.index(1, 1)], ai[net.grid.index(1, 4)]);
  // A cell that is not routed keeps its own index.
  EXPECT_NEAR(ai[net.grid.index(0, 3)], 10.0, 1e-12);
  EXPECT_THROW(
      catchment::upstream_aridity_index(net, routed, std::vector<double>(2), precipitation),
      std::invalid_argument);
}

TEST(TransmissionLoss, RoutingConservesMassWithLossesAndIsThreadIndependent) {
  const auto net = row_network(30);
  const std::size_t n = net.grid.size();
  std::vector<std::uint8_t> routed(n, 0);
  for (std::size_t j = 1; j < 29; ++j) routed[net.grid.index(1, j)] = 1;
  auto p = defaults();
  std::vector<double> factor(n, 0.0);
  for (std::size_t j = 1; j < 15; ++j) factor[net.grid.index(1, j)] = 0.1 * double(j % 10);
  auto run = [&](int threads, bool losses, double& lost_m3, double& balance_m3) {
#ifdef _OPENMP
    omp_set_num_threads(threads);
#else
    (void)threads;
#endif
    catchment::NetworkRouting routing(net, routed, 1.0, /*min_parallel_wave_cells=*/1);
    if (losses) routing.set_transmission_loss(p, factor);
    std::vector<double> local(n, 0.0), out(n), trace;
    double in_m3 = 0.0, sea_m3 = 0.0;
    lost_m3 = 0.0;
    for (int day = 0; day < 60; ++day) {
      for (std::size_t c = 0; c < n; ++c) local[c] = routed[c] ? 0.2 * double(day % 5) : 0.0;
      routing.step(local, 86400.0, out);
      for (std::size_t c = 0; c < n; ++c) {
        if (routed[c]) in_m3 += local[c] * 86400.0;
        sea_m3 += out[c] * 86400.0;
        lost_m3 += routing.transmission_loss_m3_per_s()[c] * 86400.0;
        EXPECT_GE(routing.transmission_loss_m3_per_s()[c], 0.0);
      }
      trace.insert(trace.end(), out.begin(), out.end());
    }
    balance_m3 = in_m3 - sea_m3 - lost_m3 - routing.storage_m3();
    EXPECT_NEAR(balance_m3, 0.0, 1e-9 * in_m3);
    return trace;
  };
  double lost1 = 0, lost2 = 0, none = 0, balance = 0;
  const auto one = run(1, true, lost1, balance);
  const auto two = run(2, true, lost2, balance);
  EXPECT_EQ(one, two);
  EXPECT_GT(lost1, 0.0);
  run(1, false, none, balance);
  EXPECT_EQ(none, 0.0);
  // All-zero factors are no losses.
  catchment::NetworkRouting routing(net, routed, 1.0);
  routing.set_transmission_loss(p, std::vector<double>(n, 0.0));
  EXPECT_THROW(routing.set_transmission_loss(p, std::vector<double>(3, 0.0)),
               std::invalid_argument);
}
}  // namespace
