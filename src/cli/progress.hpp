#pragma once
// Progress for batch logs: a heartbeat line every few percent of the simulated months (members
// running side by side on threads count their months on one atomic counter), and the closing
// efficiency lines (core-hours per simulated year, simulated years per wall-clock day) per rank
// and in total. Both only read counters and clocks: results never depend on them.
#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "caspian/core/time.hpp"
#include "clock.hpp"

namespace caspian::cli {

// Months from `from` to `to`, both included.
std::size_t months_between(const core::YearMonth& from, const core::YearMonth& to);

class Heartbeat {
 public:
  // total_months: simulated months of the whole job (members x months per member); members: the
  // ensemble's member count (0 for a single run: no member count in the lines). Lines go to
  // stderr when it is not a terminal, else to the log file only (the terminal has its own
  // progress line); nothing when !enabled (--quiet, MPI ranks other than 0).
  Heartbeat(std::size_t total_months, std::size_t members, bool enabled, int percent_step = 5);

  // A member finished simulating `month` on this process (any thread).
  void month_done(const core::YearMonth& month);
  // Months simulated elsewhere (a member finished on another MPI rank).
  void months_done_elsewhere(std::size_t months, const core::YearMonth& month);
  // Members finished so far, anywhere.
  void members_done(std::size_t finished) { members_done_.store(finished); }
  // The closing 100 % line, once every member has finished.
  void finish(const core::YearMonth& last);

 private:
  void beat(std::size_t done, const core::YearMonth& month, bool last);

  std::size_t total_months_;
  std::size_t members_;
  bool enabled_;
  bool to_stderr_;
  int steps_;  // lines per run: 100 / percent_step
  Clock::time_point t0_ = Clock::now();
  std::atomic<std::size_t> months_{0};
  std::atomic<std::size_t> members_done_{0};
  std::mutex mutex_;                // one line at a time, in order
  std::atomic<int> step_shown_{0};  // written under mutex_, peeked at without it
};

// One rank's work in the member loop.
struct RankEfficiency {
  double simulated_years = 0.0;
  double wall_s = 0.0;  // wall time of the member loop
  int cores = 1;        // threads of the rank
  std::size_t members = 0;
};

// "efficiency rank R: ..." per rank and "efficiency total: ..." (one "rank 0 = total" line for a
// single process): simulated years, wall time, cores, core-hours per simulated year, simulated
// years per wall-clock day. The total runs on every rank's cores for the longest rank's time.
// with_members: name the members in each line (ensembles).
std::vector<std::string> efficiency_lines(const std::vector<RankEfficiency>& ranks,
                                          bool with_members);

// Elapsed wall time as h:mm:ss.
std::string hms(double seconds);

}  // namespace caspian::cli
