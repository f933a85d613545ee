#include "caspian/sea/water_balance.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "caspian/core/error.hpp"

namespace caspian::sea {

BalanceTerms step_sea(const Hypsometry& hypsometry, std::span<const double> cell_area_m2,
                      const KbgParameters& kbg, const SeaFluxes& fluxes, double dt_s,
                      SeaState& state) {
  const std::size_t n = hypsometry.grid().size();
  if (cell_area_m2.size() != n || fluxes.precipitation_m_per_s.size() != n ||
      fluxes.evaporation_m_per_s.size() != n)
    throw std::invalid_argument("step_sea: cell areas and flux fields must match the sea grid");
  if (!(dt_s >= 0.0)) throw std::invalid_argument("step_sea: dt must be >= 0");
  if (state.level_m_bs > hypsometry.max_level_m_bs())
    hypsometry.volume_m3(state.level_m_bs);  // throws the RangeError naming the level

  BalanceTerms terms{};
  // Serial loop in cell order: bitwise reproducible whatever the OpenMP thread count.
  for (std::size_t c = 0; c < n; ++c) {
    const double fraction = hypsometry.wet_fraction(c, state.level_m_bs);
    if (fraction == 0.0) continue;
    const double precipitation = fluxes.precipitation_m_per_s[c];
    const double evaporation = fluxes.evaporation_m_per_s[c];
    if (!std::isfinite(precipitation) || !std::isfinite(evaporation))
      throw core::Error(fmt::format(
          "sea water balance: wet cell {} (wet fraction {}) has precipitation {} and evaporation "
          "{} m/s; both must be finite over the sea",
          c, fraction, precipitation, evaporation));
    const double wet_m2 = fraction * cell_area_m2[c];
    terms.area_m2 += wet_m2;
    terms.precipitation_m3_per_s += wet_m2 * precipitation;
    terms.evaporation_m3_per_s += wet_m2 * evaporation;
  }
  terms.river_inflow_m3_per_s = fluxes.river_inflow_m3_per_s;
  terms.groundwater_inflow_m3_per_s = fluxes.groundwater_inflow_m3_per_s;
  terms.withdrawal_m3_per_s = fluxes.withdrawal_m3_per_s;
  terms.kbg_outflow_m3_per_s = kbg_outflow_m3_per_s(kbg, state.level_m_bs);
  terms.net_m3_per_s = terms.river_inflow_m3_per_s + terms.groundwater_inflow_m3_per_s +
                       terms.precipitation_m3_per_s - terms.evaporation_m3_per_s -
                       terms.kbg_outflow_m3_per_s - terms.withdrawal_m3_per_s;

  const double new_volume_m3 = state.volume_m3 + terms.net_m3_per_s * dt_s;
  const double new_level_m_bs = hypsometry.level_for_volume(new_volume_m3);  // may throw
  state.volume_m3 = new_volume_m3;
  state.level_m_bs = new_level_m_bs;
  return terms;
}

}  // namespace caspian::sea
