// caspian ensemble: members side by side over one shared Setup, the port check per member, the
// statistics, the files and the report.
#include <fmt/format.h>
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>

#include "caspian/assembly/ensemble.hpp"
#include "caspian/core/error.hpp"
#include "caspian/ensemble/tables.hpp"
#include "caspian/report/ensemble_outputs.hpp"
#include "commands.hpp"
#include "port_check.hpp"

namespace caspian::cli {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}
std::string utc_now_text() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}
}  // namespace

int ensemble_command(const EnsembleOptions& options) {
  const auto t_start = Clock::now();
  const io::RunConfig config = io::load_run_config(options.run_file);
  const std::filesystem::path out_dir =
      options.output_dir ? std::filesystem::path(*options.output_dir) : config.output_directory;
  if (!config.ports) {
    throw core::InputError(options.run_file, "ports",
                           "missing: an ensemble checks the ports of every member");
  }
  const PortCheckInputs port_inputs = load_port_check(config);
  if (!config.ensemble) {
    throw core::InputError(options.run_file, "ensemble",
                           "missing: caspian ensemble needs an `ensemble:` section "
                           "(docs/run_file.md)");
  }
  const auto setup = assembly::build_setup(config);
  assembly::EnsembleOptions eo;
  eo.members_per_scenario = options.members;
  eo.scenarios = options.scenarios;
  const assembly::Ensemble ens = assembly::build_ensemble(*setup, eo);
  prepare_output_dir(out_dir);
  const double load_s = seconds_since(t_start);

  const std::size_t n = ens.members.size();
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  const bool quiet = options.quiet;
  std::fprintf(stderr,
               "caspian ensemble '%s': %zu scenarios x %zu members = %zu members (%zu models, %zu "
               "parameter sets), %d-%02d..%d-%02d, %d thread%s\n",
               config.name.c_str(), ens.scenarios.size(), n / ens.scenarios.size(), n,
               ens.models.size(), ens.parameter_sets.size(), config.start.year, config.start.month,
               config.end.year, config.end.month, threads, threads == 1 ? "" : "s");

  // Members side by side, one thread each (the catchment's own loops run serially inside); with
  // fewer members than threads, each member's catchment gets the threads left over (results are
  // the same on any number of threads).
  const int member_threads = int(std::min<std::size_t>(std::size_t(threads), n));
  const int threads_per_member = threads / std::max(1, member_threads);
  std::vector<ensemble::MemberAnnual> annual(n);
  std::vector<std::exception_ptr> errors(n);
  std::mutex progress_mutex;
  std::size_t done = 0;
  double catchment_s = 0.0;
  const auto t_loop = Clock::now();
  const bool terminal = isatty(STDERR_FILENO) != 0;
  omp_set_max_active_levels(threads_per_member > 1 ? 2 : 1);
  ports::AssessmentOptions assessment_options;
  assessment_options.min_load_factor = port_inputs.min_load_factor;
#pragma omp parallel for schedule(dynamic, 1) num_threads(member_threads)
  for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) {
    const auto& spec = ens.members[std::size_t(i)];
    omp_set_num_threads(threads_per_member);  // this member's own parallel regions
    try {
      const auto run = assembly::run_ensemble_member(*setup, ens, spec);
      const auto assessment =
          ports::assess(port_inputs.ports.system, levels_from_projection(run.sea),
                        port_inputs.policies, assessment_options);
      annual[std::size_t(i)] =
          ensemble::annual_results(run.sea, port_inputs.ports.system, assessment);
      const std::lock_guard<std::mutex> lock(progress_mutex);
      ++done;
      catchment_s += run.catchment_s;
      if (!quiet) {
        const double elapsed = seconds_since(t_loop);
        const double eta = elapsed / double(done) * double(n - done);
        std::fprintf(stderr,
                     "%s  member %zu/%zu done (%s %s, set %zu, seed %llu): %.2f m BS in %d; "
                     "elapsed %.0f s, ETA %.0f s%s",
                     terminal ? "\r" : "", done, n, ens.scenarios[spec.scenario].c_str(),
                     ens.models[spec.model].c_str(), spec.parameter_set,
                     static_cast<unsigned long long>(spec.weather_seed),
                     annual[std::size_t(i)].level_m_bs.back(), config.end.year, elapsed, eta,
                     terminal ? "   " : "\n");
        std::fflush(stderr);
      }
    } catch (...) {
      errors[std::size_t(i)] = std::current_exception();
    }
  }
  if (terminal && !quiet) std::fprintf(stderr, "\n");
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  const double loop_s = seconds_since(t_loop);

  const auto t_write = Clock::now();
  const auto& sys = port_inputs.ports.system;
  report::EnsembleMetadata meta;
  meta.title = "Caspian Sea level and port ensemble: " + config.name;
  meta.history = utc_now_text() + ": caspian ensemble " + options.run_file;
  meta.run_file = options.run_file;
  meta.run_file_text = config.yaml_text;
  meta.calendar = config.calendar;
  meta.labels.scenarios = ens.scenarios;
  meta.labels.rivers = assembly::river_names();
  for (const auto& p : port_inputs.policies) meta.labels.policies.push_back(ports::policy_name(p));
  for (const auto& p : sys.ports) {
    meta.labels.ports.push_back(p.id);
    meta.port_names.push_back(p.name);
    const ports::VesselShare* main = nullptr;
    for (const auto& s : p.vessel_mix)
      if (main == nullptr || s.cargo_share > main->cargo_share) main = &s;
    meta.port_main_class.push_back(main ? sys.classes[main->vessel_class].id : "");
  }
  for (const auto& c : sys.classes) {
    meta.labels.classes.push_back(c.id);
    meta.class_names.push_back(c.name);
  }
  for (const auto& k : sys.corridors) {
    meta.labels.corridors.push_back(k.id);
    meta.corridor_names.push_back(k.name);
  }
  meta.models = ens.models;
  for (const auto& s : ens.parameter_sets) meta.parameter_sets.push_back(s.name);
  const auto tables = ensemble::ensemble_tables(ens.members, annual, meta.labels);
  report::write_ensemble_netcdf(out_dir / "ensemble.nc", meta, ens.members, annual);
  report::write_ensemble_quantiles_csv(out_dir / "ensemble_quantiles.csv", tables);
  report::write_ensemble_probabilities_csv(out_dir / "ensemble_probabilities.csv", tables);
  if (options.report) render_report(out_dir, "ensemble_report.py");
  const double write_s = seconds_since(t_write);

  // The level in 2050 and at the end, per scenario.
  for (const auto& row : tables.quantiles) {
    if (row.variable != "sea_level_m_bs") continue;
    if (row.year != 2050 && row.year != config.end.year) continue;
    std::printf("%s %d: sea level median %.2f m BS (5-95 %%: %.2f to %.2f), %zu members\n",
                row.scenario.c_str(), row.year, row.value[2], row.value[0], row.value[4],
                row.members);
  }
  std::printf("outputs in %s\n", out_dir.c_str());
  if (!quiet) {
    const double years = double(config.end.year - config.start.year + 1) * double(n);
    // Cell-days of the catchment: active cells x simulated days (warm-up included) x members.
    double cells = 0.0;
    for (auto a : setup->catchment->model.active) cells += a ? 1.0 : 0.0;
    const double days_per_member =
        core::days_between(config.calendar, {config.start.year, config.start.month, 1, 0.0},
                           {config.end.next().year, config.end.next().month, 1, 0.0}) +
        365.0 * config.catchment->warmup_cycles;
    const double cell_days = cells * days_per_member * double(n);
    std::fprintf(stderr,
                 "throughput: %.3g catchment cell-days per second, %.3g per second per thread "
                 "(%d threads, %.0f cells)\n",
                 cell_days / loop_s, cell_days / loop_s / threads, threads, cells);
    std::fprintf(stderr,
                 "timing (wall clock): load %.1f s, members %.1f s (%.1f members per hour, %.2f "
                 "simulated years per second; catchment %.1f s of thread time), write and report "
                 "%.1f s, total %.1f s\n",
                 load_s, loop_s, double(n) / loop_s * 3600.0, years / loop_s, catchment_s, write_s,
                 seconds_since(t_start));
  }
  return 0;
}

}  // namespace caspian::cli
