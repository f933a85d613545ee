// Bad inputs give a clear error (naming the file and the variable or key), a non-zero exit, and
// no output file.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netcdf.h>
#include <unistd.h>

#include <vector>

#include "system/run_helpers.hpp"

namespace {
using namespace caspian::testing;

struct Case {
  std::filesystem::path dir;
  std::filesystem::path run_file;
  std::filesystem::path out_dir;
};

Case make_case(const std::string& name, const std::string& run_text) {
  Case c;
  c.dir = scratch_dir(name);
  c.run_file = c.dir / "run.yaml";
  c.out_dir = c.dir / "out";
  write_text(c.run_file, run_text);
  return c;
}

void expect_clean_failure(const Case& c, const std::vector<std::string>& must_mention) {
  const auto result =
      run_caspian("run " + quoted(c.run_file) + " --output-dir " + quoted(c.out_dir));
  EXPECT_NE(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("caspian: "), std::string::npos) << result.out;
  for (const auto& word : must_mention) {
    EXPECT_NE(result.out.find(word), std::string::npos) << "expected '" << word << "' in:\n"
                                                        << result.out;
  }
  EXPECT_TRUE(folder_is_empty(c.out_dir)) << "outputs were written despite the error";
  std::filesystem::remove_all(c.dir);
}

// Square lat-lon axes of n points from 36 N, 45 E in steps of `step` degrees: defined, then
// written once the file has left define mode.
struct LatLonAxes {
  int dim_lat = 0, dim_lon = 0, v_lat = 0, v_lon = 0;
  std::size_t n = 0;
  double step = 0.0;
};
LatLonAxes define_lat_lon(int nc, std::size_t n, double step) {
  LatLonAxes a{0, 0, 0, 0, n, step};
  nc_def_dim(nc, "lat", n, &a.dim_lat);
  nc_def_dim(nc, "lon", n, &a.dim_lon);
  nc_def_var(nc, "lat", NC_DOUBLE, 1, &a.dim_lat, &a.v_lat);
  nc_def_var(nc, "lon", NC_DOUBLE, 1, &a.dim_lon, &a.v_lon);
  nc_put_att_text(nc, a.v_lat, "units", 13, "degrees_north");
  nc_put_att_text(nc, a.v_lon, "units", 12, "degrees_east");
  return a;
}
void put_lat_lon(int nc, const LatLonAxes& a) {
  std::vector<double> lat(a.n), lon(a.n);
  for (std::size_t k = 0; k < a.n; ++k) {
    lat[k] = 36.0 + a.step * double(k);
    lon[k] = 45.0 + a.step * double(k);
  }
  nc_put_var_double(nc, a.v_lat, lat.data());
  nc_put_var_double(nc, a.v_lon, lon.data());
}

// A NetCDF copy of a small lat-lon field with chosen units and one NaN/fill cell.
void write_field(const std::filesystem::path& path, const std::string& var,
                 const std::string& units, bool with_time, bool with_missing) {
  int nc = 0, dim_t = 0, v_t = 0, v = 0;
  ASSERT_EQ(nc_create(path.c_str(), NC_NETCDF4 | NC_CLOBBER, &nc), NC_NOERR);
  const std::size_t nlat = 20, nlon = 20, nt = with_time ? 12 : 1;
  if (with_time) nc_def_dim(nc, "time", nt, &dim_t);
  const LatLonAxes axes = define_lat_lon(nc, nlat, 0.6);
  const int dim_lat = axes.dim_lat, dim_lon = axes.dim_lon;
  if (with_time) {
    nc_def_var(nc, "time", NC_DOUBLE, 1, &dim_t, &v_t);
    const std::string tu = "days since 2000-01-01";
    nc_put_att_text(nc, v_t, "units", tu.size(), tu.c_str());
    const int dims[3] = {dim_t, dim_lat, dim_lon};
    nc_def_var(nc, var.c_str(), NC_FLOAT, 3, dims, &v);
  } else {
    const int dims[2] = {dim_lat, dim_lon};
    nc_def_var(nc, var.c_str(), NC_FLOAT, 2, dims, &v);
  }
  nc_put_att_text(nc, v, "units", units.size(), units.c_str());
  const float fill = -999.0f;
  nc_put_att_float(nc, v, "_FillValue", NC_FLOAT, 1, &fill);
  nc_enddef(nc);
  put_lat_lon(nc, axes);
  if (with_time) {
    std::vector<double> t(nt);
    for (std::size_t k = 0; k < nt; ++k) t[k] = 15.0 + 30.5 * double(k);
    nc_put_var_double(nc, v_t, t.data());
  }
  std::vector<float> values(nt * nlat * nlon, 1.0f);
  for (std::size_t k = 0; k < values.size(); ++k) values[k] = with_time ? 1.0f : -100.0f;
  if (with_missing) values[nlat * nlon / 2 + 3] = fill;
  nc_put_var_float(nc, v, values.data());
  nc_close(nc);
}

TEST(BadInputs, MissingRunFile) {
  const auto dir = scratch_dir("missing-run");
  const auto result =
      run_caspian("run " + quoted(dir / "nope.yaml") + " --output-dir " + quoted(dir / "out"));
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.out.find("nope.yaml"), std::string::npos) << result.out;
  EXPECT_TRUE(folder_is_empty(dir / "out"));
  std::filesystem::remove_all(dir);
}

