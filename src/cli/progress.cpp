#include "progress.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "caspian/core/constants.hpp"
#include "logging.hpp"

namespace caspian::cli {

std::size_t months_between(const core::YearMonth& from, const core::YearMonth& to) {
  const int months = (to.year - from.year) * 12 + (to.month - from.month) + 1;
  return months > 0 ? std::size_t(months) : 0;
}

std::string hms(double seconds) {
  const long long s = std::llround(std::max(0.0, seconds));
  return fmt::format("{}:{:02d}:{:02d}", s / 3600, (s / 60) % 60, s % 60);
}

namespace {
// A month as one increasing number, 0 kept for "none": months since year 0, plus 1.
int month_number(const core::YearMonth& m) { return m.year * 12 + (m.month - 1) + 1; }
core::YearMonth month_of(int number) { return {(number - 1) / 12, (number - 1) % 12 + 1}; }
}  // namespace

Heartbeat::Heartbeat(std::size_t total_months, std::size_t members, bool enabled, int percent_step,
                     Hooks hooks)
    : total_months_(std::max<std::size_t>(total_months, 1)),
      members_(members),
      slots_(std::max<std::size_t>(members, 1)),
      enabled_(enabled),
      to_stderr_(!stderr_is_terminal()),
      steps_(std::max(1, 100 / std::max(1, percent_step))),
      hooks_(std::move(hooks)),
      t0_(now()),
      member_month_(std::make_unique<std::atomic<int>[]>(slots_)) {}

void Heartbeat::month_done(std::size_t member, const core::YearMonth& month) {
  const std::size_t before = months_.fetch_add(1);
  if (member < slots_) member_month_[member].store(month_number(month), std::memory_order_release);
  counted(before, 1, month);
}

void Heartbeat::member_finished(std::size_t member) {
  if (member < slots_) member_month_[member].store(-1, std::memory_order_release);
}

void Heartbeat::months_restored(std::size_t months) {
  months_restored_.fetch_add(months);
  months_.fetch_add(months);
}

void Heartbeat::months_done_elsewhere(std::size_t months, const core::YearMonth& month) {
  counted(months_.fetch_add(months), months, month);
}

void Heartbeat::counted(std::size_t done_before, std::size_t added, const core::YearMonth& month) {
  if (!enabled_) return;
  // After the first call an atomic load; the caller's own beat then sees t_first_.
  std::call_once(first_month_, [&] {
    t_first_ = now();
    months_at_first_ = done_before + added - months_restored_.load();
  });
  beat(done_before + added, month, false);
}

void Heartbeat::finish(const core::YearMonth& last) {
  if (enabled_) beat(total_months_, last, true);
}

void Heartbeat::beat(std::size_t done, const core::YearMonth& month, bool last) {
  // Below 100 % a line each time the count passes a step; the 100 % line comes from finish(),
  // after the last member's own work (its port check), so that it counts every member done.
  const int step =
      int(std::min<std::size_t>(done, total_months_) * std::size_t(steps_) / total_months_);
  if (!last && (step <= step_shown_.load() || step >= steps_)) return;  // unlocked peek: re-checked
  std::unique_lock<std::mutex> lock(mutex_, std::defer_lock);
  if (last) {
    lock.lock();
  } else if (!lock.try_lock()) {
    return;  // another thread is writing a line; a later month shows the progress
  }
  // The count now: a line shows the latest progress, so percentages only increase.
  const std::size_t count = last ? total_months_ : std::min(months_.load(), total_months_);
  const int now_step = int(count * std::size_t(steps_) / total_months_);
  if (!last && (now_step <= step_shown_.load() || now_step >= steps_)) return;
  step_shown_.store(now_step);
  // The month of the least advanced member still running here (members side by side run at
  // different speeds); with none running here, the month the caller knows of.
  int earliest = 0;
  for (std::size_t i = 0; i < slots_ && !last; ++i) {
    const int m = member_month_[i].load(std::memory_order_acquire);
    if (m > 0 && (earliest == 0 || m < earliest)) earliest = m;
  }
  const core::YearMonth shown = earliest > 0 ? month_of(earliest) : month;
  const double fraction = double(count) / double(total_months_);
  const Clock::time_point t = now();
  const double elapsed = std::chrono::duration<double>(t - t0_).count();
  std::string eta;
  if (!last) {
    // The rate since the first counted month: loading and the first warm-up are not months.
    const double since_first_s = std::chrono::duration<double>(t - t_first_).count();
    const double months_since_first =
        double(count) - double(months_restored_.load()) - double(months_at_first_);
    if (months_since_first > 0 && since_first_s > 0) {
      eta = fmt::format(", ETA {}",
                        hms(since_first_s / months_since_first * double(total_months_ - count)));
    } else if (months_restored_.load() == 0) {
      eta = fmt::format(", ETA {}", hms(elapsed / fraction * (1.0 - fraction)));
    }  // else no rate yet: the restored months took no time
  }
  const std::string members =
      members_ > 0 ? fmt::format(", members {}/{} done", members_done_.load(), members_) : "";
  const std::string line = fmt::format("progress: {}-{:02d}, {:5.1f} %{}, elapsed {}{}", shown.year,
                                       shown.month, 100.0 * fraction, members, hms(elapsed), eta);
  if (hooks_.print) {
    hooks_.print(line);
  } else if (to_stderr_) {
    spdlog::info(line);
  } else {
    log_to_file_only(line);
  }
}

namespace {
std::string efficiency_text(const RankEfficiency& r, bool with_members) {
  const double core_hours = r.wall_s * r.cores / 3600.0;
  const std::string members =
      with_members ? fmt::format("{} member{}, ", r.members, r.members == 1 ? "" : "s") : "";
  const std::string per_year =
      r.simulated_years > 0 ? fmt::format("{:.3g}", core_hours / r.simulated_years) : "-";
  const std::string per_day =
      r.wall_s > 0 ? fmt::format("{:.4g}", r.simulated_years / r.wall_s * core::seconds_per_day)
                   : "-";
  return fmt::format(
      "{}{:.1f} simulated years in {:.1f} s on {} core{}: {} core-hours per simulated year, {} "
      "simulated years per wall-clock day",
      members, r.simulated_years, r.wall_s, r.cores, r.cores == 1 ? "" : "s", per_year, per_day);
}
}  // namespace

std::vector<std::string> efficiency_lines(const std::vector<RankEfficiency>& ranks,
                                          bool with_members) {
  if (ranks.size() == 1)
    return {"efficiency (rank 0 = total): " + efficiency_text(ranks.front(), with_members)};
  std::vector<std::string> lines;
  RankEfficiency total;
  total.cores = 0;
  for (std::size_t r = 0; r < ranks.size(); ++r) {
    lines.push_back(
        fmt::format("efficiency rank {}: {}", r, efficiency_text(ranks[r], with_members)));
    total.simulated_years += ranks[r].simulated_years;
    total.wall_s = std::max(total.wall_s, ranks[r].wall_s);
    total.cores += ranks[r].cores;
    total.members += ranks[r].members;
  }
  lines.push_back("efficiency total: " + efficiency_text(total, with_members));
  return lines;
}

}  // namespace caspian::cli
