// caspian ensemble: members over one shared Setup (threads in a process, ranks under MPI), the
// port check per member, the statistics, the files and the report; and caspian merge, which
// combines the slices of an ensemble run as separate (e.g. Slurm array) tasks.
#include <fmt/format.h>
#include <omp.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <set>

#include "caspian/assembly/ensemble.hpp"
#include "caspian/core/error.hpp"
#include "caspian/ensemble/tables.hpp"
#include "caspian/io/ensemble_file.hpp"
#include "caspian/io/netcdf.hpp"
#include "caspian/io/output_set.hpp"
#include "caspian/report/ensemble_outputs.hpp"
#include "checkpoints.hpp"
#include "clock.hpp"
#include "commands.hpp"
#include "logging.hpp"
#include "member_distribution.hpp"
#include "port_check.hpp"
#include "progress.hpp"
#include "seabed_command.hpp"

namespace caspian::cli {

namespace {

// What the ensemble files say about the run, its labels and names.
report::EnsembleMetadata ensemble_metadata(const std::string& run_file, const io::RunConfig& config,
                                           const PortCheckInputs& port_inputs,
                                           const assembly::Ensemble& ens,
                                           const std::string& command) {
  const auto& sys = port_inputs.ports.system;
  report::EnsembleMetadata meta;
  meta.title = "Caspian Sea level and port ensemble: " + config.name;
  meta.history = utc_now() + ": " + command;
  meta.run_file = std::filesystem::absolute(run_file).lexically_normal().string();
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
  meta.members_per_scenario = ens.members.size() / ens.scenarios.size();
  return meta;
}

// The whole ensemble's files: ensemble.nc, the quantile and probability tables, the report.
ensemble::EnsembleTables write_whole_ensemble(const std::filesystem::path& out_dir,
                                              const report::EnsembleMetadata& meta,
                                              const std::vector<ensemble::MemberSpec>& specs,
                                              const std::vector<ensemble::MemberAnnual>& annual,
                                              bool with_report) {
  auto tables = ensemble::ensemble_tables(specs, annual, meta.labels);
  report::write_ensemble_netcdf(out_dir / "ensemble.nc", meta, specs, annual);
  report::write_ensemble_quantiles_csv(out_dir / "ensemble_quantiles.csv", tables);
  report::write_ensemble_probabilities_csv(out_dir / "ensemble_probabilities.csv", tables);
  // The exposed seabed and shoreline retreat of the scenarios' level quantiles, for the report.
  std::string levels_source;
  const auto series =
      seabed_levels_from_file((out_dir / "ensemble_quantiles.csv").string(), &levels_source);
  write_report_seabed(io::load_run_config(meta.run_file), series,
                      "ensemble_quantiles.csv (sea-level quantiles per scenario)", meta.history,
                      out_dir / "seabed");
  if (with_report) render_report(out_dir, "ensemble_report.py");
  return tables;
}

void print_levels(const ensemble::EnsembleTables& tables, int end_year) {
  for (const auto& row : tables.quantiles) {
    if (row.variable != "sea_level_m_bs") continue;
    if (row.year != 2050 && row.year != end_year) continue;
    std::printf("%s %d: sea level median %.2f m BS (5-95 %%: %.2f to %.2f), %zu members\n",
                row.scenario.c_str(), row.year, row.value[2], row.value[0], row.value[4],
                row.members);
  }
}

struct MemberRange {
  std::size_t from = 0, to = 0;  // global member indices [from, to)
  bool whole = true;
};

MemberRange member_range(const EnsembleOptions& o, std::size_t n) {
  MemberRange r{0, n, true};
  if (o.member_slice) {
    if (o.members_from || o.members_to)
      throw core::InputError("--member-slice", "",
                             "give either --member-slice or --members-from/--members-to");
    const std::string& s = *o.member_slice;
    long long k = -1, count = -1;
    char tail = 0;
    if (std::sscanf(s.c_str(), "%lld/%lld%c", &k, &count, &tail) != 2 || count < 1 || k < 0 ||
        k >= count)
      throw core::InputError("--member-slice", "",
                             "'" + s + "' is not k/K with 0 <= k < K (e.g. 0/4 .. 3/4)");
    if (std::size_t(count) > n)
      throw core::InputError(
          "--member-slice", "",
          fmt::format("{} slices of {} members: at most one slice per member", count, n));
    r.from = std::size_t(k) * n / std::size_t(count);
    r.to = std::size_t(k + 1) * n / std::size_t(count);
  } else if (o.members_from || o.members_to) {
    const long long from = o.members_from.value_or(0);
    const long long to = o.members_to.value_or(static_cast<long long>(n));
    if (from < 0 || to > static_cast<long long>(n) || from >= to)
      throw core::InputError(
          "--members-from/--members-to", "",
          fmt::format("[{}, {}) is not a range of member indices within 0..{}", from, to, n));
    r.from = std::size_t(from);
    r.to = std::size_t(to);
  }
  r.whole = r.from == 0 && r.to == n;
  return r;
}

// Threads per rank: --threads, else OMP_NUM_THREADS, else this node's cores shared among its
// ranks. Warns when ranks x threads oversubscribe the node.
int threads_per_rank(const EnsembleOptions& o, const DistributionLayout& layout) {
  int threads = o.threads;
  if (threads <= 0) {
    threads = std::getenv("OMP_NUM_THREADS") != nullptr
                  ? omp_get_max_threads()
                  : std::max(1, layout.cores_on_node / std::max(1, layout.ranks_on_node));
  }
  if (layout.rank == 0 && layout.ranks_on_node * threads > layout.cores_on_node) {
    spdlog::warn(
        "caspian ensemble: warning: {} rank{} x {} thread{} on a node with {} core{}: "
        "oversubscribed, each member runs slower (set --threads or OMP_NUM_THREADS)",
        layout.ranks_on_node, layout.ranks_on_node == 1 ? "" : "s", threads,
        threads == 1 ? "" : "s", layout.cores_on_node, layout.cores_on_node == 1 ? "" : "s");
  }
  return threads;
}

}  // namespace

int ensemble_command(const EnsembleOptions& options) {
  const auto t_start = Clock::now();
  MemberDistribution distribution;
  const auto& layout = distribution.layout();
  const bool writer = distribution.writer();
  // Every rank loads the same inputs; a failure on one rank alone must not leave the others
  // waiting for it.
  std::exception_ptr setup_error;
  std::optional<io::RunConfig> config;
  std::optional<PortCheckInputs> port_inputs;
  std::unique_ptr<const assembly::Setup> setup;
  std::optional<assembly::Ensemble> ens;
  MemberRange range;
  std::filesystem::path out_dir;
  // Every output is written into the set's staging folder and swapped in whole at the end.
  std::optional<io::OutputSet> outputs;
  std::unique_ptr<EnsembleCheckpoints> checkpoints;
  try {
    config = io::load_run_config(options.run_file);
    out_dir =
        options.output_dir ? std::filesystem::path(*options.output_dir) : config->output_directory;
    if (!config->ports) {
      throw core::InputError(options.run_file, "ports",
                             "missing: an ensemble checks the ports of every member");
    }
    port_inputs = load_port_check(*config);
    if (!config->ensemble) {
      throw core::InputError(options.run_file, "ensemble",
                             "missing: caspian ensemble needs an `ensemble:` section "
                             "(docs/run_file.md)");
    }
    setup = assembly::build_setup(*config);
    assembly::EnsembleOptions eo;
    eo.members_per_scenario = options.members;
    eo.scenarios = options.scenarios;
    ens = assembly::build_ensemble(*setup, eo);
    range = member_range(options, ens->members.size());
    checkpoints = EnsembleCheckpoints::open(options, out_dir, *setup, *ens, writer);
    if (writer) {
      prepare_output_dir(out_dir);
      outputs.emplace(out_dir, "caspian ensemble " + options.run_file);
    }
  } catch (...) {
    setup_error = std::current_exception();
  }
  if (!distribution.all(!setup_error)) {
    if (setup_error) std::rethrow_exception(setup_error);
    throw core::Error("another MPI rank failed to set up the ensemble (its message is above)");
  }
  const double load_s = seconds_since(t_start);

  const std::size_t total = ens->members.size();
  const std::vector<ensemble::MemberSpec> specs(ens->members.begin() + std::ptrdiff_t(range.from),
                                                ens->members.begin() + std::ptrdiff_t(range.to));
  const std::size_t n = specs.size();
  const int threads = threads_per_rank(options, layout);
  const bool quiet = !info_enabled() || !writer;  // --quiet (or a rank other than 0)
  if (writer) {
    spdlog::info(
        "caspian ensemble '{}': {} scenarios x {} members = {} members ({} models, {} parameter "
        "sets), {}-{:02d}..{}-{:02d}; {} rank{} x {} thread{}",
        config->name, ens->scenarios.size(), total / ens->scenarios.size(), total,
        ens->models.size(), ens->parameter_sets.size(), config->start.year, config->start.month,
        config->end.year, config->end.month, layout.ranks, layout.ranks == 1 ? "" : "s", threads,
        threads == 1 ? "" : "s");
    if (checkpoints)
      spdlog::info("  checkpoints every {} year{} in {}{}", checkpoints->every_years(),
                   checkpoints->every_years() == 1 ? "" : "s", checkpoints->dir().string(),
                   checkpoints->resumed() ? fmt::format(" (resumed: {} finished, {} in progress)",
                                                        checkpoints->found_finished(),
                                                        checkpoints->found_in_progress())
                                          : std::string());
    if (!range.whole)
      spdlog::info("  this slice: members {}..{} of 0..{}", range.from, range.to - 1, total - 1);
  }

  ports::AssessmentOptions assessment_options;
  assessment_options.min_load_factor = port_inputs->min_load_factor;
  // Members side by side, one thread each (the catchment's own loops run serially inside); with
  // fewer members than threads in one process, each member's catchment gets the threads left
  // over (results are the same on any number of threads).
  const int member_threads =
      layout.ranks == 1
          ? int(std::min<std::size_t>(std::size_t(threads), std::max<std::size_t>(n, 1)))
          : threads;
  const int threads_per_member = threads / std::max(1, member_threads);
  omp_set_max_active_levels(threads_per_member > 1 ? 2 : 1);
  // The terminal's progress line (overwritten in place) unless --verbose lists each member; a
  // batch log (stderr not a terminal) gets the heartbeat instead.
  const bool terminal =
      stderr_is_terminal() && !spdlog::default_logger_raw()->should_log(spdlog::level::debug);
  const std::size_t member_months = months_between(config->start, config->end);
  Heartbeat heartbeat(n * member_months, n, !quiet);
  std::vector<char> ran_here(n, 0);  // members run by this process
  std::atomic<std::size_t> members_here{0};
  const auto t_loop = Clock::now();
  std::vector<double> member_catchment_s(n, 0.0);
  auto results_of = [&](const assembly::MemberRun& run) {
    const auto assessment =
        ports::assess(port_inputs->ports.system, levels_from_projection(run.sea),
                      port_inputs->policies, assessment_options);
    return ensemble::annual_results(run.sea, port_inputs->ports.system, assessment);
  };
  auto work = [&](std::size_t i) {
    omp_set_num_threads(threads_per_member);  // this member's own parallel regions
    ran_here[i] = 1;
    const auto on_month = [&](const model::MonthResult& m) { heartbeat.month_done(i, m.month); };
    // member_catchment_s: on this rank only; summed where known.
    if (checkpoints) {
      auto annual =
          checkpoints->member(*setup, *ens, specs[i], results_of, member_catchment_s[i], on_month,
                              [&](std::size_t months) { heartbeat.months_restored(months); });
      heartbeat.member_finished(i);
      ++members_here;
      return annual;
    }
    const auto run = assembly::run_ensemble_member(*setup, *ens, specs[i], nullptr, {}, on_month);
    heartbeat.member_finished(i);
    ++members_here;
    member_catchment_s[i] = run.catchment_s;
    return results_of(run);
  };
  std::vector<double> end_level(n, 0.0);
  auto done = [&](std::size_t i, std::size_t finished) {  // on rank 0, one call at a time
    if (!ran_here[i]) heartbeat.months_done_elsewhere(member_months, config->end);
    heartbeat.members_done(finished);
    if (quiet) return;
    const auto& spec = specs[i];
    const double elapsed = seconds_since(t_loop);
    const double eta = elapsed / double(finished) * double(n - finished);
    const std::string line =
        fmt::format("  member {}/{} done ({} {}, set {}, seed {}); elapsed {:.0f} s, ETA {:.0f} s",
                    finished, n, ens->scenarios[spec.scenario], ens->models[spec.model],
                    spec.parameter_set, spec.weather_seed, elapsed, eta);
    if (terminal) {
      std::fprintf(stderr, "\r%s   ", line.c_str());
      std::fflush(stderr);
    } else {
      spdlog::debug(line);
    }
  };
  const auto annual = distribution.run(n, member_threads, work, done);
  if (terminal && !quiet) std::fprintf(stderr, "\n");
  heartbeat.finish(config->end);
  const double loop_s = seconds_since(t_loop);
  // Each rank's figures to rank 0 for the efficiency lines.
  const auto figures =
      distribution.gather({double(members_here.load()) * double(member_months) / 12.0, loop_s,
                           double(threads), double(members_here.load())});
  if (!writer) return 0;

  const auto t_write = Clock::now();
  const std::filesystem::path& stage = outputs->dir();
  std::string command = "caspian ensemble " + options.run_file;
  auto meta = ensemble_metadata(options.run_file, *config, *port_inputs, *ens, command);
  if (!range.whole) {
    meta.member_slice = fmt::format("{}..{} of {}", range.from, range.to - 1, total);
    report::write_ensemble_netcdf(stage / "ensemble.nc", meta, specs, annual);
    outputs->commit();
    std::printf(
        "slice of members %zu..%zu of %zu written to %s; combine the slices with "
        "`caspian merge DIR...`\n",
        range.from, range.to - 1, total, (out_dir / "ensemble.nc").c_str());
  } else {
    const auto tables = write_whole_ensemble(stage, meta, specs, annual, options.report);
    outputs->commit();
    print_levels(tables, config->end.year);
    std::printf("outputs in %s\n", out_dir.c_str());
  }
  const double write_s = seconds_since(t_write);

  if (!quiet) {
    const double years = double(config->end.year - config->start.year + 1) * double(n);
    // Cell-days of the catchment: active cells x simulated days (warm-up included) x members.
    double cells = 0.0;
    for (auto a : setup->catchment->model.active) cells += a ? 1.0 : 0.0;
    const double days_per_member =
        core::days_between(config->calendar, {config->start.year, config->start.month, 1, 0.0},
                           {config->end.next().year, config->end.next().month, 1, 0.0}) +
        365.0 * config->catchment->warmup_cycles;
    const double cell_days = cells * days_per_member * double(n);
    const double cores = double(threads) * double(layout.ranks);
    double catchment_s = 0.0;
    for (double s : member_catchment_s) catchment_s += s;
    spdlog::info(
        "throughput: {:.3g} catchment cell-days per second, {:.3g} per second per core ({} "
        "rank{} x {} thread{}, {:.0f} cells)",
        cell_days / loop_s, cell_days / loop_s / cores, layout.ranks, layout.ranks == 1 ? "" : "s",
        threads, threads == 1 ? "" : "s", cells);
    spdlog::info(
        "timing (wall clock): load {:.1f} s, members {:.1f} s ({:.1f} members per hour, {:.2f} "
        "simulated years per second, {:.3g} core-hours per simulated year; catchment {:.1f} s "
        "of rank 0's thread time), write and report {:.1f} s, total {:.1f} s",
        load_s, loop_s, double(n) / loop_s * 3600.0, years / loop_s,
        loop_s * cores / 3600.0 / years, catchment_s, write_s, seconds_since(t_start));
    std::vector<RankEfficiency> ranks;
    for (std::size_t k = 0; k + 4 <= figures.size(); k += 4)
      ranks.push_back(
          {figures[k], figures[k + 1], int(figures[k + 2]), std::size_t(figures[k + 3])});
    for (const auto& line : efficiency_lines(ranks, true)) spdlog::info(line);
  }
  return 0;
}

int merge_command(const MergeOptions& options) {
  if (options.slice_dirs.empty())
    throw core::InputError("caspian merge", "DIR", "expected one or more slice folders");
  // The run of the first slice; every slice must come from the same run file text.
  const auto first_file = std::filesystem::path(options.slice_dirs.front()) / "ensemble.nc";
  const auto run_file = io::read_text_attribute(first_file.string(), "", "run_file");
  if (!run_file)
    throw core::InputError(first_file.string(), "run_file",
                           "global attribute missing (expected an ensemble.nc of caspian "
                           "ensemble)");
  const io::RunConfig config = io::load_run_config(*run_file);
  std::vector<int> years;
  for (int y = config.start.year; y <= config.end.year; ++y) years.push_back(y);

  std::vector<io::EnsembleFile> slices;
  for (const auto& dir : options.slice_dirs) {
    const auto path = std::filesystem::path(dir) / "ensemble.nc";
    auto f = io::read_ensemble_netcdf(path, years);
    if (f.run_file_text != config.yaml_text)
      throw core::InputError(path.string(), "run_file_text",
                             "this slice was run from a different run file (or " + *run_file +
                                 " changed since); slices must come from one run file");
    if (!slices.empty() && (f.members_per_scenario != slices.front().members_per_scenario ||
                            f.scenarios != slices.front().scenarios))
      throw core::InputError(path.string(), "ensemble_members_per_scenario",
                             "this slice belongs to a different ensemble (members per scenario "
                             "or scenarios differ from " +
                                 options.slice_dirs.front() + ")");
    slices.push_back(std::move(f));
  }
  const auto& head = slices.front();
  const auto setup = assembly::build_setup(config);
  assembly::EnsembleOptions eo;
  eo.members_per_scenario = int(head.members_per_scenario);
  eo.scenarios = head.scenarios;
  const assembly::Ensemble ens = assembly::build_ensemble(*setup, eo);
  const PortCheckInputs port_inputs = load_port_check(config);

  // Each member exactly once, and the same member the whole run would have made.
  const std::size_t n = ens.members.size();
  std::vector<ensemble::MemberAnnual> annual(n);
  std::vector<std::string> source(n);
  for (std::size_t s = 0; s < slices.size(); ++s) {
    const auto path = (std::filesystem::path(options.slice_dirs[s]) / "ensemble.nc").string();
    for (std::size_t m = 0; m < slices[s].specs.size(); ++m) {
      const auto& got = slices[s].specs[m];
      if (got.index >= n)
        throw core::InputError(path, "member",
                               fmt::format("member {} is outside 0..{}", got.index, n - 1));
      const auto& want = ens.members[got.index];
      if (got.model != want.model || got.parameter_set != want.parameter_set ||
          got.weather_seed != want.weather_seed)
        throw core::InputError(
            path, "member",
            fmt::format("member {} has model {}, set {}, seed {}; the run file "
                        "makes model {}, set {}, seed {}",
                        got.index, got.model, got.parameter_set, got.weather_seed, want.model,
                        want.parameter_set, want.weather_seed));
      if (!source[got.index].empty())
        throw core::InputError(
            path, "member",
            fmt::format("member {} is also in {}: slices overlap", got.index, source[got.index]));
      source[got.index] = path;
      annual[got.index] = std::move(slices[s].members[m]);
    }
  }
  std::string missing;
  std::size_t n_missing = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!source[i].empty()) continue;
    if (++n_missing > 10) continue;
    if (!missing.empty()) missing += ", ";
    missing += std::to_string(i);
  }
  if (n_missing > 0)
    throw core::InputError(options.slice_dirs.front(), "member",
                           fmt::format("{} of {} members are in no slice ({}{}); run the missing "
                                       "slices first",
                                       n_missing, n, missing, n_missing > 10 ? ", ..." : ""));

  const std::filesystem::path out_dir =
      options.output_dir ? std::filesystem::path(*options.output_dir) : config.output_directory;
  prepare_output_dir(out_dir);
  std::string command = "caspian merge";
  for (const auto& d : options.slice_dirs) command += " " + d;
  io::OutputSet merged(out_dir, command);
  auto meta = ensemble_metadata(*run_file, config, port_inputs, ens, command);
  const auto tables = write_whole_ensemble(merged.dir(), meta, ens.members, annual, options.report);
  merged.commit();
  if (!options.quiet) print_levels(tables, config.end.year);
  std::printf("merged %zu slices (%zu members) into %s\n", slices.size(), n, out_dir.c_str());
  return 0;
}

}  // namespace caspian::cli
