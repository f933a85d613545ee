#pragma once
// Loading and checking the inputs of a run file: the driver's side of the file boundary.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "caspian/core/grid.hpp"
#include "caspian/core/units.hpp"
#include "caspian/io/inflow_series.hpp"
#include "caspian/io/run_config.hpp"
#include "caspian/model/projection.hpp"
#include "caspian/sea/hypsometry.hpp"

namespace caspian::assembly {

struct Bathymetry {
  core::LatLonGrid grid;
  std::vector<double> bed_m_bs;
};

// Reads heights (any regular lat-lon CF grid), converts them to m BS with the datum offset, and
// rejects missing or non-finite values, naming the file, the variable and the first bad cell.
Bathymetry load_bathymetry(const std::string& path, const std::string& variable,
                           double datum_offset_m);

// Reads a 12-step monthly climatology and interpolates it to the target grid. Checks units
// (quantity), that there are exactly 12 steps, one per calendar month, and that every target
// cell gets a value. With fill_missing, cells the source does not cover (land in a sea-surface
// field) are filled from their neighbours (climate::fill_missing_from_neighbours) instead.
model::MonthlyFields load_monthly_climatology(const io::VariableSource& source,
                                              core::Quantity quantity,
                                              const core::LatLonGrid& target, double min_value,
                                              double max_value,
                                              core::LatLonGrid* source_grid = nullptr,
                                              bool fill_missing = false);

// The years (month 1 of each) or, for a monthly series, the months of run.start..run.end that a
// recorded inflow must hold.
std::vector<core::YearMonth> recorded_periods_of_run(const io::RunConfig& config, bool monthly);

// The recorded inflow of a recorded-mode run (inflow.recorded), read with io::read_inflow_series
// and checked to hold every year (or month, for a monthly series) from run.start to run.end:
// otherwise a core::InputError naming the file, the column, the first missing year and the run's
// period. The series as read goes to *series when given.
model::RecordedInflow load_recorded_inflow(const io::RunConfig& config,
                                           io::InflowSeries* series = nullptr);

struct LoadedRun {
  Bathymetry bathymetry;
  std::optional<sea::Hypsometry> hypsometry;
  model::SeaModel sea_model;
  model::Inflow inflow;
  std::optional<io::InflowSeries> recorded_series;  // inflow.mode: recorded, as read
  model::Scenario scenario;
  model::Period period;
};

struct LoadTimes {
  double sea_s = 0.0;      // bathymetry and hypsometry
  double forcing_s = 0.0;  // climatologies read and regridded, evaporation calibrated
};

// The sea's mix of the two scenario regions: its wet area's EEU weight (climate::eeu_weight)
// at a level.
double sea_eeu_share(const sea::Hypsometry& hypsometry, double level_m_bs);

// Everything a run needs, checked (on the heap: sea_model points into hypsometry). Throws
// core::InputError naming the file/key and the reason.
std::unique_ptr<LoadedRun> load_run_inputs(const io::RunConfig& config, LoadTimes* times);

}  // namespace caspian::assembly
