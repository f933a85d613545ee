#include "caspian/io/parameter_sets.hpp"

#include <algorithm>
#include <set>

#include "caspian/core/error.hpp"
#include "caspian/core/parameters.hpp"
#include "yaml_section.hpp"

namespace caspian::io {

const std::vector<std::string>& member_parameter_names() {
  static const std::vector<std::string> names{"catchment.precipitation_correction",
                                              "catchment.pet_correction",
                                              "catchment.tt_degC",
                                              "catchment.melt_threshold_degC",
                                              "catchment.cfmax_mm_per_degC_day",
                                              "catchment.sfcf",
                                              "catchment.cfr",
                                              "catchment.cwh",
                                              "catchment.snow_temperature_spread_degC",
                                              "catchment.fc_mm",
                                              "catchment.lp",
                                              "catchment.beta",
                                              "catchment.perc_mm_per_day",
                                              "catchment.uzl_mm",
                                              "catchment.k0_per_day",
                                              "catchment.k1_per_day",
                                              "catchment.k2_per_day",
                                              "catchment.maxbas_days"};
  return names;
}

ParameterSetFile load_parameter_sets(const std::filesystem::path& path) {
  using Section = detail::YamlSection;
  const std::string file = path.string();
  const auto doc = detail::load_yaml_document(path, "parameter-set file");
  const Section top(file, doc.root, "", {"source", "sets"});
  ParameterSetFile out;
  out.file = path;
  out.source = top.get<std::string>("source", "a text saying how the sets were made");
  const YAML::Node list = top.required("sets");
  if (!list.IsSequence() || list.size() == 0)
    top.fail_at(list, "sets", "expected a non-empty list of parameter sets");
  std::set<std::string> names;
  const auto& allowed = member_parameter_names();
  for (std::size_t k = 0; k < list.size(); ++k) {
    const std::string where = "sets[" + std::to_string(k) + "]";
    const Section s(file, list[k], where, {"name", "source", "parameters"});
    NamedParameterSet set;
    set.name = s.get<std::string>("name", "a name");
    if (!names.insert(set.name).second)
      s.fail_at(s.raw("name"), s.join("name"), "'" + set.name + "' is listed twice");
    set.source = s.get<std::string>("source", "a text saying where the set comes from");
    const Section p(file, s.required("parameters"), s.join("parameters"), allowed);
    core::ParameterSet check;
    for (const auto& entry : p.node()) {
      const auto name = entry.first.as<std::string>();
      const double value = p.convert<double>(entry.second, p.join(name), "a number");
      try {
        check.set(name, value, file);
      } catch (const core::InputError& e) {
        p.fail_at(entry.second, p.join(name), e.what());
      }
      set.values[name] = value;
    }
    out.sets.push_back(std::move(set));
  }
  return out;
}

}  // namespace caspian::io
