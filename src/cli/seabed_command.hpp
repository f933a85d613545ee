#pragma once
// caspian seabed [RUN.yaml] [--levels FILE]: exposed seabed per littoral state and sub-basin, and
// shoreline retreat at every port, for a fixed grid of levels and the years of a level series.
#include <optional>
#include <string>

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

}  // namespace caspian::cli
