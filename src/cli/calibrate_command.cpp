// `caspian calibrate RUN.yaml`: fits HBV parameters of one basin against its daily discharge with
// DDS, then scores the fitted model on a validation period it never saw. The driver owns files
// and dates; the science is in caspian::catchment.
#include <fmt/format.h>
#include <omp.h>
#include <spdlog/spdlog.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "caspian/catchment/calibration.hpp"
#include "caspian/catchment/hbv.hpp"
#include "caspian/catchment/pet.hpp"
#include "caspian/core/error.hpp"
#include "caspian/core/parameters.hpp"
#include "caspian/io/atomic_file.hpp"
#include "caspian/io/calibration_config.hpp"
#include "caspian/io/gauge_table.hpp"
#include "caspian/io/output_set.hpp"
#include "commands.hpp"

namespace caspian::cli {

namespace {
constexpr core::Calendar kCalendar = core::Calendar::proleptic_gregorian;

int day_of_year(const core::Date& d) {
  return static_cast<int>(std::lround(core::days_between(kCalendar, {d.year, 1, 1}, d))) + 1;
}

bool overlaps(const core::Date& a0, const core::Date& a1, const core::Date& b0,
              const core::Date& b1) {
  return !(a1 < b0) && !(b1 < a0);
}

// The basin's forcing and observations over the simulated window, with the scoring masks.
struct Basin {
  std::vector<core::Date> dates;
  std::vector<double> precipitation_mm;
  std::vector<double> temperature_degC;
  std::vector<double> potential_et_mm;  // Oudin, before pet_correction
  std::vector<double> observed_m3_per_s;
  std::vector<std::uint8_t> calibration_use;
  std::vector<std::uint8_t> validation_use;
  std::vector<std::string> flags;  // per day: why it is left out ("" if not)
  double area_km2 = 0.0;
  std::size_t warmup_days = 0;  // the first days of the window that form the warm-up
  int extra_warmup_cycles = 0;  // times the warm-up is run before the window
};

std::vector<double> simulate_m3_per_s(const Basin& b, const core::ParameterSet& set) {
  const catchment::HbvParameters p = catchment::hbv_parameters_from(set);
  catchment::CellState state = catchment::initial_cell_state(p);
  std::vector<double> q(b.dates.size());
  const std::size_t nw = b.warmup_days;
  for (int c = 0; c < b.extra_warmup_cycles; ++c) {
    catchment::simulate_cell(p, std::span(b.precipitation_mm).first(nw),
                             std::span(b.temperature_degC).first(nw),
                             std::span(b.potential_et_mm).first(nw), state, std::span(q).first(nw));
  }
  catchment::simulate_cell(p, b.precipitation_mm, b.temperature_degC, b.potential_et_mm, state, q);
  for (double& v : q) v = catchment::mm_per_day_to_m3_per_s(v, b.area_km2);
  return q;
}

// The calibration objective (maximised): the mean of the terms of fit.objective, each computed
// on every block of the calibration period (fit.blocks), over the calibration days only.
class CalibrationScore {
 public:
  CalibrationScore(const Basin& b, const io::CalibrationConfig& cfg) : terms_(cfg.objective_terms) {
    // Blocks: whole calendar years when the period is made of them, else days, split as evenly
    // as rounding allows (19 years in 2 blocks: 10 + 9).
    const core::Date& first = cfg.calibration.first;
    const core::Date& last = cfg.calibration.last;
    const bool whole_years = first.month == 1 && first.day == 1 && last.month == 12 &&
                             last.day == 31 && last.year - first.year + 1 >= cfg.blocks;
    std::size_t c0 = b.dates.size(), c1 = 0;  // the calibration days in the window [c0, c1)
    for (std::size_t i = 0; i < b.dates.size(); ++i) {
      if (cfg.calibration.contains(b.dates[i])) {
        c0 = std::min(c0, i);
        c1 = i + 1;
      }
    }
    const long units = whole_years ? long(last.year - first.year + 1) : long(c1 - c0);
    const auto unit_of = [&](std::size_t i) {
      return whole_years ? long(b.dates[i].year - first.year) : long(i - c0);
    };
    blocks_.assign(std::size_t(cfg.blocks), std::vector<std::uint8_t>(b.dates.size(), 0));
    for (std::size_t i = c0; i < c1; ++i) {
      if (!b.calibration_use[i]) continue;
      const long u = unit_of(i);
      int k = 0;
      while (k + 1 < cfg.blocks && u >= std::lround(double(k + 1) * double(units) / cfg.blocks)) {
        ++k;
      }
      blocks_[std::size_t(k)][i] = 1;
    }
    for (int k = 0; k < cfg.blocks; ++k) {
      std::size_t n = 0, i_first = 0, i_last = 0;
      for (std::size_t i = 0; i < b.dates.size(); ++i) {
        if (!blocks_[std::size_t(k)][i]) continue;
        if (n++ == 0) i_first = i;
        i_last = i;
      }
      if (n < 60) {
        throw core::InputError(cfg.run_file.string(), "fit.blocks",
                               "block " + std::to_string(k + 1) +
                                   " of the calibration period has " + std::to_string(n) +
                                   " days scored (at least 60 needed)");
      }
      block_spans_.push_back({b.dates[i_first], b.dates[i_last], ""});
    }
    // ln(Q + eps) with eps 1 % of the mean observed calibration flow (Pushpalatha et al. 2012).
    double sum = 0.0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < b.dates.size(); ++i) {
      if (b.calibration_use[i]) {
        sum += b.observed_m3_per_s[i];
        ++n;
      }
    }
    log_offset_ = n > 0 ? 0.01 * sum / double(n) : 0.0;
    for (double q : b.observed_m3_per_s) log_observed_.push_back(std::log(q + log_offset_));
    // Calendar months of the window: [start, end) day ranges.
    for (std::size_t i = 0; i < b.dates.size(); ++i) {
      if (i == 0 || b.dates[i].month != b.dates[i - 1].month) month_starts_.push_back(i);
    }
    month_starts_.push_back(b.dates.size());
    for (const auto& use : blocks_) {
      monthly_observed_.push_back(monthly(b.observed_m3_per_s, use).first);
    }
  }

