#include "caspian/report/port_outputs.hpp"

#include <fmt/format.h>

#include <cmath>
#include <functional>

#include "caspian/io/atomic_file.hpp"
#include "caspian/io/cf_writer.hpp"

namespace caspian::report {

namespace {
using ports::Assessment;
using ports::PolicyResult;
constexpr double fill = 1.0e20;

std::string fmt_value(double v, const char* spec = "{:.4g}") {
  return std::isfinite(v) ? fmt::format(fmt::runtime(spec), v) : "";
}

// [t][policy][rest] from each policy's [t][rest].
std::vector<double> interleave(
    const Assessment& a, std::size_t outer, std::size_t inner,
    const std::function<const std::vector<double>&(const PolicyResult&)>& field) {
  std::vector<double> out;
  out.reserve(outer * a.policies.size() * inner);
  for (std::size_t t = 0; t < outer; ++t)
    for (const auto& r : a.policies) {
      const auto& v = field(r);
      out.insert(out.end(), v.begin() + std::ptrdiff_t(t * inner),
                 v.begin() + std::ptrdiff_t((t + 1) * inner));
    }
  return out;
}

std::string sides_text(const ports::Corridor& c) {
  std::string out;
  for (std::size_t s = 0; s < c.sides.size(); ++s) {
    std::string tags;
    for (const auto& t : c.sides[s]) tags += (tags.empty() ? "" : "+") + t;
    out += (out.empty() ? "" : "; ") + fmt::format("side {} = {}", s, tags);
  }
  return out;
}
}  // namespace

namespace {
void set_port_attributes(io::CfWriter& w, const PortRunMetadata& meta,
                         const io::PortsConfig& config) {
  const auto& sys = config.system;
  w.set_global_attribute("title", meta.title);
  w.set_global_attribute("institution", "caspian " CASPIAN_VERSION);
  w.set_global_attribute("source", "caspian " CASPIAN_VERSION " port draft check");
  w.set_global_attribute("history", meta.history);
  w.set_global_attribute("levels_source", meta.levels_source);
  w.set_global_attribute("ports_file", meta.ports_file);
  w.set_global_attribute(
      "comment",
      fmt::format(
          "Allowed draft = depth at the level - under-keel clearance (max(fraction x draft, "
          "minimum) + Barrass (2004) squat + waves) - monthly set-down, converted from the port's "
          "water to the class's reference water (reference_density). Policies: no_dredging keeps "
          "each port's controlling bed; "
          "hold_design_depth lowers it before each year to keep the design depth at the year's "
          "lowest monthly level. A class cannot call below its minimum operating draft or a load "
          "factor of {:g}. Heights in m in the Baltic height system (Kronstadt).",
          meta.min_load_factor));
  for (std::size_t p = 0; p < sys.ports.size(); ++p) {
    const auto& port = sys.ports[p];
    w.set_global_attribute("port_" + port.id + "_name", port.name);
    w.set_global_attribute("port_" + port.id + "_depth_basis",
                           config.port_provenance[p].depth_basis);
    w.set_global_attribute("port_" + port.id + "_depth_is_calibration",
                           config.port_provenance[p].depth_is_calibration ? "true" : "false");
  }
  for (const auto& v : sys.classes)
    w.set_global_attribute("vessel_class_" + v.id + "_name", v.name);
  for (const auto& c : sys.corridors) {
    w.set_global_attribute("corridor_" + c.id + "_name", c.name);
    w.set_global_attribute("corridor_" + c.id + "_sides", sides_text(c));
  }
  w.set_global_attribute("featureType", "timeSeries");
}

std::vector<std::string> side_labels(std::size_t sides) {
  std::vector<std::string> out;
  for (std::size_t s = 0; s < sides; ++s) out.push_back("side_" + std::to_string(s));
  return out;
}

// The label coordinates; the port's are the time series' ids.
void define_port_labels(io::CfWriter& w, const ports::PortSystem& sys, const Assessment& a,
                        bool with_corridors) {
  std::vector<std::string> policy_names, port_ids, class_ids, corridor_ids;
  for (const auto& r : a.policies) policy_names.push_back(ports::policy_name(r.policy));
  for (const auto& p : sys.ports) port_ids.push_back(p.id);
  for (const auto& c : sys.classes) class_ids.push_back(c.id);
  w.define_labels("policy", policy_names);
  w.define_labels("port", port_ids, "timeseries_id");
  w.define_labels("vessel_class", class_ids);
  if (!with_corridors) return;
  for (const auto& k : sys.corridors) corridor_ids.push_back(k.id);
  w.define_labels("corridor", corridor_ids);
  w.define_labels("corridor_side", side_labels(a.max_sides));
}
}  // namespace

void write_ports_netcdf(const std::filesystem::path& path, const PortRunMetadata& meta,
                        const io::PortsConfig& config, const Assessment& a) {
  const auto& sys = config.system;
  io::CfWriter w(path);
  set_port_attributes(w, meta, config);
  w.set_global_attribute("annual_values", path.stem().string() + "_annual.nc");

  // Monthly axis: mid-month, with bounds, from the first month.
  const core::Date epoch{a.months.front().year, 1, 1, 0.0};
  io::TimeAxis time;
  time.units = core::format_time_units_days(epoch);
  time.calendar = meta.calendar;
  for (const auto& ym : a.months) {
    const core::Date start{ym.year, ym.month, 1, 0.0};
    const auto next = ym.next();
    const core::Date end{next.year, next.month, 1, 0.0};
    const double t0 = core::days_between(meta.calendar, epoch, start);
    const double t1 = core::days_between(meta.calendar, epoch, end);
    time.values.push_back(0.5 * (t0 + t1));
    time.bounds.push_back({t0, t1});
  }
  w.define_time(time);
  w.define_height_datum("Baltic Height System (Kronstadt)");
  define_port_labels(w, sys, a, /*with_corridors=*/false);

  w.define_variable({"sea_level",
                     "sea level, month mean",
                     "sea_surface_height_above_geopotential_datum",
                     "m",
                     "time: mean",
                     {{"grid_mapping", "crs"}}},
                    {"time"});
  w.define_variable({"port_lat", "port latitude", "latitude", "degrees_north", "", {}}, {"port"});
  w.define_variable({"port_lon", "port longitude", "longitude", "degrees_east", "", {}}, {"port"});
  w.define_variable({"design_draft",
                     "design draft at full deadweight in the class's reference water",
                     "",
                     "m",
                     "",
                     {}},
                    {"vessel_class"});
  w.define_variable({"reference_density",
                     "density of the water the class's drafts, TPC and deadweight refer to",
                     "",
                     "t m-3",
                     "",
                     {}},
                    {"vessel_class"});
  w.define_variable({"deadweight", "deadweight at the design draft", "", "t", "", {}},
                    {"vessel_class"});
  w.define_variable({"full_cargo", "cargo at the design draft", "", "t", "", {}}, {"vessel_class"});
  w.define_variable({"cargo_share",
                     "share of the port's cargo carried by the class (0: not in the port's mix)",
                     "",
                     "1",
                     "",
                     {}},
                    {"port", "vessel_class"});
  const std::vector<std::string> mpc{"time", "policy", "port", "vessel_class"};
  w.define_variable({"available_depth",
                     "water depth of the controlling reach (channel or berth) before set-down",
                     "",
                     "m",
                     "time: mean",
                     {}},
                    {"time", "policy", "port"}, true, fill);
  w.define_variable({"allowed_draft",
                     "deepest draft (in the class's reference water) allowed by depth, under-keel "
                     "clearance and set-down in the port's water",
                     "",
                     "m",
                     "time: mean",
                     {}},
                    mpc, true, fill);
  w.define_variable({"payload",
                     "cargo per call at the loaded draft min(allowed, design); 0 when the class "
                     "cannot call",
                     "",
                     "t",
                     "time: mean",
                     {}},
                    mpc, true, fill);
  w.define_variable(
      {"load_factor", "cargo per call over cargo at the design draft", "", "1", "time: mean", {}},
      mpc, true, fill);
  w.define_flag(
      {"can_call",
       "whether the class can call in the month",
       "",
       "",
       "",
       {{"comment", "cannot_call: below the minimum operating draft or the minimum load factor"}}},
      mpc, {"cannot_call", "can_call"});
  w.end_definitions();

  w.write("sea_level", a.level_m_bs);
  std::vector<double> lat, lon;
  for (const auto& prov : config.port_provenance) {
    lat.push_back(prov.lat_deg);
    lon.push_back(prov.lon_deg);
  }
  w.write("port_lat", lat);
  w.write("port_lon", lon);
  std::vector<double> draft, dwt, cargo, rho;
  for (const auto& v : sys.classes) {
    rho.push_back(v.reference_density_t_per_m3);
    draft.push_back(v.design_draft_m);
    dwt.push_back(v.deadweight_t);
    cargo.push_back(std::max(0.0, v.deadweight_t - v.constant_weights_t));
  }
  w.write("design_draft", draft);
  w.write("reference_density", rho);
  w.write("deadweight", dwt);
  w.write("full_cargo", cargo);
  std::vector<double> shares(a.n_ports * a.n_classes, 0.0);
  for (std::size_t p = 0; p < a.n_ports; ++p)
    for (const auto& s : sys.ports[p].vessel_mix)
      shares[p * a.n_classes + s.vessel_class] = s.cargo_share;
  w.write("cargo_share", shares);

  const std::size_t nt = a.months.size();
  const std::size_t pc = a.n_ports * a.n_classes;
  w.write("available_depth",
          interleave(
              a, nt, a.n_ports, [](const PolicyResult& r) -> const auto& { return r.depth_m; }));
  w.write("allowed_draft",
          interleave(
              a, nt, pc, [](const PolicyResult& r) -> const auto& { return r.allowed_draft_m; }));
  w.write("payload",
          interleave(
              a, nt, pc, [](const PolicyResult& r) -> const auto& { return r.cargo_t; }));
  w.write("load_factor",
          interleave(
              a, nt, pc, [](const PolicyResult& r) -> const auto& { return r.load_factor; }));
  w.write("can_call",
          interleave(
              a, nt, pc, [](const PolicyResult& r) -> const auto& { return r.can_call; }));
  w.commit();
  write_ports_annual_netcdf(path.parent_path() / (path.stem().string() + "_annual.nc"), meta,
                            config, a);
}

void write_ports_annual_netcdf(const std::filesystem::path& path, const PortRunMetadata& meta,
                               const io::PortsConfig& config, const Assessment& a) {
  const auto& sys = config.system;
  io::CfWriter w(path);
  set_port_attributes(w, meta, config);
  // Annual axis of its own file: CDO reads one time axis per file.
  const io::TimeAxis time = io::annual_time_axis(a.years, meta.calendar);
  std::vector<double> year_end;
  for (const auto& b : time.bounds) year_end.push_back(b[1]);
  w.define_time(time);
  w.define_time_instants("time_end", "end of the year", year_end);
  define_port_labels(w, sys, a, /*with_corridors=*/true);
  const std::vector<std::string> ypc{"time", "policy", "port", "vessel_class"};
  const std::vector<std::string> yp{"time", "policy", "port"};
  const std::vector<std::string> yk{"time", "policy", "corridor"};
  struct Annual {
    const char* name;
    const char* long_name;
    const char* units;
    const char* cell_methods;
    std::vector<double> PolicyResult::*field;
    const char* comment = "";
  };
  const char* running =
      "running total since the start of the run, at time_end (the year's own "
      "dredging is done before the year)";
  const char* usd = "US dollars; USD is the ISO 4217 code (UDUNITS has no currency units)";
  const Annual port_vars[] = {
      {"port_capacity", "port capacity at the year's loads", "Mt yr-1", "time: mean",
       &PolicyResult::capacity_mt},
      {"port_demand", "port cargo demand", "Mt yr-1", "time: mean", &PolicyResult::demand_mt},
      {"port_utilisation", "demand over capacity", "1", "time: mean", &PolicyResult::utilisation},
      {"port_shortfall", "demand above capacity", "Mt yr-1", "time: mean",
       &PolicyResult::shortfall_mt},
      {"extra_sailings",
       "sailings in the year needed to move the demand beyond those at full loads", "1",
       "time: sum", &PolicyResult::extra_sailings},
      {"dredge_volume", "volume dredged before the year to hold the design depth", "m3",
       "time: sum", &PolicyResult::dredge_volume_m3},
      {"dredge_volume_cumulative", "volume dredged since the start", "m3", "",
       &PolicyResult::dredge_cumulative_m3, running},
      {"dredge_cost", "cost of the year's dredging", "USD", "time: sum",
       &PolicyResult::dredge_cost_usd, usd},
      {"dredge_cost_cumulative", "cost of dredging since the start", "USD", "",
       &PolicyResult::dredge_cumulative_cost_usd, usd},
      {"bed_lowering", "controlling bed lowered below its natural height", "m", "time: mean",
       &PolicyResult::bed_lowering_m, "lowered before the year and held through it"},
      {"dredge_maintenance_volume",
       "maintenance (siltation) part of the year's dredged volume while a design depth is held",
       "m3", "time: sum", &PolicyResult::dredge_maintenance_m3},
  };
  const auto attributes = [](const Annual& v) {
    std::vector<std::pair<std::string, std::string>> out;
    if (std::string(v.comment).find("running total") == 0)
      out.emplace_back("coordinates", "time_end");
    if (*v.comment) out.emplace_back("comment", v.comment);
    return out;
  };
  for (const auto& v : port_vars)
    w.define_variable({v.name, v.long_name, "", v.units, v.cell_methods, attributes(v)}, yp, false,
                      fill);
  const Annual class_vars[] = {
      {"annual_mean_load_factor", "mean over the year's months of the load factor", "1",
       "time: mean", &PolicyResult::mean_load_factor},
      {"annual_min_load_factor", "lowest monthly load factor of the year", "1", "time: minimum",
       &PolicyResult::min_load_factor},
      {"months_can_call", "months of the year the class can call", "1", "time: sum",
       &PolicyResult::months_can_call},
      {"annual_min_allowed_draft", "lowest monthly allowed draft of the year", "m", "time: minimum",
       &PolicyResult::min_allowed_draft_m},
      {"months_squat_outside_validity",
       "months of the year whose squat is outside the Barrass (2004) range of validity "
       "(blockage 0.100-0.265, depth/draft 1.10-1.40)",
       "1", "time: sum", &PolicyResult::months_squat_outside_validity},
  };
  for (const auto& v : class_vars)
    w.define_variable({v.name, v.long_name, "", v.units, v.cell_methods, {}}, ypc, true, fill);
  const Annual corridor_vars[] = {
      {"corridor_capacity", "capacity of the corridor's Caspian leg (its tightest side)", "Mt yr-1",
       "time: mean", &PolicyResult::corridor_capacity_mt},
      {"corridor_demand", "corridor cargo demand on the Caspian leg", "Mt yr-1", "time: mean",
       &PolicyResult::corridor_demand_mt},
      {"corridor_shortfall", "corridor demand above the Caspian leg's capacity", "Mt yr-1",
       "time: mean", &PolicyResult::corridor_shortfall_mt},
  };
  for (const auto& v : corridor_vars)
    w.define_variable({v.name, v.long_name, "", v.units, v.cell_methods, {}}, yk, false, fill);
  w.define_flag({"corridor_bottleneck_side",
                 "side of the corridor with the least capacity in the year",
                 "",
                 "",
                 "",
                 {{"comment", "sides as in corridor_side and the corridor_<id>_sides attributes"}}},
                yk, side_labels(a.max_sides));
  std::string sides_comment;
  for (const auto& k : sys.corridors)
    sides_comment += (sides_comment.empty() ? "" : "; ") + k.id + ": " + sides_text(k);
  w.define_variable(
      {"corridor_side_capacity",
       "capacity of the corridor's ports on one side (port capacity x corridor share)",
       "",
       "Mt yr-1",
       "time: mean",
       {{"comment", sides_comment}}},
      {"time", "policy", "corridor", "corridor_side"}, false, fill);
  w.end_definitions();

  const std::size_t ny = a.years.size();
  const std::size_t pc = a.n_ports * a.n_classes;
  for (const auto& v : port_vars)
    w.write(v.name, interleave(
                        a, ny, a.n_ports, [&](const PolicyResult& r) -> const auto& {
                          return r.*(v.field);
                        }));
  for (const auto& v : class_vars)
    w.write(v.name,
            interleave(
                a, ny, pc, [&](const PolicyResult& r) -> const auto& { return r.*(v.field); }));
  for (const auto& v : corridor_vars)
    w.write(v.name, interleave(
                        a, ny, a.n_corridors, [&](const PolicyResult& r) -> const auto& {
                          return r.*(v.field);
                        }));
  w.write("corridor_bottleneck_side",
          interleave(
              a, ny, a.n_corridors,
              [](const PolicyResult& r) -> const auto& { return r.corridor_bottleneck_side; }));
  w.write("corridor_side_capacity",
          interleave(
              a, ny, a.n_corridors * a.max_sides,
              [](const PolicyResult& r) -> const auto& { return r.corridor_side_capacity_mt; }));
  w.commit();
}

void write_ports_csv(const std::filesystem::path& out_dir, const io::PortsConfig& config,
                     const Assessment& a, const std::vector<ports::FirstYear>& first_years) {
  const auto& sys = config.system;
  // Lowest monthly depth of each port and year.
  const auto min_depth = [&](const PolicyResult& r, std::size_t y, std::size_t p) {
    double m = INFINITY;
    for (std::size_t t = 0; t < a.months.size(); ++t)
      if (a.months[t].year == a.years[y]) m = std::min(m, r.depth_m[a.month_port(t, p)]);
    return m;
  };
  {
    io::AtomicTextFile f(out_dir / "ports_annual.csv");
    auto& o = f.stream();
    o << "policy,year,port,mean_level_m_bs,min_depth_m,capacity_mt,demand_mt,utilisation,"
         "shortfall_mt,extra_sailings,dredge_volume_m3,dredge_cumulative_m3,dredge_cost_usd,"
         "dredge_cumulative_cost_usd,bed_lowering_m,dredge_maintenance_m3\n";
    for (const auto& r : a.policies)
      for (std::size_t y = 0; y < a.years.size(); ++y)
        for (std::size_t p = 0; p < a.n_ports; ++p) {
          const std::size_t i = a.year_port(y, p);
          o << ports::policy_name(r.policy) << ',' << a.years[y] << ',' << sys.ports[p].id << ','
            << fmt_value(a.annual_mean_level_m_bs[y], "{:.3f}") << ','
            << fmt_value(min_depth(r, y, p), "{:.3f}") << ',' << fmt_value(r.capacity_mt[i]) << ','
            << fmt_value(r.demand_mt[i]) << ',' << fmt_value(r.utilisation[i]) << ','
            << fmt_value(r.shortfall_mt[i]) << ',' << fmt_value(r.extra_sailings[i], "{:.1f}")
            << ',' << fmt_value(r.dredge_volume_m3[i], "{:.0f}") << ','
            << fmt_value(r.dredge_cumulative_m3[i], "{:.0f}") << ','
            << fmt_value(r.dredge_cost_usd[i], "{:.0f}") << ','
            << fmt_value(r.dredge_cumulative_cost_usd[i], "{:.0f}") << ','
            << fmt_value(r.bed_lowering_m[i], "{:.3f}") << ','
            << fmt_value(r.dredge_maintenance_m3[i], "{:.0f}") << '\n';
        }
    f.commit();
  }
  {
    io::AtomicTextFile f(out_dir / "vessels_annual.csv");
    auto& o = f.stream();
    o << "policy,year,port,vessel_class,cargo_share,design_draft_m,mean_allowed_draft_m,"
         "min_allowed_draft_m,mean_load_factor,min_load_factor,months_can_call,"
         "months_squat_outside_validity\n";
    for (const auto& r : a.policies)
      for (std::size_t y = 0; y < a.years.size(); ++y)
        for (std::size_t p = 0; p < a.n_ports; ++p)
          for (const auto& s : sys.ports[p].vessel_mix) {
            const std::size_t i = a.year_port_class(y, p, s.vessel_class);
            const auto& v = sys.classes[s.vessel_class];
            o << ports::policy_name(r.policy) << ',' << a.years[y] << ',' << sys.ports[p].id << ','
              << v.id << ',' << s.cargo_share << ',' << v.design_draft_m << ','
              << fmt_value(r.mean_allowed_draft_m[i], "{:.3f}") << ','
              << fmt_value(r.min_allowed_draft_m[i], "{:.3f}") << ','
              << fmt_value(r.mean_load_factor[i], "{:.4f}") << ','
              << fmt_value(r.min_load_factor[i], "{:.4f}") << ',' << r.months_can_call[i] << ','
              << r.months_squat_outside_validity[i] << '\n';
          }
    f.commit();
  }
  {
    io::AtomicTextFile f(out_dir / "corridors_annual.csv");
    auto& o = f.stream();
    o << "policy,year,corridor,capacity_mt,demand_mt,shortfall_mt,bottleneck_side";
    for (std::size_t s = 0; s < a.max_sides; ++s)
      o << ",side_" << s << "_shores,side_" << s << "_capacity_mt";
    o << '\n';
    for (const auto& r : a.policies)
      for (std::size_t y = 0; y < a.years.size(); ++y)
        for (std::size_t k = 0; k < a.n_corridors; ++k) {
          const auto& c = sys.corridors[k];
          const std::size_t i = a.year_corridor(y, k);
          o << ports::policy_name(r.policy) << ',' << a.years[y] << ',' << c.id << ','
            << fmt_value(r.corridor_capacity_mt[i]) << ',' << fmt_value(r.corridor_demand_mt[i])
            << ',' << fmt_value(r.corridor_shortfall_mt[i]) << ','
            << fmt_value(r.corridor_bottleneck_side[i], "{:.0f}");
          for (std::size_t s = 0; s < a.max_sides; ++s) {
            std::string tags;
            if (s < c.sides.size())
              for (const auto& t : c.sides[s]) tags += (tags.empty() ? "" : "+") + t;
            o << ',' << tags << ','
              << fmt_value(r.corridor_side_capacity_mt[a.year_corridor_side(y, k, s)]);
          }
          o << '\n';
        }
    f.commit();
  }
  {
    io::AtomicTextFile f(out_dir / "first_years.csv");
    auto& o = f.stream();
    o << "policy,scope,id,vessel_class,criterion,first_year_worst_month,first_year_annual,"
         "first_port\n";
    const auto year = [](const std::optional<int>& y) { return y ? std::to_string(*y) : ""; };
    for (const auto& r : first_years)
      o << ports::policy_name(r.policy) << ',' << r.scope << ',' << r.scope_id << ','
        << r.vessel_class << ',' << ports::criterion_name(r.criterion) << ','
        << year(r.year_worst_month) << ',' << year(r.year_annual) << ',' << r.where << '\n';
    f.commit();
  }
}

}  // namespace caspian::report
