#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "caspian/core/error.hpp"
#include "caspian/io/run_config.hpp"

namespace {
namespace fs = std::filesystem;

const char* minimal_run = R"(run:
  name: t
  start: 2025-01
  end: 2026-12
  initial_level_m_bs: -29.2
sea:
  bathymetry: {file: b.nc, variable: topography}
  seed: {lat_deg: 42, lon_deg: 51}
climate:
  precipitation: {file: p.nc, variable: precip}
  temperature: {file: t.nc, variable: air}
  evaporation_scheme: linacre
inflow:
  rivers:
    - {name: Volga, mean_km3_per_yr: 228.6, source: CEP_WL}
)";

fs::path write_run(const std::string& text) {
  std::random_device rd;
  const auto dir = fs::temp_directory_path() / ("caspian-config-" + std::to_string(rd()));
  fs::create_directories(dir);
  const auto path = dir / "run.yaml";
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::string& text) {
  const auto path = write_run(text);
  try {
    caspian::io::load_run_config(path);
  } catch (const caspian::core::InputError& e) {
    fs::remove_all(path.parent_path());
    return e.what();
  }
  fs::remove_all(path.parent_path());
  return "";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  return text.substr(0, pos) + to + text.substr(pos + from.size());
}

TEST(RunConfig, ReadsMinimalRunWithDefaults) {
  const auto path = write_run(minimal_run);
  const auto cfg = caspian::io::load_run_config(path);
  EXPECT_EQ(cfg.name, "t");
  EXPECT_EQ(cfg.start.year, 2025);
  EXPECT_EQ(cfg.end.month, 12);
  EXPECT_EQ(cfg.bathymetry.file, path.parent_path() / "b.nc");
  EXPECT_EQ(cfg.inflow.rivers.size(), 1u);
  EXPECT_DOUBLE_EQ(cfg.inflow.monthly_share[3], 1.0 / 12.0);
  EXPECT_DOUBLE_EQ(cfg.parameters.get("sea.datum_offset_m"), 0.0);
  fs::remove_all(path.parent_path());
}

TEST(RunConfig, UnknownKeyNamesFileLineAndValidKeys) {
  const std::string message =
      error_of(replaced(minimal_run, "  start:", "  strat: 2025-01\n  start:"));
  EXPECT_NE(message.find("run.yaml"), std::string::npos) << message;
  EXPECT_NE(message.find("run.strat"), std::string::npos) << message;
  EXPECT_NE(message.find("line 3"), std::string::npos) << message;
  EXPECT_NE(message.find("initial_level_m_bs"), std::string::npos) << message;
}

TEST(RunConfig, RejectsBadValuesWithTheKey) {
  EXPECT_NE(error_of(replaced(minimal_run, "2026-12", "2026-13")).find("run.end"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(minimal_run, "-29.2", "deep")).find("run.initial_level_m_bs"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(minimal_run) + "parameters:\n  sea.no_such_thing: 1\n")
                .find("unknown parameter"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(minimal_run) + "inflow_typo: 1\n").find("inflow_typo"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(minimal_run, "  rivers:", "  monthly_share: [0.5, 0.5]\n  rivers:"))
                .find("12 monthly shares"),
            std::string::npos);
  EXPECT_NE(error_of("run: [unclosed").find("not valid YAML"), std::string::npos);
  const std::string missing = error_of("nothing: here\n");
  EXPECT_NE(missing.find("nothing"), std::string::npos) << missing;
}

