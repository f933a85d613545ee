// Ensemble member checkpoints: a member in progress and a finished one, written and read back,
// restore every field bit for bit; the sea's monthly results survive the rows they are saved as.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>

#include "caspian/assembly/member_state.hpp"
#include "caspian/core/error.hpp"
#include "caspian/io/checkpoint.hpp"

namespace {
namespace fs = std::filesystem;
using caspian::io::MemberCheckpoint;

constexpr std::size_t cells = 7, zones = 5, days = 16;
const caspian::io::RestartShape shape{cells, zones, days, std::nullopt};

// Values no rounding to float or to a few digits would keep.
std::vector<double> values(std::size_t n, double scale, std::mt19937_64& g) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> v(n);
  for (auto& x : v) x = scale * u(g) + 1e-13;
  return v;
}

MemberCheckpoint sample(bool finished) {
  std::mt19937_64 g(7);
  MemberCheckpoint c;
  c.member = 12;
  c.weather_seed = 18446744073709551557ULL;
  c.finished = finished;
  auto& s = c.state;
  s.next_month = {2029, 1};
  s.config_hash = 0xfedcba9876543210ULL;
  s.grid_hash = 0x0123456789abcdefULL;
  s.version = "9.8.7";
  s.bootstrap_origin_year = 2025;
  s.sea_level_m_bs = -28.123456789012345;
  s.sea_volume_m3 = 7.812345678901234e13;
  if (finished) {
    c.packed_results = values(301, 1e3, g);
    c.packed_results[0] = -1.0 / 3.0;
    c.packed_results[1] = std::nan("");  // results hold NaN (e.g. no first year yet)
    return c;
  }
  caspian::io::CatchmentRestart r;
  r.snowpack_mm = values(cells * zones, 300.0, g);
  r.snow_liquid_mm = values(cells * zones, 5.0, g);
  r.soil_moisture_mm = values(cells, 150.0, g);
  r.upper_zone_mm = values(cells, 20.0, g);
  r.lower_zone_mm = values(cells, 60.0, g);
  r.routing_pending_mm = values(cells * days, 2.0, g);
  r.channel_storage_m3 = values(cells, 1e8, g);
  r.volga_reservoir_storage_m3 = 1.234567890123e10;
  r.pending_sea_release_m3 = values(cells, 1e5, g);
  r.sea_mask = {0, 1, 0, 0, 1, 1, 0};
  s.catchment = r;
  c.month_result_columns = 23;
  c.month_results = values(48 * 23, 1e4, g);
  c.month_results[5] = -0.0;
  return c;
}

class IoCheckpoint : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("caspian-checkpoint-" + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// Equal bit for bit (so -0.0 differs from 0.0).
void expect_same(const std::vector<double>& a, const std::vector<double>& b, const char* what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)), 0) << what;
}

// The member, its seed and the restart header (month, hashes, version, origin, sea).
void expect_same_header(const MemberCheckpoint& r, const MemberCheckpoint& w) {
  EXPECT_EQ(r.member, w.member);
  EXPECT_EQ(r.weather_seed, w.weather_seed);
  EXPECT_EQ(r.state.next_month, w.state.next_month);
  EXPECT_EQ(r.state.config_hash, w.state.config_hash);
  EXPECT_EQ(r.state.grid_hash, w.state.grid_hash);
  EXPECT_EQ(r.state.version, w.state.version);
  EXPECT_EQ(r.state.bootstrap_origin_year, w.state.bootstrap_origin_year);
  EXPECT_EQ(r.state.sea_level_m_bs, w.state.sea_level_m_bs);
  EXPECT_EQ(r.state.sea_volume_m3, w.state.sea_volume_m3);
}

