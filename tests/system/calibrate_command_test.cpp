// `caspian calibrate`: the same seed gives the same outputs with 1 and 2 threads; bad run files
// give exit code 2 and one line naming the file, key and line.
#include <gtest/gtest.h>

#include "system/run_helpers.hpp"

namespace {
using namespace caspian::testing;

std::string protva_run_file_text() {
  return replace_once(read_text(inputs_dir() / "calibration/protva.yaml"), "file: ../hydrology/",
                      "file: " + (inputs_dir() / "hydrology").string() + "/");
}

TEST(CalibrateCommand, OneThreadEqualsTwoThreads) {
  const auto dir = scratch_dir("calibrate-threads");
  write_text(dir / "run.yaml", protva_run_file_text());
  for (int threads : {1, 2}) {
    const auto r = run_caspian("calibrate " + quoted(dir / "run.yaml") +
                               " --quiet --iterations 120 --threads " + std::to_string(threads) +
                               " --output-dir " + quoted(dir / ("t" + std::to_string(threads))));
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  for (const char* f : {"best_parameters.yaml", "objective_history.csv", "daily_discharge.csv",
                        "scores.csv", "mean_annual_hydrograph.csv"}) {
    const auto a = read_text(dir / "t1" / f);
    EXPECT_FALSE(a.empty()) << f;
    EXPECT_EQ(a, read_text(dir / "t2" / f)) << f;
  }
  const auto yaml = read_text(dir / "t1/best_parameters.yaml");
  EXPECT_NE(yaml.find("\nparameters:\n  catchment."), std::string::npos) << yaml;
  std::filesystem::remove_all(dir);
}

TEST(CalibrateCommand, BadRunFileNamesKeyAndLine) {
  const auto dir = scratch_dir("calibrate-bad");
  write_text(dir / "run.yaml",
             replace_once(protva_run_file_text(), "  objective: kge", "  objectiv: kge"));
  const auto r =
      run_caspian("calibrate " + quoted(dir / "run.yaml") + " --output-dir " + quoted(dir / "out"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("fit.objectiv (line"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("valid keys here"), std::string::npos) << r.out;
  EXPECT_TRUE(folder_is_empty(dir / "out"));

  write_text(dir / "run2.yaml",
             replace_once(protva_run_file_text(), "end: 2013-12-31", "end: 2030-12-31"));
  const auto r2 = run_caspian("calibrate " + quoted(dir / "run2.yaml") + " --output-dir " +
                              quoted(dir / "out"));
  EXPECT_EQ(r2.exit_code, 2) << r2.out;
  EXPECT_NE(r2.out.find("2030-12-31"), std::string::npos) << r2.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
