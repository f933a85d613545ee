#include "caspian/ports/assessment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "caspian/ports/capacity.hpp"
#include "caspian/ports/draft.hpp"
#include "caspian/ports/dredging.hpp"
#include "caspian/ports/payload.hpp"

namespace caspian::ports {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Months of each year: first index and count into the monthly series.
struct YearSpan {
  int year = 0;
  std::size_t first = 0;
  std::size_t count = 0;
};

std::vector<YearSpan> year_spans(const LevelSeries& levels) {
  std::vector<YearSpan> out;
  for (std::size_t t = 0; t < levels.months.size(); ++t) {
    if (out.empty() || out.back().year != levels.months[t].year)
      out.push_back({levels.months[t].year, t, 0});
    ++out.back().count;
  }
  return out;
}

void size_result(PolicyResult& r, const Assessment& a) {
  const std::size_t nt = a.months.size(), ny = a.years.size();
  const std::size_t mp = nt * a.n_ports, mpc = mp * a.n_classes;
  const std::size_t yp = ny * a.n_ports, ypc = yp * a.n_classes, yk = ny * a.n_corridors;
  for (auto* v : {&r.allowed_draft_m, &r.cargo_t, &r.load_factor, &r.can_call}) v->assign(mpc, nan);
  r.depth_m.assign(mp, nan);
  r.final_bed_m_bs.assign(a.n_ports, nan);
  for (auto* v : {&r.capacity_mt, &r.demand_mt, &r.utilisation, &r.shortfall_mt, &r.extra_sailings,
                  &r.dredge_volume_m3, &r.dredge_cumulative_m3, &r.dredge_cost_usd,
                  &r.dredge_cumulative_cost_usd, &r.bed_lowering_m, &r.dredge_maintenance_m3})
    v->assign(yp, nan);
  for (auto* v :
       {&r.mean_load_factor, &r.min_load_factor, &r.months_can_call, &r.mean_allowed_draft_m,
        &r.min_allowed_draft_m, &r.months_squat_outside_validity})
    v->assign(ypc, nan);
  for (auto* v : {&r.corridor_capacity_mt, &r.corridor_demand_mt, &r.corridor_shortfall_mt,
                  &r.corridor_bottleneck_side})
    v->assign(yk, nan);
  r.corridor_side_capacity_mt.assign(yk * a.max_sides, nan);
}

void assess_policy(const PortSystem& system, const Assessment& a,
                   const std::vector<YearSpan>& spans, const AssessmentOptions& options,
                   const PolicyCarry* prior, PolicyResult& r) {
  const bool hold = r.policy == DredgingPolicy::hold_design_depth;
  for (std::size_t p = 0; p < a.n_ports; ++p) {
    const Port& port = system.ports[p];
    const double natural_bed_m_bs = port.controlling.bed_m_bs();
    // A continuation starts from the bed and the volume the years before left.
    double bed_m_bs = prior ? prior->bed_m_bs[p] : natural_bed_m_bs;
    double cumulative_m3 = prior ? prior->dredge_cumulative_m3[p] : 0.0;
    const bool dredged = hold && port.design_depth_m.has_value();
    std::vector<Load> mix_loads(port.vessel_mix.size());
    for (std::size_t y = 0; y < spans.size(); ++y) {
      const YearSpan& span = spans[y];
      // Dredge before the year to hold the design depth at its lowest month.
      double deepening_before = natural_bed_m_bs - bed_m_bs;
      if (dredged) {
        double lowest = std::numeric_limits<double>::infinity();
        for (std::size_t t = span.first; t < span.first + span.count; ++t)
          lowest = std::min(lowest, a.level_m_bs[t]);
        bed_m_bs = held_bed_m_bs(bed_m_bs, lowest, *port.design_depth_m);
      }
      const double deepening = natural_bed_m_bs - bed_m_bs;
      const std::size_t yp = a.year_port(y, p);
      r.bed_lowering_m[yp] = deepening;
      if (!hold) {
        r.dredge_volume_m3[yp] = 0.0;
      } else if (!dredged) {
        r.dredge_volume_m3[yp] = 0.0;  // no design depth: nothing held
      } else if (port.dredging) {
        // Deepening to the held bed, plus the year's maintenance (siltation) of the held channel
        // and basin, for the months of the year present.
        r.dredge_maintenance_m3[yp] =
            port.dredging->maintenance_m3_per_yr * double(span.count) / 12.0;
        r.dredge_volume_m3[yp] = dredge_increment_m3(*port.dredging, deepening_before, deepening) +
                                 r.dredge_maintenance_m3[yp];
      }
      if (!dredged) r.dredge_maintenance_m3[yp] = 0.0;
      cumulative_m3 += r.dredge_volume_m3[yp];
      r.dredge_cumulative_m3[yp] = cumulative_m3;
      const double cost_per_m3 = port.dredging ? port.dredging->cost_usd_per_m3 : nan;
      r.dredge_cost_usd[yp] =
          r.dredge_volume_m3[yp] == 0.0 ? 0.0 : r.dredge_volume_m3[yp] * cost_per_m3;
      r.dredge_cumulative_cost_usd[yp] = cumulative_m3 == 0.0 ? 0.0 : cumulative_m3 * cost_per_m3;

      const double demand_mt = growth_path_mt(port.demand, span.year);
      const double demand_month_t = demand_mt * 1e6 / 12.0;
      double capacity_t = 0.0, extra_sailings = 0.0;
      std::vector<double> lf_sum(a.n_classes, 0.0), lf_min(a.n_classes, 1e300);
      std::vector<double> draft_sum(a.n_classes, 0.0), draft_min(a.n_classes, 1e300);
      std::vector<double> calls(a.n_classes, 0.0);
      std::vector<double> squat_invalid(a.n_classes, 0.0);
      for (std::size_t t = span.first; t < span.first + span.count; ++t) {
        const double level = a.level_m_bs[t];
        const double depth_m = level - bed_m_bs;
        r.depth_m[a.month_port(t, p)] = depth_m;
        const int month = a.months[t].month;
        const double water_m = depth_m - port.set_down_m[std::size_t(month - 1)];
        for (std::size_t c = 0; c < a.n_classes; ++c) {
          const VesselClass& vessel = system.classes[c];
          const DraftLimit limit =
              allowed_draft(vessel, port.ukc, water_m, port.water_density_t_per_m3);
          const Load load =
              load_at_allowed_draft(vessel, limit.allowed_draft_m, options.min_load_factor);
          const std::size_t i = a.month_port_class(t, p, c);
          r.allowed_draft_m[i] = limit.allowed_draft_m;
          r.cargo_t[i] = load.cargo_t;
          r.load_factor[i] = load.load_factor;
          r.can_call[i] = load.can_call ? 1.0 : 0.0;
          lf_sum[c] += load.load_factor;
          lf_min[c] = std::min(lf_min[c], load.load_factor);
          draft_sum[c] += limit.allowed_draft_m;
          draft_min[c] = std::min(draft_min[c], limit.allowed_draft_m);
          calls[c] += load.can_call ? 1.0 : 0.0;
          squat_invalid[c] += limit.squat_within_validity ? 0.0 : 1.0;
        }
        for (std::size_t k = 0; k < port.vessel_mix.size(); ++k) {
          const std::size_t c = port.vessel_mix[k].vessel_class;
          const std::size_t i = a.month_port_class(t, p, c);
          mix_loads[k] = Load{std::min(r.allowed_draft_m[i], system.classes[c].design_draft_m),
                              r.cargo_t[i], r.load_factor[i], r.can_call[i] > 0.5};
        }
        const PortMonth pm = port_month(system, port, mix_loads, demand_month_t);
        capacity_t += pm.capacity_t;
        extra_sailings += pm.extra_sailings;
      }
      // Annualise a partial year from the months present.
      const double scale = 12.0 / double(span.count);
      const PortYear py = port_year(capacity_t * scale / 1e6, demand_mt, extra_sailings * scale);
      r.capacity_mt[yp] = py.capacity_mt;
      r.demand_mt[yp] = py.demand_mt;
      r.utilisation[yp] = std::isfinite(py.utilisation) ? py.utilisation : nan;
      r.shortfall_mt[yp] = py.shortfall_mt;
      r.extra_sailings[yp] = py.extra_sailings;
      for (std::size_t c = 0; c < a.n_classes; ++c) {
        const std::size_t i = a.year_port_class(y, p, c);
        r.mean_load_factor[i] = lf_sum[c] / double(span.count);
        r.min_load_factor[i] = lf_min[c];
        r.months_can_call[i] = calls[c];
        r.mean_allowed_draft_m[i] = draft_sum[c] / double(span.count);
        r.min_allowed_draft_m[i] = draft_min[c];
        r.months_squat_outside_validity[i] = squat_invalid[c];
      }
    }
    r.final_bed_m_bs[p] = bed_m_bs;
  }
  std::vector<double> capacity(a.n_ports);
  for (std::size_t y = 0; y < spans.size(); ++y) {
    for (std::size_t p = 0; p < a.n_ports; ++p) capacity[p] = r.capacity_mt[a.year_port(y, p)];
    for (std::size_t k = 0; k < a.n_corridors; ++k) {
      const CorridorYear cy = corridor_year(system, system.corridors[k], capacity, spans[y].year);
      const std::size_t i = a.year_corridor(y, k);
      r.corridor_capacity_mt[i] = cy.capacity_mt;
      r.corridor_demand_mt[i] = cy.demand_mt;
      r.corridor_shortfall_mt[i] = cy.shortfall_mt;
      r.corridor_bottleneck_side[i] = double(cy.bottleneck_side);
      for (std::size_t s = 0; s < cy.side_capacity_mt.size(); ++s)
        r.corridor_side_capacity_mt[a.year_corridor_side(y, k, s)] = cy.side_capacity_mt[s];
    }
  }
}
}  // namespace

