#pragma once
// Channel transmission losses: water that infiltrates from a channel into its dry bed and banks
// and does not come back to the river (it recharges deep groundwater or evaporates from the bed
// and the riparian strip). The loss of a reach is the bed's infiltration rate times the wetted
// area, as in the procedure of Lane (1983; USDA NRCS National Engineering Handbook part 630,
// chapter 19) and the main-channel transmission loss of SWAT (loss = K_ch x wetted perimeter x
// length x time). The wetted width follows the discharge by downstream hydraulic geometry,
// w = a Q^b (Leopold & Maddock 1953), so a large river loses a much smaller share of its flow
// per kilometre than a small stream in the same bed.
//
// Transmission losses belong to ephemeral and intermittent channels over a deep water table; a
// perennial river fed by groundwater loses nothing to its bed (NEH-630 ch. 19; SWAT sets K_ch = 0
// for perennial streams; Shanafield & Cook 2014, J. Hydrol. 511, review). Whether a channel
// flows all year is set largely by the climate of its catchment, its aridity among the strongest
// predictors (Messager et al. 2021, Nature 594, global non-perennial rivers). The rate of a
// cell's channel therefore scales with the aridity index (annual PET / P) of its upstream
// catchment, not of the cell alone: a Volga in the Caspian lowland carries the water of the
// humid north and stays perennial (it is 0 there), a wadi of the Karakum loses at the full rate.
// Plain functions over arrays: no I/O.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "caspian/catchment/drainage.hpp"
#include "caspian/core/parameters.hpp"

namespace caspian::catchment {

struct TransmissionLossParameters {
  double bed_infiltration_m_per_s = 0.0;  // K_eff at and above aridity_full
  double width_coefficient_m = 7.2;       // a in w = a (Q / 1 m3 s-1)^b, m
  double width_exponent = 0.5;            // b
  double aridity_onset = 2.0;             // upstream PET/P at and below which nothing is lost
  double aridity_full = 5.0;              // upstream PET/P from which the full rate applies
};

// Reads the catchment.transmission_loss_* and catchment.channel_width_* entries of the registry.
TransmissionLossParameters transmission_loss_parameters_from(const core::ParameterSet& set);

// The share (0..1) of the full infiltration rate at an aridity index (PET/P): 0 up to
// aridity_onset, rising linearly to 1 at aridity_full (a step at aridity_onset if full <= onset).
// NaN (no precipitation and no PET) counts as 0.
double aridity_loss_factor(const TransmissionLossParameters& p, double aridity_index);

// Wetted width (m) of a channel carrying flow_m3_per_s: a Q^b (0 for no flow).
double channel_width_m(const TransmissionLossParameters& p, double flow_m3_per_s);

// The loss (m3/s) of a reach of length_m carrying flow_m3_per_s at loss_factor (0..1):
// loss_factor x K_eff x length x width, never more than the flow.
double transmission_loss_m3_per_s(const TransmissionLossParameters& p, double loss_factor,
                                  double length_m, double flow_m3_per_s);

// Aridity index (annual PET / annual precipitation) of each routed cell's upstream catchment:
// the cell and every routed cell draining through it, area weighted (sum of PET volumes over sum
// of precipitation volumes). Cells that are not routed get their own index. pet_mm and
// precipitation_mm: annual totals per cell. +inf where the catchment has PET but no
// precipitation.
std::vector<double> upstream_aridity_index(const DrainageNetwork& network,
                                           std::span<const std::uint8_t> routed,
                                           std::span<const double> pet_mm,
                                           std::span<const double> precipitation_mm);

// Annual totals (mm, 365-day year) per cell of monthly climatologies given as mean rates per day
// ([month][cell], January first).
std::vector<double> annual_total_mm(const std::array<std::vector<double>, 12>& mm_per_day);

}  // namespace caspian::catchment