TEST(RunConfig, ReadsTrajectoriesAndParameters) {
  const auto path = write_run(std::string(minimal_run) +
                              "scenario:\n  temperature_delta_K: {2024: 0.8, 2100: 2.6}\n"
                              "parameters:\n  sea.kbg_sill_level_m_bs: -32\n");
  const auto cfg = caspian::io::load_run_config(path);
  EXPECT_EQ(cfg.scenario.temperature_delta_K.size(), 2u);
  EXPECT_DOUBLE_EQ(cfg.scenario.temperature_delta_K.at(2100), 2.6);
  EXPECT_DOUBLE_EQ(cfg.scenario.precipitation_factor.begin()->second, 1.0);
  EXPECT_DOUBLE_EQ(cfg.parameters.get("sea.kbg_sill_level_m_bs"), -32.0);
  fs::remove_all(path.parent_path());
}
}  // namespace

namespace {
std::string recorded_run() {
  return replaced(minimal_run,
                  "  rivers:\n    - {name: Volga, mean_km3_per_yr: 228.6, source: CEP_WL}\n",
                  "  mode: recorded\n"
                  "  recorded:\n"
                  "    file: hydrology/inflow.csv\n"
                  "    column: total_river_inflow_km3\n"
                  "    source: CEP_WL\n"
                  "  groundwater_km3_per_yr: 4.0\n"
                  "  factor: 1.1\n");
}

TEST(RunConfig, ReadsRecordedInflow) {
  const auto path = write_run(recorded_run());
  const auto cfg = caspian::io::load_run_config(path);
  EXPECT_EQ(cfg.inflow.mode, "recorded");
  ASSERT_TRUE(cfg.inflow.recorded.has_value());
  EXPECT_EQ(cfg.inflow.recorded->file, path.parent_path() / "hydrology/inflow.csv");
  EXPECT_EQ(cfg.inflow.recorded->column, "total_river_inflow_km3");
  EXPECT_EQ(cfg.inflow.recorded->source, "CEP_WL");
  EXPECT_TRUE(cfg.inflow.rivers.empty());
  EXPECT_DOUBLE_EQ(cfg.inflow.groundwater_km3_per_yr, 4.0);
  EXPECT_DOUBLE_EQ(cfg.inflow.factor.begin()->second, 1.1);
  EXPECT_FALSE(cfg.catchment.has_value());
  fs::remove_all(path.parent_path());
}

TEST(RunConfig, RecordedKeysOnlyInRecordedMode) {
  const std::string rivers =
      error_of(replaced(recorded_run(), "  groundwater_km3_per_yr:",
                        "  rivers:\n    - {name: Volga, mean_km3_per_yr: 228.6, source: CEP_WL}\n"
                        "  groundwater_km3_per_yr:"));
  EXPECT_NE(rivers.find("inflow.rivers"), std::string::npos) << rivers;
  EXPECT_NE(rivers.find("mode is recorded"), std::string::npos) << rivers;
  const std::string recorded = error_of(replaced(
      minimal_run, "  rivers:", "  recorded: {file: a.csv, column: x, source: y}\n  rivers:"));
  EXPECT_NE(recorded.find("inflow.recorded"), std::string::npos) << recorded;
  EXPECT_NE(recorded.find("mode is prescribed"), std::string::npos) << recorded;
  const std::string catchment = error_of(
      replaced(minimal_run, "  rivers:",
               "  mode: catchment\n  recorded: {file: a.csv, column: x, source: y}\n  rivers:"));
  EXPECT_NE(catchment.find("mode is catchment"), std::string::npos) << catchment;
  const std::string missing = error_of(replaced(recorded_run(),
                                                "  recorded:\n"
                                                "    file: hydrology/inflow.csv\n"
                                                "    column: total_river_inflow_km3\n"
                                                "    source: CEP_WL\n",
                                                ""));
  EXPECT_NE(missing.find("inflow.recorded"), std::string::npos) << missing;
  EXPECT_NE(missing.find("missing required key"), std::string::npos) << missing;
  const std::string typo =
      error_of(replaced(recorded_run(), "    column:", "    colum: a\n    column:"));
  EXPECT_NE(typo.find("inflow.recorded.colum"), std::string::npos) << typo;
  EXPECT_NE(typo.find("file, column, source"), std::string::npos) << typo;
  const std::string no_column =
      error_of(replaced(recorded_run(), "    column: total_river_inflow_km3\n", ""));
  EXPECT_NE(no_column.find("inflow.recorded.column"), std::string::npos) << no_column;
  const std::string mode = error_of(replaced(recorded_run(), "mode: recorded", "mode: measured"));
  EXPECT_NE(mode.find("prescribed, catchment or recorded"), std::string::npos) << mode;
}
}  // namespace

