#include "caspian/io/ports_config.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "caspian/core/error.hpp"
#include "yaml_section.hpp"

namespace caspian::io {

namespace {

using Section = detail::YamlSection;
using detail::load_yaml_document;

// Reads one YAML file section by section, remembering the source ids it has seen.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }

  double number(const Section& s, const std::string& key, double min_value, double max_value,
                const char* expected) const {
    const double v = s.get<double>(key, expected);
    check_range(s, key, v, min_value, max_value, expected);
    return v;
  }
  double number_or(const Section& s, const std::string& key, double fallback, double min_value,
                   double max_value, const char* expected) const {
    if (!s.has(key)) return fallback;
    return number(s, key, min_value, max_value, expected);
  }
  void check_range(const Section& s, const std::string& key, double v, double min_value,
                   double max_value, const char* expected) const {
    if (v < min_value || v > max_value) {
      std::ostringstream msg;
      msg << "value " << v << " is outside " << min_value << ".." << max_value << " (expected "
          << expected << ")";
      s.fail_at(s.raw(key), s.join(key), msg.str());
    }
  }

  std::vector<std::string> strings(const Section& s, const std::string& key,
                                   const char* expected) const {
    const YAML::Node n = s.required(key);
    if (!n.IsSequence()) s.fail_at(n, s.join(key), std::string("expected a list of ") + expected);
    std::vector<std::string> out;
    for (std::size_t k = 0; k < n.size(); ++k)
      out.push_back(s.convert<std::string>(n[k], s.join(key), expected));
    return out;
  }

  // A non-empty list of source ids, each listed under `sources`.
  std::vector<std::string> source_ids(const Section& s, const std::string& key,
                                      const std::map<std::string, std::string>& known) const {
    if (!s.has(key)) {
      s.fail_at(s.node(), s.join(key),
                "missing: every number needs a source (a list of ids from `sources`)");
    }
    const YAML::Node n = s.raw(key);
    auto ids = strings(s, key, "source ids");
    if (ids.empty()) s.fail_at(n, s.join(key), "empty: every number needs a source");
    for (std::size_t k = 0; k < ids.size(); ++k) {
      if (!known.contains(ids[k])) {
        s.fail_at(n[k], s.join(key),
                  "source id '" + ids[k] + "' is not listed under `sources` at the top");
      }
    }
    return ids;
  }

 private:
  std::string file_;
};

ports::VesselKind parse_kind(const Section& s, const std::string& key) {
  const auto text = s.get<std::string>(key, "a vessel kind");
  static const std::vector<std::pair<std::string, ports::VesselKind>> kinds{
      {"dry_cargo", ports::VesselKind::dry_cargo}, {"tanker", ports::VesselKind::tanker},
      {"ferry", ports::VesselKind::ferry},         {"ro_ro", ports::VesselKind::ro_ro},
      {"container", ports::VesselKind::container}, {"general", ports::VesselKind::general}};
  for (const auto& [name, kind] : kinds)
    if (name == text) return kind;
  s.fail_at(s.raw(key), s.join(key),
            "'" + text +
                "' is not a vessel kind (dry_cargo, tanker, ferry, ro_ro, container, "
                "general)");
}

ports::GrowthPath parse_growth(const Reader& r, const Section& s, const std::string& key,
                               const std::map<std::string, std::string>& known,
                               std::vector<std::string>& sources, std::string& basis) {
  const Section d = s.section(
      key, {"base_mt", "base_year", "growth_pct_per_yr", "growth_end_year", "sources", "basis"});
  ports::GrowthPath g;
  g.base_mt = r.number(d, "base_mt", 0.0, 1000.0, "a demand in Mt/yr");
  g.base_year = d.get<int>("base_year", "a year");
  g.growth_pct_per_yr = r.number(d, "growth_pct_per_yr", -50.0, 100.0, "a growth rate in %/yr");
  if (d.has("growth_end_year")) {
    g.growth_end_year = d.get<int>("growth_end_year", "a year");
    if (*g.growth_end_year < g.base_year)
      d.fail_at(d.raw("growth_end_year"), d.join("growth_end_year"), "before base_year");
  }
  sources = r.source_ids(d, "sources", known);
  basis = d.get_or<std::string>("basis", "", "a text");
  return g;
}

// A block that is either sourced (`sources`, ids listed at the top) or says it is an assumption
// (`assumption: true`), with a `basis` text saying what the figure is.
void sourced_or_assumption(const Reader& r, const Section& s,
                           const std::map<std::string, std::string>& known,
                           std::vector<std::string>& sources, bool& assumption,
                           std::string& basis) {
  basis = s.get<std::string>("basis", "a text: what the figure is and where it comes from");
  if (basis.empty()) s.fail_at(s.raw("basis"), s.join("basis"), "empty: say what the figure is");
  assumption = s.get_or<bool>("assumption", false, "true or false");
  if (s.has("sources")) sources = r.source_ids(s, "sources", known);
  if (sources.empty() && !assumption)
    s.fail_at(s.node(), s.join("sources"),
              "missing: give `sources` (ids from `sources`) or say `assumption: true`");
}

void check_unique(const Section& s, const YAML::Node& node, std::set<std::string>& seen,
                  const std::string& id, const std::string& where) {
  if (!seen.insert(id).second) s.fail_at(node, where, "id '" + id + "' is used twice");
}

// "list[id]" for a list entry with a scalar id, else "list[index]": error paths name the item.
std::string item_path(const YAML::Node& node, const std::string& list, std::size_t index) {
  if (node.IsMap() && node["id"] && node["id"].IsScalar())
    return list + "[" + node["id"].as<std::string>() + "]";
  return list + "[" + std::to_string(index) + "]";
}

}  // namespace

