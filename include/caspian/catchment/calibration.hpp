#pragma once
// Calibration tools: goodness-of-fit objectives (NSE, KGE) over masked daily series, and the
// Dynamically Dimensioned Search global optimiser (Tolson & Shoemaker 2007, Water Resour. Res.
// 43, W01413) with candidate evaluations in parallel (OpenMP) and results independent of the
// thread count.
#include <cstdint>
#include <functional>
#include <random>
#include <span>
#include <vector>

namespace caspian::catchment {

// Statistics of simulated against observed over the days where use[i] != 0 (all days if use is
// empty). NaN if fewer than 2 days are used or the observations have no variance.
struct FitStatistics {
  double nse = 0.0;
  double kge = 0.0;
  double correlation = 0.0;        // r
  double variability_ratio = 0.0;  // alpha = sd_sim / sd_obs
  double bias_ratio = 0.0;         // beta = mean_sim / mean_obs
  double mean_observed = 0.0;
  double mean_simulated = 0.0;
  std::size_t days = 0;
};
FitStatistics fit_statistics(std::span<const double> observed, std::span<const double> simulated,
                             std::span<const std::uint8_t> use = {});

// Nash-Sutcliffe efficiency: 1 - sum (s - o)^2 / sum (o - mean o)^2.
double nse(std::span<const double> observed, std::span<const double> simulated,
           std::span<const std::uint8_t> use = {});
// Kling-Gupta efficiency (Gupta et al. 2009): 1 - sqrt((r-1)^2 + (alpha-1)^2 + (beta-1)^2).
double kge(std::span<const double> observed, std::span<const double> simulated,
           std::span<const std::uint8_t> use = {});

// Random numbers from std::mt19937_64's raw output with distributions written here, so a seed
// gives the same numbers with any standard library (std:: distributions are not portable).
class PortableRandom {
 public:
  explicit PortableRandom(std::uint64_t seed) : engine_(seed) {}
  double uniform();                  // [0, 1), 53 random bits
  double normal();                   // standard normal (Box-Muller, both values used in turn)
  std::size_t index(std::size_t n);  // 0..n-1

 private:
  std::mt19937_64 engine_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

struct DdsOptions {
  int max_evaluations = 1000;  // including the initial point
  double perturbation = 0.2;   // r: sd of the perturbation as a fraction of the range
  std::uint64_t seed = 1;
  // Candidates generated together from the same current best and evaluated in parallel. Fixed
  // here, not by the thread count, so the result does not depend on the threads.
  int batch_size = 8;
  int threads = 0;  // OpenMP threads for the evaluations; 0 = the OpenMP default
};

struct DdsEvaluation {
  int evaluation = 0;           // 1-based
  double objective = 0.0;       // of this candidate (minimised)
  double best_objective = 0.0;  // best so far, after this candidate
  bool accepted = false;
  std::vector<double> x;
};

struct DdsResult {
  std::vector<double> best_x;
  double best_objective = 0.0;
  std::vector<DdsEvaluation> history;  // one entry per evaluation, in order
};

// Minimises objective(x) over the box [lower, upper] from x0 (inside the box). The objective
// must be thread-safe (it is called concurrently) and deterministic; a NaN counts as +infinity.
// Perturbation of dimension j of candidate i (1-based evaluation count) with probability
// 1 - ln(i)/ln(max_evaluations), at least one dimension; x_j + r (ub - lb) N(0,1), reflected at
// the bounds (and set to the opposite bound if the reflection overshoots it).
DdsResult dds_minimise(const std::function<double(std::span<const double>)>& objective,
                       std::span<const double> lower, std::span<const double> upper,
                       std::span<const double> x0, const DdsOptions& options);

// Seed of run k (0-based) of a multi-start search: run 0 uses `seed` itself (one run is plain
// DDS with that seed); run k >= 1 uses the k-th output of SplitMix64 (Steele et al. 2014) seeded
// with `seed`, so base seeds that differ by a little share no runs.
std::uint64_t restart_seed(std::uint64_t seed, int run);

struct MultiStartResult {
  std::vector<DdsResult> runs;  // in order; run k used restart_seed(options.seed, k)
  std::size_t best = 0;         // the run with the lowest objective (the first one on a tie)
};

// `restarts` independent DDS searches from x0 with options.max_evaluations each, one after the
// other (each evaluates its batches in parallel), keeping the one whose objective is lowest.
// The objective is the only criterion, so the choice never depends on anything it does not see;
// like dds_minimise the result does not depend on the thread count.
MultiStartResult dds_multistart(const std::function<double(std::span<const double>)>& objective,
                                std::span<const double> lower, std::span<const double> upper,
                                std::span<const double> x0, const DdsOptions& options,
                                int restarts);

}  // namespace caspian::catchment
