#pragma once
// The port check over a level series: month by month draft limits and loads for every port and
// vessel class, year by year capacity, demand, corridors and dredging, under each dredging
// policy; and the first years thresholds are crossed.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "caspian/core/time.hpp"
#include "caspian/ports/types.hpp"

namespace caspian::ports {

enum class DredgingPolicy { no_dredging, hold_design_depth };
std::string policy_name(DredgingPolicy policy);
// Throws std::invalid_argument for anything but no_dredging / hold_design_depth.
DredgingPolicy parse_policy(const std::string& name);

// Monthly mean sea levels (m BS), in time order.
struct LevelSeries {
  std::vector<core::YearMonth> months;
  std::vector<double> level_m_bs;
};

struct AssessmentOptions {
  double min_load_factor = 0.25;  // below it a class cannot call (parameter ports.min_load_factor)
};

// Flat arrays, last index fastest: [month][port], [month][port][class], [year][port],
// [year][port][class], [year][corridor], [year][corridor][side].
struct PolicyResult {
  DredgingPolicy policy = DredgingPolicy::no_dredging;
  // Monthly.
  std::vector<double> depth_m;          // water depth of the controlling reach (before set-down)
  std::vector<double> allowed_draft_m;  // depth-limited draft in the class's reference water
                                        // (may exceed design)
  std::vector<double> cargo_t;          // cargo per call at min(allowed, design); 0 if cannot call
  std::vector<double> load_factor;      // 0 if cannot call
  std::vector<double> can_call;         // 1 or 0
  // Annual per port.
  std::vector<double> capacity_mt;
  std::vector<double> demand_mt;
  std::vector<double> utilisation;
  std::vector<double> shortfall_mt;
  std::vector<double> extra_sailings;
  std::vector<double> dredge_volume_m3;  // deepening + maintenance
  std::vector<double> dredge_cumulative_m3;
  std::vector<double> dredge_cost_usd;
  std::vector<double> dredge_cumulative_cost_usd;
  std::vector<double> bed_lowering_m;         // held bed below the natural bed, end of year
  std::vector<double> dredge_maintenance_m3;  // the maintenance (siltation) part of the volume
  // Annual per port and class.
  std::vector<double> mean_load_factor;
  std::vector<double> min_load_factor;
  std::vector<double> months_can_call;
  std::vector<double> mean_allowed_draft_m;
  std::vector<double> min_allowed_draft_m;
  // Months whose squat at the allowed draft is outside the Barrass range of validity.
  std::vector<double> months_squat_outside_validity;
  // Annual per corridor.
  std::vector<double> corridor_capacity_mt;
  std::vector<double> corridor_demand_mt;
  std::vector<double> corridor_shortfall_mt;
  std::vector<double> corridor_bottleneck_side;   // index of the tightest side
  std::vector<double> corridor_side_capacity_mt;  // [year][corridor][max_sides], NaN if absent
  // Per port: the held bed (m BS) after the last year, for a continuation (carry_after).
  std::vector<double> final_bed_m_bs;
};

struct Assessment {
  std::vector<core::YearMonth> months;
  std::vector<double> level_m_bs;  // per month
  std::vector<int> years;          // distinct years, ascending
  std::vector<double> annual_mean_level_m_bs;
  std::size_t n_ports = 0;
  std::size_t n_classes = 0;
  std::size_t n_corridors = 0;
  std::size_t max_sides = 0;
  std::vector<PolicyResult> policies;

  std::size_t month_port(std::size_t t, std::size_t p) const { return t * n_ports + p; }
  std::size_t month_port_class(std::size_t t, std::size_t p, std::size_t c) const {
    return (t * n_ports + p) * n_classes + c;
  }
  std::size_t year_port(std::size_t y, std::size_t p) const { return y * n_ports + p; }
  std::size_t year_port_class(std::size_t y, std::size_t p, std::size_t c) const {
    return (y * n_ports + p) * n_classes + c;
  }
  std::size_t year_corridor(std::size_t y, std::size_t k) const { return y * n_corridors + k; }
  std::size_t year_corridor_side(std::size_t y, std::size_t k, std::size_t s) const {
    return (y * n_corridors + k) * max_sides + s;
  }
};

struct PortCarry;  // below

// Every class is assessed at every port (the mix decides what counts for capacity). Annual
// figures over a partial year are annualised from the months present. `prior`: the state the
// years before left (dredged beds, cumulative volumes); its policies must be `policies`. Throws
// std::invalid_argument for an empty or unordered series, or a prior that does not fit (other
// policies or ports, or years that are not before the series).
Assessment assess(const PortSystem& system, const LevelSeries& levels,
                  std::span<const DredgingPolicy> policies, const AssessmentOptions& options,
                  const PortCarry* prior = nullptr);

// The first year a value drops strictly below a threshold / a flag is set; nullopt if never.
std::optional<int> first_year_below(std::span<const int> years, std::span<const double> values,
                                    double threshold);

enum class Criterion { load_factor_below_80, load_factor_below_50, cannot_call, shortfall };
std::string criterion_name(Criterion criterion);

struct FirstYear {
  std::string scope;         // "port" or "corridor"
  std::string scope_id;      // port or corridor id
  std::string vessel_class;  // "" for a corridor shortfall
  DredgingPolicy policy = DredgingPolicy::no_dredging;
  Criterion criterion = Criterion::shortfall;
  // worst month: some month of the year crosses (cannot call: in at least one month);
  // annual: the year's mean load factor crosses (cannot call: in every month).
  std::optional<int> year_worst_month;
  std::optional<int> year_annual;
  std::string where;  // for corridor class rows: the port where it happens first (worst month)
};

// What the port check carries from one year to the next for each policy: per port, the height
// of the held bed (the depth dredging achieved; kept as a height, not a lowering, so that a
// continuation starts from exactly the same number) and the volume dredged since the start (NaN
// for a port held without a dredging geometry, as in the results). The cumulative cost is that
// volume at the port's unit cost, so it needs no state of its own.
struct PolicyCarry {
  DredgingPolicy policy = DredgingPolicy::no_dredging;
  std::vector<double> bed_m_bs;              // per port; the natural bed if never dredged
  std::vector<double> dredge_cumulative_m3;  // per port, >= 0 or NaN
};

// Everything a continuation of the check needs from the years before it (a run split in two and
// restarted from a saved state), so that the continued results equal one run's.
struct PortCarry {
  int last_year = 0;                   // the last year assessed; the continuation starts after it
  std::vector<PolicyCarry> policies;   // in the order of the policies assessed
  std::vector<FirstYear> first_years;  // as first_years() returned them, in its order
};

// Per port and class in its mix, per corridor and class used on it (earliest over the
// corridor's ports), and per corridor the first year its Caspian leg falls short of demand.
// `prior`: the rows found over the years before (a continuation); a year found there is earlier
// and is kept. Throws std::invalid_argument if its rows are not these rows.
std::vector<FirstYear> first_years(const PortSystem& system, const Assessment& assessment,
                                   const std::vector<FirstYear>* prior = nullptr);

// The rows first_years() returns for these policies, with no years found: their keys
// (first_year_key) are what a saved carry must match.
std::vector<FirstYear> first_year_rows(const PortSystem& system,
                                       std::span<const DredgingPolicy> policies);
// "policy/scope/id/class/criterion": one row's identity.
std::string first_year_key(const FirstYear& row);

// The state after the assessment's last year, for the next part of a split run.
PortCarry carry_after(const Assessment& assessment, std::vector<FirstYear> firsts);

}  // namespace caspian::ports
