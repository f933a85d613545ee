#pragma once
// Regridding of forcing fields onto model grids.
#include <span>
#include <vector>

#include "caspian/core/grid.hpp"

namespace caspian::climate {

// Bilinear interpolation of a source field (NaN = missing) to the target cell centres. Missing
// source points are left out and the remaining weights renormalised; a target point with no valid
// neighbour gets the nearest valid source value within one source cell, else NaN. Target points
// outside the source grid take the value at its edge (no extrapolation); a source spanning 360
// degrees of longitude wraps round its seam. Longitudes are matched modulo 360.
std::vector<double> regrid_bilinear(const core::LatLonGrid& source, std::span<const double> values,
                                    const core::LatLonGrid& target);

// Fills missing (NaN) cells of a field on a grid from their neighbours, in passes: each pass
// gives every missing cell with at least one valid 8-neighbour the mean of those neighbours as
// they were at the start of the pass (so the result does not depend on the order of the cells),
// until nothing is missing. Returns the number of passes; a field with no valid cell stays NaN.
int fill_missing_from_neighbours(const core::LatLonGrid& grid, std::vector<double>& values);

}  // namespace caspian::climate