  // The objective of a simulated series (m3/s over the window): higher is better, NaN if any term
  // is undefined.
  double operator()(const Basin& b, const std::vector<double>& sim) const {
    double total = 0.0;
    for (std::size_t k = 0; k < blocks_.size(); ++k) {
      const auto& use = blocks_[k];
      for (const auto& term : terms_) {
        if (term == "kge" || term == "nse") {
          const auto s = catchment::fit_statistics(b.observed_m3_per_s, sim, use);
          total += term == "kge" ? s.kge : s.nse;
        } else if (term == "kge_log") {
          std::vector<double> log_sim(sim.size());
          for (std::size_t i = 0; i < sim.size(); ++i) {
            log_sim[i] = use[i] ? std::log(std::max(sim[i], 0.0) + log_offset_) : 0.0;
          }
          total += catchment::kge(log_observed_, log_sim, use);
        } else {  // kge_monthly
          const auto [sim_months, used] = monthly(sim, use);
          total += catchment::kge(monthly_observed_[k], sim_months, used);
        }
      }
    }
    return total / double(blocks_.size() * terms_.size());
  }

  const std::vector<io::DateSpan>& block_spans() const { return block_spans_; }

 private:
  // Monthly means of the used days; a month counts if at least 80 % of its days are used.
  std::pair<std::vector<double>, std::vector<std::uint8_t>> monthly(
      const std::vector<double>& q, const std::vector<std::uint8_t>& use) const {
    const std::size_t months = month_starts_.size() - 1;
    std::vector<double> mean(months, 0.0);
    std::vector<std::uint8_t> used(months, 0);
    for (std::size_t m = 0; m < months; ++m) {
      double sum = 0.0;
      std::size_t n = 0;
      for (std::size_t i = month_starts_[m]; i < month_starts_[m + 1]; ++i) {
        if (use[i]) {
          sum += q[i];
          ++n;
        }
      }
      const std::size_t days = month_starts_[m + 1] - month_starts_[m];
      if (n > 0 && 5 * n >= 4 * days) {
        mean[m] = sum / double(n);
        used[m] = 1;
      }
    }
    return {mean, used};
  }

