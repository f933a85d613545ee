// A run split in two with the state carried over equals the run that never stopped; the coupled
// catchment run gives the same numbers with 1 and 2 threads; a restart file that does not fit the
// run is refused.
#include <gtest/gtest.h>

#include "system/run_helpers.hpp"

namespace {
using namespace caspian::testing;

std::string absolute_inputs(std::string text) {
  for (const char* rel :
       {"dem/", "hydrology/", "bathymetry/", "climate/", "sea_surface/", "sea_level/"}) {
    const std::string needle = std::string("file: ") + rel;
    std::string::size_type pos = 0;
    while ((pos = text.find(needle, pos)) != std::string::npos) {
      const std::string with = "file: " + inputs_dir().string() + "/";
      text = text.substr(0, pos) + with + text.substr(pos + 6);
      pos += with.size();
    }
  }
  return text;
}

// The hindcast run file, shortened, with absolute paths and no gridded fields, and with the known
// closed basins (the network is rebuilt each December: the sinks must stay sinks).
std::string hindcast_text(const std::string& start, const std::string& end) {
  std::string text = absolute_inputs(read_text(inputs_dir() / "hindcast_1979_2018.yaml"));
  const std::string closed = "closed_basins: " + inputs_dir().string() + "/catchment/";
  if (text.find("closed_basins: catchment/") != std::string::npos) {
    text = replace_once(text, "closed_basins: catchment/", closed);
  } else {
    text =
        replace_once(text, "\ncatchment:\n", "\ncatchment:\n  " + closed + "closed_basins.yaml\n");
  }
  text = replace_once(text, "start: 1979-01", "start: " + start);
  text = replace_once(text, "end: 2018-12", "end: " + end);
  text = replace_once(text, "write_fields: true", "write_fields: false\n  warmup_cycles: 1");
  return text;
}

TEST(Restart, PrescribedRunSplitInTwoEqualsOneRun) {
  const auto dir = scratch_dir("restart-sea");
  std::string text = default_run_file_text();
  text = replace_once(text, "end: 2100-12", "end: 2040-12");
  text = replace_once(text, "file: ports/", "file: " + (inputs_dir() / "ports").string() + "/");
  write_text(dir / "whole.yaml", text);
  write_text(dir / "first.yaml", replace_once(text, "end: 2040-12", "end: 2031-12"));
  write_text(dir / "second.yaml", replace_once(text, "start: 2025-01", "start: 2032-01"));
  ASSERT_EQ(run_caspian("run --quiet " + quoted(dir / "whole.yaml") + " --output-dir " +
                        quoted(dir / "w"))
                .exit_code,
            0);
  const auto first = run_caspian("run --quiet " + quoted(dir / "first.yaml") + " --output-dir " +
                                 quoted(dir / "a") + " --save-state " + quoted(dir / "state.nc"));
  ASSERT_EQ(first.exit_code, 0) << first.out;
  const auto second = run_caspian("run --quiet " + quoted(dir / "second.yaml") + " --output-dir " +
                                  quoted(dir / "b") + " --restart " + quoted(dir / "state.nc"));
  ASSERT_EQ(second.exit_code, 0) << second.out;
  const auto whole_rows = rows_from(read_text(dir / "w/annual_summary.csv"), 2032);
  ASSERT_EQ(whole_rows.size(), 9u);
  EXPECT_EQ(rows_from(read_text(dir / "b/annual_summary.csv"), 2032), whole_rows);
  // A state for another month is refused, and nothing is written.
  const auto wrong = run_caspian("run --quiet " + quoted(dir / "first.yaml") + " --output-dir " +
                                 quoted(dir / "c") + " --restart " + quoted(dir / "state.nc"));
  EXPECT_EQ(wrong.exit_code, 2) << wrong.out;
  EXPECT_NE(wrong.out.find("next_month"), std::string::npos) << wrong.out;
  EXPECT_TRUE(folder_is_empty(dir / "c"));
  std::filesystem::remove_all(dir);
}

TEST(Restart, CoupledCatchmentRunSplitInTwoEqualsOneRun) {
  const auto dir = scratch_dir("restart-catchment");
  write_text(dir / "whole.yaml", hindcast_text("1979-01", "1980-12"));
  write_text(dir / "first.yaml", hindcast_text("1979-01", "1979-12"));
  write_text(dir / "second.yaml", hindcast_text("1980-01", "1980-12"));
  const auto whole = run_caspian("run --quiet " + quoted(dir / "whole.yaml") + " --output-dir " +
                                 quoted(dir / "w"));
  ASSERT_EQ(whole.exit_code, 0) << whole.out;
  ASSERT_EQ(run_caspian("run --quiet " + quoted(dir / "first.yaml") + " --output-dir " +
                        quoted(dir / "a") + " --save-state " + quoted(dir / "state.nc"))
                .exit_code,
            0);
  const auto second = run_caspian("run --quiet " + quoted(dir / "second.yaml") + " --output-dir " +
                                  quoted(dir / "b") + " --restart " + quoted(dir / "state.nc"));
  ASSERT_EQ(second.exit_code, 0) << second.out;
  EXPECT_EQ(rows_from(read_text(dir / "b/annual_summary.csv"), 1980),
            rows_from(read_text(dir / "w/annual_summary.csv"), 1980));
  EXPECT_EQ(rows_from(read_text(dir / "b/river_inflow_annual.csv"), 1980),
            rows_from(read_text(dir / "w/river_inflow_annual.csv"), 1980));
  // The same continuation without the known closed basins has another drainage network: the
  // state is refused and nothing is written.
  std::string open_text = read_text(dir / "second.yaml");
  const auto line = open_text.find("  closed_basins: ");
  ASSERT_NE(line, std::string::npos);
  open_text.erase(line, open_text.find('\n', line) + 1 - line);
  write_text(dir / "open.yaml", open_text);
  const auto refused = run_caspian("run --quiet " + quoted(dir / "open.yaml") + " --output-dir " +
                                   quoted(dir / "c") + " --restart " + quoted(dir / "state.nc"));
  EXPECT_EQ(refused.exit_code, 2) << refused.out;
  EXPECT_NE(refused.out.find("config_hash"), std::string::npos) << refused.out;
  EXPECT_TRUE(folder_is_empty(dir / "c"));
  std::filesystem::remove_all(dir);
}

TEST(Threads, CoupledCatchmentRunIsTheSameWithOneAndTwoThreads) {
  const auto dir = scratch_dir("threads-catchment");
  write_text(dir / "run.yaml", hindcast_text("1979-01", "1980-12"));
  const std::string exe =
      std::string("'") + CASPIAN_EXECUTABLE + "' run --quiet " + quoted(dir / "run.yaml");
  ASSERT_EQ(
      run_shell("OMP_NUM_THREADS=1 " + exe + " --output-dir " + quoted(dir / "one")).exit_code, 0);
  ASSERT_EQ(
      run_shell("OMP_NUM_THREADS=2 " + exe + " --output-dir " + quoted(dir / "two")).exit_code, 0);
  EXPECT_EQ(read_text(dir / "one/river_inflow_annual.csv"),
            read_text(dir / "two/river_inflow_annual.csv"));
  EXPECT_EQ(read_text(dir / "one/annual_summary.csv"), read_text(dir / "two/annual_summary.csv"));
  std::filesystem::remove_all(dir);
}
}  // namespace
