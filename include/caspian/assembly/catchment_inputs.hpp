#pragma once
// Loading the gridded catchment for `caspian run` with inflow.mode: catchment.
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "caspian/assembly/inputs.hpp"
#include "caspian/catchment/drainage.hpp"
#include "caspian/climate/anomaly_forcing.hpp"
#include "caspian/io/closed_basins.hpp"
#include "caspian/io/run_config.hpp"
#include "caspian/model/catchment_model.hpp"
#include "caspian/sea/hypsometry.hpp"

namespace caspian::assembly {

// The network on a DEM with the sea as the hypsometry's wet cells (fraction >= 0.5) at a level.
struct CaspianNetwork {
  Bathymetry dem;
  std::optional<sea::Hypsometry> dem_hypsometry;  // the sea on the DEM, for shoreline updates
  catchment::DrainageNetwork network;
  catchment::Basins basins;
  // The known closed basins and their sink cells (in the list's order).
  std::vector<io::ClosedBasin> closed_basins;
  std::vector<std::size_t> closed_basin_cells;
};
// closed_basins_file: the list of known closed basins (empty: none). A point off the DEM grid, on
// a sea, ocean or grid-edge cell, or with no land cell in its search radius is an InputError
// naming the list file and the basin.
CaspianNetwork build_caspian_network(
    const std::string& dem_file, const std::string& variable, double seed_lat_deg,
    double seed_lon_deg, double level_m_bs, const core::ParameterSet& parameters,
    const std::string& level_source,
    const std::optional<std::filesystem::path>& closed_basins_file);

struct LoadedCatchment {
  CaspianNetwork net;
  model::CatchmentModel model;
  climate::DailySeries series;  // the run's weather: the series, or its bootstrap
  std::string series_source;
  // catchment.anomalies.bootstrap: the series as read and the years that may be drawn.
  climate::DailySeries observed_series;
  std::set<int> drawable_years;
  std::set<int> flagged_years;  // years a data flag touches (never drawn)
};

// The run's years drawn from the observed series with a seed (the run file's bootstrap keys):
// the weather of one member. The draws are laid from origin_year, the year the projection began
// (default: run.start), and the series holds run.start..run.end of them, so a projection split
// into parts (each continuing from the last one's state, with the first part's start as origin)
// gets the weather of the run that never stopped. Throws std::invalid_argument if the series
// lacks a drawn day or origin_year is after run.start.
climate::DailySeries bootstrapped_weather(const LoadedCatchment& catchment,
                                          const io::RunConfig& config, std::uint64_t seed,
                                          std::optional<int> origin_year = std::nullopt);

// Everything the catchment needs, checked: the DEM and network, land climatologies regridded and
// lapse-rate corrected, the anomaly series (its flagged precipitation years may not fall in the
// run), HBV and reservoir parameters from the registry, withdrawals.
std::unique_ptr<LoadedCatchment> load_catchment(const io::RunConfig& config);

// Names of the rivers passed to the sea, in model::river_basins order.
std::vector<std::string> river_names();

}  // namespace caspian::assembly