std::string policy_name(DredgingPolicy policy) {
  return policy == DredgingPolicy::no_dredging ? "no_dredging" : "hold_design_depth";
}

DredgingPolicy parse_policy(const std::string& name) {
  if (name == "no_dredging") return DredgingPolicy::no_dredging;
  if (name == "hold_design_depth") return DredgingPolicy::hold_design_depth;
  throw std::invalid_argument("unknown dredging policy '" + name +
                              "' (expected no_dredging or hold_design_depth)");
}

Assessment assess(const PortSystem& system, const LevelSeries& levels,
                  std::span<const DredgingPolicy> policies, const AssessmentOptions& options,
                  const PortCarry* prior) {
  if (levels.months.empty() || levels.months.size() != levels.level_m_bs.size())
    throw std::invalid_argument("the level series is empty or its months and levels differ");
  for (std::size_t t = 1; t < levels.months.size(); ++t) {
    if (!(levels.months[t - 1] < levels.months[t]))
      throw std::invalid_argument("the level series is not in strictly increasing month order");
  }
  Assessment a;
  a.months = levels.months;
  a.level_m_bs = levels.level_m_bs;
  a.n_ports = system.ports.size();
  a.n_classes = system.classes.size();
  a.n_corridors = system.corridors.size();
  for (const auto& k : system.corridors) a.max_sides = std::max(a.max_sides, k.sides.size());
  const auto spans = year_spans(levels);
  for (const auto& s : spans) {
    a.years.push_back(s.year);
    double sum = 0.0;
    for (std::size_t t = s.first; t < s.first + s.count; ++t) sum += levels.level_m_bs[t];
    a.annual_mean_level_m_bs.push_back(sum / double(s.count));
  }
  if (prior) {
    if (prior->policies.size() != policies.size())
      throw std::invalid_argument("the saved port check has other dredging policies");
    if (prior->last_year >= levels.months.front().year)
      throw std::invalid_argument("the saved port check ends in " +
                                  std::to_string(prior->last_year) +
                                  ", not before the level series starts");
    for (std::size_t k = 0; k < policies.size(); ++k) {
      const PolicyCarry& c = prior->policies[k];
      if (c.policy != policies[k])
        throw std::invalid_argument("the saved port check has other dredging policies");
      if (c.bed_m_bs.size() != a.n_ports || c.dredge_cumulative_m3.size() != a.n_ports)
        throw std::invalid_argument("the saved port check has another number of ports");
    }
  }
  for (std::size_t k = 0; k < policies.size(); ++k) {
    PolicyResult r;
    r.policy = policies[k];
    size_result(r, a);
    assess_policy(system, a, spans, options, prior ? &prior->policies[k] : nullptr, r);
    a.policies.push_back(std::move(r));
  }
  return a;
}

