#pragma once
// The gridded catchment of the Caspian, stepped daily: forcing from monthly climatologies plus a
// daily anomaly series, HBV processes per land cell, channel routing along the drainage network,
// the Volga-Kama reservoir cascade on the Volga's flow, and consumptive withdrawals per river.
// Produces each month the mean inflow of every named river into the sea and monthly-mean fields
// (runoff, snow water equivalent, soil moisture). No files: the driver loads and writes.
#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "caspian/catchment/drainage.hpp"
#include "caspian/catchment/hbv.hpp"
#include "caspian/catchment/network_routing.hpp"
#include "caspian/catchment/reservoir.hpp"
#include "caspian/catchment/transmission_loss.hpp"
#include "caspian/climate/anomaly_forcing.hpp"
#include "caspian/climate/delta_change.hpp"
#include "caspian/core/time.hpp"
#include "caspian/core/trajectory.hpp"
#include "caspian/model/projection.hpp"

namespace caspian::model {

// Rivers reported and passed to the sea, in this order (BasinId volga .. other_caspian).
inline constexpr std::array<catchment::BasinId, 8> river_basins{
    catchment::BasinId::volga,          catchment::BasinId::ural,         catchment::BasinId::kura,
    catchment::BasinId::terek,          catchment::BasinId::sulak,        catchment::BasinId::samur,
    catchment::BasinId::iranian_rivers, catchment::BasinId::other_caspian};

// GCM fields' delta change on the catchment grid (scenario.gcm_fields): per calendar month and
// cell, ramped in from start_year (the run's first month) over ramp_years (climate::ramp_weight).
struct GcmLandChange {
  climate::DeltaChange delta;
  double start_year = 0.0;
  double ramp_years = 0.0;
};

struct CatchmentModel {
  const catchment::DrainageNetwork* network = nullptr;
  std::vector<catchment::BasinId> entry_basin;   // per sea cell: the river whose water enters there
  std::vector<std::uint8_t> active;              // land cells draining to the Caspian
  climate::MonthlyClimatology temperature_degC;  // per cell, at the cell's elevation
  climate::MonthlyClimatology precipitation_mm_per_day;  // per cell
  climate::SeriesClimatology anomaly_climatology;        // of the anomaly series
  catchment::HbvParameters hbv;
  double channel_velocity_m_per_s = 1.0;
  // Channel transmission losses (catchment/transmission_loss): each cell's channel loses at a rate
  // set by the aridity index of its upstream catchment, from the annual PET and precipitation
  // per cell (mm; empty: no losses). Recomputed whenever the network is rebuilt.
  catchment::TransmissionLossParameters transmission_loss;
  std::vector<double> annual_pet_mm, annual_precipitation_mm;
  catchment::ReservoirParameters volga_reservoir;
  double volga_reservoir_mean_inflow_m3_per_s = 0.0;  // the flow above which spring water is kept
  // Open-water evaporation from the cascade's surface per calendar month (m/s), supplied by the
  // driver. Each day the cascade loses this minus the Volga basin's mean actual
  // evapotranspiration of that day (the land it floods already lost that in the land model).
  std::array<double, 12> volga_reservoir_open_water_evaporation_m_per_s{};
  std::array<core::YearTrajectory, river_basins.size()> withdrawal_m3_per_s;
  // Per cell, the weight of the EEU region's scenario change (1 - weight: WCA), from
  // climate::eeu_weight at the cell's latitude.
  std::vector<double> eeu_weight;
  // scenario.gcm_fields: added to the temperature and multiplying the precipitation cell by cell,
  // day by day (the bracketing calendar months' changes blended like the climatologies, ramped at
  // the month's mid-point year); nullopt: none.
  std::optional<GcmLandChange> gcm_change;
};

struct CatchmentState {
  std::vector<catchment::CellState> cells;  // per cell (inactive cells unused)
  std::vector<double> channel_storage_m3;   // per cell
  double volga_reservoir_storage_m3 = 0.0;
  // Channel water of cells the sea took over at the last shoreline update, released into the sea
  // on the next day (per cell, m3).
  std::vector<double> pending_sea_release_m3;
  // The sea mask the network was last built for (empty: the model's own network).
  std::vector<std::uint8_t> sea_mask;
};

// The cells whose water is routed to the Caspian (land of a named river or other_caspian) and the
// river of each sea cell (the basin of the land that drains into it; other_caspian if none).
void routing_sets(const catchment::DrainageNetwork& network, const catchment::Basins& basins,
                  std::vector<std::uint8_t>& active, std::vector<catchment::BasinId>& entry_basin);

// Initial state: every active cell from initial_cell_state, empty channels and reservoir.
CatchmentState initial_catchment_state(const CatchmentModel& model);

struct CatchmentMonth {
  core::YearMonth month;
  double days = 0.0;
  std::array<double, river_basins.size()> inflow_to_sea_m3_per_s{};   // after reservoir, withdrawal
  std::array<double, river_basins.size()> natural_inflow_m3_per_s{};  // before both
  double volga_reservoir_storage_m3 = 0.0;
  // Open-water evaporation minus the land's actual evapotranspiration over the cascade, m3/s.
  double volga_reservoir_net_evaporation_m3_per_s = 0.0;
  // Month means of the anomaly series, for the sea's forcing.
  double temperature_anomaly_K = 0.0;
  double precipitation_ratio = 1.0;
  // Month-mean fields per cell (NaN outside the active cells).
  std::vector<double> runoff_mm_per_day;
  std::vector<double> snow_water_equivalent_mm;
  std::vector<double> soil_moisture_mm;
  std::vector<double> transmission_loss_mm_per_day;  // lost from the cell's channel, over the cell
  // Water balance of the month over the active land, m3: in = P; out = ET + transmission losses
  // + to the sea.
  double precipitation_m3 = 0.0, evapotranspiration_m3 = 0.0, transmission_loss_m3 = 0.0;
};

class CatchmentRunner {
 public:
  // climate_change: a CMIP6 model's pattern-scaled change for one SSP added to the land's
  // temperature and multiplying its precipitation, cell by cell (CatchmentModel::eeu_weight
  // blends the two regions), day by day (the regional changes of the two calendar months
  // bracketing the day, blended like the climatologies, at the month's mid-point year); null:
  // none. Must outlive the runner.
  CatchmentRunner(const CatchmentModel& model, CatchmentState state,
                  const Cmip6SeaChange* climate_change = nullptr);
  // Runs the days of one month. series: the anomaly series, which must hold every day of the
  // month (throws core::InputError naming `series_source` otherwise). with_fields: fill the
  // month-mean fields per cell; without, they stay empty (ensemble members and warm-ups need
  // only the totals, which are the same either way).
  CatchmentMonth run_month(const core::YearMonth& month, core::Calendar calendar,
                           const climate::DailySeries& series, const std::string& series_source,
                           bool with_fields = true);
  // The state now (for restart files and split runs).
  CatchmentState state() const;
  // The shoreline moved: rebuild the network for the new sea mask (land cells drain to the new
  // shore; new land cells start from the initial cell state they hold). Channel water of cells
  // that became sea goes into the sea the next day. No-op when the mask is unchanged.
  void set_sea_mask(std::span<const std::uint8_t> sea_mask);
  const catchment::DrainageNetwork& network() const { return *network_; }

