// Whole runs on the default inputs: outputs exist, open in the tools users have (ncdump, CDO,
// Python netCDF4), conserve mass, and do not depend on the thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "system/run_helpers.hpp"

namespace {
using namespace caspian::testing;

struct AnnualRow {
  int year = 0;
  double mean_level = 0, end_level = 0, volume_km3 = 0, net_km3 = 0;
};

std::vector<AnnualRow> read_summary(const std::filesystem::path& csv) {
  std::vector<AnnualRow> rows;
  std::istringstream in(read_text(csv));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) f.push_back(cell);
    if (f.size() < 13) continue;
    rows.push_back(
        {std::stoi(f[0]), std::stod(f[2]), std::stod(f[3]), std::stod(f[5]), std::stod(f[12])});
  }
  return rows;
}

class DefaultRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(scratch_dir("default-run"));
    result_ = new CommandResult(run_caspian("run " + quoted(inputs_dir() / "projection_prescribed_inflow.yaml") +
                                            " --output-dir " + quoted(*dir_ / "out")));
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
    delete result_;
  }
  static std::filesystem::path out() { return *dir_ / "out"; }
  static std::filesystem::path* dir_;
  static CommandResult* result_;
};
std::filesystem::path* DefaultRun::dir_ = nullptr;
CommandResult* DefaultRun::result_ = nullptr;

TEST_F(DefaultRun, WritesEveryOutputAndATimingReport) {
  ASSERT_EQ(result_->exit_code, 0) << result_->out;
  for (const char* name : {"sea_level.nc", "wet_fraction.nc", "annual_summary.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(out() / name)) << name;
  }
  for (const auto& entry : std::filesystem::directory_iterator(out())) {
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos)
        << "left over: " << entry.path();
  }
  EXPECT_NE(result_->out.find("cell-steps/s"), std::string::npos) << result_->out;
  const auto rows = read_summary(out() / "annual_summary.csv");
  ASSERT_EQ(rows.size(), 76u);
  EXPECT_EQ(rows.front().year, 2025);
  EXPECT_EQ(rows.back().year, 2100);
  for (const auto& r : rows) {
    ASSERT_TRUE(std::isfinite(r.mean_level));
    EXPECT_GT(r.mean_level, -45.0);
    EXPECT_LT(r.mean_level, -20.0);
  }
  std::printf("default run: level 2050 %.2f m BS, 2100 %.2f m BS\n", rows[25].mean_level,
              rows.back().mean_level);
}

TEST_F(DefaultRun, AnnualVolumeChangeEqualsNetBalance) {
  ASSERT_EQ(result_->exit_code, 0) << result_->out;
  const auto rows = read_summary(out() / "annual_summary.csv");
  for (std::size_t k = 1; k < rows.size(); ++k) {
    // Volumes are printed to 0.1 km3 and the net to 0.001 km3.
    EXPECT_NEAR(rows[k].volume_km3 - rows[k - 1].volume_km3, rows[k].net_km3, 0.11) << rows[k].year;
  }
}

TEST_F(DefaultRun, NetCdfOpensInNcdumpCdoNetcdf4AndXarray) {
  ASSERT_EQ(result_->exit_code, 0) << result_->out;
  const auto series = out() / "sea_level.nc";
  const auto header = run_shell("ncdump -h " + quoted(series));
  ASSERT_EQ(header.exit_code, 0) << header.out;
  for (const char* text :
       {"Conventions = \"CF-1.10\"", "sea_level:units = \"m\"", "calendar",
        "evaporation:units = \"m3 s-1\"", "cell_methods = \"time: mean\"", "config = "}) {
    EXPECT_NE(header.out.find(text), std::string::npos) << text;
  }
  const auto cdo = run_shell("cdo -s sinfo " + quoted(out() / "wet_fraction.nc"));
  EXPECT_EQ(cdo.exit_code, 0) << cdo.out;
  EXPECT_NE(cdo.out.find("76 steps"), std::string::npos) << cdo.out;
  const auto names = run_shell("cdo -s showname " + quoted(out() / "wet_fraction.nc"));
  EXPECT_EQ(names.exit_code, 0) << names.out;
  EXPECT_NE(names.out.find("sea_area_fraction"), std::string::npos) << names.out;
  const auto means = run_shell("cdo -s outputf,%.3f -fldmean -selname,sea_level " + quoted(series));
  EXPECT_EQ(means.exit_code, 0) << means.out;
  const auto py = run_shell(
      "/usr/bin/python3 -c \"import netCDF4, numpy as np; d = netCDF4.Dataset('" + series.string() +
      "'); t = netCDF4.num2date(d['time'][:], d['time'].units, d['time'].calendar); "
      "lv = d['sea_level'][:]; assert lv.shape == (912,), lv.shape; assert "
      "np.all(np.isfinite(lv)); "
      "print(t[0].year, t[-1].year, float(lv[0]))\"");
  EXPECT_EQ(py.exit_code, 0) << py.out;
  EXPECT_NE(py.out.find("2025 2100"), std::string::npos) << py.out;
  const auto xr = run_shell(
      "/usr/bin/python3 -c \"import xarray as xr; d = xr.open_dataset('" + series.string() +
      "'); w = xr.open_dataset('" + (out() / "wet_fraction.nc").string() +
      "'); assert w.sea_area_fraction.shape == (76, 73, 67); "
      "print(round(float(d.sea_level.sel(time='2050').mean()), 2))\"");
  EXPECT_EQ(xr.exit_code, 0) << xr.out;
}

TEST_F(DefaultRun, SameResultsWithOneAndTwoThreads) {
  ASSERT_EQ(result_->exit_code, 0) << result_->out;
  const auto one = *dir_ / "one";
  const auto r1 =
      run_shell("OMP_NUM_THREADS=1 '" + std::string(CASPIAN_EXECUTABLE) + "' run --quiet " +
                quoted(inputs_dir() / "projection_prescribed_inflow.yaml") + " --output-dir " + quoted(one));
  ASSERT_EQ(r1.exit_code, 0) << r1.out;
  EXPECT_EQ(read_text(one / "annual_summary.csv"), read_text(out() / "annual_summary.csv"));
  const auto a = *dir_ / "a.cdl", b = *dir_ / "b.cdl";
  const auto diff =
      run_shell("ncdump -v sea_level,evaporation " + quoted(one / "sea_level.nc") +
                "  | sed -n '/^data:/,$p' > " + quoted(a) + " && ncdump -v sea_level,evaporation " +
                quoted(out() / "sea_level.nc") + "  | sed -n '/^data:/,$p' > " + quoted(b) +
                " && cmp " + quoted(a) + " " + quoted(b));
  EXPECT_EQ(diff.exit_code, 0) << diff.out;
}
}  // namespace
