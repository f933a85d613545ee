#pragma once
// The parameter registry: every tunable number of the model is declared once here, with units,
// default, bounds, description and source. Run-file validation, output metadata and the docs
// (`caspian parameters`) all read it.
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace caspian::core {

struct ParameterSpec {
  std::string_view name;  // part.name_with_units, e.g. "sea.kbg_sill_level_m_bs"
  std::string_view units;
  double default_value;
  double min_value;
  double max_value;
  std::string_view description;
  std::string_view source;  // a citation, or "assumption: ..." saying why this value
};

// All declared parameters (immutable).
std::span<const ParameterSpec> parameter_registry();
// The spec of one parameter; nullptr if none has that name.
const ParameterSpec* find_parameter(std::string_view name);

// Values for every registered parameter: defaults, overridden by a run file.
class ParameterSet {
 public:
  ParameterSet();  // all defaults
  // Throws InputError(source, name, ...) for an unknown name or a value outside the bounds.
  void set(std::string_view name, double value, const std::string& source);
  // Throws std::out_of_range for a name that is not registered (a programming error).
  double get(std::string_view name) const;
  const std::map<std::string, double, std::less<>>& values() const { return values_; }

 private:
  std::map<std::string, double, std::less<>> values_;
};

}  // namespace caspian::core
