#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

#include "caspian/core/error.hpp"
#include "caspian/io/cmip6_atlas.hpp"
#include "commands.hpp"

namespace caspian::cli {

namespace {
// The forcing climatologies are 1981-2010 (centre 1995.5): changes are taken against it.
constexpr double climatology_centre_year = 1995.5;
}  // namespace

int scenarios_command(const ScenariosOptions& options) {
  const std::filesystem::path folder = options.atlas_folder;
  const auto table = io::read_warming_levels_csv(folder / "CMIP6_Atlas_WarmingLevels.csv");
  std::vector<io::ModelPattern> models;
  for (const auto& [model, by_ssp] : table) {
    if (!std::filesystem::exists(folder / fmt::format("tas_{}_historical.csv", model))) continue;
    models.push_back(io::load_model_pattern(folder, model, table));
  }
  if (models.empty())
    throw core::InputError(folder.string(), "", "no model with regional files and crossing years");
  std::printf(
      "# pattern-scaled changes against 1981-2010 (global warming from each model's AR6 "
      "Atlas crossing years; regional change per K from its 1995-2014 and 2081-2100 "
      "SSP5-8.5 windows)\n");
  std::printf(
      "model,ssp,year,global_warming_K,dG_vs_1981_2010_K,EEU_dT_K,WCA_dT_K,EEU_dP_pct,"
      "WCA_dP_pct,EEU_DJF_dP_pct,EEU_JJA_dP_pct\n");
  for (const auto& m : models) {
    for (const auto& [ssp, path] : m.paths) {
      if (!options.ssp.empty() && ssp != options.ssp) continue;
      for (int year : options.years) {
        const double g = path.at(year + 0.5);
        const double dg = g - path.at(climatology_centre_year);
        double dt[2] = {0, 0}, dp[2] = {0, 0}, djf = 0, jja = 0;
        for (std::size_t r = 0; r < climate::region_count; ++r) {
          for (std::size_t month = 0; month < 12; ++month) {
            const auto c = climate::scaled_change(m.pattern, r, month, dg);
            dt[r] += c.temperature_K / 12.0;
            dp[r] += (c.precipitation_factor - 1.0) * 100.0 / 12.0;
            if (r == 0 && (month == 11 || month < 2))
              djf += (c.precipitation_factor - 1.0) * 100 / 3;
            if (r == 0 && month >= 5 && month <= 7) jja += (c.precipitation_factor - 1.0) * 100 / 3;
          }
        }
        std::printf("%s,%s,%d,%.2f,%.2f,%.2f,%.2f,%.1f,%.1f,%.1f,%.1f\n", m.model.c_str(),
                    ssp.c_str(), year, g, dg, dt[0], dt[1], dp[0], dp[1], djf, jja);
      }
    }
  }
  return 0;
}

}  // namespace caspian::cli
