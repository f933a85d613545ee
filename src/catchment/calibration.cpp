#include "caspian/catchment/calibration.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "caspian/core/random.hpp"

namespace caspian::catchment {

FitStatistics fit_statistics(std::span<const double> observed, std::span<const double> simulated,
                             std::span<const std::uint8_t> use) {
  if (observed.size() != simulated.size() || (!use.empty() && use.size() != observed.size())) {
    throw std::invalid_argument("fit_statistics: series differ in length");
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  FitStatistics s;
  double sum_o = 0.0, sum_s = 0.0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    if (!use.empty() && use[i] == 0) continue;
    sum_o += observed[i];
    sum_s += simulated[i];
    ++s.days;
  }
  if (s.days < 2) {
    s.nse = s.kge = s.correlation = s.variability_ratio = s.bias_ratio = nan;
    return s;
  }
  const double n = double(s.days);
  s.mean_observed = sum_o / n;
  s.mean_simulated = sum_s / n;
  // Second pass about the means: better conditioned than sums of squares.
  double soo = 0.0, sss = 0.0, sos = 0.0, sse = 0.0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    if (!use.empty() && use[i] == 0) continue;
    const double o = observed[i] - s.mean_observed;
    const double m = simulated[i] - s.mean_simulated;
    soo += o * o;
    sss += m * m;
    sos += o * m;
    const double e = simulated[i] - observed[i];
    sse += e * e;
  }
  if (!(soo > 0.0)) {
    s.nse = s.kge = s.correlation = s.variability_ratio = s.bias_ratio = nan;
    return s;
  }
  s.nse = 1.0 - sse / soo;
  s.correlation = sss > 0.0 ? sos / std::sqrt(soo * sss) : 0.0;
  s.variability_ratio = std::sqrt(sss / soo);
  s.bias_ratio = s.mean_observed != 0.0 ? s.mean_simulated / s.mean_observed : nan;
  const double a = s.correlation - 1.0, b = s.variability_ratio - 1.0, c = s.bias_ratio - 1.0;
  s.kge = 1.0 - std::sqrt(a * a + b * b + c * c);
  return s;
}

double nse(std::span<const double> observed, std::span<const double> simulated,
           std::span<const std::uint8_t> use) {
  return fit_statistics(observed, simulated, use).nse;
}

double kge(std::span<const double> observed, std::span<const double> simulated,
           std::span<const std::uint8_t> use) {
  return fit_statistics(observed, simulated, use).kge;
}

double PortableRandom::uniform() {
  // The top 53 bits of one 64-bit draw, scaled exactly to [0, 1).
  return double(engine_() >> 11) * 0x1.0p-53;
}

double PortableRandom::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u1 = uniform();
  while (u1 <= 0.0) u1 = uniform();  // log(0) guard
  const double u2 = uniform();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * std::numbers::pi * u2;
  spare_ = radius * std::sin(angle);
  has_spare_ = true;
  return radius * std::cos(angle);
}

std::size_t PortableRandom::index(std::size_t n) {
  const auto i = static_cast<std::size_t>(uniform() * double(n));
  return std::min(i, n - 1);
}

namespace {
// x + r (ub - lb) N(0,1), reflected once at a bound; if the reflection overshoots the other
// bound, the value is set to the bound it left (Tolson & Shoemaker 2007, step 4).
double perturb_within(double x, double lb, double ub, double r, PortableRandom& random) {
  double y = x + r * (ub - lb) * random.normal();
  if (y < lb) {
    y = lb + (lb - y);
    if (y > ub) y = lb;
  } else if (y > ub) {
    y = ub - (y - ub);
    if (y < lb) y = ub;
  }
  return y;
}
}  // namespace

