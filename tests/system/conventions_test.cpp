// Every NetCDF output of a short run (catchment and prescribed inflow, with the port check) and of
// a 2-member ensemble opens in the tools users have without a fix: NCO's ncra and ncrcat (time is
// the record dimension), CDO's sinfo reading every data variable (no "Unsupported array
// structure"), and xarray decoding labels as str with .sel() by port and by river
// (tests/system/conventions_check.py also checks flags, cell_methods, datum and cf_role). The
// files without a time axis (`caspian network --output` on the basin DEM, `caspian hypsometry
// --netcdf`; under a second each) go through NCO's ncks/ncwa (ncra needs a record dimension),
// CDO, the CF checks and xarray with a .sel() on lat/lon or level. UDUNITS-2 parses every units
// attribute of every file.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "system/run_helpers.hpp"

namespace {
using namespace caspian::testing;

std::string check_script() {
  return "/usr/bin/python3 " + quoted(source_dir() / "tests/system/conventions_check.py");
}

std::set<std::string> words(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

class Conventions : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(scratch_dir("conventions"));
    results_ = new std::vector<CommandResult>;
    // The default (catchment) run, two years; the prescribed-inflow run (other river list).
    std::string text = inputs_run_file_text("default.yaml");
    text = replace_once(text, "end: 2100-12", "end: 2026-12");
    write_text(*dir_ / "run.yaml", text);
    results_->push_back(run_caspian("run " + quoted(*dir_ / "run.yaml") + " --quiet --output-dir " +
                                    quoted(*dir_ / "run")));
    write_text(*dir_ / "prescribed.yaml",
               replace_once(default_run_file_text(), "end: 2100-12", "end: 2027-12"));
    results_->push_back(run_caspian("run " + quoted(*dir_ / "prescribed.yaml") +
                                    " --quiet --output-dir " + quoted(*dir_ / "prescribed")));
    results_->push_back(run_caspian("ensemble " + quoted(*dir_ / "run.yaml") +
                                    " --members 2 --scenarios ssp245 --threads 2 --no-report "
                                    "--quiet --output-dir " +
                                    quoted(*dir_ / "ensemble")));
    std::filesystem::create_directories(*dir_ / "untimed");
    results_->push_back(
        run_caspian("network " + quoted(inputs_dir() / "dem/caspian_basin_etopo1_10arcmin.nc") +
                    " --bathymetry-level -28 --output " + quoted(*dir_ / "untimed/network.nc")));
    results_->push_back(run_caspian(
        "hypsometry " + quoted(inputs_dir() / "bathymetry/caspian_etopo1_10arcmin.nc") +
        " --min -30 --max -25 --step 0.5 --netcdf " + quoted(*dir_ / "untimed/hypsometry.nc")));
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
    delete results_;
  }
  static void expect_ran() {
    for (const auto& r : *results_) ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  // The files with a time axis (of the runs and the ensemble) or, untimed, the others.
  static std::vector<std::filesystem::path> netcdf_files(bool untimed = false) {
    std::vector<std::filesystem::path> files;
    for (const char* sub : untimed ? std::vector<const char*>{"untimed"}
                                   : std::vector<const char*>{"run", "prescribed", "ensemble"})
      for (const auto& e : std::filesystem::directory_iterator(*dir_ / sub))
        if (e.path().extension() == ".nc") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
  }
  // The checker script in `mode` over every file (or every untimed one): exit code and output.
  static CommandResult check_all(const std::string& mode, bool untimed = false) {
    std::string files;
    for (const auto& f : netcdf_files(untimed)) files += " " + quoted(f);
    return run_shell(check_script() + " " + mode + files);
  }
  // `cdo showname` lists exactly the data variables the file has (none skipped).
  static void expect_cdo_reads_every_variable(const std::filesystem::path& f) {
    const auto sinfo = run_shell("cdo -s sinfo " + quoted(f));
    EXPECT_EQ(sinfo.exit_code, 0) << f << ": " << sinfo.out;
    EXPECT_EQ(sinfo.out.find("Unsupported array structure"), std::string::npos) << f << sinfo.out;
    const auto cdo = run_shell("cdo -s showname " + quoted(f) + " 2>/dev/null | cat");
    const auto listed = run_shell(check_script() + " datavars " + quoted(f));
    ASSERT_EQ(listed.exit_code, 0) << listed.out;
    const auto expected = words(listed.out);
    EXPECT_GE(expected.size(), 1u) << f;
    EXPECT_EQ(words(cdo.out), expected) << f << ": cdo reads " << cdo.out << sinfo.out;
  }
  static std::filesystem::path* dir_;
  static std::vector<CommandResult>* results_;
};
std::filesystem::path* Conventions::dir_ = nullptr;
std::vector<CommandResult>* Conventions::results_ = nullptr;

// One test (each ctest test would redo the runs): a section per tool, each named on failure.
TEST_F(Conventions, EveryNetcdfOutputOpensInNcoCdoAndXarray) {
  ASSERT_NO_FATAL_FAILURE(expect_ran());
  {
    SCOPED_TRACE("EveryOutputIsThere");
    std::set<std::string> names;
    for (const auto& f : netcdf_files())
      names.insert(f.parent_path().filename().string() + "/" + f.filename().string());
    for (const char* f : {"run/sea_level.nc", "run/catchment.nc", "run/ports.nc",
                          "run/ports_annual.nc", "prescribed/sea_level.nc", "prescribed/ports.nc",
                          "prescribed/ports_annual.nc", "ensemble/ensemble.nc"})
      EXPECT_TRUE(names.contains(f)) << f;
  }
  {
    SCOPED_TRACE("NcoAveragesAndConcatenatesAlongTime");
    for (const auto& f : netcdf_files()) {
      const auto mean = *dir_ / "mean.nc", joined = *dir_ / "joined.nc";
      const auto ncra = run_shell("ncra -O " + quoted(f) + " " + quoted(mean));
      EXPECT_EQ(ncra.exit_code, 0) << f << ": " << ncra.out;
      // The mean is one record; two copies concatenated are twice the records.
      const auto steps = [](const std::filesystem::path& p) {
        const auto r = run_shell("ncks -m -C -v time " + quoted(p) +
                                 " | grep -o 'time = UNLIMITED"
                                 " ; // ([0-9]*' | grep -o '[0-9]*$'");
        return r.out;
      };
      if (ncra.exit_code == 0) {
        EXPECT_EQ(steps(mean), "1\n") << f;
      }
      const auto ncrcat =
          run_shell("ncrcat -O " + quoted(f) + " " + quoted(f) + " " + quoted(joined));
      EXPECT_EQ(ncrcat.exit_code, 0) << f << ": " << ncrcat.out;
      if (ncrcat.exit_code == 0) {
        EXPECT_EQ(std::stoi("0" + steps(joined)), 2 * std::stoi("0" + steps(f))) << f;
      }
    }
  }
  {
    SCOPED_TRACE("CdoReadsEveryDataVariable");
    for (const auto& f : netcdf_files()) {
      expect_cdo_reads_every_variable(f);
      // The time axis CDO reads is the file's time (not a vertical "year" axis).
      const auto ntime = run_shell("cdo -s ntime " + quoted(f) + " 2>/dev/null | cat");
      const auto header = run_shell("ncdump -h " + quoted(f));
      EXPECT_NE(header.out.find("time = UNLIMITED ; // (" +
                                std::to_string(std::stoi("0" + ntime.out)) + " currently)"),
                std::string::npos)
          << f << ": cdo ntime " << ntime.out;
    }
  }
  {
    SCOPED_TRACE("CfFlagsCellMethodsDatumAndRoles");
    const auto r = check_all("cf");
    EXPECT_EQ(r.exit_code, 0) << r.out;
  }
  {
    SCOPED_TRACE("UntimedFilesInNcoCdoCfAndXarray");
    const auto untimed = netcdf_files(true);
    ASSERT_EQ(untimed.size(), 2u);
    const auto hypsometry = *dir_ / "untimed/hypsometry.nc";
    const auto network = *dir_ / "untimed/network.nc";
    const auto out = *dir_ / "nco.nc";
    const auto dim_length = [](const std::filesystem::path& p, const std::string& dim) {
      const auto r = run_shell("ncdump -h " + quoted(p) + " | grep -o '^\\s*" + dim +
                               " = [0-9]*' | grep -o '[0-9]*$'");
      return std::stoi("0" + r.out);
    };
    // ncwa averages the grid (or the level axis) away; ncks cuts by coordinate values.
    for (const auto& [file, dims] : {std::pair{network, std::string("lat,lon")},
                                     std::pair{hypsometry, std::string("level")}}) {
      const auto ncwa = run_shell("ncwa -O -a " + dims + " " + quoted(file) + " " + quoted(out));
      EXPECT_EQ(ncwa.exit_code, 0) << file << ": " << ncwa.out;
      const auto mean = run_shell("ncks -m " + quoted(out));
      EXPECT_EQ(mean.out.find(dims.substr(0, 3) + " = "), std::string::npos) << mean.out;
    }
    const auto cut =
        run_shell("ncks -O -d level,-28.0,-27.0 " + quoted(hypsometry) + " " + quoted(out));
    EXPECT_EQ(cut.exit_code, 0) << cut.out;
    EXPECT_EQ(dim_length(out, "level"), 3);  // -28, -27.5, -27
    EXPECT_EQ(dim_length(hypsometry, "level"), 11);
    const auto box = run_shell("ncks -O -d lat,40.0,45.0 -d lon,50.0,52.0 " + quoted(network) +
                               " " + quoted(out));
    EXPECT_EQ(box.exit_code, 0) << box.out;
    EXPECT_EQ(dim_length(out, "lon"), 13);  // 50 to 52 E: 12 steps of 10', both ends
    for (const auto& f : untimed) expect_cdo_reads_every_variable(f);
    const auto cf = check_all("cf-untimed", true);
    EXPECT_EQ(cf.exit_code, 0) << cf.out;
    const auto xarray = check_all("xarray-untimed", true);
    EXPECT_EQ(xarray.exit_code, 0) << xarray.out;
    EXPECT_NE(xarray.out.find("filled_elevation"), std::string::npos) << xarray.out;
    EXPECT_NE(xarray.out.find("at level"), std::string::npos) << xarray.out;
  }
  {
    SCOPED_TRACE("Udunits2ParsesEveryUnits");
    auto r = check_all("units");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    std::printf("%s", r.out.c_str());
    r = check_all("units", true);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    std::printf("%s", r.out.c_str());
  }
  {
    SCOPED_TRACE("XarraySelectsByPortAndRiverAndDecodesLabels");
    const auto r = check_all("xarray");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("'volga'"), std::string::npos) << r.out;
    std::printf("%s", r.out.c_str());
  }
}

}  // namespace
