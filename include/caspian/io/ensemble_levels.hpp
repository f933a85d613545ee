#pragma once
// The sea-level quantiles of caspian ensemble's ensemble_quantiles.csv (columns scenario, year,
// variable, ..., p05, p17, p50, p83, p95, members): one annual series per scenario and quantile,
// for commands that take a level series (caspian seabed --levels).
#include <filesystem>
#include <string>
#include <vector>

namespace caspian::io {

struct LevelQuantileSeries {
  std::string scenario;    // e.g. ssp245
  std::string statistic;   // the quantile column, e.g. p50
  std::vector<int> years;  // strictly increasing
  std::vector<double> level_m_bs;
};

// True when the file's first non-comment line is a header with scenario, year, variable and at
// least one p<NN> column (an ensemble_quantiles.csv), false for any other file or one that
// cannot be read.
bool is_ensemble_quantiles_csv(const std::filesystem::path& path);

// The rows whose variable is sea_level_m_bs. Throws core::InputError naming the file, the line
// and what was expected: a missing column, a number that does not parse, a year out of order,
// no sea_level_m_bs rows.
std::vector<LevelQuantileSeries> read_ensemble_level_quantiles(const std::filesystem::path& path);

}  // namespace caspian::io
