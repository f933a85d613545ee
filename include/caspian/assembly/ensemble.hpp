#pragma once
// An ensemble over one Setup: the members' scenario patterns (one per CMIP6 model, read once),
// catchment parameter sets (one CatchmentModel each, sharing the Setup's network and
// climatologies) and weather, and the function that runs member k. Every member is built from
// its spec alone, so its results never depend on which other members run, in what order or on
// how many threads.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "caspian/assembly/member.hpp"
#include "caspian/ensemble/members.hpp"
#include "caspian/io/cmip6_atlas.hpp"

namespace caspian::assembly {

struct ParameterSet {
  std::string name;
  std::string source;
  std::map<std::string, double> values;  // registry overrides on top of the run file's
};

struct EnsembleOptions {
  std::optional<int> members_per_scenario;  // overrides ensemble.members_per_scenario
  std::vector<std::string> scenarios;       // empty: ensemble.scenarios
};

struct Ensemble {
  std::vector<std::string> scenarios;  // ssp126 ...
  std::vector<std::string> models;
  std::vector<io::ModelPattern> patterns;  // per model
  std::vector<ParameterSet> parameter_sets;
  std::vector<model::CatchmentModel> catchment_models;  // per parameter set
  std::vector<ensemble::MemberSpec> members;
  double sea_eeu_share = 0.0;
};

// Reads the patterns and parameter sets and lays out the members. Throws core::InputError
// naming the run file (or the Atlas/parameter-set file) and the key: no ensemble section, an
// unknown scenario, a model without files or crossing years for a scenario, members < 1.
Ensemble build_ensemble(const Setup& setup, const EnsembleOptions& options);

// The sea's scenario of a member: the run file's, with the member's CMIP6 change.
model::Scenario member_scenario(const Setup& setup, const Ensemble& ensemble,
                                const ensemble::MemberSpec& spec);

// Runs one member from the run's initial state (warm-up included), or from `resume` (a
// checkpoint's state, MemberStart::from set), its fields dropped. on_year_end: see run_member.
// Calls on_month (if given) after each simulated month (progress).
MemberRun run_ensemble_member(const Setup& setup, const Ensemble& ensemble,
                              const ensemble::MemberSpec& spec, const MemberStart* resume = nullptr,
                              const YearEndHook& on_year_end = {},
                              const std::function<void(const model::MonthResult&)>& on_month = {});

}  // namespace caspian::assembly
