#pragma once
// The port check step shared by `caspian ports` and `caspian run`: load and check the port data
// before anything is written, then assess a level series and write ports.nc, the CSV tables and
// the port draft report.
#include <filesystem>
#include <string>
#include <vector>

#include "caspian/io/ports_config.hpp"
#include "caspian/io/restart.hpp"
#include "caspian/io/run_config.hpp"
#include "caspian/model/projection.hpp"
#include "caspian/ports/assessment.hpp"

namespace caspian::cli {

struct PortCheckInputs {
  io::PortsConfig ports;
  std::vector<ports::DredgingPolicy> policies;
  double min_load_factor = 0.25;
};

// Throws core::InputError when the run file has no `ports:` or the port data are bad.
PortCheckInputs load_port_check(const io::RunConfig& config);

// Monthly mean levels (trapezoid of start and end) of a projection.
ports::LevelSeries levels_from_projection(const std::vector<model::MonthResult>& months);

struct PortCheckSummary {
  std::vector<std::string> lines;  // one per corridor and policy: first shortfall year
  ports::PortCarry carry;          // the state after the last year, for a continuation
};

// Writes ports.nc, ports_annual.csv, vessels_annual.csv, corridors_annual.csv, first_years.csv
// and report/ (port_draft_report.md/.html with PNG plots, via scripts/port_report.py). `prior`:
// the state the part before left (a run continued from a saved state). `seabed_of`: the run whose
// bathymetry and state sectors give out_dir/seabed/ (the exposed seabed and shoreline retreat of
// these levels, for the report); none without it.
PortCheckSummary run_port_check(const PortCheckInputs& inputs, const ports::LevelSeries& levels,
                                const std::filesystem::path& out_dir, const std::string& history,
                                const std::string& levels_source, core::Calendar calendar,
                                const ports::PortCarry* prior = nullptr,
                                const io::RunConfig* seabed_of = nullptr);

// The port check's state in a restart file: what a saved state must match, and the conversions
// between the check's state and the file's arrays.
io::PortRestartShape port_restart_shape(const PortCheckInputs& inputs);
io::PortCheckRestart port_restart_from(const ports::PortCarry& carry,
                                       const PortCheckInputs& inputs);
// `saved` was checked against port_restart_shape(inputs) as it was read.
ports::PortCarry port_carry_from(const io::PortCheckRestart& saved, const PortCheckInputs& inputs);

// Runs scripts/port_report.py on out_dir (an output set's staging folder) into out_dir/report,
// as a child process killed when this one dies. Throws core::Error when Python or the script
// fails (no report is left, so the set is never swapped in with half a report).
void render_port_report(const std::filesystem::path& out_dir);
// The same with another script of scripts/ (e.g. ensemble_report.py): called with --data-dir
// and --report-dir.
void render_report(const std::filesystem::path& out_dir, const std::string& script_name);

}  // namespace caspian::cli
