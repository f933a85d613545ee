#include "caspian/assembly/member_state.hpp"

#include <array>
#include <cmath>
#include <stdexcept>

namespace caspian::assembly {

model::CatchmentState catchment_state_from(const io::CatchmentRestart& r, model::CatchmentState s) {
  const std::size_t n = r.channel_storage_m3.size();
  for (std::size_t c = 0; c < n; ++c) {
    auto& cell = s.cells[c];
    for (std::size_t z = 0; z < catchment::snow_zone_count; ++z) {
      cell.snow[z].snowpack_mm = r.snowpack_mm[c * catchment::snow_zone_count + z];
      cell.snow[z].liquid_water_mm = r.snow_liquid_mm[c * catchment::snow_zone_count + z];
    }
    cell.soil_moisture_mm = r.soil_moisture_mm[c];
    cell.response.upper_zone_mm = r.upper_zone_mm[c];
    cell.response.lower_zone_mm = r.lower_zone_mm[c];
    std::array<double, catchment::max_routing_days> pending{};
    for (std::size_t k = 0; k < pending.size(); ++k) {
      pending[k] = r.routing_pending_mm[c * pending.size() + k];
    }
    cell.routing.set_pending_mm(pending);
  }
  s.channel_storage_m3 = r.channel_storage_m3;
  s.volga_reservoir_storage_m3 = r.volga_reservoir_storage_m3;
  if (!r.pending_sea_release_m3.empty()) s.pending_sea_release_m3 = r.pending_sea_release_m3;
  s.sea_mask.clear();
  for (double v : r.sea_mask) s.sea_mask.push_back(v != 0.0 ? 1 : 0);
  return s;
}

io::CatchmentRestart catchment_restart_from(const model::CatchmentState& s) {
  io::CatchmentRestart r;
  for (const auto& cell : s.cells) {
    for (const auto& zone : cell.snow) {
      r.snowpack_mm.push_back(zone.snowpack_mm);
      r.snow_liquid_mm.push_back(zone.liquid_water_mm);
    }
    r.soil_moisture_mm.push_back(cell.soil_moisture_mm);
    r.upper_zone_mm.push_back(cell.response.upper_zone_mm);
    r.lower_zone_mm.push_back(cell.response.lower_zone_mm);
    const auto& pending = cell.routing.pending_mm();
    r.routing_pending_mm.insert(r.routing_pending_mm.end(), pending.begin(), pending.end());
  }
  r.channel_storage_m3 = s.channel_storage_m3;
  r.volga_reservoir_storage_m3 = s.volga_reservoir_storage_m3;
  r.pending_sea_release_m3 = s.pending_sea_release_m3;
  r.sea_mask.assign(s.sea_mask.begin(), s.sea_mask.end());
  return r;
}

std::vector<double> month_rows(const std::vector<model::MonthResult>& months,
                               std::size_t& columns) {
  columns =
      month_fixed_columns + (months.empty() ? 0 : months.front().river_inflow_m3_per_s.size());
  std::vector<double> out;
  out.reserve(months.size() * columns);
  for (const auto& m : months) {
    if (month_fixed_columns + m.river_inflow_m3_per_s.size() != columns)
      throw std::invalid_argument("month_rows: months with different numbers of rivers");
    const auto& t = m.terms;
    for (double v :
         {double(m.month.year), double(m.month.month), m.days, m.ice_area_m2, m.level_start_m_bs,
          m.level_end_m_bs, m.volume_end_m3, t.area_m2, t.river_inflow_m3_per_s,
          t.groundwater_inflow_m3_per_s, t.precipitation_m3_per_s, t.evaporation_m3_per_s,
          t.kbg_outflow_m3_per_s, t.withdrawal_m3_per_s, t.net_m3_per_s})
      out.push_back(v);
    out.insert(out.end(), m.river_inflow_m3_per_s.begin(), m.river_inflow_m3_per_s.end());
  }
  return out;
}

std::vector<model::MonthResult> months_from(const std::vector<double>& rows, std::size_t columns) {
  if (columns < month_fixed_columns || rows.size() % columns != 0)
    throw std::invalid_argument("months_from: not whole rows of at least 15 columns");
  std::vector<model::MonthResult> out;
  for (std::size_t r = 0; r < rows.size(); r += columns) {
    const double* v = rows.data() + r;
    if (v[0] != std::floor(v[0]) || v[1] != std::floor(v[1]) || v[1] < 1 || v[1] > 12)
      throw std::invalid_argument("months_from: a row's year or month is not a calendar month");
    model::MonthResult m;
    m.month = {int(v[0]), int(v[1])};
    m.days = v[2];
    m.ice_area_m2 = v[3];
    m.level_start_m_bs = v[4];
    m.level_end_m_bs = v[5];
    m.volume_end_m3 = v[6];
    m.terms = {v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
    m.river_inflow_m3_per_s.assign(v + month_fixed_columns, v + columns);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace caspian::assembly
