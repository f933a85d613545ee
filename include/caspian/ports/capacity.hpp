#pragma once
// Port capacity against demand and the Caspian leg of a corridor.
#include <cstddef>
#include <span>
#include <vector>

#include "caspian/ports/payload.hpp"
#include "caspian/ports/types.hpp"

namespace caspian::ports {

// Calls per year the port's berths give a class: its share of the full-load capacity over its
// full cargo. Berth time per call is taken as independent of the load, so capacity in tonnes
// scales with the payload.
double calls_per_year(const Port& port, const VesselShare& share, const VesselClass& vessel);

struct PortMonth {
  double capacity_t = 0.0;       // sum over the mix of calls/12 x cargo at this month's load
  double sailings_needed = 0.0;  // to move the month's demand at this month's loads
  double sailings_at_full_load = 0.0;
  double extra_sailings = 0.0;  // needed - at full load; NaN when no class can call
};

// One month at a port: loads holds the Load of each vessel_mix entry, in order. The demand of a
// class that cannot call moves to the classes that can, in proportion to their shares.
PortMonth port_month(const PortSystem& system, const Port& port, std::span<const Load> loads,
                     double demand_t);

struct PortYear {
  double capacity_mt = 0.0;
  double demand_mt = 0.0;
  double utilisation = 0.0;   // demand / capacity; +inf when capacity is 0
  double shortfall_mt = 0.0;  // max(0, demand - capacity)
  double extra_sailings = 0.0;
};
PortYear port_year(double capacity_mt, double demand_mt, double extra_sailings);

struct CorridorYear {
  std::vector<double> side_capacity_mt;  // per side: sum of port capacity x corridor share
  std::size_t bottleneck_side = 0;       // the side with the least capacity
  double capacity_mt = 0.0;              // min over the sides
  double demand_mt = 0.0;
  double shortfall_mt = 0.0;
};

// port_capacity_mt: one value per port of system.ports. A port counts on a side when it serves
// the corridor and its shore tag is in that side's list.
CorridorYear corridor_year(const PortSystem& system, const Corridor& corridor,
                           std::span<const double> port_capacity_mt, int year);

}  // namespace caspian::ports
