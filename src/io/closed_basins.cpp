#include "caspian/io/closed_basins.hpp"

#include <set>

#include "caspian/core/error.hpp"
#include "yaml_section.hpp"

namespace caspian::io {

ClosedBasinList load_closed_basins(const std::filesystem::path& path) {
  using Section = detail::YamlSection;
  const std::string file = path.string();
  const auto doc = detail::load_yaml_document(path, "closed-basin list");
  const Section top(file, doc.root, "", {"sources", "closed_basins"});
  ClosedBasinList out;
  out.file = path;

  const YAML::Node sources = top.required("sources");
  if (!sources.IsMap() || sources.size() == 0) {
    top.fail_at(sources, "sources", "expected a mapping of source id: citation");
  }
  for (const auto& entry : sources) {
    const auto id = top.convert<std::string>(entry.first, "sources", "a source id");
    out.sources[id] = top.convert<std::string>(entry.second, "sources." + id, "a citation text");
  }

  const YAML::Node list = top.required("closed_basins");
  if (!list.IsSequence() || list.size() == 0) {
    top.fail_at(list, "closed_basins", "expected a list of closed basins");
  }
  std::set<std::string> names;
  for (std::size_t k = 0; k < list.size(); ++k) {
    std::string where = "closed_basins[" + std::to_string(k) + "]";
    if (list[k].IsMap() && list[k]["name"] && list[k]["name"].IsScalar()) {
      where = "closed_basins[" + list[k]["name"].as<std::string>() + "]";
    }
    const Section b(file, list[k], where,
                    {"name", "lat_deg", "lon_deg", "search_radius_km", "sources", "note"});
    ClosedBasin basin;
    basin.name = b.get<std::string>("name", "a name");
    if (!names.insert(basin.name).second) {
      b.fail_at(b.raw("name"), b.join("name"), "'" + basin.name + "' is listed twice");
    }
    basin.lat_deg = b.get<double>("lat_deg", "a latitude in degrees north");
    if (basin.lat_deg < -90.0 || basin.lat_deg > 90.0) {
      b.fail_at(b.raw("lat_deg"), b.join("lat_deg"), "latitude outside -90..90");
    }
    basin.lon_deg = b.get<double>("lon_deg", "a longitude in degrees east");
    if (basin.lon_deg < -180.0 || basin.lon_deg > 360.0) {
      b.fail_at(b.raw("lon_deg"), b.join("lon_deg"), "longitude outside -180..360");
    }
    basin.search_radius_km = b.get_or<double>("search_radius_km", 0.0, "a distance in km");
    if (basin.search_radius_km < 0.0 || basin.search_radius_km > 200.0) {
      b.fail_at(b.raw("search_radius_km"), b.join("search_radius_km"), "expected 0..200 km");
    }
    if (!b.has("sources")) {
      b.fail_at(b.node(), b.join("sources"),
                "missing: every closed basin needs a source (a list of ids from `sources`)");
    }
    const YAML::Node ids = b.raw("sources");
    if (!ids.IsSequence() || ids.size() == 0) {
      b.fail_at(ids, b.join("sources"), "expected a non-empty list of source ids");
    }
    for (std::size_t s = 0; s < ids.size(); ++s) {
      const auto id = b.convert<std::string>(ids[s], b.join("sources"), "a source id");
      if (!out.sources.contains(id)) {
        b.fail_at(ids[s], b.join("sources"),
                  "source id '" + id + "' is not listed under `sources` at the top");
      }
      basin.sources.push_back(id);
    }
    b.get_or<std::string>("note", "", "a text");
    const auto mark = list[k].Mark();
    basin.where = where + (mark.line >= 0 ? " (line " + std::to_string(mark.line + 1) + ")" : "");
    out.basins.push_back(std::move(basin));
  }
  return out;
}

}  // namespace caspian::io