TEST(BadInputs, MissingBathymetryFile) {
  const auto c = make_case(
      "missing-file",
      replace_once(default_run_file_text(), "caspian_etopo1_10arcmin.nc", "no_such_bathymetry.nc"));
  expect_clean_failure(c, {"no_such_bathymetry.nc"});
}

TEST(BadInputs, MissingVariable) {
  const auto c = make_case(
      "missing-var",
      replace_once(default_run_file_text(), "variable: topography", "variable: elevation"));
  expect_clean_failure(c, {"caspian_etopo1_10arcmin.nc", "elevation", "topography"});
}

TEST(BadInputs, WrongUnits) {
  const auto dir = scratch_dir("units-src");
  // Furlongs per fortnight is a speed UDUNITS-2 converts (a water flux in m s-1); a mass of water
  // per area is no flux.
  write_field(dir / "precip.nc", "pr", "kg m-2", true, false);
  auto text = default_run_file_text();
  const auto start = text.find("file:", text.find("precipitation:"));
  const auto end = text.find("variable: precip") + std::string("variable: precip").size();
  text = text.substr(0, start) + "file: " + (dir / "precip.nc").string() + "\n    variable: pr" +
         text.substr(end);
  const auto c = make_case("units", text);
  expect_clean_failure(c, {"precip.nc", "pr", "units 'kg m-2' are not"});
  std::filesystem::remove_all(dir);
}

TEST(BadInputs, MissingValueInBathymetry) {
  const auto dir = scratch_dir("nan-src");
  write_field(dir / "bathy.nc", "topography", "m", false, true);
  const auto c = make_case(
      "nan", replace_once(default_run_file_text(),
                          (inputs_dir() / "bathymetry/caspian_etopo1_10arcmin.nc").string(),
                          (dir / "bathy.nc").string()));
  expect_clean_failure(c, {"bathy.nc", "topography", "missing"});
  std::filesystem::remove_all(dir);
}

TEST(BadInputs, SeedOnLand) {
  const auto c = make_case(
      "seed", replace_once(replace_once(default_run_file_text(), "lat_deg: 42.0", "lat_deg: 47.5"),
                           "lon_deg: 51.0", "lon_deg: 55.5"));
  expect_clean_failure(c, {"seed", "land"});
}

TEST(BadInputs, UnknownKeyNamesLineAndValidKeys) {
  const auto c = make_case(
      "key", replace_once(default_run_file_text(), "initial_level_m_bs:", "initial_levl_m_bs:"));
  expect_clean_failure(c, {"run.yaml", "run.initial_levl_m_bs", "line 10", "initial_level_m_bs"});
}

