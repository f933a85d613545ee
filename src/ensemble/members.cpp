#include "caspian/ensemble/members.hpp"

#include <cmath>
#include <map>
#include <stdexcept>

namespace caspian::ensemble {

std::vector<MemberSpec> member_specs(std::size_t scenarios, std::size_t models,
                                     std::size_t parameter_sets, std::size_t members_per_scenario,
                                     std::uint64_t base_seed) {
  if (scenarios == 0 || models == 0 || parameter_sets == 0 || members_per_scenario == 0)
    throw std::invalid_argument("member_specs: scenarios, models, parameter sets and members >= 1");
  std::vector<MemberSpec> out;
  for (std::size_t s = 0; s < scenarios; ++s) {
    for (std::size_t k = 0; k < members_per_scenario; ++k) {
      MemberSpec m;
      m.index = out.size();
      m.scenario = s;
      m.within_scenario = k;
      m.model = k % models;
      m.parameter_set = k % parameter_sets;
      m.weather_seed = base_seed + k;
      out.push_back(m);
    }
  }
  return out;
}

MemberAnnual annual_results(const std::vector<model::MonthResult>& months,
                            const ports::PortSystem& system, const ports::Assessment& assessment) {
  MemberAnnual a;
  const double nan = std::nan("");
  a.rivers = months.empty() ? 0 : months.front().river_inflow_m3_per_s.size();
  std::map<int, std::size_t> row;
  std::vector<double> days;
  for (const auto& m : months) {
    auto [it, added] = row.try_emplace(m.month.year, a.years.size());
    if (added) {
      a.years.push_back(m.month.year);
      for (auto* v : {&a.level_m_bs, &a.area_m2, &a.volume_m3, &a.evaporation_m3_per_s,
                      &a.precipitation_m3_per_s, &a.kbg_outflow_m3_per_s})
        v->push_back(0.0);
      a.river_inflow_m3_per_s.resize(a.river_inflow_m3_per_s.size() + a.rivers, 0.0);
      days.push_back(0.0);
    }
    const std::size_t y = it->second;
    const double d = m.days;
    days[y] += d;
    a.level_m_bs[y] += 0.5 * (m.level_start_m_bs + m.level_end_m_bs) * d;
    a.area_m2[y] += m.terms.area_m2 * d;
    a.volume_m3[y] += m.volume_end_m3 * d;
    a.evaporation_m3_per_s[y] += m.terms.evaporation_m3_per_s * d;
    a.precipitation_m3_per_s[y] += m.terms.precipitation_m3_per_s * d;
    a.kbg_outflow_m3_per_s[y] += m.terms.kbg_outflow_m3_per_s * d;
    for (std::size_t r = 0; r < a.rivers; ++r)
      a.river_inflow_m3_per_s[y * a.rivers + r] += m.river_inflow_m3_per_s[r] * d;
  }
  for (std::size_t y = 0; y < a.years.size(); ++y) {
    for (auto* v : {&a.level_m_bs, &a.area_m2, &a.volume_m3, &a.evaporation_m3_per_s,
                    &a.precipitation_m3_per_s, &a.kbg_outflow_m3_per_s})
      (*v)[y] /= days[y];
    for (std::size_t r = 0; r < a.rivers; ++r) a.river_inflow_m3_per_s[y * a.rivers + r] /= days[y];
  }

  a.policies = assessment.policies.size();
  a.ports = assessment.n_ports;
  a.classes = assessment.n_classes;
  a.corridors = assessment.n_corridors;
  if (assessment.years != a.years)
    throw std::invalid_argument("annual_results: the assessment's years differ from the months'");
  // Which classes each port's mix holds.
  std::vector<std::uint8_t> in_mix(a.ports * a.classes, 0);
  for (std::size_t p = 0; p < a.ports; ++p) {
    for (const auto& share : system.ports[p].vessel_mix) {
      if (share.vessel_class < a.classes) in_mix[p * a.classes + share.vessel_class] = 1;
    }
  }
  const std::size_t ny = a.years.size();
  const std::size_t pc = a.ports * a.classes;
  a.allowed_draft_m.assign(ny * a.policies * pc, nan);
  a.load_factor.assign(ny * a.policies * pc, nan);
  a.months_can_call.assign(ny * a.policies * pc, nan);
  a.corridor_capacity_mt.assign(ny * a.policies * a.corridors, nan);
  a.corridor_shortfall_mt.assign(ny * a.policies * a.corridors, nan);
  for (std::size_t y = 0; y < ny; ++y) {
    for (std::size_t q = 0; q < a.policies; ++q) {
      const auto& r = assessment.policies[q];
      for (std::size_t p = 0; p < a.ports; ++p) {
        for (std::size_t c = 0; c < a.classes; ++c) {
          if (!in_mix[p * a.classes + c]) continue;
          const std::size_t src = assessment.year_port_class(y, p, c);
          const std::size_t dst = ((y * a.policies + q) * a.ports + p) * a.classes + c;
          a.allowed_draft_m[dst] = r.mean_allowed_draft_m[src];
          a.load_factor[dst] = r.mean_load_factor[src];
          a.months_can_call[dst] = r.months_can_call[src];
        }
      }
      for (std::size_t k = 0; k < a.corridors; ++k) {
        const std::size_t dst = (y * a.policies + q) * a.corridors + k;
        a.corridor_capacity_mt[dst] = r.corridor_capacity_mt[assessment.year_corridor(y, k)];
        a.corridor_shortfall_mt[dst] = r.corridor_shortfall_mt[assessment.year_corridor(y, k)];
      }
    }
  }
  return a;
}

}  // namespace caspian::ensemble
