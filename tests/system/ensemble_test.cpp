// caspian ensemble on the default run file shortened to 2025-2029: a member's results do not
// depend on how many members run, on the thread count or on which other scenarios run; the
// files hold what the members hold; bad ensemble inputs are exit 2 with no outputs.
#include <gtest/gtest.h>
#include <netcdf.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "run_helpers.hpp"

namespace {

using namespace caspian::testing;

// The default ensemble run file, absolute paths, ending in 2029.
std::filesystem::path short_run_file(const std::string& name, const std::string& edit_from = "",
                                     const std::string& edit_to = "") {
  std::string text = inputs_run_file_text("default.yaml");
  text = replace_once(text, "end: 2100-12", "end: 2029-12");
  if (!edit_from.empty()) text = replace_once(text, edit_from, edit_to);
  const auto path = scratch_dir("ensemble-" + name) / "run.yaml";
  write_text(path, text);
  return path;
}

// A double variable whose first two dimensions are (time, member): the values of one member.
std::vector<double> member_values(const std::filesystem::path& file, const std::string& variable,
                                  const std::string& member) {
  int nc = -1;
  EXPECT_EQ(nc_open(file.c_str(), NC_NOWRITE, &nc), NC_NOERR) << file;
  if (nc < 0) return {};
  int var = -1, member_dim = -1, names = -1;
  nc_inq_varid(nc, variable.c_str(), &var);
  nc_inq_dimid(nc, "member", &member_dim);
  nc_inq_varid(nc, "member", &names);
  size_t members = 0, strlen = 0;
  nc_inq_dimlen(nc, member_dim, &members);
  int name_dims[2];
  nc_inq_vardimid(nc, names, name_dims);
  nc_inq_dimlen(nc, name_dims[1], &strlen);
  std::vector<char> text(members * strlen);
  nc_get_var_text(nc, names, text.data());
  std::size_t index = members;
  for (std::size_t m = 0; m < members; ++m) {
    if (std::string(text.data() + m * strlen, strnlen(text.data() + m * strlen, strlen)) == member)
      index = m;
  }
  EXPECT_LT(index, members) << member << " not in " << file;
  int ndims = 0;
  nc_inq_varndims(nc, var, &ndims);
  std::vector<int> dims(static_cast<std::size_t>(ndims), 0);
  nc_inq_vardimid(nc, var, dims.data());
  std::vector<size_t> start(std::size_t(ndims), 0), count(std::size_t(ndims), 1);
  std::size_t per = 1;
  for (int d = 0; d < ndims; ++d) {
    nc_inq_dimlen(nc, dims[std::size_t(d)], &count[std::size_t(d)]);
    if (d >= 2) per *= count[std::size_t(d)];
  }
  start[1] = std::min(index, members - 1);
  count[1] = 1;
  std::vector<double> out(count[0] * per);
  EXPECT_EQ(nc_get_vara_double(nc, var, start.data(), count.data(), out.data()), NC_NOERR)
      << variable;
  nc_close(nc);
  return out;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size() || a.empty()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (std::isnan(a[k]) != std::isnan(b[k])) return false;
    if (!std::isnan(a[k]) && a[k] != b[k]) return false;
  }
  return true;
}

// Two ensembles: 3 members of two scenarios on 2 threads with the report, and member 1 of
// SSP5-8.5 as one of 2 members of one scenario on 1 thread.
class Ensemble : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto run = short_run_file("main");
    big_ = new std::filesystem::path(run.parent_path() / "big");
    small_ = new std::filesystem::path(run.parent_path() / "small");
    big_result_ = new CommandResult(run_caspian("ensemble " + quoted(run) +
                                                " --members 3 --scenarios ssp245 ssp585 "
                                                "--threads 2 --output-dir " +
                                                quoted(*big_)));
    small_result_ = new CommandResult(run_caspian("ensemble " + quoted(run) +
                                                  " --members 2 --scenarios ssp585 --threads 1 "
                                                  "--no-report --quiet --output-dir " +
                                                  quoted(*small_)));
  }
  static void TearDownTestSuite() {
    delete big_;
    delete small_;
    delete big_result_;
    delete small_result_;
  }
  // The checks, one per property, on the same two ensembles.
  static void RunsAndWritesItsFiles();
  static void MemberDoesNotDependOnOtherMembersOrThreads();
  static void TheLandTakesTheScenarioChange();
  static void QuantilesAndProbabilitiesAreTheMembers();
  static std::filesystem::path *big_, *small_;
  static CommandResult *big_result_, *small_result_;
};
std::filesystem::path *Ensemble::big_ = nullptr, *Ensemble::small_ = nullptr;
CommandResult *Ensemble::big_result_ = nullptr, *Ensemble::small_result_ = nullptr;

