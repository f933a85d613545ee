// `caspian ports` and the port step of `caspian run`: outputs exist and open, the report has its
// plots and links nothing outside its folder; bad port data and a failing report give clear
// errors and no half-written outputs.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "system/run_helpers.hpp"

namespace {
using namespace caspian::testing;

const std::filesystem::path fixture_ports =
    std::filesystem::path(CASPIAN_TEST_DATA_DIR) / "ports_fixture.yaml";
const std::filesystem::path fixture_levels =
    std::filesystem::path(CASPIAN_TEST_DATA_DIR) / "ports_levels.csv";

// The default run file with absolute paths; its ports: file (or the test fixture when the default
// run has none) replaced by `ports_file` when given.
std::string run_text(const std::filesystem::path& ports_file = {}) {
  std::string text = default_run_file_text();
  const auto pos = text.find("\nports:");
  if (pos != std::string::npos) {
    if (!ports_file.empty()) {  // (default_run_file_text made the default's path absolute)
      const auto line = text.find("file:", pos);
      const auto eol = text.find('\n', line);
      text = text.substr(0, line) + "file: " + ports_file.string() + text.substr(eol);
    }
  } else {
    text += "\nports:\n  file: " + (ports_file.empty() ? fixture_ports : ports_file).string() +
            "\n  policies: [no_dredging, hold_design_depth]\n";
  }
  return text;
}

void expect_report(const std::filesystem::path& out) {
  for (const char* f : {"ports.nc", "ports_annual.nc", "ports_annual.csv", "vessels_annual.csv",
                        "corridors_annual.csv", "first_years.csv", "report/port_draft_report.md",
                        "report/port_draft_report.html"}) {
    EXPECT_TRUE(std::filesystem::exists(out / f)) << f;
  }
  const auto dump = run_shell("ncdump -h " + quoted(out / "ports.nc") + " && ncdump -h " +
                              quoted(out / "ports_annual.nc"));
  EXPECT_EQ(dump.exit_code, 0) << dump.out;
  for (const char* v :
       {"allowed_draft(time, policy, port, vessel_class)", "payload(time", "load_factor(time",
        "byte can_call(time", "port_capacity(time, policy, port)", "port_shortfall",
        "extra_sailings", "corridor_capacity(time, policy, corridor)", "corridor_demand",
        "dredge_volume(time", "dredge_maintenance_volume(time, policy, port)",
        "months_squat_outside_validity(time, policy, port, vessel_class)",
        "reference_density(vessel_class)", ":Conventions = \"CF-1.10\""}) {
    EXPECT_NE(dump.out.find(v), std::string::npos) << v;
  }
  // Every image the report shows is a PNG in its folder; nothing links outside it.
  const auto targets = [](const std::string& text, const std::string& open, char close) {
    std::vector<std::string> found;
    for (auto pos = text.find(open); pos != std::string::npos; pos = text.find(open, pos)) {
      pos += open.size();
      found.push_back(text.substr(pos, text.find(close, pos) - pos));
    }
    return found;
  };
  const std::string md = read_text(out / "report/port_draft_report.md");
  const std::string page = read_text(out / "report/port_draft_report.html");
  auto html_links = targets(page, "src=\"", '"');
  for (const auto& h : targets(page, "href=\"", '"')) html_links.push_back(h);
  for (const auto& links : {targets(md, "](", ')'), html_links}) {
    int images = 0;
    for (const auto& target : links) {
      EXPECT_EQ(target.find('/'), std::string::npos) << "links outside the report: " << target;
      EXPECT_TRUE(std::filesystem::exists(out / "report" / target)) << target;
      images += target.ends_with(".png") ? 1 : 0;
    }
    EXPECT_GE(images, 4);
  }
  for (const auto& e : std::filesystem::directory_iterator(out))
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();
}

TEST(PortsSystem, LevelCsvThenItsOwnNetcdf) {
  const auto dir = scratch_dir("ports");
  write_text(dir / "run.yaml", run_text());
  const auto r = run_caspian("ports " + quoted(dir / "run.yaml") + " --levels " +
                             quoted(fixture_levels) + " --output-dir " + quoted(dir / "a"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("first year short of demand"), std::string::npos) << r.out;
  expect_report(dir / "a");
  // ports.nc carries sea_level(time) in m: read back as a CF-NetCDF level series, same results.
  const auto r2 =
      run_caspian("ports " + quoted(dir / "run.yaml") + " --levels " +
                  quoted(dir / "a" / "ports.nc") + " --output-dir " + quoted(dir / "b"));
  ASSERT_EQ(r2.exit_code, 0) << r2.out;
  EXPECT_EQ(read_text(dir / "a" / "ports_annual.csv"), read_text(dir / "b" / "ports_annual.csv"));
  EXPECT_EQ(read_text(dir / "a" / "first_years.csv"), read_text(dir / "b" / "first_years.csv"));
  std::filesystem::remove_all(dir);
}

TEST(PortsSystem, AnnualLevelCsv) {
  const auto dir = scratch_dir("ports-annual");
  write_text(dir / "run.yaml", run_text());
  write_text(dir / "levels.csv", "year,level_m_bs\n2025,-29.3\n2026,-29.5\n2027,-29.8\n");
  const auto r = run_caspian("ports " + quoted(dir / "run.yaml") + " --levels " +
                             quoted(dir / "levels.csv") + " --output-dir " + quoted(dir / "out"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(read_text(dir / "out" / "ports_annual.csv").find(",2027,"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(PortsSystem, RunWritesThePortStep) {
  const auto dir = scratch_dir("ports-run");
  write_text(dir / "run.yaml", replace_once(run_text(), "end: 2100-12", "end: 2030-12"));
  const auto r = run_caspian("run " + quoted(dir / "run.yaml") + " --quiet --output-dir " +
                             quoted(dir / "out"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "sea_level.nc"));
  expect_report(dir / "out");
  std::filesystem::remove_all(dir);
}

TEST(PortsSystem, BadPortDataGivesClearErrorAndNoOutputs) {
  const auto dir = scratch_dir("ports-bad");
  std::string ports = read_text(fixture_ports);
  ports = replace_once(ports, "approach_channel_m: 6.8", "approach_channel_m: -6.8");
  write_text(dir / "ports.yaml", ports);
  write_text(dir / "run.yaml", run_text(dir / "ports.yaml"));
  {
    const auto r = run_caspian("ports " + quoted(dir / "run.yaml") + " --levels " +
                               quoted(fixture_levels) + " --output-dir " + quoted(dir / "out"));
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("caspian: input error"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find((dir / "ports.yaml").string()), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("ports[test_aktau]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("approach_channel_m"), std::string::npos) << r.out;
    EXPECT_TRUE(folder_is_empty(dir / "out"));
  }
  const auto r =
      run_caspian("run " + quoted(dir / "run.yaml") + " --output-dir " + quoted(dir / "out"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("ports[test_aktau]"), std::string::npos) << r.out;
  EXPECT_TRUE(folder_is_empty(dir / "out")) << "the sea run wrote outputs despite bad port data";
  std::filesystem::remove_all(dir);
}

TEST(PortsSystem, BadLevelFile) {
  const auto dir = scratch_dir("ports-levels");
  write_text(dir / "run.yaml", run_text());
  write_text(dir / "levels.csv", "year,month,level_m_bs\n2025,1,-29.3\n2025,13,-29.4\n");
  const auto r = run_caspian("ports " + quoted(dir / "run.yaml") + " --levels " +
                             quoted(dir / "levels.csv") + " --output-dir " + quoted(dir / "out"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("levels.csv: line 3"), std::string::npos) << r.out;
  EXPECT_TRUE(folder_is_empty(dir / "out"));
  std::filesystem::remove_all(dir);
}

TEST(PortsSystem, FailingReportLeavesNoReport) {
  const auto dir = scratch_dir("ports-report");
  write_text(dir / "run.yaml", run_text());
  const auto r = run_shell("CASPIAN_PYTHON=/bin/false '" + std::string(CASPIAN_EXECUTABLE) +
                           "' ports " + quoted(dir / "run.yaml") + " --levels " +
                           quoted(fixture_levels) + " --output-dir " + quoted(dir / "out"));
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("port draft report"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no report was written"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "report"));
  for (const auto& e : std::filesystem::directory_iterator(dir / "out"))
    EXPECT_EQ(e.path().filename().string().find("report.tmp"), std::string::npos) << e.path();
  std::filesystem::remove_all(dir);
}

// The run file's ports.depth_scenario picks controlling_depth.scenarios.<name> (issue 11): the
// Volga-Caspian channel at its declared 4.2 m instead of the reported 3.8 m; an unknown name is an
// input error naming the port data file and the scenarios it has.
TEST(PortsSystem, DepthScenarioFromTheRunFile) {
  const auto dir = scratch_dir("ports-scenario");
  const auto with_scenario = [&](const std::string& name) {
    std::string text = run_text(inputs_dir() / "ports" / "ports.yaml");
    const auto line = text.find("file:", text.find("\nports:"));
    const auto eol = text.find('\n', line);
    return text.substr(0, eol) + "\n  depth_scenario: " + name + text.substr(eol);
  };
  // Lowest depth of the channel in the first year of the fixture levels, per policy no_dredging.
  const auto channel_depth = [&](const std::filesystem::path& out) {
    const std::string csv = read_text(out / "ports_annual.csv");
    const auto row = csv.find(",astrakhan_olya,", csv.find("\nno_dredging,"));
    const auto eol = csv.find('\n', row);
    std::vector<std::string> f;
    std::stringstream ss(csv.substr(csv.rfind('\n', row) + 1, eol - csv.rfind('\n', row) - 1));
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    return std::stod(f.at(4));  // min_depth_m
  };
  write_text(dir / "reported.yaml", run_text(inputs_dir() / "ports" / "ports.yaml"));
  write_text(dir / "declared.yaml", with_scenario("declared"));
  for (const char* name : {"reported", "declared"}) {
    const auto r =
        run_caspian("ports " + quoted(dir / (std::string(name) + ".yaml")) + " --levels " +
                    quoted(fixture_levels) + " --output-dir " + quoted(dir / name));
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  EXPECT_NEAR(channel_depth(dir / "declared") - channel_depth(dir / "reported"), 0.4, 1e-3);
  write_text(dir / "bad.yaml", with_scenario("dreamed"));
  const auto r = run_caspian("ports " + quoted(dir / "bad.yaml") + " --levels " +
                             quoted(fixture_levels) + " --output-dir " + quoted(dir / "bad"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("ports.yaml"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("'dreamed'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("declared"), std::string::npos) << r.out;
  EXPECT_TRUE(folder_is_empty(dir / "bad"));
  std::filesystem::remove_all(dir);
}

TEST(PortsSystem, RunFileWithoutPorts) {
  const auto dir = scratch_dir("ports-none");
  write_text(dir / "run.yaml", default_run_file_text());
  const auto r = run_caspian("ports " + quoted(dir / "run.yaml") + " --levels " +
                             quoted(fixture_levels) + " --output-dir " + quoted(dir / "out"));
  if (default_run_file_text().find("\nports:") == std::string::npos) {
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("ports: missing"), std::string::npos) << r.out;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
