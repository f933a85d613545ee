#include "progress.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
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

Heartbeat::Heartbeat(std::size_t total_months, std::size_t members, bool enabled, int percent_step)
    : total_months_(std::max<std::size_t>(total_months, 1)),
      members_(members),
      enabled_(enabled),
      to_stderr_(!stderr_is_terminal()),
      steps_(std::max(1, 100 / std::max(1, percent_step))) {}

void Heartbeat::month_done(const core::YearMonth& month) {
  const std::size_t done = months_.fetch_add(1) + 1;
  if (enabled_) beat(done, month, false);
}

void Heartbeat::months_done_elsewhere(std::size_t months, const core::YearMonth& month) {
  const std::size_t done = months_.fetch_add(months) + months;
  if (enabled_) beat(done, month, false);
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
  const std::size_t now = last ? total_months_ : std::min(months_.load(), total_months_);
  const int now_step = int(now * std::size_t(steps_) / total_months_);
  if (!last && (now_step <= step_shown_.load() || now_step >= steps_)) return;
  step_shown_.store(now_step);
  const double fraction = double(now) / double(total_months_);
  const double elapsed = seconds_since(t0_);
  const std::string members =
      members_ > 0 ? fmt::format(", members {}/{} done", members_done_.load(), members_) : "";
  const std::string eta =
      last ? "" : fmt::format(", ETA {}", hms(elapsed / fraction * (1.0 - fraction)));
  const std::string line = fmt::format("progress: {}-{:02d}, {:5.1f} %{}, elapsed {}{}", month.year,
                                       month.month, 100.0 * fraction, members, hms(elapsed), eta);
  if (to_stderr_) {
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
