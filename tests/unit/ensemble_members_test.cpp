// Member layout and the ensemble tables against a reference computation on random members.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "caspian/ensemble/members.hpp"
#include "caspian/ensemble/tables.hpp"

namespace {

using namespace caspian::ensemble;

TEST(EnsembleMembers, MemberKDependsOnKAlone) {
  const auto few = member_specs(2, 7, 5, 3, 100);
  const auto many = member_specs(2, 7, 5, 40, 100);
  ASSERT_EQ(few.size(), 6u);
  for (const auto& m : few) {
    const auto& same = many[m.scenario * 40 + m.within_scenario];
    EXPECT_EQ(m.model, same.model);
    EXPECT_EQ(m.parameter_set, same.parameter_set);
    EXPECT_EQ(m.weather_seed, same.weather_seed);
  }
  // Paired across scenarios; every model with every parameter set in the first 35.
  std::vector<int> seen(35, 0);
  for (std::size_t k = 0; k < 35; ++k) {
    EXPECT_EQ(many[k].weather_seed, many[40 + k].weather_seed);
    EXPECT_EQ(many[k].model, many[40 + k].model);
    ++seen[many[k].model * 5 + many[k].parameter_set];
  }
  EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
  EXPECT_THROW(member_specs(1, 1, 1, 0, 1), std::invalid_argument);
  EXPECT_THROW(member_specs(0, 1, 1, 1, 1), std::invalid_argument);
}

MemberAnnual random_member(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> level(-40.0, -28.0), unit(0.0, 1.0);
  MemberAnnual a;
  a.years = {2030, 2031, 2032};
  a.rivers = 1;
  a.policies = 1;
  a.ports = 1;
  a.classes = 1;
  a.corridors = 1;
  for (std::size_t y = 0; y < 3; ++y) {
    a.level_m_bs.push_back(level(rng));
    a.area_m2.push_back(3.0e11);
    a.volume_m3.push_back(7.0e13);
    a.evaporation_m3_per_s.push_back(1.0e4);
    a.precipitation_m3_per_s.push_back(3.0e3);
    a.kbg_outflow_m3_per_s.push_back(400.0);
    a.river_inflow_m3_per_s.push_back(8.0e3 * unit(rng));
    a.allowed_draft_m.push_back(4.0 + unit(rng));
    a.load_factor.push_back(unit(rng));
    a.months_can_call.push_back(unit(rng) < 0.3 ? 0.0 : 12.0);
    a.corridor_capacity_mt.push_back(10.0);
    a.corridor_shortfall_mt.push_back(unit(rng) < 0.5 ? 0.0 : 2.0);
  }
  return a;
}

double type7(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = (double(v.size()) - 1.0) * p;
  const auto lo = std::size_t(std::floor(h));
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - double(lo)) * (v[hi] - v[lo]);
}

TEST(EnsembleTables, QuantilesAndProbabilitiesMatchAReferenceOnRandomMembers) {
  std::mt19937_64 rng(42);
  const auto specs = member_specs(2, 3, 1, 17, 7);
  std::vector<MemberAnnual> members;
  for (std::size_t i = 0; i < specs.size(); ++i) members.push_back(random_member(rng));
  EnsembleLabels labels{{"ssp245", "ssp585"}, {"Volga"}, {"no_dredging"}, {"aktau"},
                        {"tanker"},           {"middle"}};
  const auto t = ensemble_tables(specs, members, labels);
  for (std::size_t s = 0; s < 2; ++s) {
    for (std::size_t y = 0; y < 3; ++y) {
      std::vector<double> level, load;
      int below32 = 0, below80 = 0, cannot = 0, short_of = 0;
      for (std::size_t i = 0; i < specs.size(); ++i) {
        if (specs[i].scenario != s) continue;
        level.push_back(members[i].level_m_bs[y]);
        load.push_back(members[i].load_factor[y]);
        below32 += members[i].level_m_bs[y] < -32.0;
        below80 += members[i].load_factor[y] < 0.8;
        cannot += members[i].months_can_call[y] == 0.0;
        short_of += members[i].corridor_shortfall_mt[y] > 0.0;
      }
      for (const auto& r : t.quantiles) {
        if (r.scenario != labels.scenarios[s] || r.year != 2030 + int(y)) continue;
        const auto& v = r.variable == "sea_level_m_bs" ? level : load;
        if (r.variable != "sea_level_m_bs" && r.variable != "load_factor") continue;
        for (std::size_t k = 0; k < reported_quantiles.size(); ++k)
          EXPECT_NEAR(r.value[k], type7(v, reported_quantiles[k]), 1e-12) << r.variable;
        EXPECT_EQ(r.members, 17u);
      }
      auto probability = [&](const std::string& event) {
        for (const auto& r : t.probabilities)
          if (r.scenario == labels.scenarios[s] && r.event == event) return r.probability[y];
        return -1.0;
      };
      EXPECT_DOUBLE_EQ(probability("level_below_-32m"), below32 / 17.0);
      EXPECT_DOUBLE_EQ(probability("load_below_80pct"), below80 / 17.0);
      EXPECT_DOUBLE_EQ(probability("cannot_call"), cannot / 17.0);
      EXPECT_DOUBLE_EQ(probability("corridor_short"), short_of / 17.0);
    }
  }
  // First years: the first year whose probability reaches the level.
  for (const auto& r : t.probabilities) {
    int first50 = 0;
    for (std::size_t y = 0; y < 3 && first50 == 0; ++y)
      if (r.probability[y] >= 0.5) first50 = 2030 + int(y);
    EXPECT_EQ(r.first_year_50, first50) << r.event;
  }
}

}  // namespace

