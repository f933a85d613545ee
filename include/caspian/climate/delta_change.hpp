#pragma once
// The delta-change method for GCM fields read directly (scenario.gcm_fields): per calendar month
// and grid cell, the temperature change is the future mean minus the reference mean (K) and the
// precipitation change the ratio of the future mean to the reference mean (Hay, Wilby &
// Leavesley 2000, J. Am. Water Resour. Assoc. 36:387; Anandhi et al. 2011, Hydrol. Process.
// 25:3582). The GCM's monthly means are regridded to the model grid first, so the two periods may
// come from files on different grids. Plain functions over small arrays.
#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "caspian/core/grid.hpp"

namespace caspian::climate {

// A rectilinear grid with ascending but not necessarily evenly spaced centres (a Gaussian grid's
// latitudes): lat -90..90, lon any ascending range spanning at most 360 degrees (0..360 or
// -180..180). Values row-major, latitude rows south to north.
struct RectilinearGrid {
  std::vector<double> lat_deg;
  std::vector<double> lon_deg;
  std::size_t size() const { return lat_deg.size() * lon_deg.size(); }
};
// Throws std::invalid_argument unless both axes are non-empty, finite and strictly ascending,
// latitudes within -90..90 and longitudes spanning less than 360 degrees.
void check_rectilinear(const RectilinearGrid& grid);

// Bilinear interpolation from a rectilinear grid to the target cell centres. Longitudes are
// matched modulo 360; a source whose longitudes cover the globe (last - first + one step >= 360 -
// 1e-6) wraps round its seam, otherwise targets beyond it take the edge column. Targets north or
// south of the outermost source rows take those rows. Missing (NaN) source points are left out and
// the remaining weights renormalised; NaN when all four are missing.
std::vector<double> regrid_rectilinear(const RectilinearGrid& source,
                                       std::span<const double> values,
                                       const core::LatLonGrid& target);

// Per calendar month (index 0 = January), one value per cell.
using MonthlyCells = std::array<std::vector<double>, 12>;

// Means per calendar month of a monthly series: months[k] (1..12) is the calendar month of
// values[k] (one value per cell). Every calendar month must occur and every step have `cells`
// values (std::invalid_argument otherwise). NaN stays NaN (a missing value anywhere in a cell's
// month makes its mean NaN, rather than a mean of fewer years).
MonthlyCells calendar_month_means(std::span<const int> months,
                                  const std::vector<std::vector<double>>& values,
                                  std::size_t cells);

// The change of each cell and calendar month (unramped).
struct DeltaChange {
  MonthlyCells temperature_K;        // future - reference
  MonthlyCells precipitation_ratio;  // future / reference, floored (precipitation_ratio())
};

// future - reference, cell by cell (any temperature unit with kelvin-sized degrees).
MonthlyCells temperature_change_K(const MonthlyCells& reference, const MonthlyCells& future);
// max(future, floor) / max(reference, floor), cell by cell: the floor (mm/day, > 0) keeps a dry
// month's ratio finite and near 1 where both periods are drier than it (a month of 0.01 mm/day
// going to 0.05 is not a fivefold change of anything that matters). Throws
// std::invalid_argument for a floor <= 0.
MonthlyCells precipitation_ratio(const MonthlyCells& reference_mm_per_day,
                                 const MonthlyCells& future_mm_per_day, double floor_mm_per_day);

// Weight of the change at a fractional year: 0 at start_year rising linearly to 1 at start_year
// + ramp_years and held; ramp_years = 0 is a step (1 from the start). Throws
// std::invalid_argument for ramp_years < 0.
double ramp_weight(double year, double start_year, double ramp_years);

// A change at weight w: w dT, and 1 + w (ratio - 1) (linear in the ratio, so w = 1 gives the
// ratio and w = 0 none).
struct RampedChange {
  double temperature_K = 0.0;
  double precipitation_factor = 1.0;
};
RampedChange ramped(double temperature_K, double precipitation_ratio, double weight);

// Area-weighted mean of each month's field over the cells with weight > 0 (weights, e.g. wet
// area in m2, one per cell); NaN cells are left out. Throws std::invalid_argument when no cell
// has a weight and a value.
std::array<double, 12> weighted_monthly_mean(const MonthlyCells& fields,
                                             std::span<const double> weights);

}  // namespace caspian::climate
