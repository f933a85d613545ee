// The recorded inflow in the monthly loop: a year's recorded volume, spread over its months with
// the monthly shares, adds up to the volume (times the inflow factor) in every calendar; a
// monthly record is used month by month; years outside the record are refused.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>
#include <vector>

#include "caspian/core/constants.hpp"
#include "caspian/model/projection.hpp"

namespace {
namespace model = caspian::model;
namespace sea = caspian::sea;
namespace core = caspian::core;

std::vector<double> centres(double first, double step, std::size_t n) {
  std::vector<double> v(n);
  for (std::size_t k = 0; k < n; ++k) v[k] = first + step * static_cast<double>(k);
  return v;
}

// A bowl of 12 x 10 cells, deepest -60 m BS; no evaporation, precipitation or Kara-Bogaz-Gol
// outflow below the sill, so that the rivers are the only term.
struct Bowl {
  core::LatLonGrid grid{centres(38.0, 0.25, 12), centres(49.0, 0.25, 10)};
  std::vector<double> bed;
  std::unique_ptr<sea::Hypsometry> hyps;
  model::SeaModel sea_model;
  Bowl() {
    for (std::size_t i = 0; i < grid.nlat(); ++i)
      for (std::size_t j = 0; j < grid.nlon(); ++j)
        bed.push_back(-60.0 + 2.0 * (std::pow(double(i) - 5.5, 2) + std::pow(double(j) - 4.5, 2)));
    hyps = std::make_unique<sea::Hypsometry>(grid, bed, grid.index(6, 5), 1.0);
    sea_model.hypsometry = hyps.get();
    for (std::size_t m = 0; m < 12; ++m) {
      sea_model.precipitation_m_per_s[m].assign(grid.size(), 0.0);
      sea_model.temperature_degC[m].assign(grid.size(), 10.0 + double(m));
    }
    sea_model.evaporation_factor = 0.0;
    sea_model.daily_temperature_range_K = 10.0;
    sea_model.kbg = {-31.0, 100.0, -26.6};
  }
};

model::Scenario scenario(double inflow_factor) {
  model::Scenario s;
  s.temperature_delta_K[2000] = 0.0;
  s.precipitation_factor[2000] = 1.0;
  s.inflow_factor[2000] = inflow_factor;
  s.withdrawal_m3_per_s[2000] = 0.0;
  return s;
}

const std::array<double, 12> kShares{0.05, 0.05, 0.06, 0.14, 0.16, 0.12,
                                     0.08, 0.07, 0.07, 0.07, 0.07, 0.06};

std::vector<model::MonthResult> run(const Bowl& bowl, const model::Inflow& inflow, double factor,
                                    const model::Period& period) {
  std::vector<model::MonthResult> months;
  model::run_projection(bowl.sea_model, inflow, scenario(factor), period,
                        {-45.0, bowl.hyps->volume_m3(-45.0)},
                        [&](const model::MonthResult& m) { months.push_back(m); });
  return months;
}

TEST(RecordedInflow, AnnualVolumesSpreadWithTheSharesAddUpInEveryCalendar) {
  const Bowl bowl;
  model::Inflow inflow;
  inflow.monthly_share = kShares;
  inflow.recorded = model::RecordedInflow{};
  inflow.recorded->first = {1991, 1};
  inflow.recorded->volume_m3 = {10.0e9, 20.0e9, 30.0e9};
  for (const auto calendar :
       {core::Calendar::proleptic_gregorian, core::Calendar::noleap, core::Calendar::day360}) {
    const auto months = run(bowl, inflow, 1.5, {{1992, 1}, {1993, 12}, calendar});
    ASSERT_EQ(months.size(), 24u);
    std::map<int, double> volume_m3;
    for (const auto& m : months) {
      ASSERT_EQ(m.river_inflow_m3_per_s.size(), 1u);
      EXPECT_EQ(m.terms.river_inflow_m3_per_s, m.river_inflow_m3_per_s[0]);
      volume_m3[m.month.year] += m.river_inflow_m3_per_s[0] * m.days * core::seconds_per_day;
      // The month's share of the year's volume, over the month's length.
      const double share_volume_m3 = 1.5 *
                                     inflow.recorded->volume_m3[std::size_t(m.month.year - 1991)] *
                                     kShares[std::size_t(m.month.month - 1)];
      EXPECT_NEAR(m.river_inflow_m3_per_s[0] * m.days * core::seconds_per_day, share_volume_m3,
                  1e-9 * share_volume_m3);
    }
    EXPECT_NEAR(volume_m3[1992], 1.5 * 20.0e9, 1e-3);
    EXPECT_NEAR(volume_m3[1993], 1.5 * 30.0e9, 1e-3);
    EXPECT_GT(months.back().level_end_m_bs, months.front().level_start_m_bs);
  }
  EXPECT_DOUBLE_EQ(inflow.recorded->annual_mean_m3_per_s(1992, core::Calendar::noleap),
                   20.0e9 / (365 * core::seconds_per_day));
  EXPECT_DOUBLE_EQ(inflow.recorded->annual_mean_m3_per_s(1992, core::Calendar::proleptic_gregorian),
                   20.0e9 / (366 * core::seconds_per_day));
}

TEST(RecordedInflow, MonthlyVolumesAreUsedMonthByMonth) {
  const Bowl bowl;
  model::Inflow inflow;
  inflow.monthly_share = kShares;  // not used by a monthly record
  inflow.recorded = model::RecordedInflow{"all rivers (recorded)", {1991, 11}, true, {}};
  for (int k = 0; k < 6; ++k) inflow.recorded->volume_m3.push_back(1.0e9 * (k + 1));
  const auto months =
      run(bowl, inflow, 2.0, {{1991, 12}, {1992, 3}, core::Calendar::proleptic_gregorian});
  ASSERT_EQ(months.size(), 4u);
  for (std::size_t k = 0; k < months.size(); ++k) {
    EXPECT_NEAR(months[k].river_inflow_m3_per_s[0] * months[k].days * core::seconds_per_day,
                2.0 * 1.0e9 * double(k + 2), 1e-3);
  }
}

TEST(RecordedInflow, CoversOnlyItsYearsAndRefusesOthers) {
  model::RecordedInflow annual;
  annual.first = {1991, 1};
  annual.volume_m3 = {1.0, 2.0};
  EXPECT_FALSE(annual.covers({1990, 12}));
  EXPECT_TRUE(annual.covers({1991, 7}));
  EXPECT_TRUE(annual.covers({1992, 12}));
  EXPECT_FALSE(annual.covers({1993, 1}));
  EXPECT_EQ(annual.volume_m3_of({1992, 5}), 2.0);
  EXPECT_THROW(annual.annual_mean_m3_per_s(1993, core::Calendar::noleap), std::out_of_range);
  EXPECT_THROW(annual.month_mean_m3_per_s({1991, 1}, core::Calendar::noleap), std::logic_error);
  model::RecordedInflow monthly{"r", {1991, 11}, true, {1.0, 2.0, 3.0}};
  EXPECT_FALSE(monthly.covers({1991, 10}));
  EXPECT_TRUE(monthly.covers({1992, 1}));
  EXPECT_FALSE(monthly.covers({1992, 2}));
  EXPECT_EQ(monthly.volume_m3_of({1992, 1}), 3.0);
}

}  // namespace
