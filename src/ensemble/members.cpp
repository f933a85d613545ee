#include "caspian/ensemble/members.hpp"

#include <array>
#include <cmath>
#include <map>
#include <stdexcept>
#include <utility>

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

namespace {
// The arrays of a MemberAnnual in pack order, with their lengths per year.
template <typename A>
auto member_arrays(A& a) {
  return std::array{std::pair{&a.level_m_bs, std::size_t{1}},
                    std::pair{&a.area_m2, std::size_t{1}},
                    std::pair{&a.volume_m3, std::size_t{1}},
                    std::pair{&a.evaporation_m3_per_s, std::size_t{1}},
                    std::pair{&a.precipitation_m3_per_s, std::size_t{1}},
                    std::pair{&a.kbg_outflow_m3_per_s, std::size_t{1}},
                    std::pair{&a.river_inflow_m3_per_s, a.rivers},
                    std::pair{&a.allowed_draft_m, a.policies * a.ports * a.classes},
                    std::pair{&a.load_factor, a.policies * a.ports * a.classes},
                    std::pair{&a.months_can_call, a.policies * a.ports * a.classes},
                    std::pair{&a.corridor_capacity_mt, a.policies * a.corridors},
                    std::pair{&a.corridor_shortfall_mt, a.policies * a.corridors}};
}
constexpr std::size_t pack_header = 7;
}  // namespace

std::vector<double> pack(const MemberAnnual& annual) {
  const std::size_t ny = annual.years.size();
  std::vector<double> flat{double(ny),
                           double(annual.rivers),
                           double(annual.policies),
                           double(annual.ports),
                           double(annual.classes),
                           double(annual.corridors),
                           0.0};
  for (int y : annual.years) flat.push_back(double(y));
  for (const auto& [v, per_year] : member_arrays(annual)) {
    if (v->size() != ny * per_year)
      throw std::invalid_argument("pack: a member's array does not match its years and sizes");
    flat.insert(flat.end(), v->begin(), v->end());
  }
  flat[pack_header - 1] = double(flat.size());
  return flat;
}

MemberAnnual unpack(std::span<const double> flat) {
  auto count = [&](std::size_t k) {
    const double v = flat[k];
    if (!(v >= 0.0 && v < 1e12) || v != std::floor(v))
      throw std::invalid_argument("unpack: not a packed member (bad header)");
    return std::size_t(v);
  };
  if (flat.size() < pack_header) throw std::invalid_argument("unpack: not a packed member (short)");
  MemberAnnual a;
  const std::size_t ny = count(0);
  a.rivers = count(1);
  a.policies = count(2);
  a.ports = count(3);
  a.classes = count(4);
  a.corridors = count(5);
  if (count(6) != flat.size()) throw std::invalid_argument("unpack: packed member of wrong length");
  std::size_t at = pack_header;
  auto take = [&](std::size_t n) {
    if (at + n > flat.size()) throw std::invalid_argument("unpack: packed member too short");
    const auto part = flat.subspan(at, n);
    at += n;
    return part;
  };
  for (double y : take(ny)) a.years.push_back(int(y));
  for (const auto& [v, per_year] : member_arrays(a)) {
    const auto part = take(ny * per_year);
    v->assign(part.begin(), part.end());
  }
  if (at != flat.size()) throw std::invalid_argument("unpack: packed member of wrong length");
  return a;
}

}  // namespace caspian::ensemble
