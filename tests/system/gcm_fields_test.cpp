// scenario.gcm_fields end to end: a one-year `caspian run` of the default run file whose scenario
// is the delta change between the two CMIP5 samples (inputs/climate/cmip5_samples), against the
// same run with no scenario change; and the run file's refusals.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "system/run_helpers.hpp"

namespace {
using namespace caspian::testing;

const std::string samples = (inputs_dir() / "climate/cmip5_samples").string();

std::string gcm_block(const std::string& future_start = "2006-12",
                      const std::string& future_end = "2007-11") {
  return "  gcm_fields:\n"
         "    model: MPI-ESM-LR 2005 -> CanESM2 2006-12..2007-11 (test fixture)\n"
         "    source: CMIP5 samples, inputs/PROVENANCE.md\n"
         "    reference:\n"
         "      temperature_file: " +
         samples +
         "/cmip5_tas_Amon_MPI-ESM-LR_historical_r1i1p1_200501-200512.nc\n"
         "      start: 2005\n"
         "      end: 2005\n"
         "    future:\n"
         "      temperature_file: " +
         samples +
         "/cmip5_tas_Amon_CanESM2_rcp85_r1i1p1_200701-200712.nc\n"
         "      start: " +
         future_start + "\n      end: " + future_end + "\n";
}

const std::string cmip6_block =
    "  cmip6:\n"
    "    atlas: " +
    (inputs_dir() / "climate/cmip6_atlas_regional").string() +
    "\n"
    "    model: MPI-ESM1-2-LR\n"
    "    ssp: ssp245\n";

// The default run file for 2025 alone, one warm-up cycle, no ports; `scenario_change` replaces
// its cmip6 block.
std::string run_text(const std::string& scenario_change) {
  std::string text = inputs_run_file_text("default.yaml");
  text = replace_once(text, "end: 2100-12", "end: 2025-12");
  text = replace_once(text, cmip6_block, scenario_change);
  text =
      replace_once(text, "  write_fields: false\n", "  write_fields: false\n  warmup_cycles: 1\n");
  const auto ports = text.find("\nports:");
  const auto ensemble = text.find("\nensemble:");
  if (ports != std::string::npos && ensemble != std::string::npos)
    text.erase(ports, ensemble - ports);
  return text;
}

std::map<std::string, double> year_row(const std::filesystem::path& csv, int year) {
  std::istringstream in(read_text(csv));
  std::string header, line;
  std::getline(in, header);
  std::vector<std::string> names;
  std::stringstream hs(header);
  for (std::string f; std::getline(hs, f, ',');) names.push_back(f);
  std::map<std::string, double> row;
  while (std::getline(in, line)) {
    if (line.rfind(std::to_string(year) + ",", 0) != 0) continue;
    std::stringstream ls(line);
    std::size_t k = 0;
    for (std::string f; std::getline(ls, f, ',') && k < names.size(); ++k)
      row[names[k]] = std::stod(f);
  }
  return row;
}

TEST(GcmFieldsRun, TheLandAndTheSeaTakeTheChange) {
#ifdef CASPIAN_SANITIZED
  GTEST_SKIP() << "two catchment runs: minutes under the sanitizers";
#endif
  const auto dir = scratch_dir("gcm-fields-run");
  write_text(dir / "gcm.yaml", run_text(gcm_block()));
  write_text(dir / "none.yaml", run_text(""));
  ASSERT_EQ(read_text(dir / "none.yaml").find("  cmip6:"), std::string::npos);
  const auto gcm = run_caspian("run --quiet --output-dir " + quoted(dir / "gcm") + " " +
                               quoted(dir / "gcm.yaml"));
  ASSERT_EQ(gcm.exit_code, 0) << gcm.out;
  const auto none = run_caspian("run --quiet --output-dir " + quoted(dir / "none") + " " +
                                quoted(dir / "none.yaml"));
  ASSERT_EQ(none.exit_code, 0) << none.out;
  const auto with = year_row(dir / "gcm/annual_summary.csv", 2025);
  const auto without = year_row(dir / "none/annual_summary.csv", 2025);
  ASSERT_TRUE(with.count("evaporation_km3") && without.count("evaporation_km3"));
  // The sea: its evaporation (temperature-driven) moves; the land: the river inflow moves.
  EXPECT_GT(std::fabs(with.at("evaporation_km3") - without.at("evaporation_km3")), 1.0);
  EXPECT_GT(std::fabs(with.at("river_inflow_km3") - without.at("river_inflow_km3")), 1.0);
  // No precipitation files: the sea's precipitation is unchanged.
  EXPECT_NEAR(with.at("precipitation_km3"), without.at("precipitation_km3"),
              0.01 * without.at("precipitation_km3"));
  // Ramped in over 100 years from the run's start, 2025 takes at most 1 % of the change.
  write_text(dir / "ramp.yaml", run_text(gcm_block() + "    ramp_years: 100\n"));
  const auto ramp = run_caspian("run --quiet --output-dir " + quoted(dir / "ramp") + " " +
                                quoted(dir / "ramp.yaml"));
  ASSERT_EQ(ramp.exit_code, 0) << ramp.out;
  const auto ramped = year_row(dir / "ramp/annual_summary.csv", 2025);
  for (const char* key : {"evaporation_km3", "river_inflow_km3"}) {
    EXPECT_LT(std::fabs(ramped.at(key) - without.at(key)),
              0.05 * std::fabs(with.at(key) - without.at(key)))
        << key;
  }
  std::filesystem::remove_all(dir);
}

TEST(GcmFieldsRun, BadInputsAreRefusedByName) {
  const auto dir = scratch_dir("gcm-fields-bad");
  struct Case {
    std::string name, text, expected;
  };
  const std::vector<Case> cases = {
      {"both", run_text(cmip6_block + gcm_block()),
       "scenario.cmip6 and scenario.gcm_fields are both given"},
      {"outside", run_text(gcm_block("2007-01", "2007-12")), "is outside the file"},
      {"pr_one_period",
       run_text(replace_once(gcm_block(), "      start: 2005\n",
                             "      precipitation_file: " + samples +
                                 "/cmip5_tas_Amon_CanESM2_rcp85_r1i1p1_200701-200712.nc\n"
                                 "      start: 2005\n")),
       "precipitation_file is given for one period only"},
      {"pr_is_tas",
       run_text(replace_once(
           replace_once(gcm_block(), "      start: 2005\n",
                        "      precipitation_file: " + samples +
                            "/cmip5_tas_Amon_MPI-ESM-LR_historical_r1i1p1_200501-200512.nc\n"
                            "      precipitation_variable: tas\n      start: 2005\n"),
           "      start: 2006-12\n",
           "      precipitation_file: " + samples +
               "/cmip5_tas_Amon_CanESM2_rcp85_r1i1p1_200701-200712.nc\n"
               "      precipitation_variable: tas\n      start: 2006-12\n")),
       "units 'K' are not a precipitation flux"},
      {"no_variable",
       run_text(replace_once(gcm_block(), "      start: 2005\n",
                             "      temperature_variable: ts\n      start: 2005\n")),
       "'ts' not found"},
      {"bad_period", run_text(replace_once(gcm_block(), "end: 2005", "end: 2005-13")),
       "scenario.gcm_fields.reference.end"},
  };
  for (const auto& c : cases) {
    write_text(dir / (c.name + ".yaml"), c.text);
    const auto r = run_caspian("run --quiet --output-dir " + quoted(dir / c.name) + " " +
                               quoted(dir / (c.name + ".yaml")));
    EXPECT_EQ(r.exit_code, 2) << c.name << ": " << r.out;
    EXPECT_NE(r.out.find(c.expected), std::string::npos) << c.name << ": " << r.out;
    EXPECT_TRUE(folder_is_empty(dir / c.name)) << c.name;
  }
  // caspian ensemble does not take GCM fields.
  std::string text = inputs_run_file_text("default.yaml");
  text = replace_once(text, cmip6_block, gcm_block());
  write_text(dir / "ensemble.yaml", text);
  const auto e = run_caspian("ensemble --members 1 --scenarios ssp245 --output-dir " +
                             quoted(dir / "ens") + " " + quoted(dir / "ensemble.yaml"));
  EXPECT_EQ(e.exit_code, 2) << e.out;
  EXPECT_NE(e.out.find("does not take GCM fields"), std::string::npos) << e.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
