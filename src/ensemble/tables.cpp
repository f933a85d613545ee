#include "caspian/ensemble/tables.hpp"

#include <cmath>
#include <functional>
#include <map>
#include <stdexcept>

#include "caspian/core/constants.hpp"
#include "caspian/ensemble/statistics.hpp"

namespace caspian::ensemble {

namespace {
constexpr double km3_per_yr_per_m3_per_s = core::seconds_per_julian_year / core::m3_per_km3;

std::string threshold_name(double level) {
  return "level_below_" + std::to_string(int(std::lround(level))) + "m";
}
}  // namespace

EnsembleTables ensemble_tables(const std::vector<MemberSpec>& specs,
                               const std::vector<MemberAnnual>& members,
                               const EnsembleLabels& labels) {
  if (specs.size() != members.size() || members.empty())
    throw std::invalid_argument("ensemble_tables: one result per member, at least one");
  const MemberAnnual& first = members.front();
  for (const auto& m : members) {
    if (m.years != first.years || m.rivers != first.rivers || m.policies != first.policies ||
        m.ports != first.ports || m.classes != first.classes || m.corridors != first.corridors)
      throw std::invalid_argument("ensemble_tables: members differ in years or sizes");
  }
  EnsembleTables t;
  t.years = first.years;
  const std::size_t ny = t.years.size();
  const std::size_t nr = first.rivers, nq = first.policies, np = first.ports, nc = first.classes,
                    nk = first.corridors;
  const std::vector<double> ps(reported_quantiles.begin(), reported_quantiles.end());

  for (std::size_t s = 0; s < labels.scenarios.size(); ++s) {
    std::vector<const MemberAnnual*> in;
    for (std::size_t i = 0; i < specs.size(); ++i)
      if (specs[i].scenario == s) in.push_back(&members[i]);
    if (in.empty()) continue;
    std::vector<double> values(in.size());
    // Quantiles of one quantity per year: value(member, year).
    auto add_quantiles = [&](const std::string& variable, const std::string& site,
                             const std::string& vessel_class, const std::string& policy,
                             const std::function<double(const MemberAnnual&, std::size_t)>& value) {
      for (std::size_t y = 0; y < ny; ++y) {
        QuantileRow row{labels.scenarios[s], t.years[y], variable, site, vessel_class, policy};
        for (std::size_t i = 0; i < in.size(); ++i) values[i] = value(*in[i], y);
        const auto q = quantiles(values, ps);
        for (std::size_t k = 0; k < q.size(); ++k) row.value[k] = q[k];
        for (double v : values) row.members += std::isfinite(v) ? 1 : 0;
        if (row.members > 0) t.quantiles.push_back(row);
      }
    };
    // Probability of an event per year, from its flag per member (NaN: the member has no value).
    auto add_probability =
        [&](const std::string& event, const std::string& site, const std::string& vessel_class,
            const std::string& policy,
            const std::function<double(const MemberAnnual&, std::size_t)>& flag) {
          ProbabilityRow row{labels.scenarios[s], event, site, vessel_class, policy, {}, 0, 0};
          std::map<int, double> by_year;
          bool any = false;
          for (std::size_t y = 0; y < ny; ++y) {
            std::size_t n = 0, hits = 0;
            for (const auto* m : in) {
              const double f = flag(*m, y);
              if (std::isnan(f)) continue;
              ++n;
              hits += f > 0.5 ? 1 : 0;
            }
            const double p = n == 0 ? std::nan("") : double(hits) / double(n);
            any = any || n > 0;
            row.probability.push_back(p);
            if (n > 0) by_year[t.years[y]] = p;
          }
          if (!any) return;
          row.first_year_50 = first_year_reaching(by_year, 0.5);
          row.first_year_90 = first_year_reaching(by_year, 0.9);
          t.probabilities.push_back(std::move(row));
        };

    add_quantiles("sea_level_m_bs", "", "", "",
                  [](const MemberAnnual& m, std::size_t y) { return m.level_m_bs[y]; });
    add_quantiles("sea_area_km2", "", "", "", [](const MemberAnnual& m, std::size_t y) {
      return m.area_m2[y] / core::m2_per_km2;
    });
    add_quantiles("sea_volume_km3", "", "", "", [](const MemberAnnual& m, std::size_t y) {
      return m.volume_m3[y] / core::m3_per_km3;
    });
    add_quantiles("evaporation_km3_per_yr", "", "", "", [](const MemberAnnual& m, std::size_t y) {
      return m.evaporation_m3_per_s[y] * km3_per_yr_per_m3_per_s;
    });
    add_quantiles("precipitation_km3_per_yr", "", "", "", [](const MemberAnnual& m, std::size_t y) {
      return m.precipitation_m3_per_s[y] * km3_per_yr_per_m3_per_s;
    });
    add_quantiles("kbg_outflow_km3_per_yr", "", "", "", [](const MemberAnnual& m, std::size_t y) {
      return m.kbg_outflow_m3_per_s[y] * km3_per_yr_per_m3_per_s;
    });
    add_quantiles("river_inflow_km3_per_yr", "all rivers", "", "",
                  [nr](const MemberAnnual& m, std::size_t y) {
                    double total = 0.0;
                    for (std::size_t r = 0; r < nr; ++r)
                      total += m.river_inflow_m3_per_s[y * nr + r];
                    return total * km3_per_yr_per_m3_per_s;
                  });
    for (std::size_t r = 0; r < nr; ++r) {
      add_quantiles("river_inflow_km3_per_yr", labels.rivers[r], "", "",
                    [nr, r](const MemberAnnual& m, std::size_t y) {
                      return m.river_inflow_m3_per_s[y * nr + r] * km3_per_yr_per_m3_per_s;
                    });
    }
    for (double level : level_thresholds_m_bs) {
      add_probability(threshold_name(level), "", "", "",
                      [level](const MemberAnnual& m, std::size_t y) {
                        return m.level_m_bs[y] < level ? 1.0 : 0.0;
                      });
    }
    for (std::size_t q = 0; q < nq; ++q) {
      const std::string& policy = labels.policies[q];
      for (std::size_t k = 0; k < nk; ++k) {
        auto at = [nq, nk, q, k](std::size_t y) { return (y * nq + q) * nk + k; };
        add_quantiles(
            "corridor_capacity_mt_per_yr", labels.corridors[k], "", policy,
            [at](const MemberAnnual& m, std::size_t y) { return m.corridor_capacity_mt[at(y)]; });
        add_quantiles(
            "corridor_shortfall_mt_per_yr", labels.corridors[k], "", policy,
            [at](const MemberAnnual& m, std::size_t y) { return m.corridor_shortfall_mt[at(y)]; });
        add_probability("corridor_short", labels.corridors[k], "", policy,
                        [at](const MemberAnnual& m, std::size_t y) {
                          const double v = m.corridor_shortfall_mt[at(y)];
                          return std::isnan(v) ? v : (v > 0.0 ? 1.0 : 0.0);
                        });
      }
      for (std::size_t p = 0; p < np; ++p) {
        for (std::size_t c = 0; c < nc; ++c) {
          auto at = [nq, np, nc, q, p, c](std::size_t y) {
            return ((y * nq + q) * np + p) * nc + c;
          };
          if (std::isnan(first.load_factor[at(0)])) continue;  // not in the port's mix
          const std::string &port = labels.ports[p], &vc = labels.classes[c];
          add_quantiles(
              "allowed_draft_m", port, vc, policy,
              [at](const MemberAnnual& m, std::size_t y) { return m.allowed_draft_m[at(y)]; });
          add_quantiles(
              "load_factor", port, vc, policy,
              [at](const MemberAnnual& m, std::size_t y) { return m.load_factor[at(y)]; });
          for (const auto& [event, threshold] :
               {std::pair<const char*, double>{"load_below_80pct", 0.8},
                {"load_below_50pct", 0.5}}) {
            add_probability(event, port, vc, policy,
                            [at, threshold](const MemberAnnual& m, std::size_t y) {
                              const double v = m.load_factor[at(y)];
                              return std::isnan(v) ? v : (v < threshold ? 1.0 : 0.0);
                            });
          }
          add_probability("cannot_call", port, vc, policy,
                          [at](const MemberAnnual& m, std::size_t y) {
                            const double v = m.months_can_call[at(y)];
                            return std::isnan(v) ? v : (v == 0.0 ? 1.0 : 0.0);
                          });
        }
      }
    }
  }
  return t;
}

}  // namespace caspian::ensemble
