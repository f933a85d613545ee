#pragma once
// Outflow from the sea into Kara-Bogaz-Gol through its strait, as a broad-crested weir: the
// discharge grows with the 3/2 power of the head above the sill and stops below it.
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "caspian/core/parameters.hpp"
#include "caspian/core/time.hpp"

namespace caspian::sea {

struct KbgParameters {
  double sill_level_m_bs;
  double reference_outflow_m3_per_s;  // observed outflow at the reference level
  double reference_level_m_bs;        // must be above the sill
  // Cap on the outflow (0 when the strait is dammed, the culverts' capacity while they ran).
  double max_outflow_m3_per_s = std::numeric_limits<double>::infinity();
};

// The state of the strait: open (the weir law), closed (the 1980 dam: no outflow) or through
// culverts (the weir law capped at the culverts' capacity).
enum class KbgStrait { open, closed, culverts };

struct KbgRegimeChange {
  core::YearMonth from;  // first month of the new state
  KbgStrait strait;
};

// The strait's history (inputs/sea_level/caspian_evaporation_kbg_ice_published_values.csv):
// open before March 1980; dammed from March 1980 (Kosarev et al. 2009); culverts from autumn
// 1984 (October taken, an assumption); open again from June 1992 (demolition began late May /
// June 1992, New Scientist 1992).
std::vector<KbgRegimeChange> kbg_history();

// The state in a month: open before the first change; changes must be in time order.
KbgStrait kbg_strait_at(std::span<const KbgRegimeChange> regime, const core::YearMonth& month);

// "open", "closed" or "culverts"; nullopt-like failure is reported by the caller.
bool parse_kbg_strait(std::string_view text, KbgStrait& out);
const char* kbg_strait_name(KbgStrait strait);

// The weir for a state of the strait (culvert_capacity_m3_per_s used only for culverts).
KbgParameters kbg_for_strait(const KbgParameters& open, KbgStrait strait,
                             double culvert_capacity_m3_per_s);

// Q(h) = min(Q_ref * ((h - sill) / (h_ref - sill))^1.5, max_outflow) for h > sill, else 0. Throws
// core::InputError if the reference level is not above the sill or Q_ref < 0.
double kbg_outflow_m3_per_s(const KbgParameters& kbg, double level_m_bs);

// The parameters sea.kbg_* from a parameter set (the reference outflow converted from km3/yr,
// 365.25-day years). Throws core::InputError if the reference level is not above the sill.
KbgParameters kbg_parameters(const core::ParameterSet& parameters);

}  // namespace caspian::sea
