#include "port_check.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <system_error>

#include "caspian/core/error.hpp"
#include "caspian/report/port_outputs.hpp"
#include "seabed_command.hpp"

extern char** environ;

namespace caspian::cli {

namespace {
// Runs program (argv[0]) as a child that is killed when this process dies (a killed run leaves
// no report process writing on) and returns its wait status. `fail` reports a child that cannot
// start (its exec errno comes back through a close-on-exec pipe).
template <class Fail>
int run_child_with_parent(const std::string& program, std::vector<char*>& argv, Fail&& fail) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
    fail(std::string("cannot create a pipe: ") + std::strerror(errno));
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int error = errno;
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    fail("cannot start " + program + ": " + std::strerror(error));
  }
  if (pid == 0) {  // only async-signal-safe calls until exec
    ::close(pipe_fds[0]);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
    ::execve(program.c_str(), argv.data(), environ);
    const int error = errno;
    [[maybe_unused]] const auto written = ::write(pipe_fds[1], &error, sizeof error);
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  int exec_error = 0;
  ssize_t got = 0;
  do {
    got = ::read(pipe_fds[0], &exec_error, sizeof exec_error);
  } while (got < 0 && errno == EINTR);
  ::close(pipe_fds[0]);
  int status = 0;
  pid_t waited = 0;
  do {
    waited = ::waitpid(pid, &status, 0);
  } while (waited < 0 && errno == EINTR);
  if (got == ssize_t(sizeof exec_error))
    fail("cannot start " + program + ": " + std::strerror(exec_error));
  if (waited < 0) fail("lost the report process");
  return status;
}
}  // namespace

PortCheckInputs load_port_check(const io::RunConfig& config) {
  if (!config.ports) {
    throw core::InputError(config.run_file.string(), "ports",
                           "missing: the port check needs `ports: {file: ports/ports.yaml}` in "
                           "the run file");
  }
  PortCheckInputs in;
  in.ports = io::load_ports_config(config.ports->file, config.ports->depth_scenario);
  for (const auto& name : config.ports->policies) in.policies.push_back(ports::parse_policy(name));
  in.min_load_factor = config.parameters.get("ports.min_load_factor");
  return in;
}

ports::LevelSeries levels_from_projection(const std::vector<model::MonthResult>& months) {
  ports::LevelSeries out;
  for (const auto& m : months) {
    out.months.push_back(m.month);
    out.level_m_bs.push_back(0.5 * (m.level_start_m_bs + m.level_end_m_bs));
  }
  return out;
}

PortCheckSummary run_port_check(const PortCheckInputs& inputs, const ports::LevelSeries& levels,
                                const std::filesystem::path& out_dir, const std::string& history,
                                const std::string& levels_source, core::Calendar calendar,
                                const ports::PortCarry* prior, const io::RunConfig* seabed_of) {
  ports::AssessmentOptions options;
  options.min_load_factor = inputs.min_load_factor;
  const auto assessment =
      ports::assess(inputs.ports.system, levels, inputs.policies, options, prior);
  const auto firsts =
      ports::first_years(inputs.ports.system, assessment, prior ? &prior->first_years : nullptr);

  report::PortRunMetadata meta;
  meta.title = "Caspian port draft check";
  meta.history = history;
  meta.levels_source = levels_source;
  meta.ports_file = inputs.ports.file.string();
  meta.calendar = calendar;
  meta.min_load_factor = inputs.min_load_factor;
  report::write_ports_netcdf(out_dir / "ports.nc", meta, inputs.ports, assessment);
  report::write_ports_csv(out_dir, inputs.ports, assessment, firsts);
  if (seabed_of) {
    std::map<int, std::pair<double, int>> sums;  // annual means of the months
    for (std::size_t k = 0; k < levels.months.size(); ++k) {
      auto& [sum, n] = sums[levels.months[k].year];
      sum += levels.level_m_bs[k];
      ++n;
    }
    std::vector<model::SeabedLevel> series;
    for (const auto& [year, sn] : sums) series.push_back({"series", year, sn.first / sn.second});
    write_report_seabed(*seabed_of, series, levels_source + ", annual means", history,
                        out_dir / "seabed");
  }
  render_port_report(out_dir);

  PortCheckSummary summary;
  for (const auto& f : firsts) {
    if (f.criterion != ports::Criterion::shortfall) continue;
    summary.lines.push_back(fmt::format("  corridor {:<8} {:<18} first year short of demand: {}",
                                        f.scope_id, ports::policy_name(f.policy),
                                        f.year_annual ? std::to_string(*f.year_annual) : "none"));
  }
  summary.carry = ports::carry_after(assessment, firsts);
  return summary;
}

