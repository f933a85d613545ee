// Objectives (NSE, KGE) on known cases, the portable random numbers, and DDS on known functions:
// it reaches near the optimum and gives the same result whatever the thread count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "caspian/catchment/calibration.hpp"

namespace {
using namespace caspian::catchment;

TEST(CatchmentObjectives, KnownValues) {
  const std::vector<double> obs{1, 3, 2, 5, 4, 6, 2};
  EXPECT_DOUBLE_EQ(nse(obs, obs), 1.0);
  EXPECT_DOUBLE_EQ(kge(obs, obs), 1.0);
  double mean = 0.0;
  for (double v : obs) mean += v / double(obs.size());
  const std::vector<double> flat(obs.size(), mean);
  EXPECT_NEAR(nse(obs, flat), 0.0, 1e-12);
  // sim = 2 x obs: r = 1, alpha = 2, beta = 2 -> KGE = 1 - sqrt(2).
  std::vector<double> twice;
  for (double v : obs) twice.push_back(2.0 * v);
  const auto s = fit_statistics(obs, twice);
  EXPECT_NEAR(s.correlation, 1.0, 1e-12);
  EXPECT_NEAR(s.variability_ratio, 2.0, 1e-12);
  EXPECT_NEAR(s.bias_ratio, 2.0, 1e-12);
  EXPECT_NEAR(s.kge, 1.0 - std::sqrt(2.0), 1e-12);
  // A mask leaves days out: a wild value on a masked day changes nothing.
  std::vector<double> sim = obs;
  sim[3] = 1000.0;
  std::vector<std::uint8_t> use(obs.size(), 1);
  use[3] = 0;
  EXPECT_DOUBLE_EQ(kge(obs, sim, use), 1.0);
  EXPECT_LT(kge(obs, sim), 0.0);
  EXPECT_TRUE(std::isnan(nse(std::vector<double>{1.0}, std::vector<double>{1.0})));
}

TEST(CatchmentRandom, PortableStream) {
  // The C++ standard fixes the 10000th output of a default-constructed mt19937_64.
  std::mt19937_64 reference;
  reference.discard(9999);
  EXPECT_EQ(reference(), 9981545732273789042ull);
  PortableRandom a(42), b(42);
  double sum = 0.0, sum2 = 0.0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double u = a.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    EXPECT_EQ(u, b.uniform());
    const double z = a.normal();
    EXPECT_EQ(z, b.normal());
    sum += z;
    sum2 += z * z;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sum2 / n, 1.0, 0.01);
  for (int i = 0; i < 1000; ++i) EXPECT_LT(a.index(7), 7u);
}

double sphere(std::span<const double> x) {
  double s = 0.0;
  for (double v : x) s += (v - 1.0) * (v - 1.0);
  return s;
}

double rosenbrock(std::span<const double> x) {
  double s = 0.0;
  for (std::size_t i = 0; i + 1 < x.size(); ++i) {
    s += 100.0 * std::pow(x[i + 1] - x[i] * x[i], 2) + std::pow(1.0 - x[i], 2);
  }
  return s;
}

TEST(CatchmentDds, SphereReachesTheOptimum) {
  const std::vector<double> lo(6, -5.0), hi(6, 5.0), x0(6, -4.0);
  DdsOptions o;
  o.max_evaluations = 3000;
  o.seed = 7;
  const auto r = dds_minimise(sphere, lo, hi, x0, o);
  EXPECT_LT(r.best_objective, 1e-3);
  EXPECT_EQ(r.history.size(), 3000u);
  EXPECT_DOUBLE_EQ(r.history.front().objective, sphere(x0));
  for (std::size_t i = 1; i < r.history.size(); ++i) {
    EXPECT_LE(r.history[i].best_objective, r.history[i - 1].best_objective);
    for (std::size_t j = 0; j < 6; ++j) {
      ASSERT_GE(r.history[i].x[j], lo[j]);
      ASSERT_LE(r.history[i].x[j], hi[j]);
    }
  }
}