namespace {
// Issue 12: repeated keys were ignored (the first won); keys that are not scalars escaped as
// "yaml-cpp: bad conversion".
TEST(RunConfig, RepeatedKeysNameTheKeyAndBothLines) {
  const std::string start = error_of(replaced(minimal_run, "  end:", "  start: 2030-01\n  end:"));
  EXPECT_NE(start.find("run.yaml"), std::string::npos) << start;
  EXPECT_NE(start.find("run.start (line 4)"), std::string::npos) << start;
  EXPECT_NE(start.find("first at line 3"), std::string::npos) << start;
  const std::string section = error_of(std::string(minimal_run) + "run:\n  name: again\n");
  EXPECT_NE(section.find("run (line 16)"), std::string::npos) << section;
  EXPECT_NE(section.find("first at line 1"), std::string::npos) << section;
  const std::string nested =
      error_of(replaced(minimal_run, "lat_deg: 42,", "lat_deg: 42, lat_deg: 43,"));
  EXPECT_NE(nested.find("sea.seed.lat_deg"), std::string::npos) << nested;
  const std::string parameter = error_of(std::string(minimal_run) +
                                         "parameters:\n  sea.kbg_sill_level_m_bs: -32\n"
                                         "  sea.kbg_sill_level_m_bs: -31\n");
  EXPECT_NE(parameter.find("parameters.sea.kbg_sill_level_m_bs (line 18)"), std::string::npos)
      << parameter;
  const std::string year = error_of(std::string(minimal_run) +
                                    "scenario:\n  temperature_delta_K: {2000: 1, +2000: 2}\n");
  EXPECT_NE(year.find("scenario.temperature_delta_K"), std::string::npos) << year;
  EXPECT_NE(year.find("given twice"), std::string::npos) << year;
  const std::string river =
      error_of(replaced(minimal_run, "name: Volga,", "name: Volga, name: Ural,"));
  EXPECT_NE(river.find("inflow.rivers[0].name"), std::string::npos) << river;
}

TEST(RunConfig, KeysThatAreNotScalarsNameFileAndLine) {
  for (const char* key : {"? [a, b]\n: 1\n", "? {a: 1}\n: 1\n", "[x]: 1\n"}) {
    const std::string message = error_of(std::string(minimal_run) + key);
    EXPECT_NE(message.find("run.yaml"), std::string::npos) << message;
    EXPECT_NE(message.find("line 16"), std::string::npos) << message;
    EXPECT_NE(message.find("not a name or a number"), std::string::npos) << message;
  }
  const std::string nested =
      error_of(replaced(minimal_run, "  name: t\n", "  name: t\n  [1]: 2\n"));
  EXPECT_NE(nested.find("run (line 3)"), std::string::npos) << nested;
}

TEST(RunConfig, ReadsGcmFields) {
  const std::string gcm = std::string(minimal_run) + R"(scenario:
  gcm_fields:
    model: M
    reference: {temperature_file: r.nc, start: 1976, end: 2005}
    future: {temperature_file: f.nc, temperature_variable: t2m, precipitation_file: fp.nc,
             start: 2071-03, end: 2100-02}
    ramp_years: 20
    ramp_start: 2020-01
)";
  // pr for the future only is refused.
  EXPECT_NE(error_of(gcm).find("precipitation_file is given for one period only"),
            std::string::npos);
  const std::string both = [&] {
    std::string t = gcm;
    t.replace(t.find("start: 1976"), 11, "precipitation_file: rp.nc, start: 1976");
    return t;
  }();
  const auto cfg = caspian::io::load_run_config(write_run(both));
  ASSERT_TRUE(cfg.scenario.gcm_fields.has_value());
  const auto& g = *cfg.scenario.gcm_fields;
  EXPECT_EQ(g.reference.first, (caspian::core::YearMonth{1976, 1}));
  EXPECT_EQ(g.reference.last, (caspian::core::YearMonth{2005, 12}));
  EXPECT_EQ(g.future.first, (caspian::core::YearMonth{2071, 3}));
  EXPECT_EQ(g.future.last, (caspian::core::YearMonth{2100, 2}));
  EXPECT_EQ(g.reference.temperature.variable, "tas");
  EXPECT_EQ(g.future.temperature.variable, "t2m");
  EXPECT_EQ(g.future.precipitation->variable, "pr");
  EXPECT_EQ(g.future.precipitation->file.filename(), "fp.nc");
  EXPECT_DOUBLE_EQ(g.ramp_years, 20.0);
  EXPECT_EQ(*g.ramp_start, (caspian::core::YearMonth{2020, 1}));
  EXPECT_DOUBLE_EQ(g.precipitation_floor_mm_per_day, 0.1);
  std::string reversed = both;
  reversed.replace(reversed.find("end: 2005"), 9, "end: 1970");
  EXPECT_NE(error_of(reversed).find("scenario.gcm_fields.reference.end"), std::string::npos);
  std::string floor = both + "    precipitation_floor_mm_per_day: 0\n";
  EXPECT_NE(error_of(floor).find("precipitation_floor_mm_per_day"), std::string::npos);
}