std::optional<int> first_year_below(std::span<const int> years, std::span<const double> values,
                                    double threshold) {
  for (std::size_t y = 0; y < years.size() && y < values.size(); ++y) {
    if (values[y] < threshold) return years[y];
  }
  return std::nullopt;
}

std::string criterion_name(Criterion criterion) {
  switch (criterion) {
    case Criterion::load_factor_below_80:
      return "load_factor_below_0.8";
    case Criterion::load_factor_below_50:
      return "load_factor_below_0.5";
    case Criterion::cannot_call:
      return "cannot_call";
    case Criterion::shortfall:
      return "caspian_leg_short_of_demand";
  }
  return "";
}

std::vector<FirstYear> first_years(const PortSystem& system, const Assessment& a,
                                   const std::vector<FirstYear>* prior) {
  std::vector<FirstYear> out;
  const std::size_t ny = a.years.size();
  const Criterion criteria[] = {Criterion::load_factor_below_80, Criterion::load_factor_below_50,
                                Criterion::cannot_call};
  // Annual series per (port, class) for one criterion: (worst month, annual basis) values, so
  // that "below threshold" detects the crossing in both.
  const auto series = [&](const PolicyResult& r, std::size_t p, std::size_t c, Criterion crit,
                          std::vector<double>& worst, std::vector<double>& annual) {
    worst.assign(ny, 0.0);
    annual.assign(ny, 0.0);
    for (std::size_t y = 0; y < ny; ++y) {
      const std::size_t i = a.year_port_class(y, p, c);
      if (crit == Criterion::cannot_call) {
        double months = 0.0;
        for (std::size_t t = 0; t < a.months.size(); ++t)
          if (a.months[t].year == a.years[y]) months += 1.0;
        worst[y] = r.months_can_call[i] < months ? 0.0 : 1.0;  // some month cannot call
        annual[y] = r.months_can_call[i] > 0.0 ? 1.0 : 0.0;    // no month can call
      } else {
        worst[y] = r.min_load_factor[i];
        annual[y] = r.mean_load_factor[i];
      }
    }
  };
  const auto threshold = [](Criterion crit) {
    return crit == Criterion::load_factor_below_80   ? 0.8
           : crit == Criterion::load_factor_below_50 ? 0.5
                                                     : 0.5;  // flags are 0/1
  };
  std::vector<double> worst, annual;
  for (const PolicyResult& r : a.policies) {
    for (std::size_t p = 0; p < a.n_ports; ++p) {
      const Port& port = system.ports[p];
      for (const VesselShare& share : port.vessel_mix) {
        for (Criterion crit : criteria) {
          series(r, p, share.vessel_class, crit, worst, annual);
          FirstYear f;
          f.scope = "port";
          f.scope_id = port.id;
          f.vessel_class = system.classes[share.vessel_class].id;
          f.policy = r.policy;
          f.criterion = crit;
          f.year_worst_month = first_year_below(a.years, worst, threshold(crit));
          f.year_annual = first_year_below(a.years, annual, threshold(crit));
          f.where = port.id;
          out.push_back(f);
        }
      }
    }
    for (std::size_t k = 0; k < a.n_corridors; ++k) {
      const Corridor& corridor = system.corridors[k];
      // Classes used on the corridor, in class order; earliest year over its ports.
      for (std::size_t c = 0; c < a.n_classes; ++c) {
        for (Criterion crit : criteria) {
          FirstYear f;
          f.scope = "corridor";
          f.scope_id = corridor.id;
          f.vessel_class = system.classes[c].id;
          f.policy = r.policy;
          f.criterion = crit;
          bool used = false;
          for (std::size_t p = 0; p < a.n_ports; ++p) {
            const Port& port = system.ports[p];
            if (std::find(port.corridors.begin(), port.corridors.end(), corridor.id) ==
                port.corridors.end())
              continue;
            const bool in_mix =
                std::any_of(port.vessel_mix.begin(), port.vessel_mix.end(),
                            [c](const VesselShare& s) { return s.vessel_class == c; });
            if (!in_mix) continue;
            used = true;
            series(r, p, c, crit, worst, annual);
            const auto yw = first_year_below(a.years, worst, threshold(crit));
            const auto ya = first_year_below(a.years, annual, threshold(crit));
            if (yw && (!f.year_worst_month || *yw < *f.year_worst_month)) {
              f.year_worst_month = yw;
              f.where = port.id;
            }
            if (ya && (!f.year_annual || *ya < *f.year_annual)) f.year_annual = ya;
          }
          if (used) out.push_back(f);
        }
      }
      FirstYear f;
      f.scope = "corridor";
      f.scope_id = corridor.id;
      f.policy = r.policy;
      f.criterion = Criterion::shortfall;
      for (std::size_t y = 0; y < ny; ++y) {
        if (r.corridor_shortfall_mt[a.year_corridor(y, k)] > 0.0) {
          f.year_annual = a.years[y];
          break;
        }
      }
      f.year_worst_month = f.year_annual;
      out.push_back(f);
    }
  }
  if (prior) {
    if (prior->size() != out.size())
      throw std::invalid_argument("the saved first years have other rows than this port check");
    for (std::size_t i = 0; i < out.size(); ++i) {
      const FirstYear& before = (*prior)[i];
      if (first_year_key(before) != first_year_key(out[i]))
        throw std::invalid_argument("the saved first year '" + first_year_key(before) +
                                    "' is not this port check's '" + first_year_key(out[i]) + "'");
      // Years found before the continuation are earlier than any found in it.
      if (before.year_worst_month) {
        out[i].year_worst_month = before.year_worst_month;
        out[i].where = before.where;
      }
      if (before.year_annual) out[i].year_annual = before.year_annual;
    }
  }
  return out;
}

