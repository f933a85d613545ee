#include "caspian/ports/capacity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace caspian::ports {

double calls_per_year(const Port& port, const VesselShare& share, const VesselClass& vessel) {
  const double full_t = full_cargo_t(vessel);
  return full_t > 0.0 ? port.capacity_mt_per_yr * 1e6 * share.cargo_share / full_t : 0.0;
}

PortMonth port_month(const PortSystem& system, const Port& port, std::span<const Load> loads,
                     double demand_t) {
  PortMonth out;
  double share_calling = 0.0;
  for (std::size_t k = 0; k < port.vessel_mix.size(); ++k) {
    const VesselShare& share = port.vessel_mix[k];
    const VesselClass& vessel = system.classes[share.vessel_class];
    out.capacity_t += calls_per_year(port, share, vessel) / 12.0 * loads[k].cargo_t;
    const double full_t = full_cargo_t(vessel);
    if (full_t > 0.0) out.sailings_at_full_load += demand_t * share.cargo_share / full_t;
    if (loads[k].can_call) share_calling += share.cargo_share;
  }
  if (share_calling <= 0.0) {
    out.sailings_needed = std::numeric_limits<double>::quiet_NaN();
    out.extra_sailings = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
  for (std::size_t k = 0; k < port.vessel_mix.size(); ++k) {
    if (!loads[k].can_call) continue;
    const double share = port.vessel_mix[k].cargo_share / share_calling;
    out.sailings_needed += demand_t * share / loads[k].cargo_t;
  }
  out.extra_sailings = out.sailings_needed - out.sailings_at_full_load;
  return out;
}

PortYear port_year(double capacity_mt, double demand_mt, double extra_sailings) {
  PortYear out;
  out.capacity_mt = capacity_mt;
  out.demand_mt = demand_mt;
  out.utilisation =
      capacity_mt > 0.0 ? demand_mt / capacity_mt : std::numeric_limits<double>::infinity();
  out.shortfall_mt = std::max(0.0, demand_mt - capacity_mt);
  out.extra_sailings = extra_sailings;
  return out;
}

CorridorYear corridor_year(const PortSystem& system, const Corridor& corridor,
                           std::span<const double> port_capacity_mt, int year) {
  CorridorYear out;
  out.side_capacity_mt.assign(corridor.sides.size(), 0.0);
  for (std::size_t p = 0; p < system.ports.size(); ++p) {
    const Port& port = system.ports[p];
    if (std::find(port.corridors.begin(), port.corridors.end(), corridor.id) ==
        port.corridors.end())
      continue;
    const auto share_it = port.corridor_share.find(corridor.id);
    const double share = share_it == port.corridor_share.end() ? 1.0 : share_it->second;
    for (std::size_t s = 0; s < corridor.sides.size(); ++s) {
      const auto& tags = corridor.sides[s];
      if (std::find(tags.begin(), tags.end(), port.side) != tags.end())
        out.side_capacity_mt[s] += port_capacity_mt[p] * share;
    }
  }
  out.capacity_mt = out.side_capacity_mt.empty() ? 0.0 : out.side_capacity_mt[0];
  for (std::size_t s = 1; s < out.side_capacity_mt.size(); ++s) {
    if (out.side_capacity_mt[s] < out.capacity_mt) {
      out.capacity_mt = out.side_capacity_mt[s];
      out.bottleneck_side = s;
    }
  }
  out.demand_mt = growth_path_mt(corridor.demand, year);
  out.shortfall_mt = std::max(0.0, out.demand_mt - out.capacity_mt);
  return out;
}

}  // namespace caspian::ports
