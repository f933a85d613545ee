#include "caspian/io/ensemble_levels.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <utility>

#include "caspian/core/error.hpp"
#include "csv_fields.hpp"
#include "input_file.hpp"

namespace caspian::io {

namespace {
using detail::split_csv;
using detail::trim;
constexpr std::uintmax_t max_csv_bytes = 256u << 20;

bool is_quantile_name(const std::string& name) {
  return name.size() >= 2 && name[0] == 'p' &&
         std::all_of(name.begin() + 1, name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> first_header(std::ifstream& in, std::size_t& line_no) {
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    return split_csv(line);
  }
  return {};
}

long column(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? -1 : long(it - header.begin());
}
}  // namespace

bool is_ensemble_quantiles_csv(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return false;
  std::size_t line_no = 0;
  const auto header = first_header(in, line_no);
  return column(header, "scenario") >= 0 && column(header, "year") >= 0 &&
         column(header, "variable") >= 0 &&
         std::any_of(header.begin(), header.end(), is_quantile_name);
}

std::vector<LevelQuantileSeries> read_ensemble_level_quantiles(const std::filesystem::path& path) {
  const std::string file = path.string();
  detail::check_input_file(path, "ensemble quantile file", max_csv_bytes);
  std::ifstream in(path);
  if (!in) throw core::InputError(file, "", "cannot open the ensemble quantile file");
  std::size_t line_no = 0;
  const auto header = first_header(in, line_no);
  const long c_scenario = column(header, "scenario");
  const long c_year = column(header, "year");
  const long c_variable = column(header, "variable");
  std::vector<std::pair<std::string, long>> quantiles;
  for (std::size_t k = 0; k < header.size(); ++k)
    if (is_quantile_name(header[k])) quantiles.emplace_back(header[k], long(k));
  if (c_scenario < 0 || c_year < 0 || c_variable < 0 || quantiles.empty())
    throw core::InputError(file, "header",
                           "expected the columns scenario, year, variable and p05..p95 of an "
                           "ensemble_quantiles.csv");
  std::map<std::pair<std::string, std::string>, LevelQuantileSeries> series;
  std::vector<std::pair<std::string, std::string>> order;
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    const auto fields = split_csv(line);
    const std::string where = fmt::format("line {}", line_no);
    if (fields.size() < header.size())
      throw core::InputError(
          file, where,
          fmt::format("has {} fields; expected {} as in the header", fields.size(), header.size()));
    if (fields[std::size_t(c_variable)] != "sea_level_m_bs") continue;
    int year = 0;
    const std::string& y = fields[std::size_t(c_year)];
    const auto [p, ec] = std::from_chars(y.data(), y.data() + y.size(), year);
    if (ec != std::errc() || p != y.data() + y.size() || year < 1 || year > 9999)
      throw core::InputError(file, where, fmt::format("year '{}' is not a year", y));
    const std::string& scenario = fields[std::size_t(c_scenario)];
    for (const auto& [name, col] : quantiles) {
      const std::string& text = fields[std::size_t(col)];
      char* end = nullptr;
      const double level = std::strtod(text.c_str(), &end);
      if (text.empty() || *end != '\0' || !std::isfinite(level) || level < -2000.0 ||
          level > 1000.0)
        throw core::InputError(
            file, where,
            fmt::format("{} '{}' is not a sea level in m BS (-2000..1000)", name, text));
      const auto key = std::make_pair(scenario, name);
      auto [it, fresh] = series.try_emplace(key);
      if (fresh) {
        it->second.scenario = scenario;
        it->second.statistic = name;
        order.push_back(key);
      }
      if (!it->second.years.empty() && year <= it->second.years.back())
        throw core::InputError(
            file, where,
            fmt::format("year {} of {} is not after {}", year, scenario, it->second.years.back()));
      it->second.years.push_back(year);
      it->second.level_m_bs.push_back(level);
    }
  }
  if (order.empty())
    throw core::InputError(file, "variable",
                           "no sea_level_m_bs rows: expected the sea-level quantiles of caspian "
                           "ensemble");
  std::vector<LevelQuantileSeries> out;
  for (const auto& key : order) out.push_back(std::move(series[key]));
  return out;
}

}  // namespace caspian::io