  std::vector<std::string> terms_;
  std::vector<std::vector<std::uint8_t>> blocks_;
  std::vector<io::DateSpan> block_spans_;
  double log_offset_ = 0.0;
  std::vector<double> log_observed_;
  std::vector<std::size_t> month_starts_;
  std::vector<std::vector<double>> monthly_observed_;
};

std::string span_text(const core::Date& a, const core::Date& b) {
  return core::format_date(a) + ".." + core::format_date(b);
}

struct MonthlyMeans {
  std::array<double, 12> observed{};
  std::array<double, 12> simulated{};
  std::array<int, 12> days{};
};

MonthlyMeans monthly_means(const Basin& b, const std::vector<double>& sim,
                           const std::vector<std::uint8_t>& use) {
  MonthlyMeans m;
  for (std::size_t i = 0; i < sim.size(); ++i) {
    if (!use[i]) continue;
    const auto k = std::size_t(b.dates[i].month - 1);
    m.observed[k] += b.observed_m3_per_s[i];
    m.simulated[k] += sim[i];
    ++m.days[k];
  }
  for (std::size_t k = 0; k < 12; ++k) {
    if (m.days[k] > 0) {
      m.observed[k] /= m.days[k];
      m.simulated[k] /= m.days[k];
    } else {
      m.observed[k] = m.simulated[k] = std::nan("");
    }
  }
  return m;
}
}  // namespace

