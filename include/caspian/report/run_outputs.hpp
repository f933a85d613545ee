#pragma once
// Writers for the outputs of a sea-level run: the CF time series, the annual wet-fraction field,
// the annual CSV summary and the timing report. Each file is written under a temporary name and
// renamed when complete.
#include <filesystem>
#include <string>
#include <vector>

#include "caspian/core/grid.hpp"
#include "caspian/core/time.hpp"
#include "caspian/model/catchment_model.hpp"
#include "caspian/model/projection.hpp"

namespace caspian::report {

struct RunMetadata {
  std::string title;
  std::string run_name;
  std::string run_file;       // path as given
  std::string run_file_text;  // YAML as read
  std::string history;        // command line and time
  std::string scenario;
  core::Calendar calendar = core::Calendar::proleptic_gregorian;
  std::string parameters_text;  // "name = value units" lines
};

// The id a river has in every output file (the `river` coordinate): the name in lower case with
// each run of other characters than letters and digits as one '_' ("Iranian and small rivers" ->
// "iranian_and_small_rivers"), so run-file names and the catchment's basin names agree.
std::string river_id(const std::string& name);
std::vector<std::string> river_ids(const std::vector<std::string>& names);

// Monthly series (time = mid-month with bounds): level, area, volume and every balance term, plus
// inflow per river.
void write_sea_time_series(const std::filesystem::path& path, const RunMetadata& meta,
                           const std::vector<model::MonthResult>& months,
                           const std::vector<std::string>& river_names);

struct AnnualWetFraction {
  int year = 0;
  double mean_level_m_bs = 0.0;
  std::vector<double> wet_fraction;  // per cell, row-major
};
void write_wet_fraction(const std::filesystem::path& path, const RunMetadata& meta,
                        const core::LatLonGrid& grid, const std::vector<AnnualWetFraction>& years);

// One row per year: mean level, December level, mean area and volume, balance terms in km3/yr.
void write_annual_summary_csv(const std::filesystem::path& path,
                              const std::vector<model::MonthResult>& months);

// The catchment's monthly results: per river inflow to the sea (regulated and natural), the
// reservoir cascade, and (when present) monthly-mean runoff, snow water equivalent and soil
// moisture fields on the catchment grid.
void write_catchment_outputs(const std::filesystem::path& path, const RunMetadata& meta,
                             const core::LatLonGrid& grid,
                             const std::vector<model::CatchmentMonth>& months,
                             const std::vector<std::string>& river_names);
// One row per year: each river's inflow to the sea in km3, and its natural (unregulated) flow.
void write_river_inflow_csv(const std::filesystem::path& path,
                            const std::vector<model::CatchmentMonth>& months,
                            const std::vector<std::string>& river_names);

struct Timing {
  double init_s = 0.0;
  double forcing_s = 0.0;    // loading and regridding forcing
  double catchment_s = 0.0;  // the catchment's daily steps and routing
  double sea_s = 0.0;        // the sea's monthly steps
  double write_s = 0.0;
  double total_s = 0.0;
  double cell_steps = 0.0;  // sea cells x months
  double simulated_years = 0.0;
};
// Several lines: each phase with its share, cell-steps per second, simulated years per wall day.
std::string format_timing(const Timing& timing);

}  // namespace caspian::report
