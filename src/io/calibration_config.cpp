#include "caspian/io/calibration_config.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <fstream>
#include <sstream>

#include "caspian/core/error.hpp"
#include "yaml_section.hpp"

namespace caspian::io {

namespace {
using detail::load_yaml_document;
using detail::YamlSection;

DateSpan parse_span_node(const std::string& file, const YAML::Node& node, const std::string& path,
                         bool with_reason) {
  std::vector<std::string> keys{"start", "end"};
  if (with_reason) keys.push_back("reason");
  const YamlSection s(file, node, path, keys);
  DateSpan span;
  for (const char* k : {"start", "end"}) {
    const auto text = s.get<std::string>(k, "a date as YYYY-MM-DD");
    core::Date& d = std::string(k) == "start" ? span.first : span.last;
    if (!parse_iso_date(text, d)) {
      s.fail_at(s.raw(k), s.join(k), "'" + text + "' is not a date as YYYY-MM-DD");
    }
  }
  if (span.last < span.first) s.fail_at(s.raw("end"), s.join("end"), "end is before start");
  if (with_reason) {
    span.reason = s.get<std::string>("reason", "a text saying why the span is excluded");
  }
  return span;
}

DateSpan parse_span(const YamlSection& parent, const std::string& key) {
  return parse_span_node(parent.file(), parent.required(key), parent.join(key), false);
}

bool overlap(const DateSpan& a, const DateSpan& b) {
  return !(a.last < b.first) && !(b.last < a.first);
}
}  // namespace

bool parse_iso_date(const std::string& text, core::Date& date) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const auto part = [&](std::size_t pos, std::size_t len, int& out) {
    const char* first = text.data() + pos;
    const auto [ptr, ec] = std::from_chars(first, first + len, out);
    return ec == std::errc() && ptr == first + len;
  };
  core::Date d;
  if (!part(0, 4, d.year) || !part(5, 2, d.month) || !part(8, 2, d.day)) return false;
  if (d.month < 1 || d.month > 12 || d.day < 1 ||
      d.day > core::days_in_month(core::Calendar::proleptic_gregorian, d.year, d.month)) {
    return false;
  }
  date = d;
  return true;
}

