#pragma once
// Readers of the IPCC AR6 Atlas files kept in inputs/climate/cmip6_atlas_regional/ (README
// there): regional monthly means `<var>_<model>_<experiment>.csv` (date,EEU,WCA) and the
// warming-level crossing years (CMIP6_Atlas_WarmingLevels.csv).
#include <array>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "caspian/climate/scenario_patterns.hpp"
#include "caspian/core/time.hpp"

namespace caspian::io {

struct AtlasRegionalSeries {
  std::vector<core::YearMonth> months;
  std::array<std::vector<double>, climate::region_count> values;  // EEU, WCA
};

// Throws core::InputError naming the file, the line and what was expected (header date,EEU,WCA;
// dates YYYY-MM; finite numbers; precipitation >= 0 when non_negative).
AtlasRegionalSeries read_atlas_regional_csv(const std::filesystem::path& file, bool non_negative);

// Crossing years per model (the name without the _r1i1p1f1 member) and scenario (ssp126, ssp245,
// ssp370, ssp585); "NA" is NaN (not reached by 2100). A model with 9999 (no data) for a scenario
// has no entry for it.
using WarmingTable = std::map<std::string, std::map<std::string, climate::WarmingCrossings>>;
WarmingTable read_warming_levels_csv(const std::filesystem::path& file);

// One model's pattern from its files in folder: tas and pr, historical and ssp585, with its
// global warming between the windows (1995-2014 -> 2081-2100) from its SSP5-8.5 path.
struct ModelPattern {
  std::string model;
  climate::ScalingPattern pattern;
  std::map<std::string, climate::WarmingPath> paths;  // per scenario in the warming table
};

// Reference of the paths: 1995-2014 (centre 2004.5) at +0.85 K above 1850-1900 (AR6 WGI
// Cross-Chapter Box 2.3); the windows' centres 2004.5 and 2090.5.
inline constexpr double atlas_reference_year = 2004.5;
inline constexpr double atlas_reference_warming_K = 0.85;
inline constexpr double atlas_future_window_centre = 2090.5;

// Throws core::InputError naming the missing file or the model absent from the warming table.
ModelPattern load_model_pattern(const std::filesystem::path& folder, const std::string& model,
                                const WarmingTable& warming);

}  // namespace caspian::io