TEST(RunConfig, FolderDeviceAndHugeFileAreNotRunFiles) {
  const auto path = write_run(minimal_run);
  const auto dir = path.parent_path();
  const auto error_for = [](const fs::path& p) -> std::string {
    try {
      caspian::io::load_run_config(p);
    } catch (const caspian::core::InputError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(error_for(dir).find("is a folder"), std::string::npos) << error_for(dir);
  EXPECT_NE(error_for("/dev/zero").find("not a regular file"), std::string::npos);
  std::ofstream(path, std::ios::app) << "# " << std::string(5u << 20, 'x') << "\n";
  EXPECT_NE(error_for(path).find("at most 4 MiB"), std::string::npos) << error_for(path);
  fs::remove_all(dir);
}

TEST(RunConfig, GroundwaterSeedLongitudeAndScalarTrajectoryRanges) {
  for (const char* value : {"-400", "1e30", "101"}) {
    const std::string message =
        error_of(std::string(minimal_run) + "  groundwater_km3_per_yr: " + value + "\n");
    EXPECT_NE(message.find("inflow.groundwater_km3_per_yr (line 16)"), std::string::npos)
        << message;
    EXPECT_NE(message.find("0..100 km3/yr"), std::string::npos) << message;
  }
  for (const char* lon : {"1e30", "-200", "361"}) {
    const std::string message =
        error_of(replaced(minimal_run, "lon_deg: 51", std::string("lon_deg: ") + lon));
    EXPECT_NE(message.find("sea.seed.lon_deg"), std::string::npos) << message;
    EXPECT_NE(message.find("-180..360"), std::string::npos) << message;
  }
  // A scalar trajectory is reported by its key alone (it has no year).
  const std::string factor = error_of(std::string(minimal_run) + "  factor: 9\n");
  EXPECT_NE(factor.find("inflow.factor (line 16)"), std::string::npos) << factor;
  EXPECT_EQ(factor.find("inflow.factor.2000"), std::string::npos) << factor;
  const std::string mapped = error_of(std::string(minimal_run) + "  factor: {2030: 9}\n");
  EXPECT_NE(mapped.find("inflow.factor.2030"), std::string::npos) << mapped;
}
}  // namespace
