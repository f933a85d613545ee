#pragma once
// The ensemble's statistics per scenario and year: quantiles of every kept quantity and the
// probabilities of the events a planner asks about, with the first year each probability
// reaches 50 % and 90 %. Members are equally likely; every member of a scenario counts.
#include <array>
#include <string>
#include <vector>

#include "caspian/ensemble/members.hpp"

namespace caspian::ensemble {

inline constexpr std::array<double, 5> reported_quantiles{0.05, 0.17, 0.50, 0.83, 0.95};
inline constexpr std::array<double, 4> level_thresholds_m_bs{-30.0, -32.0, -35.0, -40.0};

// Names of what the members hold, for labels.
struct EnsembleLabels {
  std::vector<std::string> scenarios, rivers, policies, ports, classes, corridors;
};

struct QuantileRow {
  std::string scenario;
  int year = 0;
  std::string variable;  // e.g. sea_level_m_bs, allowed_draft_m
  std::string site;      // a river, port or corridor ("" for the whole sea)
  std::string vessel_class;
  std::string policy;
  std::array<double, reported_quantiles.size()> value{};
  std::size_t members = 0;  // finite members counted
};

struct ProbabilityRow {
  std::string scenario;
  std::string event;  // level_below_-30m, corridor_short, load_below_80pct, ...
  std::string site, vessel_class, policy;
  std::vector<double> probability;  // per year (EnsembleTables::years)
  int first_year_50 = 0;            // 0: never within the run
  int first_year_90 = 0;
};

struct EnsembleTables {
  std::vector<int> years;
  std::vector<QuantileRow> quantiles;
  std::vector<ProbabilityRow> probabilities;
};

// members[i] belongs to specs[i]; all members share the years and sizes (std::invalid_argument
// otherwise). Volumes are reported in km3 and km3/yr, areas in km2.
EnsembleTables ensemble_tables(const std::vector<MemberSpec>& specs,
                               const std::vector<MemberAnnual>& members,
                               const EnsembleLabels& labels);

}  // namespace caspian::ensemble