DdsResult dds_minimise(const std::function<double(std::span<const double>)>& objective,
                       std::span<const double> lower, std::span<const double> upper,
                       std::span<const double> x0, const DdsOptions& options) {
  const std::size_t dims = x0.size();
  if (dims == 0 || lower.size() != dims || upper.size() != dims) {
    throw std::invalid_argument("dds_minimise: bounds and start differ in size (or are empty)");
  }
  for (std::size_t j = 0; j < dims; ++j) {
    if (!(lower[j] < upper[j]) || x0[j] < lower[j] || x0[j] > upper[j]) {
      throw std::invalid_argument(
          "dds_minimise: start outside its bounds or empty range in "
          "dimension " +
          std::to_string(j));
    }
  }
  if (options.max_evaluations < 1 || options.batch_size < 1 || !(options.perturbation > 0.0)) {
    throw std::invalid_argument("dds_minimise: max_evaluations, batch_size and r must be > 0");
  }
  const auto safe = [&](std::span<const double> x) {
    const double f = objective(x);
    return std::isnan(f) ? std::numeric_limits<double>::infinity() : f;
  };

  PortableRandom random(options.seed);
  DdsResult result;
  result.best_x.assign(x0.begin(), x0.end());
  result.best_objective = safe(result.best_x);
  result.history.push_back({1, result.best_objective, result.best_objective, true, result.best_x});

  const int m = options.max_evaluations;
  const double log_m = std::log(double(std::max(m, 2)));
  std::vector<std::vector<double>> batch;
  std::vector<double> values;
  int done = 1;
  while (done < m) {
    const int count = std::min(options.batch_size, m - done);
    // Candidates from the RNG serially, in evaluation order: the stream does not depend on threads.
    batch.assign(std::size_t(count), result.best_x);
    for (int c = 0; c < count; ++c) {
      const int i = done + c + 1;  // 1-based evaluation number of this candidate
      const double probability = 1.0 - std::log(double(i)) / log_m;
      auto& x = batch[std::size_t(c)];
      bool any = false;
      for (std::size_t j = 0; j < dims; ++j) {
        if (random.uniform() < probability) {
          any = true;
          x[j] = perturb_within(x[j], lower[j], upper[j], options.perturbation, random);
        }
      }
      if (!any) {
        const std::size_t j = random.index(dims);
        x[j] = perturb_within(x[j], lower[j], upper[j], options.perturbation, random);
      }
    }
    values.assign(std::size_t(count), 0.0);
    const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (int c = 0; c < count; ++c) values[std::size_t(c)] = safe(batch[std::size_t(c)]);
    // Accept serially in order: greedy, as in DDS.
    for (int c = 0; c < count; ++c) {
      const double f = values[std::size_t(c)];
      const bool accepted = f <= result.best_objective;
      if (accepted) {
        result.best_objective = f;
        result.best_x = batch[std::size_t(c)];
      }
      result.history.push_back(
          {done + c + 1, f, result.best_objective, accepted, batch[std::size_t(c)]});
    }
    done += count;
  }
  return result;
}

std::uint64_t restart_seed(std::uint64_t seed, int run) {
  if (run < 0) throw std::invalid_argument("restart_seed: negative run");
  core::SplitMix64 generator(seed);
  std::uint64_t z = seed;
  for (int k = 0; k < run; ++k) z = generator.next();
  return z;
}

MultiStartResult dds_multistart(const std::function<double(std::span<const double>)>& objective,
                                std::span<const double> lower, std::span<const double> upper,
                                std::span<const double> x0, const DdsOptions& options,
                                int restarts) {
  if (restarts < 1) throw std::invalid_argument("dds_multistart: restarts must be >= 1");
  MultiStartResult result;
  for (int k = 0; k < restarts; ++k) {
    DdsOptions o = options;
    o.seed = restart_seed(options.seed, k);
    result.runs.push_back(dds_minimise(objective, lower, upper, x0, o));
    if (result.runs.back().best_objective < result.runs[result.best].best_objective) {
      result.best = result.runs.size() - 1;
    }
  }
  return result;
}

}  // namespace caspian::catchment
