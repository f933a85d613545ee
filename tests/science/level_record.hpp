#pragma once
// The observed annual levels (inputs/sea_level/caspian_level_annual_1921-2025.csv, whole-sea
// column) and the figures the hindcast tests report against them.
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "caspian/io/annual_series.hpp"
#include "system/run_helpers.hpp"

namespace caspian::testing {

inline std::map<int, double> observed_whole_sea_levels() {
  return io::read_annual_series_csv(
             inputs_dir() / "sea_level/caspian_level_annual_1921-2025.csv", "level_whole_sea_m_bs",
             [](std::string_view u) { return u == "m BS"; }, "m BS")
      .value_by_year;
}

// Annual means of a run's annual_summary.csv (column mean_level_m_bs), by year.
inline std::map<int, double> modelled_annual_levels(const std::filesystem::path& summary_csv) {
  std::ifstream in(summary_csv);
  std::string line;
  std::getline(in, line);
  std::map<int, double> out;
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::string year, months, mean;
    std::getline(row, year, ',');
    std::getline(row, months, ',');
    std::getline(row, mean, ',');
    out[std::stoi(year)] = std::stod(mean);
  }
  return out;
}

// Column of annual_summary.csv by name, by year.
inline std::map<int, double> summary_column(const std::filesystem::path& summary_csv,
                                            const std::string& column) {
  std::ifstream in(summary_csv);
  std::string line;
  std::getline(in, line);
  std::stringstream header(line);
  std::string name;
  int index = -1;
  for (int k = 0; std::getline(header, name, ','); ++k)
    if (name == column) index = k;
  std::map<int, double> out;
  while (index >= 0 && std::getline(in, line)) {
    std::stringstream row(line);
    std::string cell, year;
    for (int k = 0; std::getline(row, cell, ','); ++k) {
      if (k == 0) year = cell;
      if (k == index) out[std::stoi(year)] = std::stod(cell);
    }
  }
  return out;
}

inline double trend_cm_per_yr(const std::map<int, double>& annual, int first, int last) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0, n = 0;
  for (int y = first; y <= last; ++y) {
    const double x = y, v = annual.at(y);
    sx += x;
    sy += v;
    sxx += x * x;
    sxy += x * v;
    n += 1;
  }
  return 100.0 * (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

struct LevelSkill {
  double rmse_m = 0.0, bias_m = 0.0, change_correlation = 0.0;
  int years = 0;
};

// Over first..last: RMSE and bias (model - observed) of the annual means and the correlation of
// the year-on-year changes.
inline LevelSkill level_skill(const std::map<int, double>& model, const std::map<int, double>& obs,
                              int first, int last) {
  LevelSkill s;
  double se = 0.0, sb = 0.0;
  std::vector<double> dm, dobs;
  for (int y = first; y <= last; ++y) {
    const double e = model.at(y) - obs.at(y);
    se += e * e;
    sb += e;
    ++s.years;
    if (y > first) {
      dm.push_back(model.at(y) - model.at(y - 1));
      dobs.push_back(obs.at(y) - obs.at(y - 1));
    }
  }
  s.rmse_m = std::sqrt(se / s.years);
  s.bias_m = sb / s.years;
  double mx = 0, my = 0;
  for (std::size_t k = 0; k < dm.size(); ++k) {
    mx += dm[k] / double(dm.size());
    my += dobs[k] / double(dm.size());
  }
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t k = 0; k < dm.size(); ++k) {
    sxy += (dm[k] - mx) * (dobs[k] - my);
    sxx += (dm[k] - mx) * (dm[k] - mx);
    syy += (dobs[k] - my) * (dobs[k] - my);
  }
  s.change_correlation = sxy / std::sqrt(sxx * syy);
  return s;
}

inline int year_of_maximum(const std::map<int, double>& annual, int first, int last) {
  int best = first;
  for (int y = first; y <= last; ++y)
    if (annual.at(y) > annual.at(best)) best = y;
  return best;
}

}  // namespace caspian::testing
