// Issue 9: the default ensemble cut to 2 members per SSP (models CanESM5 and EC-Earth3, the first
// two weather seeds), 2025-2100, prints the 2050 and 2100 quantiles per SSP and checks only what
// would be a broken run: finite levels within the bathymetry's reach, and with the same models
// and weather, more forcing gives a lower sea (the paired design). Nothing is fitted to levels.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <sstream>
#include <string>

#include "science/level_record.hpp"

namespace {
using namespace caspian::testing;

TEST(EnsembleProjection, PrintsTheLevelQuantilesPerScenario) {
#ifdef CASPIAN_SANITIZED
  GTEST_SKIP() << "a century-long ensemble is too slow under the sanitizers";
#endif
  const auto dir = scratch_dir("science-ensemble");
  write_text(dir / "run.yaml", inputs_run_file_text("default.yaml"));
  const auto r =
      run_caspian("ensemble " + quoted(dir / "run.yaml") +
                  " --members 2 --no-report --quiet --output-dir " + quoted(dir / "out"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::istringstream in(read_text(dir / "out" / "ensemble_quantiles.csv"));
  std::string line;
  std::map<std::string, double> median_2100;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string scenario, year, variable;
    std::getline(f, scenario, ',');
    std::getline(f, year, ',');
    std::getline(f, variable, ',');
    if (variable != "sea_level_m_bs" || (year != "2050" && year != "2100")) continue;
    std::string skip, value;
    for (int k = 0; k < 3; ++k) std::getline(f, skip, ',');
    double q[5];
    for (double& v : q) {
      std::getline(f, value, ',');
      v = std::stod(value);
    }
    std::printf(
        "ensemble %s %s: level median %.2f m BS, 17-83 %% %.2f to %.2f, 5-95 %% %.2f to "
        "%.2f\n",
        scenario.c_str(), year.c_str(), q[2], q[1], q[3], q[0], q[4]);
    for (double v : q) {
      EXPECT_GT(v, -60.0) << line;
      EXPECT_LT(v, -25.0) << line;
    }
    if (year == "2100") median_2100[scenario] = q[2];
  }
  ASSERT_EQ(median_2100.size(), 4u);
  EXPECT_LT(median_2100["ssp585"], median_2100["ssp126"]);
  EXPECT_LT(median_2100["ssp370"], median_2100["ssp126"]);
}

}  // namespace