TEST(CatchmentDds, RosenbrockGetsNearTheOptimum) {
  const std::vector<double> lo(2, -2.0), hi(2, 2.0), x0{-1.5, 1.8};
  DdsOptions o;
  o.max_evaluations = 5000;
  o.seed = 11;
  const auto r = dds_minimise(rosenbrock, lo, hi, x0, o);
  EXPECT_LT(r.best_objective, 0.05) << r.best_x[0] << " " << r.best_x[1];
  EXPECT_NEAR(r.best_x[0], 1.0, 0.25);
}

TEST(CatchmentDds, SameSeedSameResultWithOneOrTwoThreads) {
  const std::vector<double> lo(4, -2.0), hi(4, 2.0), x0(4, 0.0);
  DdsOptions o;
  o.max_evaluations = 800;
  o.seed = 2024;
  o.threads = 1;
  const auto one = dds_minimise(rosenbrock, lo, hi, x0, o);
  o.threads = 2;
  const auto two = dds_minimise(rosenbrock, lo, hi, x0, o);
  EXPECT_EQ(one.best_x, two.best_x);
  EXPECT_EQ(one.best_objective, two.best_objective);
  ASSERT_EQ(one.history.size(), two.history.size());
  for (std::size_t i = 0; i < one.history.size(); ++i) {
    EXPECT_EQ(one.history[i].x, two.history[i].x);
  }
  o.seed = 2025;
  const auto other = dds_minimise(rosenbrock, lo, hi, x0, o);
  EXPECT_NE(one.best_x, other.best_x);
}

TEST(CatchmentDds, RestartSeeds) {
  EXPECT_EQ(restart_seed(20240517, 0), 20240517u);
  // SplitMix64 seeded with 0: its first output is the published 0xE220A8397B1DCDAF.
  EXPECT_EQ(restart_seed(0, 1), 0xE220A8397B1DCDAFull);
  std::vector<std::uint64_t> seen;
  for (std::uint64_t base : {1u, 2u, 3u}) {
    for (int k = 0; k < 10; ++k) seen.push_back(restart_seed(base, k));
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());  // no shared runs
  EXPECT_THROW(restart_seed(1, -1), std::invalid_argument);
}

TEST(CatchmentDds, MultiStartKeepsTheBestRun) {
  const std::vector<double> lo(4, -2.0), hi(4, 2.0), x0(4, 0.0);
  DdsOptions o;
  o.max_evaluations = 300;
  o.seed = 5;
  o.threads = 1;
  const auto one = dds_multistart(rosenbrock, lo, hi, x0, o, 1);
  ASSERT_EQ(one.runs.size(), 1u);
  EXPECT_EQ(one.runs[0].best_x, dds_minimise(rosenbrock, lo, hi, x0, o).best_x);
  const auto many = dds_multistart(rosenbrock, lo, hi, x0, o, 6);
  ASSERT_EQ(many.runs.size(), 6u);
  for (std::size_t k = 0; k < many.runs.size(); ++k) {
    EXPECT_EQ(many.runs[k].history.size(), 300u);
    EXPECT_GE(many.runs[k].best_objective, many.runs[many.best].best_objective);
    if (k < many.best) {
      EXPECT_GT(many.runs[k].best_objective, many.runs[many.best].best_objective);
    }
    DdsOptions ok = o;
    ok.seed = restart_seed(o.seed, int(k));
    EXPECT_EQ(many.runs[k].best_x, dds_minimise(rosenbrock, lo, hi, x0, ok).best_x);
  }
  o.threads = 2;
  const auto two = dds_multistart(rosenbrock, lo, hi, x0, o, 6);
  EXPECT_EQ(two.best, many.best);
  EXPECT_EQ(two.runs[two.best].best_x, many.runs[many.best].best_x);
  EXPECT_THROW(dds_multistart(rosenbrock, lo, hi, x0, o, 0), std::invalid_argument);
}

TEST(CatchmentDds, RejectsBadInput) {
  const std::vector<double> lo{0.0}, hi{1.0};
  DdsOptions o;
  EXPECT_THROW(dds_minimise(sphere, lo, hi, std::vector<double>{2.0}, o), std::invalid_argument);
  EXPECT_THROW(dds_minimise(sphere, hi, lo, std::vector<double>{0.5}, o), std::invalid_argument);
}

}  // namespace
