#include "caspian/sea/kara_bogaz_gol.hpp"

#include <fmt/format.h>

#include <cmath>

#include "caspian/core/constants.hpp"
#include "caspian/core/error.hpp"

namespace caspian::sea {

namespace {
void check(const KbgParameters& kbg) {
  if (!(kbg.reference_level_m_bs > kbg.sill_level_m_bs))
    throw core::InputError(
        "parameters", "sea.kbg_reference_level_m_bs",
        fmt::format("{} m BS is not above the Kara-Bogaz-Gol sill (sea.kbg_sill_level_m_bs = {} "
                    "m BS); the weir law needs a positive head at the reference level",
                    kbg.reference_level_m_bs, kbg.sill_level_m_bs));
  if (!(kbg.reference_outflow_m3_per_s >= 0.0))
    throw core::InputError(
        "parameters", "sea.kbg_reference_outflow_km3_per_yr",
        fmt::format("outflow {} m3/s is negative; expected >= 0", kbg.reference_outflow_m3_per_s));
}
}  // namespace

double kbg_outflow_m3_per_s(const KbgParameters& kbg, double level_m_bs) {
  check(kbg);
  if (!(level_m_bs > kbg.sill_level_m_bs)) return 0.0;
  const double relative_head =
      (level_m_bs - kbg.sill_level_m_bs) / (kbg.reference_level_m_bs - kbg.sill_level_m_bs);
  return kbg.reference_outflow_m3_per_s * relative_head * std::sqrt(relative_head);
}

KbgParameters kbg_parameters(const core::ParameterSet& parameters) {
  constexpr double seconds_per_year = 365.25 * core::seconds_per_day;
  const KbgParameters kbg{
      parameters.get("sea.kbg_sill_level_m_bs"),
      parameters.get("sea.kbg_reference_outflow_km3_per_yr") * core::m3_per_km3 / seconds_per_year,
      parameters.get("sea.kbg_reference_level_m_bs")};
  check(kbg);
  return kbg;
}

}  // namespace caspian::sea
