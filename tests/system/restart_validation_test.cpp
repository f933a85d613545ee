// Issue 12: a coupled run split after the shoreline has moved equals the run that never stopped
// (the restart carries the network's shoreline and the channel water of flooded cells). The
// validation of damaged restart files is in restart_files_test.cpp.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <string>
#include <vector>

#include "system/run_helpers.hpp"

namespace {
using namespace caspian::testing;

std::string hindcast(const std::string& start, const std::string& end) {
  std::string text = inputs_run_file_text("hindcast_1979_2018.yaml");
  text = replace_once(text, "start: 1979-01", "start: " + start);
  text = replace_once(text, "end: 2018-12", "end: " + end);
  return replace_once(text, "write_fields: true", "write_fields: false\n  warmup_cycles: 1");
}

std::vector<double> read_dataset(const std::filesystem::path& file, const std::string& name) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  std::vector<double> v;
  if (f < 0 || H5Lexists(f, name.c_str(), H5P_DEFAULT) <= 0) {
    if (f >= 0) H5Fclose(f);
    return v;
  }
  const hid_t set = H5Dopen2(f, name.c_str(), H5P_DEFAULT);
  const hid_t space = H5Dget_space(set);
  v.resize(std::size_t(H5Sget_simple_extent_npoints(space)));
  H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  H5Sclose(space);
  H5Dclose(set);
  H5Fclose(f);
  return v;
}

TEST(RestartValidation, CoupledRunSplitAfterTheShorelineMovedEqualsOneRun) {
  // 1979-1986 the modelled sea rises ~1 m: the network is rebuilt for a new shoreline each
  // December, so a split after 1986 must carry the shoreline and the flooded cells' channel water.
  const auto dir = scratch_dir("restart-shoreline");
  write_text(dir / "whole.yaml", hindcast("1979-01", "1988-12"));
  write_text(dir / "first.yaml", hindcast("1979-01", "1986-12"));
  write_text(dir / "second.yaml", hindcast("1987-01", "1988-12"));
  ASSERT_EQ(run_caspian("run --quiet " + quoted(dir / "whole.yaml") + " --output-dir " +
                        quoted(dir / "w"))
                .exit_code,
            0);
  ASSERT_EQ(run_caspian("run --quiet " + quoted(dir / "first.yaml") + " --output-dir " +
                        quoted(dir / "a") + " --save-state " + quoted(dir / "state.h5"))
                .exit_code,
            0);
  // The shoreline did move: the saved network is not the initial one.
  EXPECT_FALSE(read_dataset(dir / "state.h5", "sea_mask").empty());
  const auto second = run_caspian("run --quiet " + quoted(dir / "second.yaml") + " --output-dir " +
                                  quoted(dir / "b") + " --restart " + quoted(dir / "state.h5"));
  ASSERT_EQ(second.exit_code, 0) << second.out;
  EXPECT_EQ(rows_from(read_text(dir / "b/annual_summary.csv"), 1987),
            rows_from(read_text(dir / "w/annual_summary.csv"), 1987));
  EXPECT_EQ(rows_from(read_text(dir / "b/river_inflow_annual.csv"), 1987),
            rows_from(read_text(dir / "w/river_inflow_annual.csv"), 1987));

  std::filesystem::remove_all(dir);
}

}  // namespace