void Ensemble::RunsAndWritesItsFiles() {
  ASSERT_EQ(big_result_->exit_code, 0) << big_result_->out;
  ASSERT_EQ(small_result_->exit_code, 0) << small_result_->out;
  for (const char* f : {"ensemble.nc", "ensemble_quantiles.csv", "ensemble_probabilities.csv",
                        "report/port_draft_report.html", "report/port_draft_report.md",
                        "report/level_fan.png", "report/allowed_draft_fans.png"})
    EXPECT_TRUE(std::filesystem::exists(*big_ / f)) << f;
  EXPECT_FALSE(std::filesystem::exists(*small_ / "report")) << "--no-report";
  const auto html = read_text(*big_ / "report" / "port_draft_report.html");
  EXPECT_NE(html.find("Summary"), std::string::npos);
  EXPECT_NE(html.find("SSP5-8.5"), std::string::npos);
}

void Ensemble::MemberDoesNotDependOnOtherMembersOrThreads() {
  ASSERT_EQ(big_result_->exit_code, 0) << big_result_->out;
  ASSERT_EQ(small_result_->exit_code, 0) << small_result_->out;
  for (const char* variable :
       {"sea_level", "river_inflow", "evaporation", "allowed_draft", "corridor_shortfall"}) {
    for (const char* member : {"ssp585_000", "ssp585_001"}) {
      const auto a = member_values(*big_ / "ensemble.nc", variable, member);
      const auto b = member_values(*small_ / "ensemble.nc", variable, member);
      EXPECT_TRUE(same_bits(a, b)) << variable << " of " << member;
    }
  }
  // Members differ from each other (models and weather differ).
  EXPECT_FALSE(same_bits(member_values(*big_ / "ensemble.nc", "sea_level", "ssp585_000"),
                         member_values(*big_ / "ensemble.nc", "sea_level", "ssp585_001")));
}

// Paired members (same k: same model, parameter set and weather) of two scenarios differ only
// by the scenario's change: the land must take it as the sea does, so every river's inflow
// differs, not only the level.
void Ensemble::TheLandTakesTheScenarioChange() {
  ASSERT_EQ(big_result_->exit_code, 0) << big_result_->out;
  const auto low = member_values(*big_ / "ensemble.nc", "river_inflow", "ssp245_000");
  const auto high = member_values(*big_ / "ensemble.nc", "river_inflow", "ssp585_000");
  ASSERT_EQ(low.size(), high.size());
  ASSERT_FALSE(low.empty());
  const std::size_t rivers = low.size() / 5;  // 2025-2029
  // The Volga (river 0) in 2029, and in each year the rivers together.
  EXPECT_NE(low[4 * rivers], high[4 * rivers]) << "Volga inflow identical in SSP2-4.5 and SSP5-8.5";
  for (std::size_t y = 2; y < 5; ++y) {  // 2027-2029: the SSPs' warming paths have parted
    double a = 0.0, b = 0.0;
    for (std::size_t r = 0; r < rivers; ++r) {
      a += low[y * rivers + r];
      b += high[y * rivers + r];
    }
    EXPECT_NE(a, b) << "year " << 2025 + y << ": all rivers identical in both scenarios";
  }
}

void Ensemble::QuantilesAndProbabilitiesAreTheMembers() {
  ASSERT_EQ(big_result_->exit_code, 0) << big_result_->out;
  std::vector<std::vector<double>> levels;
  for (const char* m : {"ssp245_000", "ssp245_001", "ssp245_002"})
    levels.push_back(member_values(*big_ / "ensemble.nc", "sea_level", m));
  ASSERT_EQ(levels[0].size(), 5u);
  // 2029: the median of three is the middle one; the 5 % quantile interpolates (type 7).
  std::vector<double> last{levels[0][4], levels[1][4], levels[2][4]};
  std::sort(last.begin(), last.end());
  const double p05 = last[0] + 0.1 * (last[1] - last[0]);
  std::istringstream q(read_text(*big_ / "ensemble_quantiles.csv"));
  std::string line;
  bool found = false;
  while (std::getline(q, line)) {
    if (line.rfind("ssp245,2029,sea_level_m_bs,,,,", 0) != 0) continue;
    std::vector<double> v;
    std::istringstream fields(line.substr(std::string("ssp245,2029,sea_level_m_bs,,,,").size()));
    std::string f;
    while (std::getline(fields, f, ',')) v.push_back(std::stod(f));
    ASSERT_EQ(v.size(), 6u) << line;
    EXPECT_NEAR(v[0], p05, 1e-5) << line;
    EXPECT_NEAR(v[2], last[1], 1e-5) << line;
    EXPECT_EQ(v[5], 3.0) << line;
    found = true;
  }
  EXPECT_TRUE(found);
  // The probability of the sea below -30 m BS in 2029 is the share of the three members.
  const double share = double((last[0] < -30.0) + (last[1] < -30.0) + (last[2] < -30.0)) / 3.0;
  const auto probs = read_text(*big_ / "ensemble_probabilities.csv");
  const auto pos = probs.find("ssp245,level_below_-30m,");
  ASSERT_NE(pos, std::string::npos);
  const std::string row = probs.substr(pos, probs.find('\n', pos) - pos);
  EXPECT_NEAR(std::stod(row.substr(row.rfind(',') + 1)), share, 1e-6) << row;
  EXPECT_NE(probs.find("corridor_short"), std::string::npos);
  EXPECT_NE(probs.find("load_below_80pct"), std::string::npos);
  EXPECT_NE(probs.find("cannot_call"), std::string::npos);
}

