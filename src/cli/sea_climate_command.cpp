#include <cstdio>

#include "caspian/assembly/inputs.hpp"
#include "caspian/core/error.hpp"
#include "caspian/io/run_config.hpp"
#include "caspian/model/sea_climate.hpp"
#include "commands.hpp"

namespace caspian::cli {

// The run assembly (loading and building a run from its config) lives in the library.
using namespace caspian::assembly;

int sea_climate_command(const SeaClimateOptions& options) {
  const io::RunConfig config = io::load_run_config(options.run_file);
  const auto run = load_run_inputs(config, nullptr);
  const model::SeaModel& sm = run->sea_model;
  if (sm.scheme != model::EvaporationScheme::bulk_aerodynamic || config.evaporation) {
    throw core::InputError(options.run_file, "climate.evaporation_scheme",
                           "sea-climate describes the bulk_aerodynamic scheme; this run file uses "
                           "another");
  }
  const double level = options.level_m_bs.value_or(config.initial_level_m_bs);
  if (!(level < run->hypsometry->max_level_m_bs()) || !(level > run->hypsometry->min_level_m_bs()))
    throw core::InputError("--level", "", "outside the levels the bathymetry holds");
  const auto c = model::sea_climate(sm, level, options.warming_K);
  const auto warmer = model::sea_climate(sm, level, options.warming_K + 1.0);
  std::printf("# sea climate of %s at %.2f m BS, air-temperature change %+.2f K\n",
              options.run_file.c_str(), level, options.warming_K);
  std::printf(
      "# bulk-aerodynamic evaporation, scale %.4f (sea.evaporation_scale), mm per month over "
      "each sub-basin's wet area\n",
      sm.evaporation_scale);
  std::printf(
      "month,evaporation_north_mm,evaporation_middle_mm,evaporation_south_mm,"
      "evaporation_sea_mm,ice_area_km2\n");
  for (std::size_t m = 0; m < 12; ++m) {
    std::printf("%zu,%.1f,%.1f,%.1f,%.1f,%.0f\n", m + 1, c.evaporation_mm[0][m],
                c.evaporation_mm[1][m], c.evaporation_mm[2][m], c.evaporation_mm[3][m],
                c.ice_area_km2[m]);
  }
  std::printf("year,%.0f,%.0f,%.0f,%.0f,\n", c.annual_evaporation_mm[0], c.annual_evaporation_mm[1],
              c.annual_evaporation_mm[2], c.annual_evaporation_mm[3]);
  std::printf("# wet area km2: North %.0f, Middle %.0f, South %.0f, sea %.0f\n", c.wet_area_km2[0],
              c.wet_area_km2[1], c.wet_area_km2[2], c.wet_area_km2[3]);
  std::printf("# annual evaporation %.1f km3 (%.0f mm over the sea)\n", c.annual_evaporation_km3,
              c.annual_evaporation_mm[3]);
  std::printf(
      "# response to +1 K of air and sea surface at constant relative humidity: %+.2f %% "
      "per K (%+.1f km3/yr per K)\n",
      100.0 * (warmer.annual_evaporation_km3 / c.annual_evaporation_km3 - 1.0),
      warmer.annual_evaporation_km3 - c.annual_evaporation_km3);
  std::printf(
      "# North Caspian ice: %d days with more than 5 %% of it covered, maximum cover "
      "%.0f %% (climatological year)\n",
      c.north_ice_season_days, 100.0 * c.north_max_ice_cover);
  return 0;
}

}  // namespace caspian::cli