io::PortRestartShape port_restart_shape(const PortCheckInputs& inputs) {
  io::PortRestartShape shape;
  for (const auto& port : inputs.ports.system.ports) shape.port_ids.push_back(port.id);
  for (auto policy : inputs.policies) shape.policies.push_back(ports::policy_name(policy));
  for (const auto& row : ports::first_year_rows(inputs.ports.system, inputs.policies))
    shape.first_year_keys.push_back(ports::first_year_key(row));
  return shape;
}

io::PortCheckRestart port_restart_from(const ports::PortCarry& carry,
                                       const PortCheckInputs& inputs) {
  const io::PortRestartShape shape = port_restart_shape(inputs);
  io::PortCheckRestart out;
  out.last_year = carry.last_year;
  out.port_ids = shape.port_ids;
  out.policies = shape.policies;
  for (const auto& c : carry.policies) {
    out.bed_m_bs.insert(out.bed_m_bs.end(), c.bed_m_bs.begin(), c.bed_m_bs.end());
    out.dredge_cumulative_m3.insert(out.dredge_cumulative_m3.end(), c.dredge_cumulative_m3.begin(),
                                    c.dredge_cumulative_m3.end());
  }
  for (const auto& f : carry.first_years) {
    out.first_year_keys.push_back(ports::first_year_key(f));
    out.first_year_worst_month.push_back(f.year_worst_month);
    out.first_year_annual.push_back(f.year_annual);
    out.first_year_where.push_back(f.year_worst_month ? f.where : "");
  }
  return out;
}

ports::PortCarry port_carry_from(const io::PortCheckRestart& saved, const PortCheckInputs& inputs) {
  ports::PortCarry carry;
  carry.last_year = saved.last_year;
  const std::size_t n_ports = saved.port_ids.size();
  for (std::size_t k = 0; k < inputs.policies.size(); ++k) {
    ports::PolicyCarry c;
    c.policy = inputs.policies[k];
    const auto from = [&](const std::vector<double>& v) {
      return std::vector<double>(v.begin() + std::ptrdiff_t(k * n_ports),
                                 v.begin() + std::ptrdiff_t((k + 1) * n_ports));
    };
    c.bed_m_bs = from(saved.bed_m_bs);
    c.dredge_cumulative_m3 = from(saved.dredge_cumulative_m3);
    carry.policies.push_back(std::move(c));
  }
  // The rows' identities are this run's (the keys were checked); the years are the saved ones.
  carry.first_years = ports::first_year_rows(inputs.ports.system, inputs.policies);
  for (std::size_t i = 0; i < carry.first_years.size(); ++i) {
    auto& f = carry.first_years[i];
    f.year_worst_month = saved.first_year_worst_month[i];
    f.year_annual = saved.first_year_annual[i];
    f.where = saved.first_year_where[i];
  }
  return carry;
}

void render_port_report(const std::filesystem::path& out_dir) {
  render_report(out_dir, "port_report.py");
}

void render_report(const std::filesystem::path& out_dir, const std::string& script_name) {
  const char* scripts_env = std::getenv("CASPIAN_SCRIPTS_DIR");
  const std::filesystem::path script =
      std::filesystem::path(scripts_env ? scripts_env : CASPIAN_SCRIPTS_DIR) / script_name;
  const char* python_env = std::getenv("CASPIAN_PYTHON");
  const std::string python = python_env ? python_env : "/usr/bin/python3";
  // out_dir is the output set's staging folder: a failed report leaves nothing to swap in.
  const auto report_dir = out_dir / "report";
  const auto fail = [&](const std::string& why) {
    std::error_code ignored;
    std::filesystem::remove_all(report_dir, ignored);
    throw core::Error("port draft report: " + why +
                      "; no report was written and no output was replaced");
  };
  std::error_code ec;
  std::filesystem::create_directories(report_dir, ec);
  if (ec) fail("cannot create the report folder " + report_dir.string() + ": " + ec.message());
  if (!std::filesystem::exists(script)) fail("script " + script.string() + " not found");
  std::vector<std::string> args{python,           script.string(), "--data-dir",
                                out_dir.string(), "--report-dir",  report_dir.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int status = run_child_with_parent(python, argv, fail);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fail(fmt::format("{} {} failed ({} {}); its message is above", python, script.string(),
                     WIFEXITED(status) ? "exit" : "signal",
                     WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status)));
  }
}

}  // namespace caspian::cli
