#pragma once
// caspian seabed [RUN.yaml] [--levels FILE]: exposed seabed per littoral state and sub-basin, and
// shoreline retreat at every port, for a fixed grid of levels and the years of a level series.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "caspian/io/run_config.hpp"
#include "caspian/model/seabed.hpp"

namespace CLI {
class App;
}

namespace caspian::cli {

// The whole-sea annual mean of 2024, -29.05 m BS (Kazhydromet; inputs/sea_level/
// caspian_level_annual_1921-2025.csv): the last complete observed year.
inline constexpr double default_seabed_reference_m_bs = -29.05;

struct SeabedOptions {
  std::string run_file = "inputs/default.yaml";
  std::optional<std::string> levels_file;
  std::optional<std::string> sectors_file;  // default: next to the run's bathymetry file
  std::optional<std::string> output_dir;
  double reference_level_m_bs = default_seabed_reference_m_bs;
  double level_min_m_bs = -45.0;
  double level_max_m_bs = -26.0;
  double step_m = 0.5;
  bool quiet = false;
};

// Registers the subcommand on app; main() calls seabed_command when it was given.
CLI::App* add_seabed_command(CLI::App& app, SeabedOptions& options);
int seabed_command(const SeabedOptions& options);

// The seabed files of a run's own levels for its report (seabed.nc, seabed_annual.csv,
// shoreline_retreat.csv in dir): the default grid of levels and `series` (levels above what the
// bathymetry grid holds are left out). Returns false, writing nothing, when the run file has no
// ports or no state-sector file lies beside its bathymetry.
bool write_report_seabed(const io::RunConfig& config, const std::vector<model::SeabedLevel>& series,
                         const std::string& series_source, const std::string& history,
                         const std::filesystem::path& dir);
// The annual levels of a level file as `caspian seabed --levels` reads it, labelled per series
// (ensemble quantiles: "<scenario>_<statistic>").
std::vector<model::SeabedLevel> seabed_levels_from_file(const std::string& levels_file,
                                                        std::string* source);

}  // namespace caspian::cli