// One test for the four checks: CTest runs each test in its own process, so separate tests
// would each run both ensembles again.
TEST_F(Ensemble, FilesMembersScenariosAndStatistics) {
  ASSERT_EQ(big_result_->exit_code, 0) << big_result_->out;
  ASSERT_EQ(small_result_->exit_code, 0) << small_result_->out;
  {
    SCOPED_TRACE("runs and writes its files");
    RunsAndWritesItsFiles();
  }
  {
    SCOPED_TRACE("a member does not depend on the other members or the threads");
    MemberDoesNotDependOnOtherMembersOrThreads();
  }
  {
    SCOPED_TRACE("the land takes the scenario's change");
    TheLandTakesTheScenarioChange();
  }
  {
    SCOPED_TRACE("quantiles and probabilities are the members'");
    QuantilesAndProbabilitiesAreTheMembers();
  }
}

TEST(EnsembleBadInputs, EachIsExitTwoNamingTheKeyWithNoOutputs) {
  struct Case {
    std::string name, from, to, arguments, expect;
  };
  const std::vector<Case> cases{
      {"scenario", "", "", "--scenarios ssp999", "ssp999"},
      {"members-zero", "", "", "--members 0", "--members"},
      {"model", "members_per_scenario: 7", "members_per_scenario: 7\n  models: [NoSuchModel]", "",
       "NoSuchModel"},
      {"members-key", "members_per_scenario: 7", "members_per_scenario: 0", "",
       "ensemble.members_per_scenario"},
      {"repeated", "scenarios: [ssp126, ssp245, ssp370, ssp585]",
       "scenarios: [ssp126, ssp245, ssp126]", "", "repeated"},
      {"unknown-ssp-key", "scenarios: [ssp126, ssp245, ssp370, ssp585]", "scenarios: [ssp999]", "",
       "ensemble.scenarios"},
      {"seed", "seed: 20250101            # member", "seed: -4            # member", "",
       "ensemble.seed"},
  };
  for (const auto& c : cases) {
    const auto run = short_run_file("bad-" + c.name, c.from, c.to);
    const auto out = run.parent_path() / "out";
    const auto r =
        run_caspian("ensemble " + quoted(run) + " " + c.arguments + " --output-dir " + quoted(out));
    EXPECT_EQ(r.exit_code, 2) << c.name << ": " << r.out;
    EXPECT_NE(r.out.find(c.expect), std::string::npos) << c.name << ": " << r.out;
    EXPECT_TRUE(folder_is_empty(out)) << c.name;
  }
}

TEST(EnsembleWeather, FlaggedYearsAreNeverDrawn) {
  // Widen the drawable years to the whole series: the flagged ones are listed and left out.
  const auto run = short_run_file("flags", "block_years: 5",
                                  "block_years: 5\n      first_year: 1956\n      last_year: 2020");
  const auto r = run_caspian("check-inputs " + quoted(run));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto at = r.out.find("weather bootstrap");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string line = r.out.substr(at, r.out.find('\n', at) - at);
  const auto list_start = line.find("1956-2020: ") + 11;
  const auto drawn = " " + line.substr(list_start, line.find("; flagged") - list_start);
  const auto flagged = line.substr(line.find("never drawn: ") + 13);
  ASSERT_NE(flagged, "none") << line;
  std::istringstream years(flagged);
  std::string year;
  while (years >> year)
    EXPECT_EQ(drawn.find(" " + year), std::string::npos) << year << ": " << line;
}

}  // namespace
