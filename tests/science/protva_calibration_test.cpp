// The Protva at Spas-Zagorye: `caspian calibrate inputs/calibration/protva.yaml` fits on
// 1980-1998 (1979 warm-up) and validates on 1999-2013 without refitting, leaving out the flagged
// spans. The procedure (mean of KGE and log-flow KGE, CWH and CFR fixed, best of 5 DDS runs) was
// chosen by split-sample skill inside 1980-1998 (docs/calibration.md). Prints calibration and
// validation KGE/NSE, each DDS run's objective and the mean annual hydrograph; fails if the
// validation KGE is below 0.75 (issue 3, item 5). Then, for information only, the same procedure
// with base seeds 1-3 (none in a sanitizer build), so the sensitivity to the seed stays visible.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

#include "system/run_helpers.hpp"

namespace {
using namespace caspian::testing;

std::map<std::string, std::vector<std::string>> read_scores(const std::filesystem::path& csv) {
  std::map<std::string, std::vector<std::string>> rows;
  std::istringstream in(read_text(csv));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream ls(line);
    std::string f;
    while (std::getline(ls, f, ',')) fields.push_back(f);
    if (!fields.empty()) rows[fields[0]] = fields;
  }
  return rows;
}

bool sanitizer_build() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#else
  const char* env = std::getenv("CASPIAN_SANITIZE_BUILD");
  return env != nullptr && std::string(env) != "0" && std::string(env) != "";
#endif
}

TEST(ProtvaCalibration, ValidationKgeAtLeast075) {
  const auto out = scratch_dir("protva");
  const auto run_file = inputs_dir() / "calibration/protva.yaml";
  const auto result =
      run_caspian("calibrate " + quoted(run_file) + " --quiet --output-dir " + quoted(out));
  ASSERT_EQ(result.exit_code, 0) << result.out;
  std::printf("%s", result.out.c_str());
  const auto scores = read_scores(out / "scores.csv");
  ASSERT_TRUE(scores.count("calibration") && scores.count("validation"));
  // period,start,end,days_scored,kge,nse,...
  const double cal_kge = std::stod(scores.at("calibration")[4]);
  const double cal_nse = std::stod(scores.at("calibration")[5]);
  const double val_kge = std::stod(scores.at("validation")[4]);
  const double val_nse = std::stod(scores.at("validation")[5]);
  std::printf("Protva calibration 1980-1998: KGE %.3f NSE %.3f\n", cal_kge, cal_nse);
  std::printf("Protva validation  1999-2013: KGE %.3f NSE %.3f (threshold KGE >= 0.75)\n", val_kge,
              val_nse);
  std::printf("%s", read_text(out / "mean_annual_hydrograph.csv").c_str());
  for (const char* f : {"best_parameters.yaml", "objective_history.csv", "restarts.csv",
                        "daily_discharge.csv", "mean_annual_hydrograph.csv", "data_flags.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(out / f)) << f;
  }
  // The known discharge copies must be flagged, not silently used.
  const auto flags = read_text(out / "data_flags.csv");
  for (const char* span : {"1967-01-01", "1982-08-01", "2020-03-18", "1960-"}) {
    EXPECT_NE(flags.find(span), std::string::npos) << span << "\n" << flags;
  }
  EXPECT_NE(flags.find("2019-01-01,2020-12-31,precipitation_mm"), std::string::npos) << flags;
  EXPECT_GE(val_kge, 0.75);
  std::filesystem::remove_all(out);

  // Seed sensitivity, printed for the record (not a pass/fail criterion).
  // Each run is 5 x 3000 evaluations: three seeds keep the test under a minute.
  const int seeds = sanitizer_build() ? 0 : 3;
  for (int seed = 1; seed <= seeds; ++seed) {
    const auto dir = scratch_dir("protva-seed");
    std::string text = read_text(run_file);
    const auto pos = text.find("  seed: ");
    ASSERT_NE(pos, std::string::npos);
    text =
        text.substr(0, pos) + "  seed: " + std::to_string(seed) + text.substr(text.find('\n', pos));
    text = replace_once(text, "file: ../hydrology/",
                        "file: " + (inputs_dir() / "hydrology").string() + "/");
    write_text(dir / "protva_seed.yaml", text);
    const auto r = run_caspian("calibrate " + quoted(dir / "protva_seed.yaml") +
                               " --quiet --output-dir " + quoted(dir / "out"));
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const auto s = read_scores(dir / "out/scores.csv");
    std::printf("base seed %d (for information): calibration KGE %s, validation KGE %s NSE %s\n",
                seed, s.at("calibration")[4].c_str(), s.at("validation")[4].c_str(),
                s.at("validation")[5].c_str());
    std::filesystem::remove_all(dir);
  }
}

}  // namespace
