#pragma once
// Ensemble members and what is kept of each: a member is (scenario, CMIP6 model pattern,
// catchment parameter set, weather seed); its annual results are what the ensemble files and
// statistics are made of. Plain types and functions: no files, no threads.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "caspian/model/projection.hpp"
#include "caspian/ports/assessment.hpp"

namespace caspian::ensemble {

struct MemberSpec {
  std::size_t index = 0;            // in the ensemble: scenario-major
  std::size_t scenario = 0;         // index into the scenario list
  std::size_t within_scenario = 0;  // k: the member's number within its scenario
  std::size_t model = 0;            // index into the model list
  std::size_t parameter_set = 0;    // index into the parameter sets
  std::uint64_t weather_seed = 0;
};

// members_per_scenario members for each scenario. Member k of every scenario takes model
// k mod M, parameter set k mod P and weather seed base_seed + k: it depends on k alone, never on
// how many members run (paired across scenarios, so scenarios differ by their forcing only; with
// M and P coprime the first M x P members take every model with every parameter set). Throws
// std::invalid_argument for an empty list or no members.
std::vector<MemberSpec> member_specs(std::size_t scenarios, std::size_t models,
                                     std::size_t parameter_sets, std::size_t members_per_scenario,
                                     std::uint64_t base_seed);

// What is kept of a member, per year (flat arrays, last index fastest).
struct MemberAnnual {
  std::vector<int> years;
  std::vector<double> level_m_bs;  // annual mean (of the monthly means)
  std::vector<double> area_m2, volume_m3;
  std::vector<double> evaporation_m3_per_s, precipitation_m3_per_s, kbg_outflow_m3_per_s;
  std::vector<double> river_inflow_m3_per_s;  // [year][river]
  std::size_t rivers = 0;
  // The port check, per dredging policy: [year][policy][port][class] and
  // [year][policy][corridor]; NaN for classes not in a port's mix.
  std::vector<double> allowed_draft_m, load_factor, months_can_call;
  std::vector<double> corridor_capacity_mt, corridor_shortfall_mt;
  std::size_t policies = 0, ports = 0, classes = 0, corridors = 0;
};

// Annual means of a member's months (calendar-weighted by days) and its port assessment's annual
// figures, classes outside each port's mix left NaN.
MemberAnnual annual_results(const std::vector<model::MonthResult>& months,
                            const ports::PortSystem& system, const ports::Assessment& assessment);

// A member's annual results as one flat array of doubles and back, bit for bit (what ranks send
// to rank 0). unpack throws std::invalid_argument when the array is not one pack() made.
std::vector<double> pack(const MemberAnnual& annual);
MemberAnnual unpack(std::span<const double> flat);

}  // namespace caspian::ensemble