int calibrate_command(const CalibrateOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  const io::CalibrationConfig cfg = io::load_calibration_config(options.run_file);
  const int iterations = options.iterations ? *options.iterations : cfg.iterations;
  if (iterations < 1) throw core::InputError("--iterations", "", "expected at least 1");
  const std::filesystem::path out_dir =
      options.output_dir ? std::filesystem::path(*options.output_dir) : cfg.output_directory;

  const io::DailyGaugeTable table = io::read_daily_gauge_csv(cfg.observations_file);
  std::vector<io::DataFlag> flags = io::find_repeated_discharge(
      table, cfg.quality.repeated_discharge_min_days, cfg.quality.repeated_discharge_min_distinct);
  const auto p_flags = io::find_precipitation_outlier_years(
      table, cfg.quality.precipitation_min_ratio, cfg.quality.precipitation_max_ratio);
  flags.insert(flags.end(), p_flags.begin(), p_flags.end());

  // The simulated window: from the warm-up (or the earliest scored period) to the last one.
  core::Date start = std::min(cfg.calibration.first, cfg.validation.first);
  if (cfg.has_warmup) start = std::min(start, cfg.warmup.first);
  const core::Date end = std::max(cfg.calibration.last, cfg.validation.last);
  const std::size_t i0 = table.index_of(start), i1 = table.index_of(end);

  if (!options.quiet) {
    std::printf("%s: %zu days %s from %s\n", cfg.name.c_str(), table.size(),
                span_text(table.dates.front(), table.dates.back()).c_str(),
                cfg.observations_file.string().c_str());
    std::printf("data flags found in the table (%zu):\n", flags.size());
    for (const auto& f : flags) {
      std::printf("  FLAG %s %s: %s\n", span_text(f.first, f.last).c_str(), f.column.c_str(),
                  f.reason.c_str());
    }
  }
  for (const auto& f : flags) {
    if (f.column == "precipitation_mm" && overlaps(f.first, f.last, start, end)) {
      spdlog::warn(
          "caspian: warning: the simulated window {} includes flagged precipitation {} ({}){}",
          span_text(start, end), span_text(f.first, f.last), f.reason,
          cfg.quality.exclude_flagged ? "; left out of the scores, but it still drives the stores"
                                      : "");
    }
  }

  Basin basin;
  basin.area_km2 = cfg.basin_area_km2;
  for (std::size_t i = i0; i <= i1; ++i) {
    const core::Date& d = table.dates[i];
    basin.dates.push_back(d);
    basin.precipitation_mm.push_back(table.precipitation_mm[i]);
    basin.temperature_degC.push_back(table.temperature_degC[i]);
    basin.potential_et_mm.push_back(catchment::oudin_pet_mm_per_day(
        table.temperature_degC[i], cfg.latitude_deg, day_of_year(d)));
    basin.observed_m3_per_s.push_back(table.discharge_m3_per_s[i]);
    std::string why;
    for (const auto& x : cfg.exclusions) {
      if (x.contains(d)) why = "excluded: " + x.reason;
    }
    if (why.empty() && cfg.quality.exclude_flagged) {
      for (const auto& f : flags) {
        if (!(d < f.first) && !(f.last < d)) why = "flagged " + f.column + ": " + f.reason;
      }
    }
    basin.flags.push_back(why);
    const bool ok = why.empty();
    basin.calibration_use.push_back(ok && cfg.calibration.contains(d));
    basin.validation_use.push_back(ok && cfg.validation.contains(d));
  }

  if (cfg.has_warmup) {
    if (!(cfg.warmup.first == start)) {
      throw core::InputError(options.run_file, "periods.warmup",
                             "the warm-up must be the first period simulated");
    }
    basin.warmup_days = table.index_of(cfg.warmup.last) - i0 + 1;
    basin.extra_warmup_cycles = cfg.warmup_cycles - 1;
  }

  // The fitted parameters' vector <-> a full parameter set.
  const std::size_t dims = cfg.fit.size();
  std::vector<double> lower(dims), upper(dims), x0(dims);
  for (std::size_t j = 0; j < dims; ++j) {
    lower[j] = cfg.fit[j].min_value;
    upper[j] = cfg.fit[j].max_value;
    x0[j] = cfg.parameters.get(cfg.fit[j].name);
  }
  const auto parameter_set = [&](std::span<const double> x) {
    core::ParameterSet set = cfg.parameters;
    for (std::size_t j = 0; j < dims; ++j) set.set(cfg.fit[j].name, x[j], "calibration");
    return set;
  };
  const CalibrationScore score(basin, cfg);
  const auto objective = [&](std::span<const double> x) {
    return 1.0 - score(basin, simulate_m3_per_s(basin, parameter_set(x)));  // minimised
  };

  prepare_output_dir(out_dir);  // before the fit: an unwritable folder is reported now
  // Every output is written into the set's staging folder and swapped in whole at the end.
  io::OutputSet outputs(out_dir, "caspian calibrate " + options.run_file);
  const std::filesystem::path& stage = outputs.dir();

  catchment::DdsOptions dds;
  dds.max_evaluations = iterations;
  dds.perturbation = cfg.perturbation;
  dds.seed = cfg.seed;
  dds.batch_size = cfg.batch_size;
  dds.threads = options.threads;
  const int restarts = options.restarts ? *options.restarts : cfg.restarts;
  const catchment::MultiStartResult search =
      catchment::dds_multistart(objective, lower, upper, x0, dds, restarts);
  const catchment::DdsResult& fit = search.runs[search.best];

  const core::ParameterSet best = parameter_set(fit.best_x);
  const auto sim = simulate_m3_per_s(basin, best);
  const auto cal = catchment::fit_statistics(basin.observed_m3_per_s, sim, basin.calibration_use);
  const auto val = catchment::fit_statistics(basin.observed_m3_per_s, sim, basin.validation_use);
  const MonthlyMeans cal_months = monthly_means(basin, sim, basin.calibration_use);
  const MonthlyMeans val_months = monthly_means(basin, sim, basin.validation_use);

  std::string blocks_text;
  if (cfg.blocks > 1) {
    blocks_text = fmt::format(", mean of {} blocks", cfg.blocks);
  }
  std::string restarts_text;
  if (restarts > 1) {
    restarts_text = fmt::format(" (best of {} runs: run {}, seed {})", restarts, search.best + 1,
                                catchment::restart_seed(cfg.seed, int(search.best)));
  }
  {
    io::AtomicTextFile f(stage / "best_parameters.yaml");
    auto& o = f.stream();
    o << "# Fitted by caspian calibrate " << options.run_file << " (" << cfg.name << ")\n"
      << fmt::format("# objective {} on {} ({} days scored{}): {:.4f}; {} evaluations, seed {}{}\n",
                     cfg.objective, span_text(cfg.calibration.first, cfg.calibration.last),
                     cal.days, blocks_text, 1.0 - fit.best_objective, iterations, cfg.seed,
                     restarts_text)
      << fmt::format("# calibration KGE {:.4f}, NSE {:.4f}\n", cal.kge, cal.nse)
      << fmt::format("# validation {} ({} days): KGE {:.4f}, NSE {:.4f}\n",
                     span_text(cfg.validation.first, cfg.validation.last), val.days, val.kge,
                     val.nse)
      << "# fitted parameters first, then the fixed catchment parameters used\n"
      << "parameters:\n";
    for (std::size_t j = 0; j < dims; ++j) {
      o << fmt::format("  {}: {:.6g}  # fitted in [{:g}, {:g}]\n", cfg.fit[j].name, fit.best_x[j],
                       lower[j], upper[j]);
    }
    for (const auto& spec : core::parameter_registry()) {
      if (!std::string_view(spec.name).starts_with("catchment.")) continue;
      bool fitted = false;
      for (const auto& fp : cfg.fit) fitted = fitted || fp.name == spec.name;
      if (!fitted) o << fmt::format("  {}: {:.6g}  # fixed\n", spec.name, best.get(spec.name));
    }
    f.commit();
  }
  {
    io::AtomicTextFile f(stage / "objective_history.csv");
    auto& o = f.stream();
    o << "evaluation,objective_" << cfg.objective << ",best_" << cfg.objective << ",accepted";
    for (const auto& fp : cfg.fit) o << "," << fp.name;
    o << "\n";
    for (const auto& h : fit.history) {
      o << fmt::format("{},{:.6f},{:.6f},{}", h.evaluation, 1.0 - h.objective,
                       1.0 - h.best_objective, h.accepted ? 1 : 0);
      for (double v : h.x) o << fmt::format(",{:.6g}", v);
      o << "\n";
    }
    f.commit();
  }
  {
    io::AtomicTextFile f(stage / "restarts.csv");
    auto& o = f.stream();
    o << "run,seed,evaluations,objective_" << cfg.objective << ",kept";
    for (const auto& fp : cfg.fit) o << "," << fp.name;
    o << "\n";
    for (std::size_t k = 0; k < search.runs.size(); ++k) {
      const auto& run = search.runs[k];
      o << fmt::format("{},{},{},{:.6f},{}", k + 1, catchment::restart_seed(cfg.seed, int(k)),
                       run.history.size(), 1.0 - run.best_objective, k == search.best ? 1 : 0);
      for (double v : run.best_x) o << fmt::format(",{:.6g}", v);
      o << "\n";
    }
    f.commit();
  }
  {
    io::AtomicTextFile f(stage / "daily_discharge.csv");
    auto& o = f.stream();
    o << "date,observed_m3_per_s,simulated_m3_per_s,period,scored,note\n";
    for (std::size_t i = 0; i < sim.size(); ++i) {
      const core::Date& d = basin.dates[i];
      const char* period = cfg.calibration.contains(d)                  ? "calibration"
                           : cfg.validation.contains(d)                 ? "validation"
                           : (cfg.has_warmup && cfg.warmup.contains(d)) ? "warmup"
                                                                        : "none";
      std::string note = basin.flags[i];
      for (char& c : note) c = c == ',' ? ';' : c;
      o << fmt::format("{},{:g},{:.4f},{},{},{}\n", core::format_date(d),
                       basin.observed_m3_per_s[i], sim[i], period,
                       basin.calibration_use[i] || basin.validation_use[i] ? 1 : 0, note);
    }
    f.commit();
  }
  {
    io::AtomicTextFile f(stage / "mean_annual_hydrograph.csv");
    auto& o = f.stream();
    o << "month,calibration_observed_m3_per_s,calibration_simulated_m3_per_s,"
         "validation_observed_m3_per_s,validation_simulated_m3_per_s\n";
    for (std::size_t k = 0; k < 12; ++k) {
      o << fmt::format("{},{:.3f},{:.3f},{:.3f},{:.3f}\n", k + 1, cal_months.observed[k],
                       cal_months.simulated[k], val_months.observed[k], val_months.simulated[k]);
    }
    f.commit();
  }
  {
    io::AtomicTextFile f(stage / "scores.csv");
    auto& o = f.stream();
    o << "period,start,end,days_scored,kge,nse,r,alpha,beta,mean_observed_m3_per_s,"
         "mean_simulated_m3_per_s\n";
    for (const auto& [label, span, s] : {std::tuple{"calibration", cfg.calibration, cal},
                                         std::tuple{"validation", cfg.validation, val}}) {
      o << fmt::format("{},{},{},{},{:.4f},{:.4f},{:.4f},{:.4f},{:.4f},{:.3f},{:.3f}\n", label,
                       core::format_date(span.first), core::format_date(span.last), s.days, s.kge,
                       s.nse, s.correlation, s.variability_ratio, s.bias_ratio, s.mean_observed,
                       s.mean_simulated);
    }
    f.commit();
  }
  {
    io::AtomicTextFile f(stage / "data_flags.csv");
    auto& o = f.stream();
    o << "first,last,column,reason\n";
    for (const auto& fl : flags) {
      std::string reason = fl.reason;
      for (char& c : reason) c = c == ',' ? ';' : c;
      o << core::format_date(fl.first) << "," << core::format_date(fl.last) << "," << fl.column
        << "," << reason << "\n";
    }
    f.commit();
  }
  outputs.commit();

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("fitted %zu parameters with DDS: %d evaluations, seed %llu, %d threads, %.1f s\n",
              dims, iterations, static_cast<unsigned long long>(cfg.seed),
              options.threads > 0 ? options.threads : omp_get_max_threads(), seconds);
  if (restarts > 1) {
    std::printf(
        "  %d runs of %d evaluations (seeds from %llu); objective %s of each run:", restarts,
        iterations, static_cast<unsigned long long>(cfg.seed), cfg.objective.c_str());
    for (std::size_t k = 0; k < search.runs.size(); ++k) {
      std::printf(" %.4f%s", 1.0 - search.runs[k].best_objective, k == search.best ? "*" : "");
    }
    std::printf("  (* kept)\n");
  }
  std::printf("objective %s on the calibration period%s: %.4f\n", cfg.objective.c_str(),
              blocks_text.c_str(), 1.0 - fit.best_objective);
  for (const auto& span : score.block_spans()) {
    if (cfg.blocks > 1) std::printf("  block %s\n", span_text(span.first, span.last).c_str());
  }
  for (std::size_t j = 0; j < dims; ++j) {
    std::printf("  %-36s %10.5g  [%g, %g]\n", cfg.fit[j].name.c_str(), fit.best_x[j], lower[j],
                upper[j]);
  }
  for (const auto& [label, span, s] : {std::tuple{"calibration", cfg.calibration, cal},
                                       std::tuple{"validation", cfg.validation, val}}) {
    std::printf("%-11s %s (%zu days scored): KGE %.3f  NSE %.3f  (r %.3f, alpha %.3f, beta %.3f)\n",
                label, span_text(span.first, span.last).c_str(), s.days, s.kge, s.nse,
                s.correlation, s.variability_ratio, s.bias_ratio);
  }
  std::printf("mean annual hydrograph, m3/s (validation: observed / simulated):\n ");
  for (std::size_t k = 0; k < 12; ++k) {
    std::printf(" %zu:%.1f/%.1f", k + 1, val_months.observed[k], val_months.simulated[k]);
  }
  std::printf("\noutputs in %s\n", out_dir.string().c_str());
  return 0;
}

}  // namespace caspian::cli