TEST_F(IoCheckpoint, MemberInProgressRestoresEveryField) {
  const auto path = dir_ / "member_000012.nc";
  const MemberCheckpoint w = sample(false);
  caspian::io::write_member_checkpoint(path, w);
  // Written under a temporary name and renamed: only the file itself is left.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
  const MemberCheckpoint r = caspian::io::read_member_checkpoint(path, shape);
  EXPECT_FALSE(r.finished);
  expect_same_header(r, w);
  ASSERT_TRUE(r.state.catchment);
  const auto &a = *w.state.catchment, &b = *r.state.catchment;
  expect_same(a.snowpack_mm, b.snowpack_mm, "snowpack");
  expect_same(a.snow_liquid_mm, b.snow_liquid_mm, "snow liquid");
  expect_same(a.soil_moisture_mm, b.soil_moisture_mm, "soil moisture");
  expect_same(a.upper_zone_mm, b.upper_zone_mm, "upper zone");
  expect_same(a.lower_zone_mm, b.lower_zone_mm, "lower zone");
  expect_same(a.routing_pending_mm, b.routing_pending_mm, "routing pending");
  expect_same(a.channel_storage_m3, b.channel_storage_m3, "channel storage");
  EXPECT_EQ(a.volga_reservoir_storage_m3, b.volga_reservoir_storage_m3);
  expect_same(a.pending_sea_release_m3, b.pending_sea_release_m3, "pending sea release");
  expect_same(a.sea_mask, b.sea_mask, "sea mask");
  EXPECT_EQ(r.month_result_columns, w.month_result_columns);
  expect_same(r.month_results, w.month_results, "month results");
  EXPECT_TRUE(r.packed_results.empty());
}

TEST_F(IoCheckpoint, FinishedMemberRestoresItsResults) {
  const auto path = dir_ / "member_000012.done.nc";
  const MemberCheckpoint w = sample(true);
  caspian::io::write_member_checkpoint(path, w);
  const MemberCheckpoint r = caspian::io::read_member_checkpoint(path, shape);
  EXPECT_TRUE(r.finished);
  expect_same_header(r, w);
  EXPECT_FALSE(r.state.catchment);
  expect_same(r.packed_results, w.packed_results, "packed results");
}

TEST_F(IoCheckpoint, NotACheckpointIsRefusedNamingTheAttribute) {
  // A plain restart file (no member part) is not a checkpoint.
  const auto path = dir_ / "state.nc";
  caspian::io::write_restart(path, sample(false).state);
  try {
    caspian::io::read_member_checkpoint(path, shape);
    FAIL() << "read a restart file as a checkpoint";
  } catch (const caspian::core::InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(path.string()), std::string::npos) << m;
    EXPECT_NE(m.find("checkpoint_status"), std::string::npos) << m;
  }
}

TEST(MemberState, MonthRowsRestoreEveryMonthExactly) {
  std::vector<caspian::model::MonthResult> months;
  for (int k = 0; k < 14; ++k) {
    caspian::model::MonthResult m;
    m.month = {2025 + k / 12, k % 12 + 1};
    m.days = 28 + k % 4;
    m.ice_area_m2 = 1e10 / 3.0 * k;
    m.level_start_m_bs = -28.0 - k / 7.0;
    m.level_end_m_bs = -28.0 - (k + 1) / 7.0;
    m.volume_end_m3 = 7.8e13 + k / 9.0;
    m.terms = {3.7e11 + k, 8000.0 / 3.0, 100.0 / 7.0, 1234.5678 + k,
               9999.25,    300.0 / 11.0, 42.0 / 13.0, -1.0 / 17.0};
    m.river_inflow_m3_per_s = {7000.0 / 3.0 + k, 300.0 / 7.0, 1.0 / 9.0};
    months.push_back(m);
  }
  std::size_t columns = 0;
  const auto rows = caspian::assembly::month_rows(months, columns);
  EXPECT_EQ(columns, caspian::assembly::month_fixed_columns + 3);
  const auto back = caspian::assembly::months_from(rows, columns);
  ASSERT_EQ(back.size(), months.size());
  for (std::size_t k = 0; k < months.size(); ++k) {
    const auto &a = months[k], &b = back[k];
    EXPECT_EQ(a.month, b.month);
    EXPECT_EQ(a.days, b.days);
    EXPECT_EQ(a.ice_area_m2, b.ice_area_m2);
    EXPECT_EQ(a.level_start_m_bs, b.level_start_m_bs);
    EXPECT_EQ(a.level_end_m_bs, b.level_end_m_bs);
    EXPECT_EQ(a.volume_end_m3, b.volume_end_m3);
    EXPECT_EQ(std::memcmp(&a.terms, &b.terms, sizeof a.terms), 0);
    EXPECT_EQ(a.river_inflow_m3_per_s, b.river_inflow_m3_per_s);
  }
  EXPECT_THROW(caspian::assembly::months_from(rows, columns + 1), std::invalid_argument);
}

}  // namespace
