// Every NetCDF output of a short run (catchment and prescribed inflow, with the port check) and of
// a 2-member ensemble opens in the tools users have without a fix: NCO's ncra and ncrcat (time is
// the record dimension), CDO's sinfo reading every data variable (no "Unsupported array
// structure"), and xarray decoding labels as str with .sel() by port and by river
// (tests/system/conventions_check.py also checks flags, cell_methods, datum and cf_role).
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
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
    delete results_;
  }
  static void expect_ran() {
    for (const auto& r : *results_) ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  static std::vector<std::filesystem::path> netcdf_files() {
    std::vector<std::filesystem::path> files;
    for (const char* sub : {"run", "prescribed", "ensemble"})
      for (const auto& e : std::filesystem::directory_iterator(*dir_ / sub))
        if (e.path().extension() == ".nc") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
  }
  // The checker script in `mode` over every file: its exit code and output.
  static CommandResult check_all(const std::string& mode) {
    std::string files;
    for (const auto& f : netcdf_files()) files += " " + quoted(f);
    return run_shell(check_script() + " " + mode + files);
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
      const auto sinfo = run_shell("cdo -s sinfo " + quoted(f));
      EXPECT_EQ(sinfo.exit_code, 0) << f << ": " << sinfo.out;
      EXPECT_EQ(sinfo.out.find("Unsupported array structure"), std::string::npos) << f << sinfo.out;
      const auto cdo = run_shell("cdo -s showname " + quoted(f) + " 2>/dev/null | cat");
      const auto listed = run_shell(check_script() + " datavars " + quoted(f));
      ASSERT_EQ(listed.exit_code, 0) << listed.out;
      const auto expected = words(listed.out);
      EXPECT_GE(expected.size(), 1u) << f;
      EXPECT_EQ(words(cdo.out), expected) << f << ": cdo reads " << cdo.out << sinfo.out;
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
    SCOPED_TRACE("XarraySelectsByPortAndRiverAndDecodesLabels");
    const auto r = check_all("xarray");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("'volga'"), std::string::npos) << r.out;
    std::printf("%s", r.out.c_str());
  }
}

}  // namespace