std::optional<std::size_t> find_port(const ports::PortSystem& system, const std::string& id) {
  for (std::size_t k = 0; k < system.ports.size(); ++k)
    if (system.ports[k].id == id) return k;
  return std::nullopt;
}

std::optional<std::size_t> find_class(const ports::PortSystem& system, const std::string& id) {
  for (std::size_t k = 0; k < system.classes.size(); ++k)
    if (system.classes[k].id == id) return k;
  return std::nullopt;
}

PortsConfig load_ports_config(const std::filesystem::path& path,
                              const std::string& depth_scenario) {
  const std::string file = path.string();
  const YAML::Node root = load_yaml_document(path, "port data file").root;
  const Reader r(file);
  PortsConfig cfg;
  cfg.file = path;
  const Section top(file, root, "",
                    {"sources", "defaults", "vessel_classes", "ports", "corridors"});

  // Sources first: everything else refers to them.
  const YAML::Node sources = top.required("sources");
  if (!sources.IsMap() || sources.size() == 0)
    top.fail_at(sources, "sources", "expected a mapping of source id: citation");
  for (const auto& entry : sources) {
    const auto id = top.convert<std::string>(entry.first, "sources", "a source id");
    cfg.sources[id] = top.convert<std::string>(entry.second, "sources." + id, "a citation text");
  }

  // defaults.water_density_t_per_m3: the water of every port that does not give its own.
  std::optional<double> default_water_density;
  if (top.has("defaults")) {
    const Section d =
        top.section("defaults", {"water_density_t_per_m3", "sea_water_density_t_per_m3"});
    // The old default was the density every class's drafts referred to. Each class now says its
    // own (reference_density_t_per_m3), each port its water.
    if (d.has("sea_water_density_t_per_m3"))
      d.fail_at(d.raw("sea_water_density_t_per_m3"), d.join("sea_water_density_t_per_m3"),
                "no longer read: give each vessel class the density its drafts refer to "
                "(vessel_classes[].reference_density_t_per_m3: 1.025 for sea-water drafts, 1.000 "
                "for river drafts) and the ports' water as defaults.water_density_t_per_m3 or "
                "ports[].water_density_t_per_m3");
    if (d.has("water_density_t_per_m3"))
      default_water_density = r.number(d, "water_density_t_per_m3", 0.99, 1.05,
                                       "a density in t/m3 (1.000 fresh, ~1.011 Caspian)");
  }

  // Vessel classes.
  const YAML::Node classes = top.required("vessel_classes");
  if (!classes.IsSequence() || classes.size() == 0)
    top.fail_at(classes, "vessel_classes", "expected a list of vessel classes");
  std::set<std::string> class_ids;
  for (std::size_t k = 0; k < classes.size(); ++k) {
    const std::vector<std::string> keys{"id",
                                        "name",
                                        "short_name",  // for the reports (scripts/report_common.py)
                                        "kind",
                                        "reference_density_t_per_m3",
                                        "length_m",
                                        "beam_m",
                                        "design_draft_m",
                                        "deadweight_t",
                                        "lightship_draft_m",
                                        "tpc_t_per_cm",
                                        "block_coefficient",
                                        "service_speed_kn",
                                        "min_operating_draft_m",
                                        "constant_weights_t",
                                        "sources",
                                        "derived"};
    const Section s(file, classes[k], item_path(classes[k], "vessel_classes", k), keys);
    const auto id = s.get<std::string>("id", "a class id");
    check_unique(s, classes[k]["id"], class_ids, id, s.join("id"));
    ports::VesselClass v;
    v.id = id;
    v.name = s.get_or<std::string>("name", id, "a name");
    v.kind = parse_kind(s, "kind");
    v.reference_density_t_per_m3 =
        r.number(s, "reference_density_t_per_m3", 0.99, 1.05,
                 "the density in t/m3 the class's drafts, TPC and deadweight refer to (1.025 "
                 "sea-water drafts, 1.000 river drafts)");
    v.length_m = r.number(s, "length_m", 10.0, 400.0, "a length in m");
    v.beam_m = r.number(s, "beam_m", 2.0, 70.0, "a beam in m");
    v.design_draft_m = r.number(s, "design_draft_m", 0.5, 20.0, "a draft in m");
    v.deadweight_t = r.number(s, "deadweight_t", 1.0, 500000.0, "a deadweight in t");
    v.lightship_draft_m = r.number(s, "lightship_draft_m", 0.1, 20.0, "a draft in m");
    if (v.lightship_draft_m >= v.design_draft_m) {
      s.fail_at(s.raw("lightship_draft_m"), s.join("lightship_draft_m"),
                "the lightship draft must be below the design draft");
    }
    v.tpc_t_per_cm = r.number(s, "tpc_t_per_cm", 0.1, 1000.0, "tonnes per cm immersion");
    v.block_coefficient = r.number(s, "block_coefficient", 0.3, 1.0, "a block coefficient");
    v.service_speed_kn = r.number(s, "service_speed_kn", 1.0, 40.0, "a speed in knots");
    v.min_operating_draft_m =
        r.number_or(s, "min_operating_draft_m", v.lightship_draft_m, v.lightship_draft_m,
                    v.design_draft_m, "a draft between the lightship and design drafts");
    v.constant_weights_t = r.number_or(s, "constant_weights_t", 0.0, 0.0, v.deadweight_t * 0.5,
                                       "tonnes of deadweight that are not cargo (< half)");
    VesselProvenance prov;
    prov.sources = r.source_ids(s, "sources", cfg.sources);
    if (s.has("derived")) {
      const YAML::Node d = s.raw("derived");
      if (!d.IsMap()) s.fail_at(d, s.join("derived"), "expected a mapping of field: derivation");
      for (const auto& entry : d) {
        const auto field = s.convert<std::string>(entry.first, s.join("derived"), "a field name");
        if (std::find(keys.begin(), keys.end(), field) == keys.end() || field == "id" ||
            field == "sources" || field == "derived") {
          s.fail_at(entry.first, s.join("derived." + field),
                    "not a numeric field of a vessel class");
        }
        prov.derived[field] =
            s.convert<std::string>(entry.second, s.join("derived." + field), "a text");
      }
    }
    cfg.system.classes.push_back(v);
    cfg.class_provenance.push_back(prov);
  }

  // Corridors before ports: ports name them.
  const YAML::Node corridors = top.required("corridors");
  if (!corridors.IsSequence() || corridors.size() == 0)
    top.fail_at(corridors, "corridors", "expected a list of corridors");
  std::set<std::string> corridor_ids;
  for (std::size_t k = 0; k < corridors.size(); ++k) {
    const std::vector<std::string> keys{"id", "name", "short_name", "sides", "demand"};
    const Section s(file, corridors[k], item_path(corridors[k], "corridors", k), keys);
    const auto id = s.get<std::string>("id", "a corridor id");
    check_unique(s, corridors[k]["id"], corridor_ids, id, s.join("id"));
    ports::Corridor c;
    c.id = id;
    c.name = s.get_or<std::string>("name", id, "a name");
    const YAML::Node sides = s.required("sides");
    if (!sides.IsSequence() || sides.size() < 2)
      s.fail_at(sides, s.join("sides"),
                "expected a list of at least two sides, e.g. [[east], [west]]");
    for (std::size_t j = 0; j < sides.size(); ++j) {
      if (!sides[j].IsSequence() || sides[j].size() == 0)
        s.fail_at(sides[j], s.join("sides"), "each side is a non-empty list of shore tags");
      std::vector<std::string> tags;
      for (std::size_t t = 0; t < sides[j].size(); ++t)
        tags.push_back(s.convert<std::string>(sides[j][t], s.join("sides"), "a shore tag"));
      c.sides.push_back(tags);
    }
    CorridorProvenance prov;
    c.demand = parse_growth(r, s, "demand", cfg.sources, prov.demand_sources, prov.demand_basis);
    cfg.system.corridors.push_back(c);
    cfg.corridor_provenance.push_back(prov);
  }

  // Ports.
  const YAML::Node ports_node = top.required("ports");
  if (!ports_node.IsSequence() || ports_node.size() == 0)
    top.fail_at(ports_node, "ports", "expected a list of ports");
  std::set<std::string> port_ids;
  for (std::size_t k = 0; k < ports_node.size(); ++k) {
    const std::vector<std::string> keys{"id",
                                        "name",
                                        "short_name",  // for the reports (scripts/report_common.py)
                                        "country",
                                        "lat_deg",
                                        "lon_deg",
                                        "position_source",
                                        "approach_route",
                                        "corridors",
                                        "side",
                                        "water_density_t_per_m3",
                                        "controlling_depth",
                                        "design_depth_m",
                                        "design_depth_basis",
                                        "set_down_m",
                                        "set_down_basis",
                                        "ukc",
                                        "vessel_mix",
                                        "throughput",
                                        "capacity_mt_per_yr",
                                        "demand",
                                        "corridor_share",
                                        "dredging"};
    const Section s(file, ports_node[k], item_path(ports_node[k], "ports", k), keys);
    const auto id = s.get<std::string>("id", "a port id");
    check_unique(s, ports_node[k]["id"], port_ids, id, s.join("id"));
    ports::Port p;
    PortProvenance prov;
    p.id = id;
    p.name = s.get_or<std::string>("name", id, "a name");
    prov.country = s.get_or<std::string>("country", "", "a country");
    prov.lat_deg = r.number(s, "lat_deg", 35.0, 48.0, "a latitude on the Caspian (35..48 N)");
    prov.lon_deg = r.number(s, "lon_deg", 45.0, 56.0, "a longitude on the Caspian (45..56 E)");
    prov.position_source = s.get<std::string>("position_source", "a source id or note");
    if (s.has("approach_route")) {
      const Section route(file, s.raw("approach_route"), s.join("approach_route"),
                          {"points", "sources", "basis"});
      prov.approach_route_sources = r.source_ids(route, "sources", cfg.sources);
      const YAML::Node points = route.required("points");
      if (!points.IsSequence() || points.size() < 2)
        route.fail_at(points, route.join("points"),
                      "expected a list of at least 2 points {lat_deg, lon_deg, chainage_km?, "
                      "source}: the port's, then the channel's, to its sea end");
      std::optional<double> last_chainage;
      for (std::size_t j = 0; j < points.size(); ++j) {
        const Section pt(file, points[j], route.join("points[" + std::to_string(j) + "]"),
                         {"lat_deg", "lon_deg", "chainage_km", "source"});
        RoutePointConfig point;
        point.lat_deg = r.number(pt, "lat_deg", 35.0, 48.0, "a latitude on the Caspian (35..48 N)");
        point.lon_deg =
            r.number(pt, "lon_deg", 45.0, 56.0, "a longitude on the Caspian (45..56 E)");
        if (pt.has("chainage_km")) {
          point.chainage_km =
              r.number(pt, "chainage_km", -1000.0, 10000.0, "a chainage in km along the channel");
          if (last_chainage && *point.chainage_km <= *last_chainage)
            pt.fail_at(pt.raw("chainage_km"), pt.join("chainage_km"),
                       fmt::format("{} km is not past the previous point's {} km: chainages "
                                   "increase from the port to the sea",
                                   *point.chainage_km, *last_chainage));
          last_chainage = point.chainage_km;
        }
        point.source = pt.get<std::string>("source", "where the point comes from");
        prov.approach_route.push_back(point);
      }
      if (prov.approach_route.front().lat_deg != prov.lat_deg ||
          prov.approach_route.front().lon_deg != prov.lon_deg)
        route.fail_at(points[0], route.join("points[0]"),
                      fmt::format("expected the port's own position ({}, {}) first", prov.lat_deg,
                                  prov.lon_deg));
    }
    p.corridors = r.strings(s, "corridors", "corridor ids");
    for (std::size_t j = 0; j < p.corridors.size(); ++j) {
      if (!corridor_ids.contains(p.corridors[j])) {
        std::string known;
        for (const auto& c : corridor_ids) known += (known.empty() ? "" : ", ") + c;
        s.fail_at(s.raw("corridors")[j], s.join("corridors"),
                  "unknown corridor '" + p.corridors[j] + "' (corridors: " + known + ")");
      }
    }
    p.side = s.get<std::string>("side", "a shore tag (east, west, north, south)");
    for (const auto& cid : p.corridors) {
      const auto& c = *std::find_if(cfg.system.corridors.begin(), cfg.system.corridors.end(),
                                    [&](const ports::Corridor& x) { return x.id == cid; });
      const bool on_a_side = std::any_of(c.sides.begin(), c.sides.end(), [&](const auto& tags) {
        return std::find(tags.begin(), tags.end(), p.side) != tags.end();
      });
      if (!on_a_side) {
        s.fail_at(s.raw("side"), s.join("side"),
                  "shore '" + p.side + "' is on no side of corridor '" + cid +
                      "': the port would not count for it");
      }
    }
    if (!s.has("water_density_t_per_m3") && !default_water_density)
      s.fail_at(s.node(), s.join("water_density_t_per_m3"),
                "missing: the density of the port's water in t/m3 (or give "
                "defaults.water_density_t_per_m3 for every port)");
    p.water_density_t_per_m3 =
        r.number_or(s, "water_density_t_per_m3", default_water_density.value_or(1.011), 0.99, 1.05,
                    "a density in t/m3 (1.000 fresh, ~1.011 Caspian)");
    {
      const Section d =
          s.section("controlling_depth", {"approach_channel_m", "berth_m", "reference_level_m_bs",
                                          "basis", "sources", "calibration", "scenarios"});
      p.controlling.approach_channel_m =
          r.number(d, "approach_channel_m", 0.0, 30.0, "a water depth in m (not negative)");
      p.controlling.berth_m =
          r.number(d, "berth_m", 0.0, 30.0, "a water depth in m (not negative)");
      p.controlling.reference_level_m_bs =
          r.number(d, "reference_level_m_bs", -35.0, -20.0, "a sea level in m BS");
      prov.depth_basis = d.get<std::string>("basis", "what the depth is and where it comes from");
      prov.depth_sources = r.source_ids(d, "sources", cfg.sources);
      prov.depth_is_calibration = d.get_or<bool>("calibration", false, "true or false");
      if (d.has("scenarios")) {
        const YAML::Node sc = d.raw("scenarios");
        if (!sc.IsMap() || sc.size() == 0)
          d.fail_at(sc, d.join("scenarios"),
                    "expected a mapping of scenario name: {approach_channel_m, berth_m, "
                    "reference_level_m_bs, basis, sources}");
        for (const auto& entry : sc) {
          const auto name = d.convert<std::string>(entry.first, d.join("scenarios"), "a name");
          const Section x(
              file, entry.second, d.join("scenarios." + name),
              {"approach_channel_m", "berth_m", "reference_level_m_bs", "basis", "sources"});
          prov.depth_scenarios.push_back(name);
          if (name != depth_scenario) {
            // Checked even when not used, so a bad scenario fails before anyone picks it.
            r.number_or(x, "approach_channel_m", 0.0, 0.0, 30.0, "a water depth in m");
            r.number_or(x, "berth_m", 0.0, 0.0, 30.0, "a water depth in m");
            r.number_or(x, "reference_level_m_bs", -30.0, -35.0, -20.0, "a sea level in m BS");
            x.get<std::string>("basis", "what the scenario depth is");
            r.source_ids(x, "sources", cfg.sources);
            continue;
          }
          p.controlling.approach_channel_m =
              r.number_or(x, "approach_channel_m", p.controlling.approach_channel_m, 0.0, 30.0,
                          "a water depth in m (not negative)");
          p.controlling.berth_m = r.number_or(x, "berth_m", p.controlling.berth_m, 0.0, 30.0,
                                              "a water depth in m (not negative)");
          p.controlling.reference_level_m_bs =
              r.number_or(x, "reference_level_m_bs", p.controlling.reference_level_m_bs, -35.0,
                          -20.0, "a sea level in m BS");
          prov.depth_basis = "scenario '" + name +
                             "': " + x.get<std::string>("basis", "what the scenario depth is");
          prov.depth_sources = r.source_ids(x, "sources", cfg.sources);
          prov.depth_scenario = name;
          prov.depth_is_calibration = false;
        }
      }
    }
    if (s.has("design_depth_m"))
      p.design_depth_m =
          r.number(s, "design_depth_m", 0.1, 30.0, "a water depth in m (not negative)");
    prov.design_depth_basis = s.get_or<std::string>("design_depth_basis", "", "a text");
    {
      const YAML::Node sd = s.required("set_down_m");
      if (!sd.IsSequence() || sd.size() != 12)
        s.fail_at(sd, s.join("set_down_m"), "expected 12 monthly set-down allowances, Jan..Dec");
      for (std::size_t m = 0; m < 12; ++m) {
        const double v = s.convert<double>(sd[m], s.join("set_down_m"), "a set-down in m");
        if (v < 0.0 || v > 5.0)
          s.fail_at(sd[m], s.join("set_down_m"), "a set-down allowance must be 0..5 m");
        p.set_down_m[m] = v;
      }
      const Section b = s.section("set_down_basis", {"range_m", "basis", "sources", "assumption"});
      const YAML::Node range = b.required("range_m");
      if (!range.IsSequence() || range.size() != 2)
        b.fail_at(range, b.join("range_m"),
                  "expected [low, high]: the plausible range of the monthly set-down in m");
      for (std::size_t j = 0; j < 2; ++j) {
        prov.set_down_range_m[j] =
            b.convert<double>(range[j], b.join("range_m"), "a set-down in m");
        if (prov.set_down_range_m[j] < 0.0 || prov.set_down_range_m[j] > 5.0)
          b.fail_at(range[j], b.join("range_m"), "a set-down must be 0..5 m");
      }
      if (prov.set_down_range_m[0] > prov.set_down_range_m[1])
        b.fail_at(range, b.join("range_m"), "low above high");
      for (std::size_t m = 0; m < 12; ++m) {
        if (p.set_down_m[m] < prov.set_down_range_m[0] - 1e-9 ||
            p.set_down_m[m] > prov.set_down_range_m[1] + 1e-9)
          s.fail_at(sd[m], s.join("set_down_m"),
                    "month " + std::to_string(m + 1) + " is outside set_down_basis.range_m");
      }
      sourced_or_assumption(r, b, cfg.sources, prov.set_down_sources, prov.set_down_is_assumption,
                            prov.set_down_basis);
    }
    {
      const Section u = s.section("ukc", {"fraction_of_draft", "minimum_m", "wave_allowance_m",
                                          "speed_kn", "channel_width_m"});
      p.ukc.fraction_of_draft = r.number(u, "fraction_of_draft", 0.0, 1.0, "a fraction 0..1");
      p.ukc.minimum_m = r.number_or(u, "minimum_m", 0.0, 0.0, 5.0, "a clearance in m");
      p.ukc.wave_allowance_m =
          r.number_or(u, "wave_allowance_m", 0.0, 0.0, 5.0, "an allowance in m");
      p.ukc.speed_kn =
          r.number_or(u, "speed_kn", 0.0, 0.0, 30.0, "a speed in knots (0 = no squat)");
      p.ukc.channel_width_m =
          r.number_or(u, "channel_width_m", 0.0, 0.0, 10000.0, "a width in m (0 = open water)");
    }
    {
      const YAML::Node mix = s.required("vessel_mix");
      if (!mix.IsSequence() || mix.size() == 0)
        s.fail_at(mix, s.join("vessel_mix"), "expected a list of {class, cargo_share}");
      double sum = 0.0;
      for (std::size_t j = 0; j < mix.size(); ++j) {
        const Section m(file, mix[j], s.join("vessel_mix[" + std::to_string(j) + "]"),
                        {"class", "cargo_share", "full_draft_expected"});
        const auto cid = m.get<std::string>("class", "a vessel class id");
        const auto c = find_class(cfg.system, cid);
        if (!c) {
          std::string known;
          for (const auto& v : cfg.system.classes) known += (known.empty() ? "" : ", ") + v.id;
          m.fail_at(m.raw("class"), m.join("class"),
                    "unknown vessel class '" + cid + "' (classes: " + known + ")");
        }
        ports::VesselShare share;
        share.vessel_class = *c;
        share.cargo_share = r.number(m, "cargo_share", 0.0, 1.0, "a share 0..1");
        share.full_draft_expected = m.get_or<bool>("full_draft_expected", true, "true or false");
        sum += share.cargo_share;
        p.vessel_mix.push_back(share);
      }
      if (std::abs(sum - 1.0) > 0.01)
        s.fail_at(mix, s.join("vessel_mix"),
                  "cargo shares sum to " + std::to_string(sum) + ", expected 1 (+-0.01)");
    }
    if (s.has("throughput")) {
      const Section t = s.section("throughput", {"mt", "year", "sources"});
      prov.throughput_mt =
          SourcedValue{r.number(t, "mt", 0.0, 1000.0, "Mt"), t.get<int>("year", "a year"),
                       r.source_ids(t, "sources", cfg.sources)};
    }
    {
      const Section c = s.section("capacity_mt_per_yr", {"value", "year", "sources"});
      prov.capacity_mt_per_yr =
          SourcedValue{r.number(c, "value", 0.0, 1000.0, "Mt/yr"), c.get<int>("year", "a year"),
                       r.source_ids(c, "sources", cfg.sources)};
      p.capacity_mt_per_yr = prov.capacity_mt_per_yr.value;
    }
    p.demand = parse_growth(r, s, "demand", cfg.sources, prov.demand_sources, prov.demand_basis);
    if (s.has("corridor_share")) {
      const YAML::Node cs = s.raw("corridor_share");
      if (!cs.IsMap()) s.fail_at(cs, s.join("corridor_share"), "expected corridor id: share");
      for (const auto& entry : cs) {
        const auto cid = s.convert<std::string>(entry.first, s.join("corridor_share"), "an id");
        if (std::find(p.corridors.begin(), p.corridors.end(), cid) == p.corridors.end())
          s.fail_at(entry.first, s.join("corridor_share." + cid),
                    "the port does not list corridor '" + cid + "' under corridors");
        const double v =
            s.convert<double>(entry.second, s.join("corridor_share." + cid), "a share 0..1");
        if (v < 0.0 || v > 1.0)
          s.fail_at(entry.second, s.join("corridor_share." + cid), "a share must be 0..1");
        p.corridor_share[cid] = v;
      }
    }
    for (const auto& cid : p.corridors)
      if (!p.corridor_share.contains(cid)) p.corridor_share[cid] = 1.0;
    if (s.has("dredging")) {
      const Section d =
          s.section("dredging", {"channel_length_m", "channel_width_m", "side_slope_h_per_v",
                                 "basin_area_m2", "cost_usd_per_m3", "sources", "maintenance"});
      ports::DredgeGeometry g;
      g.channel_length_m = r.number(d, "channel_length_m", 0.0, 1e6, "a length in m");
      g.channel_width_m = r.number(d, "channel_width_m", 0.0, 10000.0, "a width in m");
      g.side_slope_h_per_v =
          r.number(d, "side_slope_h_per_v", 0.0, 50.0, "horizontal per vertical");
      g.basin_area_m2 = r.number(d, "basin_area_m2", 0.0, 1e9, "an area in m2");
      g.cost_usd_per_m3 = r.number(d, "cost_usd_per_m3", 0.0, 1000.0, "USD per m3");
      prov.dredging_sources = r.source_ids(d, "sources", cfg.sources);
      {
        // Yearly maintenance: a volume, or a siltation rate over the channel bottom and basin.
        const Section m =
            d.section("maintenance", {"m3_per_yr", "m_per_yr", "basis", "sources", "assumption"});
        if (m.has("m3_per_yr") == m.has("m_per_yr"))
          m.fail_at(m.node(), m.join("m3_per_yr"),
                    "give exactly one of m3_per_yr (volume silting in per year) and m_per_yr "
                    "(siltation rate over the channel bottom and basin)");
        g.maintenance_m3_per_yr =
            m.has("m3_per_yr")
                ? r.number(m, "m3_per_yr", 0.0, 1e9, "a volume in m3 per year")
                : r.number(m, "m_per_yr", 0.0, 5.0, "a siltation rate in m per year") *
                      g.footprint_m2();
        sourced_or_assumption(r, m, cfg.sources, prov.maintenance_sources,
                              prov.maintenance_is_assumption, prov.maintenance_basis);
      }
      p.dredging = g;
    }
    // A class expected to load fully must fit, in the port's water, the deepest depth the port
    // offers at its reference level (controlling or design depth), before any clearance.
    const double offered_m = std::max(p.controlling.depth_m(), p.design_depth_m.value_or(0.0));
    for (std::size_t j = 0; j < p.vessel_mix.size(); ++j) {
      const auto& share = p.vessel_mix[j];
      const auto& v = cfg.system.classes[share.vessel_class];
      const double draft_in_port =
          v.design_draft_m * v.reference_density_t_per_m3 / p.water_density_t_per_m3;
      if (share.full_draft_expected && draft_in_port > offered_m) {
        std::ostringstream msg;
        msg << "vessel class '" << v.id << "' has a design draft of " << draft_in_port
            << " m in this water, above the port's depth of " << offered_m
            << " m at its reference/design level; set full_draft_expected: false on this "
               "vessel_mix entry if the class is known to call part-loaded";
        s.fail_at(s.raw("vessel_mix")[j], s.join("vessel_mix[" + std::to_string(j) + "]"),
                  msg.str());
      }
      if (p.ukc.channel_width_m > 0.0 && v.beam_m >= p.ukc.channel_width_m) {
        s.fail_at(s.raw("ukc"), s.join("ukc.channel_width_m"),
                  "channel narrower than the beam of vessel class '" + v.id + "'");
      }
    }
    cfg.system.ports.push_back(p);
    cfg.port_provenance.push_back(prov);
  }
  if (!depth_scenario.empty()) {
    std::set<std::string> known;
    for (const auto& prov : cfg.port_provenance)
      known.insert(prov.depth_scenarios.begin(), prov.depth_scenarios.end());
    if (!known.contains(depth_scenario)) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw core::InputError(file, "ports[].controlling_depth.scenarios",
                             "no port defines the depth scenario '" + depth_scenario +
                                 "' (scenarios in this file: " + (list.empty() ? "none" : list) +
                                 ")");
    }
  }
  return cfg;
}

}  // namespace caspian::io
