// The batch log's heartbeat (src/cli/progress.cpp): the month shown is the least advanced running
// member's, the ETA comes from the rate since the first counted month, lines stay in order when
// members count months from many threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "progress.hpp"

namespace caspian::cli {
namespace {

using core::YearMonth;
using std::chrono::seconds;

// A heartbeat whose lines are kept and whose clock is set by hand.
struct Recorder {
  std::mutex mutex;
  std::vector<std::string> lines;
  Clock::time_point t{};
  Heartbeat::Hooks hooks() {
    return {[this](const std::string& line) {
              const std::lock_guard<std::mutex> lock(mutex);
              lines.push_back(line);
            },
            [this] { return t; }};
  }
};

YearMonth plus_months(YearMonth m, int months) {
  for (int k = 0; k < months; ++k) m = m.next();
  return m;
}

YearMonth shown_month(const std::string& line) {
  YearMonth m;
  EXPECT_EQ(std::sscanf(line.c_str(), "progress: %d-%d,", &m.year, &m.month), 2) << line;
  return m;
}

double shown_percent(const std::string& line) {
  const auto comma = line.find(", ");
  return std::stod(line.substr(comma + 2));
}

constexpr YearMonth start{2025, 1};

// Member `member` simulates its month `k` (0 = start); when that writes a line, its month must
// be month `expected_k`.
void month(Heartbeat& beat, Recorder& r, std::size_t member, int k, int expected_k) {
  const std::size_t before = r.lines.size();
  beat.month_done(member, plus_months(start, k));
  if (r.lines.size() > before) {
    EXPECT_EQ(shown_month(r.lines.back()), plus_months(start, expected_k)) << r.lines.back();
  }
}

TEST(Heartbeat, ShowsTheLeastAdvancedRunningMember) {
  Recorder r;
  Heartbeat beat(2 * 24, 2, true, 5, r.hooks());
  int done[2] = {0, 0};  // months each member has simulated
  // Both have begun; member 0 runs ahead of member 1 (4 months to 1) to its end, then member 1
  // catches up. (A member warming up has no month: it is shown from its first.)
  std::vector<std::size_t> order{1, 0};
  for (int k = 0; k < 5; ++k) order.insert(order.end(), {0, 0, 0, 0, 1});
  order.insert(order.end(), {0, 0, 0});
  order.insert(order.end(), 18, 1);
  for (const std::size_t member : order) {
    ++done[member];
    month(beat, r, member, done[member] - 1, std::min(done[0], done[1]) - 1);
  }
  EXPECT_EQ(done[0], 24);
  EXPECT_EQ(done[1], 24);
  EXPECT_GE(r.lines.size(), 15U);
  for (std::size_t i = 1; i < r.lines.size(); ++i)
    EXPECT_LE(shown_month(r.lines[i - 1]), shown_month(r.lines[i])) << "went back: " << r.lines[i];
}

TEST(Heartbeat, MembersWarmingUpOrFinishedAreNotShown) {
  Recorder r;
  Heartbeat beat(2 * 20, 2, true, 10, r.hooks());
  // Member 1 is warming up (no month yet): member 0's month is shown.
  for (int k = 0; k < 20; ++k) month(beat, r, 0, k, k);
  const std::size_t lines = r.lines.size();
  EXPECT_EQ(lines, 5U);
  beat.member_finished(0);
  // Member 0 has finished: member 1's month, though earlier.
  for (int k = 0; k < 5; ++k) month(beat, r, 1, k, k);
  EXPECT_GT(r.lines.size(), lines);
}

TEST(Heartbeat, MonthsOfOtherRanksShowTheMonthTheyReached) {
  Recorder r;
  Heartbeat beat(3 * 12, 3, true, 10, r.hooks());
  beat.members_done(1);
  beat.months_done_elsewhere(12, {2025, 12});  // nothing runs here yet
  ASSERT_EQ(r.lines.size(), 1U);
  EXPECT_EQ(r.lines.back().rfind("progress: 2025-12,  33.3 %, members 1/3 done, ", 0), 0U)
      << r.lines.back();
  for (int k = 0; k < 4; ++k) month(beat, r, 0, k, k);  // then a member here
  EXPECT_EQ(r.lines.size(), 2U);
}

TEST(Heartbeat, EtaFromTheRateSinceTheFirstMonth) {
  Recorder r;
  Heartbeat beat(100, 0, true, 50, r.hooks());
  // 100 s of loading and catchment warm-up, then one month a second.
  for (int k = 0; k < 100; ++k) {
    r.t = Clock::time_point{} + seconds(100 + k);
    beat.month_done(0, plus_months(start, k));
  }
  beat.finish(plus_months(start, 99));
  ASSERT_EQ(r.lines.size(), 2U);
  // At month 50 (149 s): 49 months in 49 s since the first month, 50 to go. Elapsed / fraction
  // would say 149 s.
  EXPECT_EQ(r.lines[0], "progress: 2029-02,  50.0 %, elapsed 0:02:29, ETA 0:00:50");
  EXPECT_EQ(r.lines[1], "progress: 2033-04, 100.0 %, elapsed 0:03:19");
}

// A member resumed from a checkpoint at its month 40 of 100: the 40 months loaded count towards
// the percentage (which reaches 100 % with the months simulated), not towards the ETA's rate.
TEST(Heartbeat, MonthsRestoredFromACheckpointCountButTakeNoTime) {
  Recorder r;
  Heartbeat beat(100, 0, true, 25, r.hooks());
  beat.months_restored(40);
  EXPECT_TRUE(r.lines.empty());
  for (int k = 40; k < 100; ++k) {
    r.t = Clock::time_point{} + seconds(100 + k - 40);
    beat.month_done(0, plus_months(start, k));
  }
  beat.finish(plus_months(start, 99));
  ASSERT_EQ(r.lines.size(), 4U);
  // The first month simulated passes 25 %: no rate yet, so no ETA (the restored months took no
  // time). At month 50 (109 s): 9 months in 9 s since the first simulated month, 50 to go.
  EXPECT_EQ(r.lines[0], "progress: 2028-05,  41.0 %, elapsed 0:01:40");
  EXPECT_EQ(r.lines[1], "progress: 2029-02,  50.0 %, elapsed 0:01:49, ETA 0:00:50");
  EXPECT_EQ(r.lines[2], "progress: 2031-03,  75.0 %, elapsed 0:02:14, ETA 0:00:25");
  EXPECT_EQ(r.lines[3], "progress: 2033-04, 100.0 %, elapsed 0:02:39");
}

TEST(Heartbeat, MembersOnManyThreadsGiveLinesInOrder) {
  Recorder r;
  constexpr int members = 4, months = 600;
  Heartbeat beat(members * months, members, true, 1, r.hooks());
  std::vector<std::thread> threads;
  for (int m = 0; m < members; ++m)
    threads.emplace_back([&beat, m] {
      for (int k = 0; k < months; ++k) beat.month_done(std::size_t(m), plus_months(start, k));
      beat.member_finished(std::size_t(m));
    });
  for (auto& t : threads) t.join();
  beat.members_done(members);
  beat.finish(plus_months(start, months - 1));
  ASSERT_GE(r.lines.size(), 2U);
  for (std::size_t i = 1; i < r.lines.size(); ++i)
    EXPECT_GT(shown_percent(r.lines[i]), shown_percent(r.lines[i - 1])) << r.lines[i];
  EXPECT_EQ(r.lines.back().rfind("progress: 2074-12, 100.0 %, members 4/4 done, ", 0), 0U)
      << r.lines.back();
}

}  // namespace
}  // namespace caspian::cli