std::vector<FirstYear> first_year_rows(const PortSystem& system,
                                       std::span<const DredgingPolicy> policies) {
  // An assessment of no years: every row, none with a year.
  Assessment empty;
  empty.n_ports = system.ports.size();
  empty.n_classes = system.classes.size();
  empty.n_corridors = system.corridors.size();
  for (DredgingPolicy policy : policies) {
    PolicyResult r;
    r.policy = policy;
    empty.policies.push_back(std::move(r));
  }
  return first_years(system, empty);
}

std::string first_year_key(const FirstYear& row) {
  return policy_name(row.policy) + "/" + row.scope + "/" + row.scope_id + "/" + row.vessel_class +
         "/" + criterion_name(row.criterion);
}

PortCarry carry_after(const Assessment& a, std::vector<FirstYear> firsts) {
  PortCarry carry;
  carry.last_year = a.years.back();
  const std::size_t y = a.years.size() - 1;
  for (const PolicyResult& r : a.policies) {
    PolicyCarry c;
    c.policy = r.policy;
    for (std::size_t p = 0; p < a.n_ports; ++p) {
      c.bed_m_bs.push_back(r.final_bed_m_bs[p]);
      c.dredge_cumulative_m3.push_back(r.dredge_cumulative_m3[a.year_port(y, p)]);
    }
    carry.policies.push_back(std::move(c));
  }
  carry.first_years = std::move(firsts);
  return carry;
}

}  // namespace caspian::ports
