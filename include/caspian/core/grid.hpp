#pragma once
// A regular latitude-longitude grid of cell centres with exact cell areas on the sphere.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace caspian::core {

class LatLonGrid {
 public:
  LatLonGrid() = default;
  // Centres must be strictly ascending and evenly spaced (to 1e-6 of the spacing); longitudes in
  // any continuous range (e.g. 45..56 or 300..360). Throws std::invalid_argument otherwise.
  LatLonGrid(std::vector<double> lat_centres_deg, std::vector<double> lon_centres_deg);

  std::size_t nlat() const { return lat_deg_.size(); }
  std::size_t nlon() const { return lon_deg_.size(); }
  std::size_t size() const { return nlat() * nlon(); }
  const std::vector<double>& lat_deg() const { return lat_deg_; }
  const std::vector<double>& lon_deg() const { return lon_deg_; }
  double dlat_deg() const { return dlat_deg_; }
  double dlon_deg() const { return dlon_deg_; }
  // Row-major index: latitude row i (south to north), longitude column j (west to east).
  std::size_t index(std::size_t i, std::size_t j) const { return i * nlon() + j; }

  // Cell edges, clamped to the poles.
  double lat_south_deg(std::size_t i) const;
  double lat_north_deg(std::size_t i) const;
  // Exact area of a cell on a sphere of radius earth_radius_m:
  // R^2 * dlon * (sin(lat_north) - sin(lat_south)); the same for every cell in a row.
  double cell_area_m2(std::size_t i) const;
  // Areas of all cells, row-major.
  std::vector<double> cell_areas_m2() const;

  // The cell containing a point (edges belong to the cell to the north/east); nullopt outside.
  std::optional<std::pair<std::size_t, std::size_t>> locate(double lat_deg, double lon_deg) const;
  // A hash of the coordinates, for restart and output metadata.
  std::uint64_t hash() const;

 private:
  std::vector<double> lat_deg_;
  std::vector<double> lon_deg_;
  double dlat_deg_ = 0.0;
  double dlon_deg_ = 0.0;
};

// A field on a grid: one value per cell, row-major, NaN where missing.
struct GridField {
  LatLonGrid grid;
  std::vector<double> values;
};

}  // namespace caspian::core
