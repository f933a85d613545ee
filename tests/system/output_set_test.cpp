// A run's outputs are one set (issue 12): a run that fails (disk full, the report step) or is
// killed leaves the previous set exactly as it was, the report process dies with its parent, and
// the next run removes what the dead one left.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include "system/run_helpers.hpp"

namespace {
using namespace caspian::testing;
namespace fs = std::filesystem;

// Every file under dir (relative path -> contents), optionally without a dead run's staging.
std::map<std::string, std::string> snapshot(const fs::path& dir, bool skip_staging = false) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string rel = fs::relative(e.path(), dir).generic_string();
    if (skip_staging && rel.starts_with(".caspian-staging-")) continue;
    files[rel] = e.is_regular_file() ? read_text(e.path()) : std::string("<folder>");
  }
  return files;
}

// The prescribed-inflow projection from 2025 to end_year, without the port check (fast).
std::string sea_run_text(int end_year) {
  std::string text = default_run_file_text();
  text = text.substr(0, text.find("\nports:"));
  return replace_once(text, "end: 2100-12", "end: " + std::to_string(end_year) + "-12");
}

// A stand-in for Python: writes a one-line report, or (with a pid file) records its pid and
// sleeps, as a report step that a kill catches half-way. Called as: script --data-dir D
// --report-dir R.
fs::path fake_python(const fs::path& dir, bool hang) {
  const fs::path path = dir / (hang ? "python-hang.sh" : "python-ok.sh");
  write_text(path, hang ? "#!/bin/sh\necho $$ > '" + (dir / "report.pid").string() +
                              "'\necho partial > \"$5/port_draft_report.md\"\nexec sleep 60\n"
                        : std::string("#!/bin/sh\necho \"# report of $3\" > "
                                      "\"$5/port_draft_report.md\"\n"));
  fs::permissions(path, fs::perms::owner_all);
  return path;
}

bool process_gone(pid_t pid) {
  if (::kill(pid, 0) != 0) return true;
  // A zombie (dead, not yet reaped by a container's init) counts as gone.
  const std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  const auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z';
}

TEST(OutputSet, RunWritesAManifestListingEveryFile) {
  const auto dir = scratch_dir("set-manifest");
  write_text(dir / "run.yaml", sea_run_text(2030));
  const auto r = run_caspian("run " + quoted(dir / "run.yaml") + " --quiet --output-dir " +
                             quoted(dir / "out"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string manifest = read_text(dir / "out" / "caspian_manifest.json");
  EXPECT_NE(manifest.find("\"command\": \"caspian run "), std::string::npos) << manifest;
  for (const auto& e : fs::directory_iterator(dir / "out")) {
    const std::string name = e.path().filename().string();
    if (name == "caspian_manifest.json") continue;
    EXPECT_FALSE(name.starts_with(".caspian")) << "left over: " << name;
    EXPECT_NE(manifest.find("{\"path\": \"" + name +
                            "\", \"bytes\": " + std::to_string(fs::file_size(e.path())) + "}"),
              std::string::npos)
        << name << " not in the manifest:\n"
        << manifest;
  }
  fs::remove_all(dir);
}

// Disk full at several points of the writes (the shim fails writes under out/ with ENOSPC after
// N bytes): a clear error naming a file, no crash, and the previous set untouched.
TEST(OutputSet, DiskFullLeavesThePreviousSet) {
  const auto dir = scratch_dir("set-enospc");
  write_text(dir / "old.yaml", sea_run_text(2030));
  write_text(dir / "new.yaml", sea_run_text(2060));
  const auto out = dir / "out";
  const auto first =
      run_caspian("run " + quoted(dir / "old.yaml") + " --quiet --output-dir " + quoted(out));
  ASSERT_EQ(first.exit_code, 0) << first.out;
  const auto before = snapshot(out);
  // How much the new set writes when there is room.
  const auto full = run_caspian("run " + quoted(dir / "new.yaml") + " --quiet --output-dir " +
                                quoted(dir / "room"));
  ASSERT_EQ(full.exit_code, 0) << full.out;
  std::uintmax_t bytes = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir / "room"))
    if (e.is_regular_file()) bytes += e.file_size();
  ASSERT_GT(bytes, 10000u);
  // (1 byte: the output folder's write probe passes, then every write fails.)
  for (const std::uintmax_t limit : {std::uintmax_t(1), std::uintmax_t(600), bytes / 20, bytes / 3,
                                     bytes * 9 / 10, bytes - 50}) {
    const auto r = run_shell(
        "ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 LD_PRELOAD='" +
        std::string(CASPIAN_ENOSPC_SHIM) + "' CASPIAN_ENOSPC_DIR=" + quoted(out) +
        " CASPIAN_ENOSPC_AFTER_BYTES=" + std::to_string(limit) + " '" + CASPIAN_EXECUTABLE +
        "' run " + quoted(dir / "new.yaml") + " --quiet --output-dir " + quoted(out));
    EXPECT_EQ(r.exit_code, 1) << "disk full after " << limit << " bytes: " << r.out;
    EXPECT_NE(r.out.find("caspian: error: " + out.string()), std::string::npos)
        << "disk full after " << limit << " bytes: " << r.out;
    EXPECT_TRUE(r.out.find(".nc") != std::string::npos || r.out.find(".csv") != std::string::npos ||
                r.out.find("caspian_manifest.json") != std::string::npos)
        << "no file named: " << r.out;
    EXPECT_EQ(snapshot(out), before) << "disk full after " << limit << " bytes: " << r.out;
  }
  fs::remove_all(dir);
}

