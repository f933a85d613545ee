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

}  // namespace caspian::climate
