#include "caspian/io/run_config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "caspian/core/error.hpp"
#include "yaml_section.hpp"

namespace caspian::io {

namespace {

using Section = detail::YamlSection;
using detail::load_yaml_document;

// Every mapping of the run file and the keys it accepts, by dotted path ("" is the document):
// the reader takes its sections from here and run_file_keys() lists the keys from it, so the
// key table of docs/run_file.md can be checked against the reader.
const std::map<std::string, std::vector<std::string>>& section_keys() {
  static const std::map<std::string, std::vector<std::string>> table = [] {
    const std::vector<std::string> source = {"file", "variable"};
    const std::vector<std::string> gcm_period = {"temperature_file",
                                                 "temperature_variable",
                                                 "precipitation_file",
                                                 "precipitation_variable",
                                                 "start",
                                                 "end"};
    return std::map<std::string, std::vector<std::string>>{
        {"",
         {"run", "sea", "climate", "scenario", "inflow", "catchment", "withdrawals", "parameters",
          "output", "ports", "ensemble"}},
        {"run",
         {"name", "start", "end", "calendar", "time_step", "initial_level_m_bs",
          "initial_level_source"}},
        {"sea", {"bathymetry", "seed", "kara_bogaz_gol"}},
        {"sea.bathymetry", source},
        {"sea.seed", {"lat_deg", "lon_deg"}},
        {"sea.kara_bogaz_gol", {"regime", "source"}},
        {"climate",
         {"precipitation", "temperature", "evaporation", "evaporation_scheme",
          "sea_surface_temperature", "wind_speed", "air_temperature_anomalies"}},
        {"climate.precipitation", source},
        {"climate.temperature", source},
        {"climate.evaporation", source},
        {"climate.sea_surface_temperature", source},
        {"climate.wind_speed", source},
        {"climate.air_temperature_anomalies",
         {"file", "column", "source", "baseline_first_year", "baseline_last_year"}},
        {"scenario",
         {"name", "temperature_delta_K", "precipitation_factor", "source", "cmip6", "gcm_fields"}},
        {"scenario.cmip6", {"atlas", "model", "ssp"}},
        {"scenario.gcm_fields",
         {"model", "source", "reference", "future", "ramp_years", "ramp_start",
          "precipitation_floor_mm_per_day"}},
        {"scenario.gcm_fields.reference", gcm_period},
        {"scenario.gcm_fields.future", gcm_period},
        {"inflow",
         {"mode", "rivers", "recorded", "groundwater_km3_per_yr", "monthly_share",
          "monthly_share_source", "factor"}},
        {"inflow.recorded", {"file", "column", "source"}},
        {"catchment",
         {"dem", "temperature", "precipitation", "anomalies", "withdrawals", "closed_basins",
          "write_fields", "warmup_cycles"}},
        {"catchment.dem", source},
        {"catchment.temperature", source},
        {"catchment.precipitation", source},
        {"catchment.anomalies",
         {"file", "climatology_first_year", "climatology_last_year", "bootstrap"}},
        {"catchment.anomalies.bootstrap", {"seed", "block_years", "first_year", "last_year"}},
        {"catchment.withdrawals",
         {"volga", "ural", "kura", "terek", "sulak", "samur", "iranian_rivers", "other_caspian",
          "source"}},
        {"withdrawals", {"km3_per_yr", "source"}},
        {"output", {"directory", "wet_mask"}},
        {"ports", {"file", "policies", "depth_scenario"}},
        {"ensemble",
         {"atlas", "scenarios", "models", "members_per_scenario", "seed", "parameter_sets"}},
    };
  }();
  return table;
}
// The keys of each element of a list (a list is one key of its section).
const std::map<std::string, std::vector<std::string>>& list_item_keys() {
  static const std::map<std::string, std::vector<std::string>> table = {
      {"sea.kara_bogaz_gol.regime", {"from", "strait"}},
      {"inflow.rivers", {"name", "mean_km3_per_yr", "source"}},
  };
  return table;
}

const std::vector<std::string>& keys_at(const std::map<std::string, std::vector<std::string>>& t,
                                        const std::string& path) {
  const auto it = t.find(path);
  if (it == t.end()) throw std::logic_error("run file: no key table for '" + path + "'");
  return it->second;
}

// The mapping under `key` of a section, with the keys of the table.
Section sub(const Section& parent, const std::string& key) {
  return parent.section(key, keys_at(section_keys(), parent.join(key)));
}
// Element k of the list under `key` of a section, with the keys of the table.
Section item(const Section& parent, const std::string& key, const YAML::Node& list, std::size_t k) {
  return Section(parent.file(), list[k], parent.join(key + "[" + std::to_string(k) + "]"),
                 keys_at(list_item_keys(), parent.join(key)));
}

core::YearMonth parse_year_month(const Section& s, const std::string& key) {
  const YAML::Node n = s.required(key);
  const auto text = s.convert<std::string>(n, s.join(key), "a month as YYYY-MM");
  int year = 0, month = 0;
  char dash = 0;
  std::istringstream in(text);
  if (!(in >> year >> dash >> month) || dash != '-' || month < 1 || month > 12 || !in.eof()) {
    s.fail_at(n, s.join(key), "'" + text + "' is not a month as YYYY-MM");
  }
  return {year, month};
}

// A month of a GCM period: YYYY-MM, or YYYY (January for a start, December for an end).
core::YearMonth parse_period_month(const Section& s, const std::string& key, bool is_end) {
  const YAML::Node n = s.required(key);
  const auto text = s.convert<std::string>(n, s.join(key), "a month as YYYY-MM or a year as YYYY");
  int year = 0, month = 0;
  char dash = 0;
  std::istringstream in(text);
  if (!(in >> year)) s.fail_at(n, s.join(key), "'" + text + "' is not YYYY-MM or YYYY");
  if (in.eof()) return {year, is_end ? 12 : 1};
  if (!(in >> dash >> month) || dash != '-' || month < 1 || month > 12 || !in.eof())
    s.fail_at(n, s.join(key), "'" + text + "' is not YYYY-MM or YYYY");
  return {year, month};
}

GcmPeriodConfig parse_gcm_period(const Section& s, const std::filesystem::path& base) {
  GcmPeriodConfig p;
  p.temperature.file = base / s.get<std::string>("temperature_file", "a CF NetCDF file of tas");
  p.temperature.variable = s.get_or<std::string>("temperature_variable", "tas", "a variable name");
  if (s.has("precipitation_file")) {
    VariableSource pr;
    pr.file = base / s.get<std::string>("precipitation_file", "a CF NetCDF file of pr");
    pr.variable = s.get_or<std::string>("precipitation_variable", "pr", "a variable name");
    p.precipitation = pr;
  } else if (s.has("precipitation_variable")) {
    s.fail_at(s.raw("precipitation_variable"), s.join("precipitation_variable"),
              "given without precipitation_file");
  }
  p.first = parse_period_month(s, "start", false);
  p.last = parse_period_month(s, "end", true);
  if (p.last < p.first) s.fail_at(s.raw("end"), s.join("end"), "before start");
  return p;
}

GcmFieldsConfig parse_gcm_fields(const Section& g, const std::filesystem::path& base) {
  GcmFieldsConfig c;
  c.model = g.get<std::string>("model", "the GCM's name");
  c.source = g.get_or<std::string>("source", "", "a text");
  c.reference = parse_gcm_period(sub(g, "reference"), base);
  c.future = parse_gcm_period(sub(g, "future"), base);
  if (c.reference.precipitation.has_value() != c.future.precipitation.has_value()) {
    g.fail_at(g.raw("future"), g.join("future"),
              "precipitation_file is given for one period only; give it for both reference and "
              "future (or neither: precipitation then stays unchanged)");
  }
  c.ramp_years = g.get_or<double>("ramp_years", 0.0, "years (>= 0)");
  if (!(c.ramp_years >= 0.0 && c.ramp_years <= 500.0))
    g.fail_at(g.raw("ramp_years"), g.join("ramp_years"), "expected 0..500 years (0 = a step)");
  if (g.has("ramp_start")) c.ramp_start = parse_year_month(g, "ramp_start");
  c.precipitation_floor_mm_per_day =
      g.get_or<double>("precipitation_floor_mm_per_day", 0.1, "mm/day (> 0)");
  if (!(c.precipitation_floor_mm_per_day > 0.0 && c.precipitation_floor_mm_per_day <= 10.0)) {
    g.fail_at(g.raw("precipitation_floor_mm_per_day"), g.join("precipitation_floor_mm_per_day"),
              "expected a floor > 0 and <= 10 mm/day");
  }
  return c;
}

bool is_ssp(const std::string& name) {
  return name == "ssp126" || name == "ssp245" || name == "ssp370" || name == "ssp585";
}

// A seed: a whole number 0..2^53 (so that YAML and every reader keep it exactly).
std::uint64_t parse_seed(const Section& s, const std::string& key) {
  const YAML::Node n = s.required(key);
  const auto value = s.convert<long long>(n, s.join(key), "a whole number 0..2^53");
  if (value < 0 || value > (1LL << 53))
    s.fail_at(n, s.join(key), "expected a whole number 0..2^53");
  return std::uint64_t(value);
}

// A non-empty list of texts.
std::vector<std::string> string_list(const Section& s, const std::string& key,
                                     const char* expected) {
  const YAML::Node list = s.required(key);
  if (!list.IsSequence() || list.size() == 0)
    s.fail_at(list, s.join(key), std::string("expected ") + expected);
  std::vector<std::string> out;
  for (std::size_t k = 0; k < list.size(); ++k)
    out.push_back(s.convert<std::string>(list[k], s.join(key), expected));
  return out;
}

VariableSource parse_source(const Section& parent, const std::string& key,
                            const std::filesystem::path& base) {
  const Section s = sub(parent, key);
  VariableSource out;
  out.file = base / s.get<std::string>("file", "a file path");
  out.variable = s.get<std::string>("variable", "a variable name");
  return out;
}

YearTrajectory parse_trajectory(const Section& parent, const std::string& key, double fallback,
                                double min_value, double max_value) {
  YearTrajectory out;
  if (!parent.has(key)) {
    out[2000] = fallback;
    return out;
  }
  const YAML::Node n = parent.raw(key);
  const std::string where = parent.join(key);
  const bool scalar = n.IsScalar();  // held at year 2000 internally; reported without a year
  if (scalar) {
    out[2000] = parent.convert<double>(n, where, "a number or a map of year: value");
  } else if (n.IsMap()) {
    for (const auto& entry : n) {
      const int year = parent.convert<int>(entry.first, where, "a year (integer) as key");
      if (out.contains(year)) {
        parent.fail_at(entry.first, where + "." + std::to_string(year),
                       "the year is given twice; expected each year once");
      }
      out[year] =
          parent.convert<double>(entry.second, where + "." + std::to_string(year), "a number");
    }
  } else {
    parent.fail_at(n, where, "expected a number or a map of year: value");
  }
  for (const auto& [year, value] : out) {
    if (value < min_value || value > max_value) {
      parent.fail_at(n, scalar ? where : where + "." + std::to_string(year),
                     "value " + std::to_string(value) + " outside [" + std::to_string(min_value) +
                         ", " + std::to_string(max_value) + "]");
    }
  }
  return out;
}

}  // namespace

RunConfig load_run_config(const std::filesystem::path& run_file) {
  const std::string file = run_file.string();
  auto doc = load_yaml_document(run_file, "run file");
  RunConfig cfg;
  cfg.run_file = run_file;
  cfg.yaml_text = std::move(doc.text);
  const YAML::Node root = doc.root;
  const auto base = run_file.parent_path();
  const Section top(file, root, "", keys_at(section_keys(), ""));

  const Section run = sub(top, "run");
  cfg.name = run.get<std::string>("name", "a text");
  cfg.start = parse_year_month(run, "start");
  cfg.end = parse_year_month(run, "end");
  if (cfg.end < cfg.start) run.fail_at(run.raw("end"), run.join("end"), "end is before start");
  const auto calendar =
      run.get_or<std::string>("calendar", "proleptic_gregorian", "a CF calendar name");
  try {
    cfg.calendar = core::parse_calendar(calendar);
  } catch (const std::invalid_argument& e) {
    run.fail_at(run.raw("calendar"), run.join("calendar"), e.what());
  }
  const auto step = run.get_or<std::string>("time_step", "monthly", "monthly");
  if (step != "monthly") {
    run.fail_at(run.raw("time_step"), run.join("time_step"),
                "'" + step + "' is not supported (expected monthly)");
  }
  cfg.initial_level_m_bs = run.get<double>("initial_level_m_bs", "a level in m BS");
  cfg.initial_level_source = run.get_or<std::string>("initial_level_source", "", "a text");

  const Section sea = sub(top, "sea");
  cfg.bathymetry = parse_source(sea, "bathymetry", base);
  const Section seed = sub(sea, "seed");
  cfg.seed_lat_deg = seed.get<double>("lat_deg", "a latitude in degrees north");
  cfg.seed_lon_deg = seed.get<double>("lon_deg", "a longitude in degrees east");
  if (!(std::abs(cfg.seed_lat_deg) <= 90.0)) {
    seed.fail_at(seed.raw("lat_deg"), seed.join("lat_deg"), "latitude outside -90..90");
  }
  if (cfg.seed_lon_deg < -180.0 || cfg.seed_lon_deg > 360.0) {
    seed.fail_at(seed.raw("lon_deg"), seed.join("lon_deg"),
                 "longitude outside -180..360 (degrees east, either convention)");
  }

  if (sea.has("kara_bogaz_gol")) {
    const Section kbg = sub(sea, "kara_bogaz_gol");
    cfg.kbg_regime_source = kbg.get_or<std::string>("source", "", "a text");
    const YAML::Node list = kbg.required("regime");
    if (!list.IsSequence()) {
      kbg.fail_at(list, kbg.join("regime"),
                  "expected a list of {from: YYYY-MM, strait: open|closed|culverts} (an empty "
                  "list [] keeps the strait open)");
    }
    std::vector<KbgRegimeEntry> regime;
    for (std::size_t k = 0; k < list.size(); ++k) {
      const Section entry = item(kbg, "regime", list, k);
      KbgRegimeEntry e;
      e.from = parse_year_month(entry, "from");
      e.strait = entry.get<std::string>("strait", "open, closed or culverts");
      if (e.strait != "open" && e.strait != "closed" && e.strait != "culverts") {
        entry.fail_at(entry.raw("strait"), entry.join("strait"),
                      "'" + e.strait +
                          "' is not a state of the strait (expected open, closed or "
                          "culverts)");
      }
      if (!regime.empty() && !(regime.back().from < e.from)) {
        entry.fail_at(entry.raw("from"), entry.join("from"),
                      "changes must be in time order, each after the one before");
      }
      regime.push_back(e);
    }
    cfg.kbg_regime = regime;
  }

  const Section climate = sub(top, "climate");
  cfg.precipitation = parse_source(climate, "precipitation", base);
  cfg.temperature = parse_source(climate, "temperature", base);
  if (climate.has("evaporation")) cfg.evaporation = parse_source(climate, "evaporation", base);
  cfg.evaporation_scheme = climate.get_or<std::string>("evaporation_scheme", "bulk_aerodynamic",
                                                       "bulk_aerodynamic or linacre");
  if (cfg.evaporation_scheme != "bulk_aerodynamic" && cfg.evaporation_scheme != "linacre") {
    climate.fail_at(
        climate.raw("evaporation_scheme"), climate.join("evaporation_scheme"),
        "'" + cfg.evaporation_scheme + "' is not a scheme (expected bulk_aerodynamic or linacre)");
  }
  if (climate.has("sea_surface_temperature"))
    cfg.sea_surface_temperature = parse_source(climate, "sea_surface_temperature", base);
  if (climate.has("wind_speed")) cfg.wind_speed = parse_source(climate, "wind_speed", base);
  if (cfg.evaporation_scheme == "bulk_aerodynamic" && !cfg.evaporation) {
    for (const char* key : {"sea_surface_temperature", "wind_speed"}) {
      if (!climate.has(key)) {
        climate.fail_at(climate.node(), climate.join(key),
                        "required by the bulk_aerodynamic evaporation scheme (a monthly "
                        "climatology {file, variable}); or set climate.evaporation_scheme: "
                        "linacre");
      }
    }
  }
  if (climate.has("air_temperature_anomalies")) {
    const Section a = sub(climate, "air_temperature_anomalies");
    AnomalySeriesConfig ac;
    ac.series.file = base / a.get<std::string>("file", "a CSV file (header row, units row)");
    ac.series.column = a.get<std::string>("column", "a column name");
    ac.series.source = a.get_or<std::string>("source", "", "a text");
    ac.baseline_first_year = a.get_or<int>("baseline_first_year", 1981, "a year");
    ac.baseline_last_year = a.get_or<int>("baseline_last_year", 2010, "a year");
    if (ac.baseline_last_year < ac.baseline_first_year) {
      a.fail_at(a.raw("baseline_last_year"), a.join("baseline_last_year"),
                "before baseline_first_year");
    }
    cfg.air_temperature_anomalies = ac;
  }

  if (top.has("scenario")) {
    const Section scenario = sub(top, "scenario");
    cfg.scenario.name = scenario.get_or<std::string>("name", "", "a text");
    if (scenario.has("cmip6")) {
      const Section c = sub(scenario, "cmip6");
      Cmip6ScenarioConfig cc;
      cc.atlas_folder = base / c.get<std::string>("atlas", "the folder of the AR6 Atlas files");
      cc.model = c.get<std::string>("model", "a CMIP6 model name");
      cc.ssp = c.get<std::string>("ssp", "ssp126, ssp245, ssp370 or ssp585");
      if (!is_ssp(cc.ssp)) {
        c.fail_at(c.raw("ssp"), c.join("ssp"),
                  "'" + cc.ssp + "' is not a scenario (expected ssp126, ssp245, ssp370 or ssp585)");
      }
      cfg.scenario.cmip6 = cc;
    }
    if (scenario.has("gcm_fields")) {
      if (scenario.has("cmip6")) {
        scenario.fail_at(scenario.raw("gcm_fields"), scenario.join("gcm_fields"),
                         "scenario.cmip6 and scenario.gcm_fields are both given; a run takes one "
                         "scenario change (remove one of them)");
      }
      cfg.scenario.gcm_fields = parse_gcm_fields(sub(scenario, "gcm_fields"), base);
    }
    cfg.scenario.temperature_delta_K =
        parse_trajectory(scenario, "temperature_delta_K", 0.0, -10.0, 15.0);
    cfg.scenario.precipitation_factor =
        parse_trajectory(scenario, "precipitation_factor", 1.0, 0.0, 5.0);
    cfg.scenario.source = scenario.get_or<std::string>("source", "", "a text");
  } else {
    cfg.scenario.temperature_delta_K[2000] = 0.0;
    cfg.scenario.precipitation_factor[2000] = 1.0;
  }

  const Section inflow = sub(top, "inflow");
  cfg.inflow.mode =
      inflow.get_or<std::string>("mode", "prescribed", "prescribed, catchment or recorded");
  if (cfg.inflow.mode != "prescribed" && cfg.inflow.mode != "catchment" &&
      cfg.inflow.mode != "recorded") {
    inflow.fail_at(
        inflow.raw("mode"), inflow.join("mode"),
        "'" + cfg.inflow.mode + "' is not a mode (expected prescribed, catchment or recorded)");
  }
  const bool prescribed = cfg.inflow.mode == "prescribed";
  const bool recorded = cfg.inflow.mode == "recorded";
  if (recorded && inflow.has("rivers")) {
    inflow.fail_at(inflow.raw("rivers"), inflow.join("rivers"),
                   "given, but inflow.mode is recorded: the recorded series (inflow.recorded) is "
                   "the whole river inflow");
  }
  if (recorded) {
    const Section r = sub(inflow, "recorded");
    cfg.inflow.recorded = RecordedInflowConfig{
        base / r.get<std::string>("file", "a CSV file of the recorded inflow"),
        r.get<std::string>("column", "a column name of that file"),
        r.get<std::string>("source", "a source id (see inputs/PROVENANCE.md)")};
  } else if (inflow.has("recorded")) {
    inflow.fail_at(inflow.raw("recorded"), inflow.join("recorded"),
                   "given, but inflow.mode is " + cfg.inflow.mode + " (not recorded)");
  }
  const YAML::Node rivers =
      prescribed ? inflow.required("rivers") : YAML::Node(YAML::NodeType::Sequence);
  if (prescribed && (!rivers.IsSequence() || rivers.size() == 0)) {
    inflow.fail_at(rivers, inflow.join("rivers"), "expected a list of rivers");
  }
  for (std::size_t k = 0; k < rivers.size(); ++k) {
    const Section river = item(inflow, "rivers", rivers, k);
    RiverInflowConfig r;
    r.name = river.get<std::string>("name", "a river name");
    r.mean_km3_per_yr = river.get<double>("mean_km3_per_yr", "a mean inflow in km3/yr");
    if (r.mean_km3_per_yr < 0.0 || r.mean_km3_per_yr > 1000.0) {
      river.fail_at(river.raw("mean_km3_per_yr"), river.join("mean_km3_per_yr"),
                    "expected a mean inflow between 0 and 1000 km3/yr");
    }
    r.source = river.get<std::string>("source", "a source id (see inputs/PROVENANCE.md)");
    cfg.inflow.rivers.push_back(r);
  }
  cfg.inflow.groundwater_km3_per_yr =
      inflow.get_or<double>("groundwater_km3_per_yr", 0.0, "km3/yr");
  if (cfg.inflow.groundwater_km3_per_yr < 0.0 || cfg.inflow.groundwater_km3_per_yr > 100.0) {
    // Published estimates of the groundwater inflow to the Caspian are a few km3/yr (about 4,
    // CEP_WL); 100 km3/yr is a third of the rivers' inflow, and a negative inflow is a withdrawal
    // (withdrawals.km3_per_yr).
    inflow.fail_at(inflow.raw("groundwater_km3_per_yr"), inflow.join("groundwater_km3_per_yr"),
                   "expected 0..100 km3/yr: published estimates of the groundwater inflow are a "
                   "few km3/yr (about 4); water taken from the sea is withdrawals.km3_per_yr");
  }
  if (inflow.has("monthly_share")) {
    const YAML::Node shares = inflow.raw("monthly_share");
    if (!shares.IsSequence() || shares.size() != 12) {
      inflow.fail_at(shares, inflow.join("monthly_share"), "expected a list of 12 monthly shares");
    }
    double sum = 0.0;
    for (std::size_t m = 0; m < 12; ++m) {
      const double v = inflow.convert<double>(shares[m], inflow.join("monthly_share"), "a number");
      if (v < 0.0) inflow.fail_at(shares[m], inflow.join("monthly_share"), "shares must be >= 0");
      cfg.inflow.monthly_share.push_back(v);
      sum += v;
    }
    if (std::abs(sum - 1.0) > 0.005) {
      inflow.fail_at(shares, inflow.join("monthly_share"),
                     "the 12 shares sum to " + std::to_string(sum) + ", expected 1 (+-0.005)");
    }
    for (double& v : cfg.inflow.monthly_share) v /= sum;
  } else {
    cfg.inflow.monthly_share.assign(12, 1.0 / 12.0);
  }
  cfg.inflow.monthly_share_source =
      inflow.get_or<std::string>("monthly_share_source", "", "a text");
  cfg.inflow.factor = parse_trajectory(inflow, "factor", 1.0, 0.0, 5.0);

  if (cfg.inflow.mode == "catchment") {
    const Section c = sub(top, "catchment");
    CatchmentConfig cc;
    cc.dem = parse_source(c, "dem", base);
    cc.temperature = parse_source(c, "temperature", base);
    cc.precipitation = parse_source(c, "precipitation", base);
    const Section a = sub(c, "anomalies");
    cc.anomalies_file = base / a.get<std::string>("file", "a daily CSV file");
    cc.anomaly_climatology_first_year = a.get_or<int>("climatology_first_year", 1981, "a year");
    cc.anomaly_climatology_last_year = a.get_or<int>("climatology_last_year", 2010, "a year");
    if (cc.anomaly_climatology_last_year < cc.anomaly_climatology_first_year) {
      a.fail_at(a.raw("climatology_last_year"), a.join("climatology_last_year"),
                "before climatology_first_year");
    }
    if (a.has("bootstrap")) {
      const Section b = sub(a, "bootstrap");
      WeatherBootstrapConfig bc;
      bc.seed = parse_seed(b, "seed");
      bc.block_years = b.get_or<int>("block_years", 5, "a count of years (1..30)");
      if (bc.block_years < 1 || bc.block_years > 30)
        b.fail_at(b.raw("block_years"), b.join("block_years"), "expected 1..30");
      bc.first_year = b.get_or<int>("first_year", cc.anomaly_climatology_first_year, "a year");
      bc.last_year = b.get_or<int>("last_year", cc.anomaly_climatology_last_year, "a year");
      if (bc.last_year < bc.first_year + bc.block_years - 1) {
        b.fail_at(b.raw("last_year") ? b.raw("last_year") : b.node(), b.join("last_year"),
                  "the years first_year..last_year must hold at least one block of block_years");
      }
      cc.bootstrap = bc;
    }
    if (c.has("withdrawals")) {
      const Section w = sub(c, "withdrawals");
      for (const auto& river : keys_at(section_keys(), "catchment.withdrawals")) {
        if (river != "source" && w.has(river))
          cc.withdrawal_km3_per_yr[river] = parse_trajectory(w, river, 0.0, 0.0, 500.0);
      }
      cc.withdrawal_source = w.get_or<std::string>("source", "", "a text");
    }
    if (c.has("closed_basins")) {
      cc.closed_basins_file =
          base / c.get<std::string>("closed_basins", "a closed-basin list file");
    }
    cc.write_fields = c.get_or<bool>("write_fields", true, "true or false");
    cc.warmup_cycles = c.get_or<int>("warmup_cycles", 3, "a count of years (0..50)");
    if (cc.warmup_cycles < 0 || cc.warmup_cycles > 50) {
      c.fail_at(c.raw("warmup_cycles"), c.join("warmup_cycles"), "expected 0..50");
    }
    cfg.catchment = cc;
  } else if (top.has("catchment")) {
    top.fail_at(top.raw("catchment"), "catchment", "given, but inflow.mode is not catchment");
  }

  if (top.has("withdrawals")) {
    const Section w = sub(top, "withdrawals");
    cfg.withdrawal_km3_per_yr = parse_trajectory(w, "km3_per_yr", 0.0, 0.0, 500.0);
  } else {
    cfg.withdrawal_km3_per_yr[2000] = 0.0;
  }

  if (top.has("parameters")) {
    const YAML::Node params = top.raw("parameters");
    if (!params.IsMap())
      top.fail_at(params, "parameters", "expected a mapping of parameter: value");
    std::set<std::string> given;
    for (const auto& entry : params) {
      if (!entry.first.IsScalar())
        top.fail_at(entry.first, "parameters", "a parameter name must be a plain name");
      const auto name = entry.first.as<std::string>();
      if (!given.insert(name).second)
        top.fail_at(entry.first, "parameters." + name, "given twice; give it once");
      const auto mark = entry.first.Mark();
      const std::string source = file + " (line " + std::to_string(mark.line + 1) + ")";
      const double value = top.convert<double>(entry.second, "parameters." + name, "a number");
      cfg.parameters.set(name, value, source);
    }
  }

  if (top.has("output")) {
    const Section out = sub(top, "output");
    if (out.has("directory"))
      cfg.output_directory = base / out.get<std::string>("directory", "a folder");
    cfg.write_wet_mask = out.get_or<bool>("wet_mask", true, "true or false");
  }

  if (top.has("ports")) {
    const Section ports = sub(top, "ports");
    PortsRunConfig pc;
    pc.file = base / ports.get<std::string>("file", "the port data file (YAML)");
    if (ports.has("policies")) {
      const YAML::Node list = ports.raw("policies");
      if (!list.IsSequence() || list.size() == 0) {
        ports.fail_at(list, ports.join("policies"),
                      "expected a list of dredging policies (no_dredging, hold_design_depth)");
      }
      pc.policies.clear();
      for (std::size_t k = 0; k < list.size(); ++k) {
        const auto name = ports.convert<std::string>(list[k], ports.join("policies"), "a policy");
        if (name != "no_dredging" && name != "hold_design_depth") {
          ports.fail_at(list[k], ports.join("policies"),
                        "'" + name +
                            "' is not a policy (expected no_dredging or "
                            "hold_design_depth)");
        }
        if (std::find(pc.policies.begin(), pc.policies.end(), name) == pc.policies.end())
          pc.policies.push_back(name);
      }
    }
    pc.depth_scenario = ports.get_or<std::string>(
        "depth_scenario", "", "a depth scenario name defined in the port data file");
    cfg.ports = pc;
  }

  if (top.has("ensemble")) {
    const Section e = sub(top, "ensemble");
    if (!cfg.catchment || !cfg.catchment->bootstrap) {
      top.fail_at(top.raw("ensemble"), "ensemble",
                  "an ensemble runs the gridded catchment on bootstrapped weather: it needs "
                  "inflow.mode: catchment and catchment.anomalies.bootstrap");
    }
    EnsembleConfig ec;
    ec.atlas_folder = base / e.get<std::string>("atlas", "the folder of the AR6 Atlas files");
    ec.scenarios = string_list(e, "scenarios", "a list of scenarios (ssp126, ssp245, ...)");
    for (std::size_t k = 0; k < ec.scenarios.size(); ++k) {
      if (!is_ssp(ec.scenarios[k])) {
        e.fail_at(e.raw("scenarios")[k], e.join("scenarios"),
                  "'" + ec.scenarios[k] +
                      "' is not a scenario (expected ssp126, ssp245, ssp370 or ssp585)");
      }
      for (std::size_t j = 0; j < k; ++j) {
        if (ec.scenarios[j] == ec.scenarios[k])
          e.fail_at(e.raw("scenarios")[k], e.join("scenarios"), ec.scenarios[k] + " is repeated");
      }
    }
    if (e.has("models")) ec.models = string_list(e, "models", "a list of CMIP6 model names");
    ec.members_per_scenario =
        e.get_or<int>("members_per_scenario", 8, "a count of members (1..10000)");
    if (ec.members_per_scenario < 1 || ec.members_per_scenario > 10000) {
      e.fail_at(e.raw("members_per_scenario"), e.join("members_per_scenario"),
                "expected 1..10000 members");
    }
    ec.seed = parse_seed(e, "seed");
    if (e.has("parameter_sets"))
      ec.parameter_sets = base / e.get<std::string>("parameter_sets", "a parameter-set file");
    cfg.ensemble = ec;
  }
  return cfg;
}

std::vector<std::string> run_file_keys() {
  std::vector<std::string> keys;
  for (const auto& [path, section] : section_keys()) {
    for (const auto& key : section) {
      const std::string dotted = path.empty() ? key : path + "." + key;
      if (!section_keys().contains(dotted)) keys.push_back(dotted);
    }
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace caspian::io