TEST(BadInputs, LevelOutsideTable) {
  const auto c =
      make_case("level", replace_once(default_run_file_text(), "initial_level_m_bs: -29.145",
                                      "initial_level_m_bs: 40.0"));
  expect_clean_failure(c, {"initial_level_m_bs", "highest level"});
}

TEST(BadInputs, ParameterOutOfBounds) {
  const auto c = make_case("param", replace_once(default_run_file_text(), "parameters: {}",
                                                 "parameters:\n  sea.kbg_sill_level_m_bs: 12"));
  expect_clean_failure(c, {"sea.kbg_sill_level_m_bs", "outside the allowed range"});
}

TEST(BadInputs, HypsometryLevelAboveGrid) {
  const auto result = run_caspian(
      "hypsometry " + quoted(inputs_dir() / "bathymetry/caspian_etopo1_10arcmin.nc") + " --max 30");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.out.find("highest level"), std::string::npos) << result.out;
}

TEST(BadInputs, CheckInputsReportsTheSameErrors) {
  const auto c = make_case("check", replace_once(default_run_file_text(), "variable: topography",
                                                 "variable: elevation"));
  const auto result = run_caspian("check-inputs " + quoted(c.run_file));
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.out.find("elevation"), std::string::npos) << result.out;
  std::filesystem::remove_all(c.dir);
}
}  // namespace

