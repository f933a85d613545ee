#include "caspian/io/cmip6_atlas.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "caspian/core/error.hpp"
#include "csv_fields.hpp"
#include "input_file.hpp"

namespace caspian::io {

namespace {
using detail::split_csv;
using detail::trim;

double number(const std::string& text, const std::string& path, int line, const std::string& what) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v))
    throw core::InputError(path, fmt::format("line {}", line),
                           fmt::format("'{}' is not {}", text, what));
  return v;
}
}  // namespace

AtlasRegionalSeries read_atlas_regional_csv(const std::filesystem::path& file, bool non_negative) {
  const std::string path = file.string();
  detail::check_input_file(file, "CMIP6 Atlas regional series", 0);
  std::ifstream in(file);
  if (!in) throw core::InputError(path, "", "cannot open the file");
  std::string line;
  if (!std::getline(in, line) || split_csv(line) != std::vector<std::string>{"date", "EEU", "WCA"})
    throw core::InputError(path, "line 1", "expected the header date,EEU,WCA");
  AtlasRegionalSeries out;
  int n = 1;
  while (std::getline(in, line)) {
    ++n;
    if (trim(line).empty()) continue;
    const auto f = split_csv(line);
    int year = 0, month = 0;
    char dash = 0;
    std::istringstream d(f[0]);
    if (f.size() != 3 || !(d >> year >> dash >> month) || dash != '-' || month < 1 || month > 12)
      throw core::InputError(path, fmt::format("line {}", n), "expected YYYY-MM,EEU,WCA");
    out.months.push_back({year, month});
    for (std::size_t r = 0; r < climate::region_count; ++r) {
      const double v = number(f[r + 1], path, n, "a number");
      if (non_negative && v < 0.0)
        throw core::InputError(path, fmt::format("line {}", n), "precipitation must be >= 0");
      out.values[r].push_back(v);
    }
  }
  if (out.months.empty()) throw core::InputError(path, "", "no rows");
  return out;
}

WarmingTable read_warming_levels_csv(const std::filesystem::path& file) {
  const std::string path = file.string();
  detail::check_input_file(file, "CMIP6 Atlas warming-level table", 0);
  std::ifstream in(file);
  if (!in) throw core::InputError(path, "", "cannot open the file");
  std::string line;
  if (!std::getline(in, line)) throw core::InputError(path, "line 1", "empty file");
  const auto header = split_csv(line);
  WarmingTable table;
  int n = 1;
  while (std::getline(in, line)) {
    ++n;
    if (trim(line).empty()) continue;
    const auto f = split_csv(line);
    if (f.size() != header.size())
      throw core::InputError(path, fmt::format("line {}", n),
                             fmt::format("{} fields, the header has {}", f.size(), header.size()));
    const std::string model = f[0].substr(0, f[0].find('_'));
    for (std::size_t c = 1; c < f.size(); ++c) {
      const auto underscore = header[c].find('_');
      if (underscore == std::string::npos)
        throw core::InputError(path, "line 1", "columns must be <level>_<ssp>");
      const double level = number(header[c].substr(0, underscore), path, 1, "a warming level");
      const std::string ssp = header[c].substr(underscore + 1);
      std::size_t k = 0;
      while (k < climate::warming_levels_K.size() && climate::warming_levels_K[k] != level) ++k;
      if (k == climate::warming_levels_K.size())
        throw core::InputError(path, "line 1", fmt::format("unknown warming level {}", level));
      if (f[c] == "9999") continue;
      climate::WarmingCrossings none;
      none.year.fill(std::nan(""));
      auto& crossings = table[model].try_emplace(ssp, none).first->second;
      crossings.year[k] = f[c] == "NA" ? std::nan("") : number(f[c], path, n, "a year or NA");
    }
  }
  return table;
}

ModelPattern load_model_pattern(const std::filesystem::path& folder, const std::string& model,
                                const WarmingTable& warming) {
  const auto it = warming.find(model);
  if (it == warming.end() || !it->second.count("ssp585"))
    throw core::InputError((folder / "CMIP6_Atlas_WarmingLevels.csv").string(), model,
                           "no SSP5-8.5 crossing years for this model");
  auto read = [&](const char* var, const char* experiment, bool non_negative) {
    const auto file = folder / fmt::format("{}_{}_{}.csv", var, model, experiment);
    if (!std::filesystem::exists(file))
      throw core::InputError(file.string(), model,
                             fmt::format("no {} {} file for this model", var, experiment));
    const auto s = read_atlas_regional_csv(file, non_negative);
    try {
      return climate::monthly_means(s.months, s.values);
    } catch (const std::invalid_argument& e) {
      throw core::InputError(file.string(), "date", e.what());
    }
  };
  ModelPattern out;
  out.model = model;
  for (const auto& [ssp, crossings] : it->second)
    out.paths.emplace(ssp, climate::WarmingPath(crossings, climate::ar6_assessed_path(ssp),
                                                atlas_reference_year, atlas_reference_warming_K));
  const double warming_K =
      out.paths.at("ssp585").at(atlas_future_window_centre) - atlas_reference_warming_K;
  // Read in a fixed order, so the first missing file is the one named.
  const auto tas_historical = read("tas", "historical", false);
  const auto tas_future = read("tas", "ssp585", false);
  const auto pr_historical = read("pr", "historical", true);
  const auto pr_future = read("pr", "ssp585", true);
  out.pattern =
      climate::scaling_pattern(tas_historical, tas_future, pr_historical, pr_future, warming_K);
  return out;
}

}  // namespace caspian::io
