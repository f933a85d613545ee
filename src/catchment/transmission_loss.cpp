#include "caspian/catchment/transmission_loss.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace caspian::catchment {

TransmissionLossParameters transmission_loss_parameters_from(const core::ParameterSet& set) {
  TransmissionLossParameters p;
  p.bed_infiltration_m_per_s =
      set.get("catchment.transmission_loss_bed_infiltration_mm_per_h") * 1.0e-3 / 3600.0;
  p.width_coefficient_m = set.get("catchment.channel_width_coefficient_m");
  p.width_exponent = set.get("catchment.channel_width_exponent");
  p.aridity_onset = set.get("catchment.transmission_loss_aridity_onset");
  p.aridity_full = set.get("catchment.transmission_loss_aridity_full");
  return p;
}

double aridity_loss_factor(const TransmissionLossParameters& p, double aridity_index) {
  if (!(aridity_index > p.aridity_onset)) return 0.0;  // also NaN
  if (!(p.aridity_full > p.aridity_onset)) return 1.0;
  return std::min(1.0, (aridity_index - p.aridity_onset) / (p.aridity_full - p.aridity_onset));
}

double channel_width_m(const TransmissionLossParameters& p, double flow_m3_per_s) {
  if (!(flow_m3_per_s > 0.0)) return 0.0;
  const double scaled = p.width_exponent == 0.5 ? std::sqrt(flow_m3_per_s)
                                                : std::pow(flow_m3_per_s, p.width_exponent);
  return p.width_coefficient_m * scaled;
}

double transmission_loss_m3_per_s(const TransmissionLossParameters& p, double loss_factor,
                                  double length_m, double flow_m3_per_s) {
  if (!(loss_factor > 0.0) || !(flow_m3_per_s > 0.0)) return 0.0;
  const double capacity =
      loss_factor * p.bed_infiltration_m_per_s * length_m * channel_width_m(p, flow_m3_per_s);
  return std::min(capacity, flow_m3_per_s);
}

std::vector<double> upstream_aridity_index(const DrainageNetwork& network,
                                           std::span<const std::uint8_t> routed,
                                           std::span<const double> pet_mm,
                                           std::span<const double> precipitation_mm) {
  const std::size_t n = network.grid.size();
  if (routed.size() != n || pet_mm.size() != n || precipitation_mm.size() != n) {
    throw std::invalid_argument("upstream_aridity_index: array sizes do not match the grid");
  }
  // Volumes summed downstream in routing order (upstream first).
  std::vector<double> pet_m3(n, 0.0), precipitation_m3(n, 0.0);
  for (std::size_t c = 0; c < n; ++c) {
    pet_m3[c] = pet_mm[c] * network.cell_area_m2[c];
    precipitation_m3[c] = precipitation_mm[c] * network.cell_area_m2[c];
  }
  for (const std::size_t c : network.order) {
    const std::size_t d = network.downstream[c];
    if (!routed[c] || d == no_cell || !routed[d]) continue;
    pet_m3[d] += pet_m3[c];
    precipitation_m3[d] += precipitation_m3[c];
  }
  std::vector<double> index(n);
  for (std::size_t c = 0; c < n; ++c) {
    index[c] = precipitation_m3[c] > 0.0 ? pet_m3[c] / precipitation_m3[c]
               : pet_m3[c] > 0.0         ? std::numeric_limits<double>::infinity()
                                         : std::numeric_limits<double>::quiet_NaN();
  }
  return index;
}

std::vector<double> annual_total_mm(const std::array<std::vector<double>, 12>& mm_per_day) {
  constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::vector<double> total(mm_per_day[0].size(), 0.0);
  for (std::size_t m = 0; m < 12; ++m) {
    if (mm_per_day[m].size() != total.size()) {
      throw std::invalid_argument("annual_total_mm: months differ in size");
    }
    for (std::size_t c = 0; c < total.size(); ++c) total[c] += mm_per_day[m][c] * days[m];
  }
  return total;
}

}  // namespace caspian::catchment