 private:
  void adopt_network(std::unique_ptr<catchment::DrainageNetwork> network);

  const CatchmentModel* model_;
  const Cmip6SeaChange* climate_change_ = nullptr;
  std::unique_ptr<catchment::DrainageNetwork> network_;  // the network for the current shoreline
  std::vector<std::uint8_t> active_;
  std::vector<catchment::BasinId> entry_basin_;
  std::vector<double> pending_sea_release_m3_;
  std::vector<std::size_t> pending_release_cells_;  // ascending: where it is not 0
  bool has_pending_release_ = false;
  std::vector<catchment::CellState> cells_;
  std::unique_ptr<catchment::NetworkRouting> routing_;
  double volga_storage_m3_ = 0.0;
  std::vector<std::size_t> active_cells_;
  std::vector<std::size_t> sea_outlet_cells_;  // ascending: where water enters the sea
  std::vector<double> latitude_deg_;
  std::vector<std::size_t> volga_cell_list_;  // the active cells of the Volga basin, ascending
  double volga_area_m2_ = 0.0;                // their area, summed in that order
  std::size_t series_cursor_ = 0;
  // A month's days per cell ([(day - 1) x cells + cell]): the land's flow into the channels
  // (m3/s), its actual ET (mm) and the flow into the outlets (m3/s). Reused month to month.
  std::vector<double> local_by_day_, et_by_day_, outlet_by_day_;
  // A month's sums per cell, reused month to month (no allocation, no page faults per month).
  std::vector<double> runoff_sum_mm_, swe_sum_mm_, soil_sum_mm_, loss_sum_m3_;
  std::vector<double> precipitation_sum_mm_, et_sum_mm_;
};

}  // namespace caspian::model
