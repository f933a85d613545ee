// `caspian calibrate`: the same seed gives the same outputs with 1 and 2 threads; bad run files
// give exit code 2 and one line naming the file, key and line.
#include <gtest/gtest.h>

#include <algorithm>

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

// Restarts, blocks and a combined objective: still the same on 1 and 2 threads; restarts.csv
// lists every run and which one was kept.
TEST(CalibrateCommand, RestartsAndBlocksOneThreadEqualsTwoThreads) {
  const auto dir = scratch_dir("calibrate-restarts");
  std::string text = protva_run_file_text();
  text = replace_once(text, "  objective: [kge, kge_log]",
                      "  objective: [kge, kge_log, kge_monthly]\n  blocks: 2");
  write_text(dir / "run.yaml", text);
  for (int threads : {1, 2}) {
    const auto r =
        run_caspian("calibrate " + quoted(dir / "run.yaml") +
                    " --quiet --iterations 40 --restarts 3 --threads " + std::to_string(threads) +
                    " --output-dir " + quoted(dir / ("t" + std::to_string(threads))));
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("block 1980-01-01..1989-12-31"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("block 1990-01-01..1998-12-31"), std::string::npos) << r.out;
  }
  for (const char* f : {"best_parameters.yaml", "objective_history.csv", "restarts.csv",
                        "daily_discharge.csv", "scores.csv"}) {
    const auto a = read_text(dir / "t1" / f);
    EXPECT_FALSE(a.empty()) << f;
    EXPECT_EQ(a, read_text(dir / "t2" / f)) << f;
  }
  const auto runs = read_text(dir / "t1/restarts.csv");
  EXPECT_EQ(std::count(runs.begin(), runs.end(), '\n'), 4) << runs;
  EXPECT_NE(runs.find("run,seed,evaluations,objective_kge+kge_log+kge_monthly,kept,"),
            std::string::npos)
      << runs;
  EXPECT_NE(runs.find("\n1,20240517,40,"), std::string::npos) << runs;
  EXPECT_NE(read_text(dir / "t1/best_parameters.yaml").find("(best of 3 runs: run "),
            std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(CalibrateCommand, BadRunFileNamesKeyAndLine) {
  const auto dir = scratch_dir("calibrate-bad");
  write_text(dir / "run.yaml",
             replace_once(protva_run_file_text(), "  objective: [", "  objectiv: ["));
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

  write_text(dir / "run3.yaml", replace_once(protva_run_file_text(), "  objective: [kge, kge_log]",
                                             "  objective: [kge, kgelog]"));
  const auto r3 = run_caspian("calibrate " + quoted(dir / "run3.yaml") + " --output-dir " +
                              quoted(dir / "out"));
  EXPECT_EQ(r3.exit_code, 2) << r3.out;
  EXPECT_NE(r3.out.find("'kgelog' is not an objective"), std::string::npos) << r3.out;

  write_text(dir / "run4.yaml",
             replace_once(protva_run_file_text(), "  restarts: 5", "  restarts: 0"));
  const auto r4 = run_caspian("calibrate " + quoted(dir / "run4.yaml") + " --output-dir " +
                              quoted(dir / "out"));
  EXPECT_EQ(r4.exit_code, 2) << r4.out;
  EXPECT_NE(r4.out.find("fit.restarts"), std::string::npos) << r4.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
