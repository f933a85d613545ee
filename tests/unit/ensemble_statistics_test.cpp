#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

#include "caspian/ensemble/statistics.hpp"

namespace {
using namespace caspian;

// Reference: the type-7 definition written out independently, on a copy sorted by std::sort.
double reference_quantile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double pos = 1.0 + (double(v.size()) - 1.0) * p;  // 1-based position (Hyndman & Fan)
  const std::size_t j = std::size_t(pos);
  const double g = pos - double(j);
  if (j >= v.size()) return v.back();
  return (1.0 - g) * v[j - 1] + g * v[j];
}

TEST(EnsembleStatistics, QuantilesMatchTheReferenceOnRandomData) {
  std::mt19937_64 rng(12345);
  std::normal_distribution<double> normal(-30.0, 2.0);
  const double ps[] = {0.05, 0.17, 0.5, 0.83, 0.95, 0.0, 1.0};
  for (std::size_t n : {1u, 2u, 7u, 40u, 101u}) {
    std::vector<double> v(n);
    for (double& x : v) x = normal(rng);
    const auto q = ensemble::quantiles(v, ps);
    for (std::size_t k = 0; k < std::size(ps); ++k) {
      EXPECT_NEAR(q[k], reference_quantile(v, ps[k]), 1e-12) << n << " " << ps[k];
      EXPECT_DOUBLE_EQ(q[k], ensemble::quantile(v, ps[k]));
    }
  }
  // Known values: the median of 1..4 is 2.5; the 17 % quantile 1 + 0.51.
  const std::vector<double> four{4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(ensemble::quantile(four, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(ensemble::quantile(four, 0.17), 1.51);
  EXPECT_THROW(ensemble::quantile(four, 1.5), std::invalid_argument);
}

TEST(EnsembleStatistics, ProbabilitiesLeaveOutStoppedMembers) {
  const std::vector<double> levels{-29.5, -30.5, -31.0, std::nan(""), -32.5};
  EXPECT_DOUBLE_EQ(ensemble::probability_below(levels, -30.0), 0.75);
  EXPECT_DOUBLE_EQ(ensemble::probability_above(levels, -31.0), 0.5);
  EXPECT_TRUE(std::isnan(ensemble::probability_below(std::vector<double>{std::nan("")}, 0.0)));
  const std::vector<std::uint8_t> flags{1, 0, 1, 1};
  EXPECT_DOUBLE_EQ(ensemble::probability_of(flags), 0.75);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> v(1000);
  for (double& x : v) x = u(rng);
  const double p = ensemble::probability_below(v, 0.3);
  const auto ref =
      double(std::count_if(v.begin(), v.end(), [](double x) { return x < 0.3; })) / 1000.0;
  EXPECT_DOUBLE_EQ(p, ref);
}

TEST(EnsembleStatistics, FirstYearReaching) {
  const std::map<int, double> p{{2030, 0.1}, {2031, 0.4}, {2032, 0.55}, {2033, 0.5}, {2034, 0.9}};
  EXPECT_EQ(ensemble::first_year_reaching(p, 0.5), 2032);
  EXPECT_EQ(ensemble::first_year_reaching(p, 0.9), 2034);
  EXPECT_EQ(ensemble::first_year_reaching(p, 0.95), 0);
}

}  // namespace