// The report step fails: the run fails and the previous set (its report included) stays.
TEST(OutputSet, FailingReportKeepsThePreviousSet) {
  const auto dir = scratch_dir("set-report");
  const auto out = dir / "out";
  std::string text = default_run_file_text();
  write_text(dir / "old.yaml", replace_once(text, "end: 2100-12", "end: 2030-12"));
  write_text(dir / "new.yaml", replace_once(text, "end: 2100-12", "end: 2040-12"));
  const auto ok = fake_python(dir, false);
  const auto first =
      run_shell("CASPIAN_PYTHON=" + quoted(ok) + " '" + CASPIAN_EXECUTABLE + "' run " +
                quoted(dir / "old.yaml") + " --quiet --output-dir " + quoted(out));
  ASSERT_EQ(first.exit_code, 0) << first.out;
  ASSERT_TRUE(fs::exists(out / "report" / "port_draft_report.md"));
  ASSERT_TRUE(fs::exists(out / "ports.nc"));
  const auto before = snapshot(out);
  const auto r =
      run_shell("CASPIAN_PYTHON=/bin/false '" + std::string(CASPIAN_EXECUTABLE) + "' run " +
                quoted(dir / "new.yaml") + " --quiet --output-dir " + quoted(out));
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("no report was written"), std::string::npos) << r.out;
  EXPECT_EQ(snapshot(out), before) << r.out;
  // A later run without the port check replaces the whole set: the old ports files go too.
  write_text(dir / "sea.yaml", sea_run_text(2030));
  const auto sea =
      run_caspian("run " + quoted(dir / "sea.yaml") + " --quiet --output-dir " + quoted(out));
  ASSERT_EQ(sea.exit_code, 0) << sea.out;
  EXPECT_FALSE(fs::exists(out / "ports.nc"));
  EXPECT_FALSE(fs::exists(out / "report"));
  EXPECT_TRUE(fs::exists(out / "sea_level.nc"));
  fs::remove_all(dir);
}

// kill -9 during the report step: the report process ends with caspian, the previous set stays,
// and the next run removes the dead run's staging folder.
TEST(OutputSet, KilledRunLeavesThePreviousSetAndNoReportProcess) {
  const auto dir = scratch_dir("set-kill");
  const auto out = dir / "out";
  write_text(dir / "run.yaml", default_run_file_text());
  const std::string levels = std::string(CASPIAN_TEST_DATA_DIR) + "/ports_levels.csv";
  const auto ports = [&](const fs::path& python, const std::string& tail) {
    return "CASPIAN_PYTHON=" + quoted(python) + " '" + CASPIAN_EXECUTABLE + "' ports " +
           quoted(dir / "run.yaml") + " --levels '" + levels + "' --output-dir " + quoted(out) +
           tail;
  };
  const auto ok = fake_python(dir, false);
  ASSERT_EQ(run_shell(ports(ok, "")).exit_code, 0);
  const auto before = snapshot(out);
  const auto started =
      run_shell("(" + ports(fake_python(dir, true), " > " + quoted(dir / "killed.log") + " 2>&1") +
                " & echo $!)");
  const pid_t caspian = pid_t(std::stol(started.out));
  pid_t report = 0;
  for (int k = 0; k < 600 && report == 0; ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::string text = read_text(dir / "report.pid");
    if (!text.empty() && text.back() == '\n') report = pid_t(std::stol(text));
  }
  ASSERT_NE(report, 0) << read_text(dir / "killed.log");
  ASSERT_EQ(::kill(caspian, SIGKILL), 0);
  bool gone = false;
  for (int k = 0; k < 100 && !gone; ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    gone = process_gone(report);
  }
  EXPECT_TRUE(gone) << "the report process " << report << " outlived caspian";
  if (!gone) ::kill(report, SIGKILL);
  EXPECT_EQ(snapshot(out, true), before);
  // The next run: complete, and the dead run's staging folder removed.
  ASSERT_EQ(run_shell(ports(ok, "")).exit_code, 0);
  for (const auto& e : fs::directory_iterator(out))
    EXPECT_FALSE(e.path().filename().string().starts_with(".caspian")) << e.path();
  fs::remove_all(dir);
}

}  // namespace
