#pragma once
// GCM fields read directly from CF files (scenario.gcm_fields) turned into the delta change on a
// model grid: each period's monthly means (io::read_gcm_monthly_means) regridded bilinearly from
// the GCM's grid to the target cell centres (climate::regrid_rectilinear; 0..360 and -180..180
// longitudes, either latitude order), then differenced (temperature) or divided (precipitation,
// floored). The two periods may come from files on different grids.
#include <string>

#include "caspian/climate/delta_change.hpp"
#include "caspian/core/grid.hpp"
#include "caspian/io/run_config.hpp"

namespace caspian::assembly {

// Target cells the GCM leaves missing are filled from their neighbours
// (climate::fill_missing_from_neighbours). Without precipitation files every ratio is 1.
// Throws core::InputError naming the file and variable (io::read_gcm_monthly_means).
climate::DeltaChange gcm_delta_change(const io::GcmFieldsConfig& config,
                                      const core::LatLonGrid& target);

// The ramp's origin as a fractional year: scenario.gcm_fields.ramp_start, else run.start.
double gcm_ramp_start_year(const io::RunConfig& config);

}  // namespace caspian::assembly