CalibrationConfig load_calibration_config(const std::filesystem::path& run_file) {
  const std::string file = run_file.string();
  auto doc = load_yaml_document(run_file, "calibration file");
  CalibrationConfig cfg;
  cfg.run_file = run_file;
  cfg.yaml_text = std::move(doc.text);
  const YAML::Node root = doc.root;
  const auto base = run_file.parent_path();
  const YamlSection top(
      file, root, "",
      {"calibration", "observations", "periods", "exclude", "fit", "parameters", "output"});

  const YamlSection cal = top.section("calibration", {"name", "description"});
  cfg.name = cal.get<std::string>("name", "a text");

  const YamlSection obs =
      top.section("observations", {"file", "basin_area_km2", "latitude_deg", "quality", "source"});
  cfg.observations_file = base / obs.get<std::string>("file", "a CSV file path");
  cfg.basin_area_km2 = obs.get<double>("basin_area_km2", "a basin area in km2");
  if (!(cfg.basin_area_km2 > 0.0)) {
    obs.fail_at(obs.raw("basin_area_km2"), obs.join("basin_area_km2"), "expected an area > 0");
  }
  cfg.latitude_deg = obs.get<double>("latitude_deg", "a latitude in degrees north");
  if (std::abs(cfg.latitude_deg) > 90.0) {
    obs.fail_at(obs.raw("latitude_deg"), obs.join("latitude_deg"), "latitude outside -90..90");
  }
  if (obs.has("quality")) {
    const YamlSection q = obs.section(
        "quality", {"repeated_discharge_min_days", "repeated_discharge_min_distinct",
                    "precipitation_min_ratio", "precipitation_max_ratio", "exclude_flagged"});
    auto& dq = cfg.quality;
    dq.repeated_discharge_min_days =
        q.get_or<int>("repeated_discharge_min_days", dq.repeated_discharge_min_days, "days");
    dq.repeated_discharge_min_distinct = q.get_or<int>(
        "repeated_discharge_min_distinct", dq.repeated_discharge_min_distinct, "a count");
    dq.precipitation_min_ratio =
        q.get_or<double>("precipitation_min_ratio", dq.precipitation_min_ratio, "a ratio");
    dq.precipitation_max_ratio =
        q.get_or<double>("precipitation_max_ratio", dq.precipitation_max_ratio, "a ratio");
    dq.exclude_flagged = q.get_or<bool>("exclude_flagged", dq.exclude_flagged, "true or false");
    if (dq.repeated_discharge_min_days < 2) {
      q.fail_at(q.raw("repeated_discharge_min_days"), q.join("repeated_discharge_min_days"),
                "expected at least 2 days");
    }
    if (!(dq.precipitation_min_ratio >= 0.0 &&
          dq.precipitation_min_ratio < dq.precipitation_max_ratio)) {
      q.fail_at(q.node(), q.join("precipitation_min_ratio"),
                "expected 0 <= precipitation_min_ratio < precipitation_max_ratio");
    }
  }

  const YamlSection periods =
      top.section("periods", {"warmup", "warmup_cycles", "calibration", "validation"});
  cfg.calibration = parse_span(periods, "calibration");
  cfg.validation = parse_span(periods, "validation");
  if (periods.has("warmup")) {
    cfg.warmup = parse_span(periods, "warmup");
    if (!(cfg.warmup.last < cfg.calibration.first)) {
      periods.fail_at(periods.raw("warmup"), periods.join("warmup"),
                      "the warm-up must end before the calibration period starts");
    }
    cfg.has_warmup = true;
    cfg.warmup_cycles = periods.get_or<int>("warmup_cycles", 1, "a number of repetitions");
    if (cfg.warmup_cycles < 1 || cfg.warmup_cycles > 1000) {
      periods.fail_at(periods.raw("warmup_cycles"), periods.join("warmup_cycles"),
                      "expected 1..1000");
    }
  } else if (periods.has("warmup_cycles")) {
    periods.fail_at(periods.raw("warmup_cycles"), periods.join("warmup_cycles"),
                    "warmup_cycles needs a warmup period");
  }
  if (overlap(cfg.calibration, cfg.validation)) {
    periods.fail_at(periods.raw("validation"), periods.join("validation"),
                    "the validation period overlaps the calibration period");
  }

  if (top.has("exclude")) {
    const YAML::Node list = top.raw("exclude");
    if (!list.IsSequence()) {
      top.fail_at(list, "exclude", "expected a list of {start, end, reason}");
    }
    for (std::size_t k = 0; k < list.size(); ++k) {
      cfg.exclusions.push_back(
          parse_span_node(file, list[k], "exclude[" + std::to_string(k) + "]", true));
    }
  }

  const YamlSection fit = top.section("fit", {"objective", "blocks", "iterations", "restarts",
                                              "seed", "perturbation", "batch_size", "parameters"});
  if (fit.has("objective")) {
    const YAML::Node node = fit.raw("objective");
    const char* expected = "kge, nse, kge_log or kge_monthly, or a list of them";
    cfg.objective_terms.clear();
    if (node.IsSequence() && node.size() > 0) {
      for (std::size_t k = 0; k < node.size(); ++k) {
        cfg.objective_terms.push_back(fit.convert<std::string>(
            node[k], fit.join("objective[" + std::to_string(k) + "]"), expected));
      }
    } else {
      cfg.objective_terms.push_back(fit.get<std::string>("objective", expected));
    }
    cfg.objective.clear();
    for (const auto& term : cfg.objective_terms) {
      if (term != "kge" && term != "nse" && term != "kge_log" && term != "kge_monthly") {
        fit.fail_at(node, fit.join("objective"),
                    "'" + term + "' is not an objective (expected " + expected + ")");
      }
      cfg.objective += (cfg.objective.empty() ? "" : "+") + term;
    }
  }
  cfg.blocks = fit.get_or<int>("blocks", 1, "a number of parts of the calibration period");
  if (cfg.blocks < 1 || cfg.blocks > 100) {
    fit.fail_at(fit.raw("blocks"), fit.join("blocks"), "expected 1..100");
  }
  cfg.iterations = fit.get<int>("iterations", "a number of objective evaluations");
  if (cfg.iterations < 1 || cfg.iterations > 10000000) {
    fit.fail_at(fit.raw("iterations"), fit.join("iterations"), "expected 1..10000000");
  }
  cfg.restarts = fit.get_or<int>("restarts", 1, "a number of independent DDS runs");
  if (cfg.restarts < 1 || cfg.restarts > 1000) {
    fit.fail_at(fit.raw("restarts"), fit.join("restarts"), "expected 1..1000");
  }
  cfg.seed = fit.get<std::uint64_t>("seed", "a non-negative integer seed");
  cfg.perturbation = fit.get_or<double>("perturbation", 0.2, "a number in (0, 1]");
  if (!(cfg.perturbation > 0.0 && cfg.perturbation <= 1.0)) {
    fit.fail_at(fit.raw("perturbation"), fit.join("perturbation"), "expected a number in (0, 1]");
  }
  cfg.batch_size = fit.get_or<int>("batch_size", 8, "a positive integer");
  if (cfg.batch_size < 1 || cfg.batch_size > 1024) {
    fit.fail_at(fit.raw("batch_size"), fit.join("batch_size"), "expected 1..1024");
  }

  // Fixed values first, so a fitted parameter's starting point can come from them.
  if (top.has("parameters")) {
    const YAML::Node params = top.raw("parameters");
    if (!params.IsMap())
      top.fail_at(params, "parameters", "expected a mapping of parameter: value");
    for (const auto& entry : params) {
      const auto name = entry.first.as<std::string>();
      const std::string source =
          file + " (line " + std::to_string(entry.first.Mark().line + 1) + ")";
      const double value = top.convert<double>(entry.second, "parameters." + name, "a number");
      cfg.parameters.set(name, value, source);
    }
  }

  const YAML::Node fit_params = fit.required("parameters");
  if (!fit_params.IsMap() || fit_params.size() == 0) {
    fit.fail_at(fit_params, fit.join("parameters"),
                "expected a mapping of registry name: [min, max] (or empty for the registry "
                "bounds)");
  }
  for (const auto& entry : fit_params) {
    const auto name = entry.first.as<std::string>();
    const std::string where = fit.join("parameters." + name);
    const core::ParameterSpec* spec = core::find_parameter(name);
    if (spec == nullptr) {
      std::string known;
      for (const auto& p : core::parameter_registry()) {
        if (std::string_view(p.name).starts_with("catchment."))
          known += (known.empty() ? "" : ", ") + std::string(p.name);
      }
      fit.fail_at(entry.first, where, "unknown parameter (catchment parameters: " + known + ")");
    }
    for (const auto& f : cfg.fit) {
      if (f.name == name) fit.fail_at(entry.first, where, "listed twice");
    }
    FitParameter fp{name, spec->min_value, spec->max_value};
    const YAML::Node& v = entry.second;
    if (v && !v.IsNull()) {
      if (!v.IsSequence() || v.size() != 2) {
        fit.fail_at(v, where, "expected [min, max] or nothing (the registry bounds)");
      }
      fp.min_value = fit.convert<double>(v[0], where + "[0]", "a number");
      fp.max_value = fit.convert<double>(v[1], where + "[1]", "a number");
      if (!(fp.min_value < fp.max_value) || fp.min_value < spec->min_value ||
          fp.max_value > spec->max_value) {
        fit.fail_at(v, where,
                    "expected min < max within the registry bounds [" +
                        std::to_string(spec->min_value) + ", " + std::to_string(spec->max_value) +
                        "] " + std::string(spec->units));
      }
    }
    const double start = cfg.parameters.get(name);
    if (start < fp.min_value || start > fp.max_value) {
      fit.fail_at(entry.first, where,
                  "the starting value " + std::to_string(start) +
                      " (registry default or parameters:) is outside the fit bounds");
    }
    cfg.fit.push_back(fp);
  }

  if (top.has("output")) {
    const YamlSection out = top.section("output", {"directory"});
    if (out.has("directory"))
      cfg.output_directory = base / out.get<std::string>("directory", "a folder");
  }
  return cfg;
}

}  // namespace caspian::io
