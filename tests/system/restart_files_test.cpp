// Issue 12: a restart file is checked dataset by dataset before the run continues from it: each
// defect (a short dataset, NaN or huge values, an empty level, a text hash, a level the
// bathymetry cannot hold) exits 2 naming the file, the dataset and what was expected, with no
// outputs. The states are saved by real runs (--save-state) and edited with the netCDF-C API.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "system/netcdf_edit.hpp"
#include "system/run_helpers.hpp"

namespace {
using namespace caspian::testing;

class RestartFiles : public ::testing::Test {
 protected:
  // A sea-only state at 2025-02 and a coupled catchment state at 1979-02, each saved by a run of
  // one month, once for the suite.
  static void SetUpTestSuite() {
    dir_ = scratch_dir("restart-files");
    std::string sea = default_run_file_text();
    sea = replace_once(sea.substr(0, sea.find("\nports:") + 1), "end: 2100-12", "end: 2025-01");
    write_text(dir_ / "sea_first.yaml", sea);
    write_text(dir_ / "sea_second.yaml",
               replace_once(replace_once(sea, "start: 2025-01", "start: 2025-02"), "end: 2025-01",
                            "end: 2025-02"));
    std::string land = inputs_run_file_text("hindcast_1979_2018.yaml");
    land = replace_once(land, "write_fields: true", "write_fields: false\n  warmup_cycles: 0");
    land = replace_once(land, "end: 2018-12", "end: 1979-01");
    write_text(dir_ / "land_first.yaml", land);
    write_text(dir_ / "land_second.yaml",
               replace_once(replace_once(land, "start: 1979-01", "start: 1979-02"), "end: 1979-01",
                            "end: 1979-02"));
    for (const char* kind : {"sea", "land"}) {
      const std::string k = kind;
      const auto r =
          run_caspian("run --quiet " + quoted(dir_ / (k + "_first.yaml")) + " --output-dir " +
                      quoted(dir_ / (k + "_a")) + " --save-state " + quoted(dir_ / (k + ".nc")));
      ASSERT_EQ(r.exit_code, 0) << r.out;
      // The unedited state continues.
      const auto second =
          run_caspian("run --quiet " + quoted(dir_ / (k + "_second.yaml")) + " --output-dir " +
                      quoted(dir_ / (k + "_b")) + " --restart " + quoted(dir_ / (k + ".nc")));
      ASSERT_EQ(second.exit_code, 0) << second.out;
    }
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }

  // Continues from a copy of the saved state after `edit`: exit 2, every word in the message,
  // no outputs.
  static void expect_refused(const std::string& kind,
                             const std::function<bool(const std::filesystem::path&)>& edit,
                             const std::vector<std::string>& words) {
    const auto state = dir_ / "edited.nc";
    std::filesystem::copy_file(dir_ / (kind + ".nc"), state,
                               std::filesystem::copy_options::overwrite_existing);
    ASSERT_TRUE(edit(state));
    const auto out = dir_ / "out";
    const auto r =
        run_caspian_within(120, "run --quiet " + quoted(dir_ / (kind + "_second.yaml")) +
                                    " --output-dir " + quoted(out) + " --restart " + quoted(state));
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("caspian: input error: " + state.string()), std::string::npos) << r.out;
    for (const auto& w : words) {
      EXPECT_NE(r.out.find(w), std::string::npos) << "expected '" << w << "' in:\n" << r.out;
    }
    EXPECT_TRUE(folder_is_empty(out)) << r.out;
    std::filesystem::remove_all(out);
  }

  static std::filesystem::path dir_;
};
std::filesystem::path RestartFiles::dir_;

TEST_F(RestartFiles, SeaDefects) {
  const auto dataset = [](const std::string& name, std::vector<double> values,
                          nc_type type = NC_DOUBLE) {
    return [=](const std::filesystem::path& p) { return replace_variable(p, name, values, type); };
  };
  const auto attribute = [](const std::string& name, const std::string& value) {
    return [=](const std::filesystem::path& p) { return replace_text_attribute(p, name, value); };
  };
  // Was "vector::_M_range_check".
  expect_refused("sea", dataset("sea_level_m_bs", {}),
                 {"sea_level_m_bs: holds 0 value(s) in 1 dimension(s); expected one value"});
  // An array of texts where one text is expected (read past its end by the HDF5 reader: a
  // heap-buffer-overflow found by fuzzing): variable-length data, refused before netCDF-C reads it.
  expect_refused("sea",
                 [](const std::filesystem::path& p) {
                   return replace_string_array_attribute(p, "next_month", {"2025-02", "2025-03"});
                 },
                 {"attribute 'next_month' of group / holds variable-length or compound data"});
  // Was "stoull".
  expect_refused("sea", attribute("config_hash", "abc"), {"config_hash: 'abc' is not a hash"});
  expect_refused("sea", dataset("sea_level_m_bs", {std::nan("")}),
                 {"sea_level_m_bs: value nan", "expected a finite value"});
  expect_refused("sea", dataset("sea_level_m_bs", {-29.0}, NC_INT),
                 {"sea_level_m_bs: has type integer (int); expected double (floating point)"});
  expect_refused("sea", dataset("sea_level_m_bs", {40.0}),
                 {"sea_level_m_bs: 40.000 m BS is not a level the bathymetry can hold"});
  expect_refused("sea", dataset("sea_volume_m3", {1e300}), {"sea_volume_m3: value 1e+300"});
  expect_refused("sea", dataset("sea_volume_m3", {1e13}),
                 {"sea_volume_m3: 10000.000 km3 is not the volume of the saved level"});
}

TEST_F(RestartFiles, CatchmentDefects) {
  // A dataset one value short was read out of bounds; NaN channel storage ran to exit 0.
  for (const char* name : {"soil_moisture_mm", "upper_zone_mm", "lower_zone_mm",
                           "routing_pending_mm", "channel_storage_m3", "snowpack_mm"}) {
    expect_refused(
        "land", [&](const std::filesystem::path& p) { return replace_variable(p, name, {1.0}); },
        {std::string(name) + ": holds 1 value(s) in 1 dimension(s); expected ", "another grid?"});
  }
  struct Bad {
    const char* name;
    double value;
    const char* words;
  };
  for (const auto& bad : {Bad{"channel_storage_m3", std::nan(""), "channel_storage_m3: value nan"},
                          Bad{"snowpack_mm", 1e30, "snowpack_mm: value 1e+30"},
                          Bad{"lower_zone_mm", -1.0, "lower_zone_mm: value -1"}}) {
    expect_refused("land",
                   [&](const std::filesystem::path& p) {
                     const auto values = read_doubles(p, bad.name);
                     auto edited = values;
                     if (edited.empty()) return false;
                     edited[edited.size() / 2] = bad.value;
                     return replace_variable(p, bad.name, edited);
                   },
                   {bad.words, "expected a finite value in"});
  }
  expect_refused("land",
                 [](const std::filesystem::path& p) {
                   return replace_variable(p, "volga_reservoir_storage_m3", {1e300});
                 },
                 {"volga_reservoir_storage_m3: value 1e+300"});
}
}  // namespace
