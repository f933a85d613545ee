#pragma once
// Scenario changes by pattern scaling (Tebaldi & Arblaster 2014, Climatic Change 122:459): each
// CMIP6 model's regional monthly change per kelvin of its own global warming, from its historical
// (1995-2014) and SSP5-8.5 (2081-2100) windows, times its global-warming path per SSP rebuilt
// from the years it crosses +1.5, 2, 3 and 4 K (IPCC AR6 Atlas). Regions: the AR6 land regions
// EEU (Eastern Europe, 40-60 E 45-65 N: the Volga, Kama and Ural) and WCA (West Central Asia,
// 40-75 E 30-45 N: the Caspian's south and east). Plain functions over small arrays.
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "caspian/core/time.hpp"

namespace caspian::climate {

inline constexpr std::array<double, 4> warming_levels_K{1.5, 2.0, 3.0, 4.0};
inline constexpr std::size_t region_count = 2;  // 0 = EEU, 1 = WCA
const char* region_name(std::size_t region);

// Years a model's 20-year running global mean first exceeds each level (NaN: not by 2100).
struct WarmingCrossings {
  std::array<double, 4> year{};
};

// A piecewise-linear path of global warming above 1850-1900 (K) by year, held at its ends.
struct PathPoints {
  std::vector<std::pair<double, double>> points;  // (year, K), years ascending
  double at(double year) const;
};

// The IPCC AR6 assessed best estimates per SSP (WGI SPM Table SPM.1: 2021-2040, 2041-2060,
// 2081-2100 at their centres, from 1995-2014 at +0.85 K), continued to 2100.5 with the slope of
// the last segment. Throws std::invalid_argument for an unknown scenario name.
PathPoints ar6_assessed_path(const std::string& ssp);

// A model's global warming by year: the assessed path of its SSP rescaled so that it passes
// through the model's own crossing years: G(y) = 0.85 + a(y) (G_AR6(y) - 0.85), with a(y) set at
// each crossing, linear in time between crossings and held before the first and after the last.
// So the model keeps its own timing and the scenario keeps its shape (SSP1-2.6 levels off), and
// G stays below a level the model does not reach by 2100. A model crossing no level follows the
// assessed path, held below 1.5 K.
class WarmingPath {
 public:
  WarmingPath(const WarmingCrossings& crossings, const PathPoints& assessed, double baseline_year,
              double baseline_K);
  double at(double year) const;

 private:
  PathPoints assessed_;
  std::vector<std::pair<double, double>> scale_;  // (year, a)
  double baseline_K_;
  double cap_K_;
};

// Monthly means over a sampled window: every calendar month must occur (std::invalid_argument
// otherwise). values[r][k] belongs to months[k].
using RegionalMonthly = std::array<std::array<double, 12>, region_count>;
RegionalMonthly monthly_means(const std::vector<core::YearMonth>& months,
                              const std::array<std::vector<double>, region_count>& values);

// A model's pattern: per region and calendar month, the temperature change per K of global
// warming and the log of the precipitation ratio per K (so that a factor is exp(k dG): always
// positive, and equal to the model's own ratio at its window).
struct ScalingPattern {
  RegionalMonthly temperature_K_per_K{};
  RegionalMonthly log_precipitation_ratio_per_K{};
  double global_warming_K = 0.0;  // between the two windows
};

ScalingPattern scaling_pattern(const RegionalMonthly& tas_historical_degC,
                               const RegionalMonthly& tas_future_degC,
                               const RegionalMonthly& pr_historical_mm_per_day,
                               const RegionalMonthly& pr_future_mm_per_day,
                               double global_warming_between_windows_K);

// The change of a region in a calendar month (0-based) for dG K of global warming against the
// reference period: temperature (K) and the precipitation factor.
struct MonthlyChange {
  double temperature_K = 0.0;
  double precipitation_factor = 1.0;
};
MonthlyChange scaled_change(const ScalingPattern& pattern, std::size_t region, std::size_t month,
                            double global_warming_change_K);

// Weight of EEU (1 - weight of WCA) at a latitude: the AR6 boundary at 45 N, blended linearly
// over 43.5-46.5 N so that no step runs through the Volga delta and the North Caspian.
double eeu_weight(double lat_deg);

}  // namespace caspian::climate
