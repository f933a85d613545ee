#include "caspian/climate/regrid.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace caspian::climate {

namespace {
// Fractional index of x along evenly spaced centres, clamped to [0, n-1].
double fractional_index(double x, double first, double step, std::size_t n) {
  const double f = (x - first) / step;
  return std::clamp(f, 0.0, double(n - 1));
}
double wrap_longitude(double lon, double first_centre) {
  // Bring lon within [first - 180, first + 180) so a 0..360 source matches a -180..180 target.
  double out = lon;
  while (out < first_centre - 180.0) out += 360.0;
  while (out >= first_centre + 180.0) out -= 360.0;
  return out;
}
}  // namespace

std::vector<double> regrid_bilinear(const core::LatLonGrid& source, std::span<const double> values,
                                    const core::LatLonGrid& target) {
  if (values.size() != source.size()) {
    throw std::invalid_argument("regrid_bilinear: values do not match the source grid");
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> out(target.size(), nan);
  const auto& src_lat = source.lat_deg();
  const auto& src_lon = source.lon_deg();
  const std::size_t nlat = source.nlat();
  const std::size_t nlon = source.nlon();
  const double lon_mid = 0.5 * (src_lon.front() + src_lon.back());
  // A source that goes round the globe interpolates across its seam (last column to first).
  const bool periodic = std::abs(source.dlon_deg() * double(nlon) - 360.0) < 1e-6;
  for (std::size_t i = 0; i < target.nlat(); ++i) {
    const double fi =
        fractional_index(target.lat_deg()[i], src_lat.front(), source.dlat_deg(), nlat);
    const auto i0 = std::min(std::size_t(std::floor(fi)), nlat - 1);
    const std::size_t i1 = std::min(i0 + 1, nlat - 1);
    const double wi = fi - double(i0);
    for (std::size_t j = 0; j < target.nlon(); ++j) {
      std::size_t j0 = 0, j1 = 0;
      double wj = 0.0;
      if (periodic) {
        double fj =
            std::fmod((target.lon_deg()[j] - src_lon.front()) / source.dlon_deg(), double(nlon));
        if (fj < 0.0) fj += double(nlon);
        j0 = std::min(std::size_t(std::floor(fj)), nlon - 1);
        j1 = (j0 + 1) % nlon;
        wj = fj - double(j0);
      } else {
        const double lon = wrap_longitude(target.lon_deg()[j], lon_mid);
        const double fj = fractional_index(lon, src_lon.front(), source.dlon_deg(), nlon);
        j0 = std::min(std::size_t(std::floor(fj)), nlon - 1);
        j1 = std::min(j0 + 1, nlon - 1);
        wj = fj - double(j0);
      }
      const std::size_t corner[4] = {source.index(i0, j0), source.index(i0, j1),
                                     source.index(i1, j0), source.index(i1, j1)};
      const double weight[4] = {(1 - wi) * (1 - wj), (1 - wi) * wj, wi * (1 - wj), wi * wj};
      double sum = 0.0, weight_sum = 0.0, nearest_weight = -1.0, nearest = nan;
      for (int k = 0; k < 4; ++k) {
        const double v = values[corner[k]];
        if (std::isnan(v)) continue;
        sum += weight[k] * v;
        weight_sum += weight[k];
        if (weight[k] > nearest_weight) {
          nearest_weight = weight[k];
          nearest = v;
        }
      }
      out[target.index(i, j)] = weight_sum > 1e-12 ? sum / weight_sum : nearest;
    }
  }
  return out;
}

int fill_missing_from_neighbours(const core::LatLonGrid& grid, std::vector<double>& values) {
  const std::size_t nlat = grid.nlat(), nlon = grid.nlon();
  if (values.size() != nlat * nlon)
    throw std::invalid_argument("fill_missing_from_neighbours: field does not match the grid");
  int passes = 0;
  std::vector<double> previous;
  while (true) {
    previous = values;
    bool missing = false, changed = false;
    for (std::size_t i = 0; i < nlat; ++i) {
      for (std::size_t j = 0; j < nlon; ++j) {
        const std::size_t c = i * nlon + j;
        if (!std::isnan(previous[c])) continue;
        missing = true;
        double sum = 0.0;
        int count = 0;
        for (int di = -1; di <= 1; ++di) {
          for (int dj = -1; dj <= 1; ++dj) {
            const long ii = long(i) + di, jj = long(j) + dj;
            if ((di == 0 && dj == 0) || ii < 0 || jj < 0 || ii >= long(nlat) || jj >= long(nlon))
              continue;
            const double v = previous[std::size_t(ii) * nlon + std::size_t(jj)];
            if (std::isnan(v)) continue;
            sum += v;
            ++count;
          }
        }
        if (count > 0) {
          values[c] = sum / count;
          changed = true;
        }
      }
    }
    if (!missing || !changed) return passes;
    ++passes;
  }
}

}  // namespace caspian::climate
