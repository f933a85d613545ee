#pragma once
// Catchment parameter sets for ensembles (ensemble.parameter_sets): a YAML file
//   source: <how the sets were made>
//   sets:
//     - name: <unique name>
//       source: <where this set comes from>
//       parameters: {catchment.<name>: value, ...}
// Each value is checked against the parameter registry (name, bounds); only the catchment's HBV
// parameters and its precipitation correction may vary between members.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace caspian::io {

struct NamedParameterSet {
  std::string name;
  std::string source;
  std::map<std::string, double> values;
};

struct ParameterSetFile {
  std::filesystem::path file;
  std::string source;
  std::vector<NamedParameterSet> sets;
};

// The keys a set may give: the HBV parameters (catchment::hbv_parameters_from) and
// catchment.precipitation_correction.
const std::vector<std::string>& member_parameter_names();

// Throws core::InputError naming the file, the key (with its line) and what was expected.
ParameterSetFile load_parameter_sets(const std::filesystem::path& path);

}  // namespace caspian::io