namespace {
// A member with distinct random values (and NaN for classes out of a mix) in every array.
caspian::ensemble::MemberAnnual random_member(std::mt19937& rng) {
  caspian::ensemble::MemberAnnual a;
  a.years = {2025, 2026, 2027};
  a.rivers = 3;
  a.policies = 2;
  a.ports = 4;
  a.classes = 5;
  a.corridors = 2;
  std::uniform_real_distribution<double> u(-1e3, 1e3);
  auto fill = [&](std::vector<double>& v, std::size_t per_year) {
    v.resize(a.years.size() * per_year);
    for (auto& x : v) x = u(rng);
  };
  for (auto* v : {&a.level_m_bs, &a.area_m2, &a.volume_m3, &a.evaporation_m3_per_s,
                  &a.precipitation_m3_per_s, &a.kbg_outflow_m3_per_s})
    fill(*v, 1);
  fill(a.river_inflow_m3_per_s, a.rivers);
  for (auto* v : {&a.allowed_draft_m, &a.load_factor, &a.months_can_call})
    fill(*v, a.policies * a.ports * a.classes);
  a.load_factor[7] = std::nan("");
  fill(a.corridor_capacity_mt, a.policies * a.corridors);
  fill(a.corridor_shortfall_mt, a.policies * a.corridors);
  return a;
}
}  // namespace

TEST(EnsembleMembers, PackAndUnpackAreExactInverses) {
  std::mt19937 rng(7);
  const auto a = random_member(rng);
  const auto flat = caspian::ensemble::pack(a);
  const auto b = caspian::ensemble::unpack(flat);
  EXPECT_EQ(b.years, a.years);
  EXPECT_EQ(b.rivers, a.rivers);
  EXPECT_EQ(b.classes, a.classes);
  EXPECT_EQ(b.corridors, a.corridors);
  EXPECT_EQ(b.level_m_bs, a.level_m_bs);
  EXPECT_EQ(b.river_inflow_m3_per_s, a.river_inflow_m3_per_s);
  EXPECT_EQ(b.allowed_draft_m, a.allowed_draft_m);
  EXPECT_EQ(b.months_can_call, a.months_can_call);
  EXPECT_EQ(b.corridor_shortfall_mt, a.corridor_shortfall_mt);
  ASSERT_EQ(b.load_factor.size(), a.load_factor.size());
  EXPECT_TRUE(std::isnan(b.load_factor[7]));
  EXPECT_EQ(b.load_factor[8], a.load_factor[8]);
  // A truncated or lengthened array is refused, not read past its end.
  auto shorter = flat;
  shorter.pop_back();
  EXPECT_THROW(caspian::ensemble::unpack(shorter), std::invalid_argument);
  auto longer = flat;
  longer.push_back(0.0);
  EXPECT_THROW(caspian::ensemble::unpack(longer), std::invalid_argument);
  auto bad_header = flat;
  bad_header[0] = -1.0;
  EXPECT_THROW(caspian::ensemble::unpack(bad_header), std::invalid_argument);
  EXPECT_THROW(caspian::ensemble::unpack(std::vector<double>{1.0, 2.0}), std::invalid_argument);
}
