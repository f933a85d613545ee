#pragma once
// Outflow from the sea into Kara-Bogaz-Gol through its strait, as a broad-crested weir: the
// discharge grows with the 3/2 power of the head above the sill and stops below it.
#include "caspian/core/parameters.hpp"

namespace caspian::sea {

struct KbgParameters {
  double sill_level_m_bs;
  double reference_outflow_m3_per_s;  // observed outflow at the reference level
  double reference_level_m_bs;        // must be above the sill
};

// Q(h) = Q_ref * ((h - sill) / (h_ref - sill))^1.5 for h > sill, else 0. Throws
// core::InputError if the reference level is not above the sill or Q_ref < 0.
double kbg_outflow_m3_per_s(const KbgParameters& kbg, double level_m_bs);

// The parameters sea.kbg_* from a parameter set (the reference outflow converted from km3/yr,
// 365.25-day years). Throws core::InputError if the reference level is not above the sill.
KbgParameters kbg_parameters(const core::ParameterSet& parameters);

}  // namespace caspian::sea
