#include "caspian/sea/kara_bogaz_gol.hpp"

#include <fmt/format.h>

#include <algorithm>
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
  return std::min(kbg.reference_outflow_m3_per_s * relative_head * std::sqrt(relative_head),
                  kbg.max_outflow_m3_per_s);
}

std::vector<KbgRegimeChange> kbg_history() {
  return {{{1980, 3}, KbgStrait::closed},
          {{1984, 10}, KbgStrait::culverts},
          {{1992, 6}, KbgStrait::open}};
}

KbgStrait kbg_strait_at(std::span<const KbgRegimeChange> regime, const core::YearMonth& month) {
  KbgStrait strait = KbgStrait::open;
  for (const auto& change : regime) {
    if (month < change.from) break;
    strait = change.strait;
  }
  return strait;
}

bool parse_kbg_strait(std::string_view text, KbgStrait& out) {
  for (KbgStrait s : {KbgStrait::open, KbgStrait::closed, KbgStrait::culverts}) {
    if (text == kbg_strait_name(s)) {
      out = s;
      return true;
    }
  }
  return false;
}

const char* kbg_strait_name(KbgStrait strait) {
  switch (strait) {
    case KbgStrait::open:
      return "open";
    case KbgStrait::closed:
      return "closed";
    case KbgStrait::culverts:
      return "culverts";
  }
  return "open";
}

KbgParameters kbg_for_strait(const KbgParameters& open, KbgStrait strait,
                             double culvert_capacity_m3_per_s) {
  KbgParameters out = open;
  if (strait == KbgStrait::closed) out.max_outflow_m3_per_s = 0.0;
  if (strait == KbgStrait::culverts) out.max_outflow_m3_per_s = culvert_capacity_m3_per_s;
  return out;
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
