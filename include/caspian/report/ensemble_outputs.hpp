#pragma once
// The ensemble's files: ensemble.nc (CF-1.10: annual values per member, the member's scenario,
// model, parameter set and weather seed as variables on the member dimension),
// ensemble_quantiles.csv and ensemble_probabilities.csv. Each is written under a temporary name
// and renamed when complete.
#include <filesystem>
#include <string>
#include <vector>

#include "caspian/core/time.hpp"
#include "caspian/ensemble/members.hpp"
#include "caspian/ensemble/tables.hpp"

namespace caspian::report {

struct EnsembleMetadata {
  std::string title;
  std::string history;
  std::string run_file;
  std::string run_file_text;
  core::Calendar calendar = core::Calendar::proleptic_gregorian;
  ensemble::EnsembleLabels labels;
  std::vector<std::string> models;          // per model index
  std::vector<std::string> parameter_sets;  // per parameter-set index
  std::vector<std::string> port_names, class_names, corridor_names;
  std::vector<std::string> port_main_class;  // per port: the class carrying most of its cargo
  // The whole ensemble the file belongs to, so slices of it can be merged: members per scenario
  // and, for a slice, "first..last of total" (global member indices); empty for a whole run.
  std::size_t members_per_scenario = 0;
  std::string member_slice;
};

void write_ensemble_netcdf(const std::filesystem::path& path, const EnsembleMetadata& meta,
                           const std::vector<ensemble::MemberSpec>& specs,
                           const std::vector<ensemble::MemberAnnual>& members);

// scenario,year,variable,site,vessel_class,policy,p05,p17,p50,p83,p95,members
void write_ensemble_quantiles_csv(const std::filesystem::path& path,
                                  const ensemble::EnsembleTables& tables);

// One row per scenario and event (and site, class, policy): first_year_50pct, first_year_90pct
// (blank: not within the run), then the probability in each year.
void write_ensemble_probabilities_csv(const std::filesystem::path& path,
                                      const ensemble::EnsembleTables& tables);

}  // namespace caspian::report
