#include "caspian/core/grid.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

#include "caspian/core/constants.hpp"

namespace caspian::core {

namespace {
double regular_spacing(const std::vector<double>& centres, const char* what) {
  if (centres.size() < 2) {
    throw std::invalid_argument(std::string(what) + " needs at least 2 points");
  }
  const double spacing = (centres.back() - centres.front()) / double(centres.size() - 1);
  if (!(spacing > 0.0)) throw std::invalid_argument(std::string(what) + " must be ascending");
  for (std::size_t k = 1; k < centres.size(); ++k) {
    const double step = centres[k] - centres[k - 1];
    if (std::abs(step - spacing) > 1e-6 * spacing + 1e-9) {
      throw std::invalid_argument(std::string(what) + " is not evenly spaced (step " +
                                  std::to_string(step) + " at index " + std::to_string(k) +
                                  ", expected " + std::to_string(spacing) + ")");
    }
  }
  return spacing;
}
}  // namespace

LatLonGrid::LatLonGrid(std::vector<double> lat_centres_deg, std::vector<double> lon_centres_deg)
    : lat_deg_(std::move(lat_centres_deg)), lon_deg_(std::move(lon_centres_deg)) {
  dlat_deg_ = regular_spacing(lat_deg_, "latitude");
  dlon_deg_ = regular_spacing(lon_deg_, "longitude");
  if (lat_deg_.front() < -90.0 || lat_deg_.back() > 90.0) {
    throw std::invalid_argument("latitude outside -90..90");
  }
  if (dlon_deg_ * double(lon_deg_.size()) > 360.0 + 1e-6) {
    throw std::invalid_argument("longitude spans more than 360 degrees");
  }
}

double LatLonGrid::lat_south_deg(std::size_t i) const {
  return std::max(-90.0, lat_deg_[i] - 0.5 * dlat_deg_);
}
double LatLonGrid::lat_north_deg(std::size_t i) const {
  return std::min(90.0, lat_deg_[i] + 0.5 * dlat_deg_);
}

double LatLonGrid::cell_area_m2(std::size_t i) const {
  const double dlon_rad = dlon_deg_ * degrees_to_radians;
  return earth_radius_m * earth_radius_m * dlon_rad *
         (std::sin(lat_north_deg(i) * degrees_to_radians) -
          std::sin(lat_south_deg(i) * degrees_to_radians));
}

std::vector<double> LatLonGrid::cell_areas_m2() const {
  std::vector<double> areas(size());
  for (std::size_t i = 0; i < nlat(); ++i) {
    std::fill_n(areas.begin() + std::ptrdiff_t(i * nlon()), nlon(), cell_area_m2(i));
  }
  return areas;
}

std::optional<std::pair<std::size_t, std::size_t>> LatLonGrid::locate(double lat,
                                                                      double lon) const {
  if (size() == 0 || !std::isfinite(lat) || !std::isfinite(lon)) return std::nullopt;
  const double fi = (lat - (lat_deg_.front() - 0.5 * dlat_deg_)) / dlat_deg_;
  // Bring the longitude into the grid's range, whatever convention the caller uses: one fmod,
  // not a loop (a longitude of 1e30 would take forever in steps of 360).
  const double west = lon_deg_.front() - 0.5 * dlon_deg_;
  double east_of_west = std::fmod(lon - west, 360.0);
  if (east_of_west < 0.0) east_of_west += 360.0;
  if (east_of_west >= 360.0) east_of_west = 0.0;  // -tiny + 360 rounds up to 360
  const double fj = east_of_west / dlon_deg_;
  if (!(fi >= 0.0 && fi < double(nlat())) || !(fj >= 0.0 && fj < double(nlon()))) {
    return std::nullopt;  // (checked before the conversion, which is undefined for 1e300)
  }
  const auto i = std::min(std::size_t(std::floor(fi)), nlat() - 1);
  const auto j = std::min(std::size_t(std::floor(fj)), nlon() - 1);
  return std::make_pair(i, j);
}

std::uint64_t LatLonGrid::hash() const {
  // FNV-1a over the bit patterns of the coordinates.
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](double v) {
    const auto bits = std::bit_cast<std::uint64_t>(v);
    for (int b = 0; b < 8; ++b) {
      h ^= (bits >> (8 * b)) & 0xffU;
      h *= 1099511628211ULL;
    }
  };
  for (double v : lat_deg_) mix(v);
  mix(-1.0e300);
  for (double v : lon_deg_) mix(v);
  return h;
}

}  // namespace caspian::core
