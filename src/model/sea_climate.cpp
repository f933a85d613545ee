#include "caspian/model/sea_climate.hpp"

#include <algorithm>
#include <stdexcept>

#include "caspian/core/constants.hpp"
#include "caspian/sea/sub_basins.hpp"

namespace caspian::model {

namespace {
constexpr std::array<int, 12> days_in_month{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
constexpr double season_cover_threshold = 0.05;
constexpr double ice_present_m = 0.01;
}  // namespace

SeaClimate sea_climate(const SeaModel& model, double level_m_bs, double temperature_change_K) {
  if (model.scheme != EvaporationScheme::bulk_aerodynamic || model.hypsometry == nullptr)
    throw std::invalid_argument("sea_climate: needs the bulk-aerodynamic evaporation scheme");
  const sea::Hypsometry& hyps = *model.hypsometry;
  const auto& grid = hyps.grid();
  const std::size_t n = grid.size();
  const auto wet = hyps.wet_fraction(level_m_bs);
  const auto area = hyps.cell_area_m2();
  std::vector<std::size_t> basin(n);
  for (std::size_t c = 0; c < n; ++c)
    basin[c] = std::size_t(
        sea::caspian_sub_basin(grid.lat_deg()[c / grid.nlon()], grid.lon_deg()[c % grid.nlon()]));
  SeaClimate out;
  std::array<double, 4> wet_m2{};
  for (std::size_t c = 0; c < n; ++c) {
    wet_m2[basin[c]] += wet[c] * area[c];
    wet_m2[3] += wet[c] * area[c];
  }
  for (std::size_t b = 0; b < 4; ++b) out.wet_area_km2[b] = wet_m2[b] / core::m2_per_km2;
  std::vector<double> evaporation(n), ice(n);
  for (std::size_t m = 0; m < 12; ++m) {
    bulk_evaporation_month(model, m, temperature_change_K, evaporation, ice);
    const double seconds = days_in_month[m] * core::seconds_per_day;
    std::array<double, 4> volume_m3{};
    double ice_m2 = 0.0;
    for (std::size_t c = 0; c < n; ++c) {
      if (wet[c] == 0.0) continue;
      const double v = evaporation[c] * wet[c] * area[c] * seconds;
      volume_m3[basin[c]] += v;
      volume_m3[3] += v;
      ice_m2 += ice[c] * wet[c] * area[c];
    }
    for (std::size_t b = 0; b < 4; ++b) {
      out.evaporation_mm[b][m] = wet_m2[b] > 0.0 ? 1e3 * volume_m3[b] / wet_m2[b] : 0.0;
      out.annual_evaporation_mm[b] += out.evaporation_mm[b][m];
    }
    out.annual_evaporation_km3 += volume_m3[3] / core::m3_per_km3;
    out.ice_area_km2[m] = ice_m2 / core::m2_per_km2;
  }
  // The North Caspian's daily ice cover from the slab of each wet cell.
  out.north_ice_cover_daily.assign(sea::ice_days_per_year, 0.0);
  const std::size_t north = std::size_t(sea::SubBasin::north);
  const auto bed = hyps.bed_m_bs();
  for (std::size_t c = 0; c < n; ++c) {
    if (basin[c] != north || wet[c] == 0.0) continue;
    std::array<double, 12> air{};
    for (std::size_t m = 0; m < 12; ++m)
      air[m] = model.temperature_degC[m][c] + temperature_change_K;
    const auto h = sea::slab_ice_thickness_m(air, level_m_bs - bed[c], model.ice_parameters);
    for (int d = 0; d < sea::ice_days_per_year; ++d) {
      if (h[std::size_t(d)] > ice_present_m)
        out.north_ice_cover_daily[std::size_t(d)] += wet[c] * area[c] / wet_m2[north];
    }
  }
  for (double cover : out.north_ice_cover_daily) {
    out.north_ice_season_days += cover > season_cover_threshold;
    out.north_max_ice_cover = std::max(out.north_max_ice_cover, cover);
  }
  return out;
}

}  // namespace caspian::model
