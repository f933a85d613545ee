#pragma once
// Reading an ensemble.nc back (caspian merge): the run it came from, the ensemble's size, each
// member's identity and its annual values, exactly as written (doubles; NaN where the file holds
// its fill value).
#include <filesystem>
#include <string>
#include <vector>

#include "caspian/ensemble/members.hpp"

namespace caspian::io {

struct EnsembleFile {
  std::string run_file, run_file_text;
  std::string member_slice;  // "" for a whole ensemble
  std::size_t members_per_scenario = 0;
  std::vector<std::string> scenarios;       // the scenario variable's flag_meanings
  std::vector<ensemble::MemberSpec> specs;  // index = scenario x members_per_scenario + k
  std::vector<ensemble::MemberAnnual> members;
};

// years: the run's years (the file's time axis must have as many). Throws core::InputError
// naming the file and the variable or attribute that is missing or malformed.
EnsembleFile read_ensemble_netcdf(const std::filesystem::path& path, const std::vector<int>& years);

}  // namespace caspian::io
