#pragma once
// Progress for batch logs: a heartbeat line every few percent of the simulated months (members
// running side by side on threads count their months on one atomic counter; a line shows the
// month of the least advanced member still running, and an ETA from the months counted since
// the first one), and the closing efficiency lines (core-hours per simulated year, simulated
// years per wall-clock day) per rank and in total. Both only read counters and clocks: results
// never depend on them.
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
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
  // Where lines go and what time it is; the defaults (empty) are spdlog or the log file and the
  // steady clock. Tests replace them.
  struct Hooks {
    std::function<void(const std::string&)> print;
    std::function<Clock::time_point()> now;
  };

  // total_months: simulated months of the whole job (members x months per member); members: the
  // ensemble's member count on this process (0 for a single run: no member count in the lines,
  // one member 0). Lines go to stderr when it is not a terminal, else to the log file only (the
  // terminal has its own progress line); nothing when !enabled (--quiet, MPI ranks other than 0).
  Heartbeat(std::size_t total_months, std::size_t members, bool enabled, int percent_step = 5,
            Hooks hooks = {});

  // Member `member` (0..members-1) finished simulating `month` on this process (any thread).
  void month_done(std::size_t member, const core::YearMonth& month);
  // Member `member` has finished on this process: no longer running, its month no longer shown.
  void member_finished(std::size_t member);
  // Months a member resumed from a checkpoint did not simulate (loaded with its state): they
  // count towards the percentage, not towards the rate the ETA comes from (loading is instant).
  void months_restored(std::size_t months);
  // Months simulated elsewhere (a member finished on another MPI rank), which ended at `month`.
  void months_done_elsewhere(std::size_t months, const core::YearMonth& month);
  // Members finished so far, anywhere.
  void members_done(std::size_t finished) { members_done_.store(finished); }
  // The closing 100 % line, once every member has finished.
  void finish(const core::YearMonth& last);

 private:
  void counted(std::size_t done_before, std::size_t added, const core::YearMonth& month);
  void beat(std::size_t done, const core::YearMonth& month, bool last);
  Clock::time_point now() const { return hooks_.now ? hooks_.now() : Clock::now(); }

  std::size_t total_months_;
  std::size_t members_;
  std::size_t slots_;  // members tracked: members_, at least 1
  bool enabled_;
  bool to_stderr_;
  int steps_;  // lines per run: 100 / percent_step
  Hooks hooks_;
  Clock::time_point t0_;
  std::atomic<std::size_t> months_{0};
  std::atomic<std::size_t> members_done_{0};
  std::atomic<std::size_t> months_restored_{0};  // of months_: loaded from checkpoints
  // Per member of this process: the last month it simulated as months since year 0 plus 1; 0
  // while it has simulated none (not started, or warming up its catchment), -1 once finished.
  // Each written by its member's thread only, read by the thread writing a line.
  std::unique_ptr<std::atomic<int>[]> member_month_;
  // The ETA's reference: when the first month was counted and the months counted by then (not
  // restored ones), so that loading the inputs and the first catchment warm-up do not count as
  // time per month.
  std::once_flag first_month_;
  Clock::time_point t_first_;
  std::size_t months_at_first_ = 0;
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