namespace {
TEST(BadInputs, ForcingThatDoesNotCoverTheSea) {
  // A 12-month field over 36..47.4 N, 45..56.4 E misses the northern rows of the sea grid (to 48
  // N).
  const auto dir = scratch_dir("cover-src");
  write_field(dir / "precip.nc", "pr", "mm/day", true, false);
  auto text = default_run_file_text();
  const auto start = text.find("file:", text.find("precipitation:"));
  const auto end = text.find("variable: precip") + std::string("variable: precip").size();
  text = text.substr(0, start) + "file: " + (dir / "precip.nc").string() + "\n    variable: pr" +
         text.substr(end);
  const auto c = make_case("cover", text);
  expect_clean_failure(c, {"precip.nc", "pr", "covers lat"});
  std::filesystem::remove_all(dir);
}
TEST(BadInputs, ClosedBasinOnTheSeaOrOffTheGrid) {
  const auto dir = scratch_dir("closed-basins");
  const std::string good = read_text(inputs_dir() / "catchment/closed_basins.yaml");
  const auto dem = quoted(inputs_dir() / "dem/caspian_basin_etopo1_10arcmin.nc");
  struct Bad {
    std::string from, to, mention;
  };
  for (const auto& bad : {Bad{"lat_deg: 37.70\n    lon_deg: 45.32",
                              "lat_deg: 42.0\n    lon_deg: 51.0", "is a Caspian cell"},
                          Bad{"lat_deg: 37.70\n    lon_deg: 45.32",
                              "lat_deg: 30.0\n    lon_deg: 45.32", "off the DEM grid"},
                          Bad{"sources: [ELTON_RGO, ELTON_WIKI]\n    ", "", "needs a source"}}) {
    const auto list = dir / "closed.yaml";
    write_text(list, replace_once(good, bad.from, bad.to));
    const auto result =
        run_caspian("network " + dem + " --bathymetry-level -29.2 --closed-basins " + quoted(list));
    EXPECT_EQ(result.exit_code, 2) << result.out;
    for (const std::string& word : {list.string(), std::string("closed_basins["), bad.mention}) {
      EXPECT_NE(result.out.find(word), std::string::npos) << "expected '" << word << "' in:\n"
                                                          << result.out;
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace

namespace {
// Issue 8: the sea's new inputs are checked like the others.
TEST(BadInputs, SeaPhysicsKeys) {
  const std::string text = default_run_file_text();
  expect_clean_failure(
      make_case("scheme", replace_once(text, "evaporation_scheme: bulk_aerodynamic",
                                       "evaporation_scheme: penman")),
      {"climate.evaporation_scheme", "penman", "bulk_aerodynamic or linacre"});
  const auto no_wind =
      text.substr(0, text.find("  wind_speed:")) + text.substr(text.find("\nscenario:") + 1);
  expect_clean_failure(make_case("nowind", no_wind),
                       {"climate.wind_speed", "required by the bulk_aerodynamic"});
  const std::string kbg = "  seed:";
  expect_clean_failure(
      make_case("kbg-state",
                replace_once(text, kbg,
                             "  kara_bogaz_gol:\n    regime:\n      - {from: 1980-03, strait: "
                             "dammed}\n" +
                                 kbg)),
      {"sea.kara_bogaz_gol.regime[0].strait", "dammed", "open, closed or culverts"});
  expect_clean_failure(
      make_case("kbg-order",
                replace_once(text, kbg,
                             "  kara_bogaz_gol:\n    regime:\n      - {from: 1992-06, strait: "
                             "open}\n      - {from: 1980-03, strait: closed}\n" +
                                 kbg)),
      {"sea.kara_bogaz_gol.regime[1].from", "time order"});
}

TEST(BadInputs, AirTemperatureAnomalySeries) {
  const auto dir = scratch_dir("anomaly-series");
  const auto series = dir / "anomalies.csv";
  write_text(series, "year,anomaly\nyear,K vs 1991-2020\n1980,0.1\n1981,0.2\n1983,0.3\n");
  const std::string block = "  air_temperature_anomalies:\n    file: " + series.string() +
                            "\n    column: anomaly\n    baseline_first_year: 1980\n"
                            "    baseline_last_year: 1981\n";
  const std::string text = default_run_file_text();
  const auto at = text.find("\nscenario:");
  expect_clean_failure(
      make_case("anomaly-gap", text.substr(0, at + 1) + block + text.substr(at + 1)),
      {series.string(), "anomaly 1982", "missing year"});
  write_text(series, "year,anomaly\nyear,degC\n1980,0.1\n1981,0.2\n");
  expect_clean_failure(
      make_case("anomaly-units", text.substr(0, at + 1) + block + text.substr(at + 1)),
      {series.string(), "units 'degC'", "K"});
  std::filesystem::remove_all(dir);
}
}  // namespace

namespace {
// Issue 9, item 1: a CMIP6 pattern-scaled scenario runs; a model or SSP without data is refused.
TEST(Cmip6Scenario, RunsAndRefusesModelsAndScenariosWithoutData) {
  const auto dir = scratch_dir("cmip6");
  std::string text = inputs_run_file_text("scenarios/ssp245_mpi_esm1_2_lr.yaml");
  text = replace_once(text, "end: 2100-12", "end: 2030-12");
  text = text.substr(0, text.find("\nports:")) + "\n";
  write_text(dir / "run.yaml", text);
  const auto ok = run_caspian("run --quiet " + quoted(dir / "run.yaml") + " --output-dir " +
                              quoted(dir / "out"));
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_TRUE(std::filesystem::exists(dir / "out/sea_level.nc"));
  expect_clean_failure(
      make_case("cmip6-model", replace_once(text, "model: MPI-ESM1-2-LR", "model: NoSuchModel")),
      {"NoSuchModel", "no SSP5-8.5 crossing years"});
  expect_clean_failure(
      make_case("cmip6-ssp", replace_once(text, "ssp: ssp245", "ssp: ssp999")),
      {"scenario.cmip6.ssp", "ssp999", "expected ssp126, ssp245, ssp370 or ssp585"});
  std::filesystem::remove_all(dir);
}
}  // namespace

namespace {
// Issue 12: usage errors exited with CLI11's codes (104-109), not 2 as the README says.
TEST(BadInputs, UsageErrorsExitTwoAndHelpExitsZero) {
  for (const std::string& args :
       {std::string("run"), std::string("frobnicate"), std::string("run a.yaml --no-such-flag"),
        std::string("hypsometry x.nc --step abc"), std::string("")}) {
    const auto result = run_caspian(args);
    EXPECT_EQ(result.exit_code, 2) << args << ":\n" << result.out;
    EXPECT_NE(result.out.find("caspian: usage error: "), std::string::npos) << result.out;
  }
  for (const char* args : {"--help", "run --help", "--version"}) {
    EXPECT_EQ(run_caspian(args).exit_code, 0) << args;
  }
}

// Issue 12: --threads 100000 overflowed libgomp's stack.
TEST(BadInputs, CalibrateThreadsAreBounded) {
  const auto result = run_caspian_within(
      60, "calibrate " + quoted(inputs_dir() / "calibration/protva.yaml") + " --threads 100000");
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.out.find("--threads"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("1024"), std::string::npos) << result.out;
}

// Issue 12: OMP_NUM_THREADS=100000 crashed libgomp (SIGSEGV) at the first parallel region; it is
// clamped to the --threads bound with a warning.
TEST(BadInputs, OmpNumThreadsAboveTheBoundIsClamped) {
  const auto dir = scratch_dir("omp-threads");
  const auto result =
      run_shell("OMP_NUM_THREADS=100000 timeout 120 '" + std::string(CASPIAN_EXECUTABLE) +
                "' calibrate " + quoted(inputs_dir() / "calibration/protva.yaml") +
                " --iterations 2 --quiet --output-dir " + quoted(dir));
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("warning: OMP_NUM_THREADS=100000 is above 1024"), std::string::npos)
      << result.out;
  EXPECT_TRUE(std::filesystem::exists(dir / "best_parameters.yaml")) << result.out;
  std::filesystem::remove_all(dir);
}

// Issue 12: a seed longitude of 1e30 made the grid lookup loop forever.
TEST(BadInputs, AbsurdSeedLongitudesAreRefusedAndDoNotHang) {
  const auto bathy = quoted(inputs_dir() / "bathymetry/caspian_etopo1_10arcmin.nc");
  for (const std::string lon : {"1e30", "-1e30", "nan", "inf", "400"}) {
    const auto result = run_caspian_within(30, "hypsometry " + bathy + " --seed-lon " + lon);
    EXPECT_EQ(result.exit_code, 2) << lon << ":\n" << result.out;
    EXPECT_NE(result.out.find("--seed-lon"), std::string::npos) << result.out;
  }
  const auto dem = quoted(inputs_dir() / "dem/caspian_basin_etopo1_10arcmin.nc");
  const auto network = run_caspian_within(30, "network " + dem + " --seed-lon 1e30");
  EXPECT_EQ(network.exit_code, 2) << network.out;
  const auto c = make_case("seed-lon",
                           replace_once(default_run_file_text(), "lon_deg: 51.0", "lon_deg: 1e30"));
  const auto result =
      run_caspian_within(60, "run " + quoted(c.run_file) + " --output-dir " + quoted(c.out_dir));
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.out.find("sea.seed.lon_deg"), std::string::npos) << result.out;
  EXPECT_TRUE(folder_is_empty(c.out_dir));
  std::filesystem::remove_all(c.dir);
}

// Issue 12: a repeated key was ignored (the first won); a key that is not a scalar escaped as
// "yaml-cpp: bad conversion" with exit 1.
TEST(BadInputs, RepeatedAndNonScalarRunFileKeys) {
  const std::string text = default_run_file_text();
  expect_clean_failure(make_case("dup-start", replace_once(text, "  end: 2100-12",
                                                           "  start: 2030-01\n  end: 2100-12")),
                       {"run.yaml", "run.start (line ", "given twice", "first at line "});
  expect_clean_failure(make_case("dup-run", text + "run:\n  name: again\n"),
                       {"run.yaml", "run (line ", "given twice", "first at line 4)"});
  const auto c = make_case("complex-key", text + "? [a, b]\n: 1\n");
  const auto result =
      run_caspian("run " + quoted(c.run_file) + " --output-dir " + quoted(c.out_dir));
  EXPECT_EQ(result.exit_code, 2) << result.out;
  expect_clean_failure(c, {"run.yaml", "line ", "not a name or a number"});
}

// Issue 12: a folder read as an empty run file, /dev/zero was read for minutes.
TEST(BadInputs, FolderAndDeviceAreNotRunFiles) {
  const auto dir = scratch_dir("not-a-file");
  const std::filesystem::path zero = "/dev/zero";
  for (const auto& [path, words] :
       {std::pair{dir, "is a folder"}, std::pair{zero, "not a regular file"}}) {
    for (const char* command : {"run", "ports"}) {
      const auto result = run_caspian_within(
          30, std::string(command) + " " + quoted(path) + " --output-dir " + quoted(dir / "out"));
      EXPECT_EQ(result.exit_code, 2) << command << " " << path << ":\n" << result.out;
      EXPECT_NE(result.out.find(words), std::string::npos) << result.out;
    }
    const auto check = run_caspian_within(30, "check-inputs " + quoted(path));
    EXPECT_EQ(check.exit_code, 2) << check.out;
    EXPECT_NE(check.out.find(words), std::string::npos) << check.out;
  }
  EXPECT_TRUE(folder_is_empty(dir / "out"));
  std::filesystem::remove_all(dir);
}

// Issue 12: a folder, a device or a FIFO given as the restart file is refused by what it is,
// naming it, before NetCDF opens it (a FIFO with no writer would block the open).
TEST(BadInputs, FolderDeviceAndFifoAreNotRestartFiles) {
  const auto c = make_case("not-a-restart", default_run_file_text());
  const auto fifo = c.dir / "state.nc";
  ASSERT_EQ(run_shell("mkfifo " + quoted(fifo)).exit_code, 0);
  for (const auto& [path, kind] : {std::pair{c.dir, "is a folder"},
                                   std::pair{std::filesystem::path("/dev/zero"), "is a device"},
                                   std::pair{fifo, "is a FIFO"}}) {
    const auto result =
        run_caspian_within(60, "run " + quoted(c.run_file) + " --output-dir " + quoted(c.out_dir) +
                                   " --restart " + quoted(path));
    EXPECT_EQ(result.exit_code, 2) << path << ":\n" << result.out;
    for (const std::string& word :
         {"caspian: input error: " + path.string() + ": " + kind,
          std::string("expected a regular file, a caspian restart file (netCDF-4)")})
      EXPECT_NE(result.out.find(word), std::string::npos) << word << " in:\n" << result.out;
  }
  EXPECT_TRUE(folder_is_empty(c.out_dir));
  std::filesystem::remove_all(c.dir);
}

// Issue 12: a groundwater inflow of -400 or 1e30 km3/yr was accepted.
TEST(BadInputs, GroundwaterOutOfRange) {
  for (const std::string value : {"-400", "1e30"}) {
    expect_clean_failure(make_case("groundwater", replace_once(default_run_file_text(),
                                                               "groundwater_km3_per_yr: 4.0",
                                                               "groundwater_km3_per_yr: " + value)),
                         {"inflow.groundwater_km3_per_yr", "0..100 km3/yr"});
  }
}
}  // namespace

namespace {
// A CF-NetCDF level series sea_level(time) with the given time units and values.
void write_level_series(const std::filesystem::path& path, const std::string& units,
                        const std::vector<double>& times) {
  int nc = 0, dim = 0, v_t = 0, v = 0;
  ASSERT_EQ(nc_create(path.c_str(), NC_NETCDF4 | NC_CLOBBER, &nc), NC_NOERR);
  nc_def_dim(nc, "time", times.size(), &dim);
  nc_def_var(nc, "time", NC_DOUBLE, 1, &dim, &v_t);
  nc_put_att_text(nc, v_t, "units", units.size(), units.c_str());
  nc_def_var(nc, "sea_level", NC_DOUBLE, 1, &dim, &v);
  nc_put_att_text(nc, v, "units", 1, "m");
  nc_enddef(nc);
  nc_put_var_double(nc, v_t, times.data());
  const std::vector<double> levels(times.size(), -29.3);
  nc_put_var_double(nc, v, levels.data());
  nc_close(nc);
}

// Issue 12: a time of 1e300 days gave a year of about 671 million; a reference year of
// 2147483647 overflowed a signed int.
TEST(BadInputs, LevelSeriesTimesOutsideTheSupportedYears) {
  const auto dir = scratch_dir("level-years");
  write_text(dir / "run.yaml", default_run_file_text());
  std::vector<double> months;
  for (int k = 0; k < 24; ++k) months.push_back(15.0 + 30.4 * k);
  for (const auto& [units, last] :
       {std::pair<std::string, double>{"days since 2025-01-01", 1e300},
        std::pair<std::string, double>{"days since 2147483647-01-01", 745.0}}) {
    auto times = months;
    times.back() = last;
    write_level_series(dir / "levels.nc", units, times);
    const auto result =
        run_caspian("ports " + quoted(dir / "run.yaml") + " --levels " + quoted(dir / "levels.nc") +
                    " --output-dir " + quoted(dir / "out"));
    EXPECT_EQ(result.exit_code, 2) << units << ":\n" << result.out;
    for (const std::string& word :
         {(dir / "levels.nc").string(), std::string("time"), std::string("-100000..100000")}) {
      EXPECT_NE(result.out.find(word), std::string::npos) << word << " in:\n" << result.out;
    }
    EXPECT_TRUE(folder_is_empty(dir / "out"));
  }
  std::filesystem::remove_all(dir);
}

// Issue 12: a bathymetry header declaring 20000 x 20000 cells ended in std::bad_alloc.
TEST(BadInputs, HugeDeclaredBathymetryGrid) {
  const auto dir = scratch_dir("huge-grid");
  const auto bathy = dir / "huge.nc";
  {
    int nc = 0, v = 0;
    ASSERT_EQ(nc_create(bathy.c_str(), NC_NETCDF4 | NC_CLOBBER, &nc), NC_NOERR);
    const LatLonAxes axes = define_lat_lon(nc, 20000, 0.0006);
    const int dims[2] = {axes.dim_lat, axes.dim_lon};
    nc_def_var(nc, "topography", NC_FLOAT, 2, dims, &v);  // declared, never written
    nc_put_att_text(nc, v, "units", 1, "m");
    nc_enddef(nc);
    put_lat_lon(nc, axes);
    nc_close(nc);
  }
  ASSERT_LT(std::filesystem::file_size(bathy), 1u << 20);
  const auto c =
      make_case("huge-grid-run",
                replace_once(default_run_file_text(),
                             (inputs_dir() / "bathymetry/caspian_etopo1_10arcmin.nc").string(),
                             bathy.string()));
  expect_clean_failure(c, {"huge.nc", "topography", "20000 x 20000", "at most 50000000 cells"});
  const auto hyps = run_caspian_within(60, "hypsometry " + quoted(bathy));
  EXPECT_EQ(hyps.exit_code, 2) << hyps.out;
  std::filesystem::remove_all(dir);
}

// Issue 12: caspian ports --levels accepted series with gaps and a single month, and refused the
// model's own annual_summary.csv.
TEST(BadInputs, PortLevelSeriesGapsAndTheRunsAnnualSummary) {
  const auto dir = scratch_dir("ports-levels-gaps");
  const std::string text = replace_once(default_run_file_text(), "end: 2100-12", "end: 2027-12");
  write_text(dir / "run.yaml", text);
  const auto ports = [&](const std::string& levels_text) {
    write_text(dir / "levels.csv", levels_text);
    return run_caspian("ports " + quoted(dir / "run.yaml") + " --levels " +
                       quoted(dir / "levels.csv") + " --output-dir " + quoted(dir / "out"));
  };
  std::string monthly = "year,month,level_m_bs\n";
  for (int y = 2025; y <= 2026; ++y) {
    for (int m = 1; m <= 12; ++m) {
      if (y != 2025 || m != 6) monthly += fmt::format("{},{},-29.4\n", y, m);
    }
  }
  struct Bad {
    std::string levels, mention;
  };
  for (const auto& bad :
       {Bad{monthly, "missing month(s) 2025-06..2025-06"},
        Bad{"year,level_m_bs\n2025,-29.3\n2026,-29.5\n2030,-29.8\n", "missing year(s) 2027..2029"},
        Bad{"year,month,level_m_bs\n2025,1,-29.3\n", "at least 12"}}) {
    const auto result = ports(bad.levels);
    EXPECT_EQ(result.exit_code, 2) << result.out;
    EXPECT_NE(result.out.find("levels.csv"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find(bad.mention), std::string::npos) << result.out;
    EXPECT_TRUE(folder_is_empty(dir / "out"));
  }
  ASSERT_EQ(run_caspian("run --quiet " + quoted(dir / "run.yaml") + " --output-dir " +
                        quoted(dir / "run"))
                .exit_code,
            0);
  const auto summary =
      run_caspian("ports " + quoted(dir / "run.yaml") + " --levels " +
                  quoted(dir / "run/annual_summary.csv") + " --output-dir " + quoted(dir / "out"));
  EXPECT_EQ(summary.exit_code, 0) << summary.out;
  EXPECT_NE(summary.out.find("2025-01..2027-12"), std::string::npos) << summary.out;
  EXPECT_TRUE(std::filesystem::exists(dir / "out/ports_annual.csv"));
  std::filesystem::remove_all(dir);
}
}  // namespace

namespace {
// Issue 12: an output folder that could not be written was reported only after the whole run
// (and one that could not be created as "Permission denied").
TEST(BadInputs, OutputFolderIsCheckedBeforeTheRun) {
  const auto dir = scratch_dir("out-folder");
  write_text(dir / "run.yaml", default_run_file_text());
  write_text(dir / "a_file", "x");
  // Root writes anywhere: /proc refuses even root.
  std::filesystem::path unwritable = "/proc";
  if (::geteuid() != 0) {
    unwritable = dir / "read_only";
    std::filesystem::create_directories(unwritable);
    std::filesystem::permissions(
        unwritable, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  }
  const auto calibration = quoted(inputs_dir() / "calibration/protva.yaml");
  for (const auto& [folder, words] :
       {std::pair{unwritable, "the output folder is not writable"},
        std::pair{dir / "a_file" / "out", "cannot create the output folder (Not a directory)"}}) {
    for (const std::string& command : {"run --quiet " + quoted(dir / "run.yaml"),
                                       "ports " + quoted(dir / "run.yaml") + " --levels " +
                                           quoted(source_dir() / "tests/data/ports_levels.csv"),
                                       "calibrate --quiet " + calibration}) {
      const auto result = run_caspian_within(60, command + " --output-dir " + quoted(folder));
      EXPECT_EQ(result.exit_code, 2) << command << ":\n" << result.out;
      EXPECT_NE(result.out.find("caspian: input error: " + folder.string() + ": " + words),
                std::string::npos)
          << result.out;
      // Refused before running: no summary line, no fit.
      EXPECT_EQ(result.out.find("caspian run '"), std::string::npos) << result.out;
      EXPECT_EQ(result.out.find("fitted "), std::string::npos) << result.out;
    }
  }
  if (unwritable != "/proc") {
    std::filesystem::permissions(unwritable, std::filesystem::perms::owner_all);
  }
  std::filesystem::remove_all(dir);
}

// The README's exit 3: the simulated sea leaves the levels the bathymetry can hold (five times
// the river inflow fills the basin over its edge before 2100).
TEST(BadInputs, SeaAboveTheBathymetryExitsThree) {
  const auto c = make_case(
      "exit-3", replace_once(default_run_file_text(), "  factor: 1.0 ", "  factor: 5.0 "));
  const auto result =
      run_caspian("run --quiet " + quoted(c.run_file) + " --output-dir " + quoted(c.out_dir));
  EXPECT_EQ(result.exit_code, 3) << result.out;
  EXPECT_NE(result.out.find("caspian: out of range: "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("outside the range the bathymetry grid can hold"), std::string::npos)
      << result.out;
  EXPECT_TRUE(folder_is_empty(c.out_dir));
  std::filesystem::remove_all(c.dir);
}
}  // namespace
