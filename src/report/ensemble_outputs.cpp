#include "caspian/report/ensemble_outputs.hpp"

#include <fmt/format.h>

#include <cmath>

#include "caspian/io/atomic_file.hpp"
#include "caspian/io/cf_writer.hpp"
#include "caspian/report/run_outputs.hpp"

namespace caspian::report {

namespace {
std::string number(double v) { return std::isfinite(v) ? fmt::format("{:.7g}", v) : ""; }

std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

void write_ensemble_netcdf(const std::filesystem::path& path, const EnsembleMetadata& meta,
                           const std::vector<ensemble::MemberSpec>& specs,
                           const std::vector<ensemble::MemberAnnual>& members) {
  const auto& first = members.front();
  const std::size_t nm = members.size(), ny = first.years.size();
  io::CfWriter w(path);
  w.set_global_attribute("title", meta.title);
  w.set_global_attribute("institution", "caspian (open-source model)");
  w.set_global_attribute("source", "caspian ensemble: gridded catchment + gridded sea balance");
  w.set_global_attribute("history", meta.history);
  w.set_global_attribute("run_file", meta.run_file);
  w.set_global_attribute("run_file_text", meta.run_file_text);
  w.set_global_attribute("ensemble_members_per_scenario",
                         std::to_string(meta.members_per_scenario));
  if (!meta.member_slice.empty())
    w.set_global_attribute("ensemble_member_slice", meta.member_slice);
  w.set_global_attribute("comment",
                         "annual means per member; member k of every scenario shares its model, "
                         "parameter set and weather seed (docs/projections.md)");

  for (std::size_t p = 0; p < meta.labels.ports.size(); ++p) {
    w.set_global_attribute("port_" + meta.labels.ports[p] + "_name", meta.port_names[p]);
    w.set_global_attribute("port_" + meta.labels.ports[p] + "_main_class", meta.port_main_class[p]);
  }
  for (std::size_t c = 0; c < meta.labels.classes.size(); ++c)
    w.set_global_attribute("vessel_class_" + meta.labels.classes[c] + "_name", meta.class_names[c]);
  for (std::size_t k = 0; k < meta.labels.corridors.size(); ++k)
    w.set_global_attribute("corridor_" + meta.labels.corridors[k] + "_name",
                           meta.corridor_names[k]);

  w.define_time(io::annual_time_axis(first.years, meta.calendar));
  std::vector<std::string> member_labels;
  for (const auto& s : specs) {
    member_labels.push_back(
        fmt::format("{}_{:03d}", meta.labels.scenarios[s.scenario], s.within_scenario));
  }
  w.define_labels("member", member_labels);
  w.define_labels("river", river_ids(meta.labels.rivers));
  w.define_labels("policy", meta.labels.policies);
  w.define_labels("port", meta.labels.ports);
  w.define_labels("vessel_class", meta.labels.classes);
  w.define_labels("corridor", meta.labels.corridors);
  // (port, class) pairs as one dimension: CDO 2.1 reads at most time and three other dimensions.
  std::vector<std::string> pair_ids, pair_ports, pair_classes;
  for (const auto& p : meta.labels.ports)
    for (const auto& c : meta.labels.classes) {
      pair_ids.push_back(p + "/" + c);
      pair_ports.push_back(p);
      pair_classes.push_back(c);
    }
  w.define_labels("port_class", pair_ids);
  w.define_aux_labels("port_class_port", "port_class", "port of the pair", pair_ports);
  w.define_aux_labels("port_class_vessel_class", "port_class", "vessel class of the pair",
                      pair_classes);
  w.define_height_datum("Baltic Height System (Kronstadt)");

  // The member's identity: integers with flag_values / flag_meanings, and its seed.
  auto define_index = [&](const std::string& name, const std::string& long_name,
                          const std::vector<std::string>& meanings) {
    w.define_flag({name, long_name, "", "", "", {}}, {"member"}, meanings);
  };
  define_index("scenario", "emission scenario (SSP) of the member", meta.labels.scenarios);
  define_index("model", "CMIP6 model whose pattern-scaled change the member takes", meta.models);
  define_index("parameter_set", "catchment parameter set of the member", meta.parameter_sets);
  w.define_variable({"weather_seed",
                     "seed of the member's weather bootstrap (whole years drawn in blocks)",
                     "",
                     "1",
                     "",
                     {}},
                    {"member"});
  w.define_variable({"member_in_scenario", "member number k within its scenario", "", "1", "", {}},
                    {"member"});

  const std::vector<std::string> tm{"time", "member"};
  w.define_variable({"sea_level",
                     "sea level, annual mean",
                     "sea_surface_height_above_geopotential_datum",
                     "m",
                     "time: mean",
                     {{"grid_mapping", "crs"}}},
                    tm);
  w.define_variable(
      {"sea_area", "sea surface area, annual mean", "sea_area", "m2", "time: mean", {}}, tm);
  w.define_variable(
      {"sea_volume", "sea water volume, annual mean", "sea_water_volume", "m3", "time: mean", {}},
      tm);
  w.define_variable(
      {"evaporation", "evaporation from the sea, annual mean", "", "m3 s-1", "time: mean", {}}, tm);
  w.define_variable(
      {"precipitation", "precipitation on the sea, annual mean", "", "m3 s-1", "time: mean", {}},
      tm);
  w.define_variable({"kbg_outflow",
                     "outflow into the Kara-Bogaz-Gol, annual mean",
                     "",
                     "m3 s-1",
                     "time: mean",
                     {}},
                    tm);
  w.define_variable({"river_inflow",
                     "river inflow into the sea, annual mean",
                     "water_volume_transport_into_sea_water_from_rivers",
                     "m3 s-1",
                     "time: mean",
                     {}},
                    {"time", "member", "river"});
  const std::vector<std::string> tpp{"time", "member", "policy", "port_class"};
  // The pair's port and class are in port_class_port / port_class_vessel_class; not named in a
  // coordinates attribute, which CDO 2.1 takes for a y coordinate and then skips the variable.
  const std::pair<std::string, std::string> pair{
      "comment",
      "port_class: (port, vessel_class) pairs, see port_class_port and "
      "port_class_vessel_class"};
  w.define_variable({"allowed_draft",
                     "allowed draft at the port, annual mean of the months",
                     "",
                     "m",
                     "time: mean",
                     {pair}},
                    tpp, false, std::nan(""));
  w.define_variable({"load_factor",
                     "cargo per call over design cargo, annual mean",
                     "",
                     "1",
                     "time: mean",
                     {pair}},
                    tpp, false, std::nan(""));
  w.define_variable(
      {"months_can_call", "months of the year the class can call", "", "1", "time: sum", {pair}},
      tpp, false, std::nan(""));
  const std::vector<std::string> tpc{"time", "member", "policy", "corridor"};
  w.define_variable({"corridor_capacity",
                     "Caspian-leg capacity of the corridor",
                     "",
                     "1e6 t yr-1",
                     "time: mean",
                     {}},
                    tpc, false, std::nan(""));
  w.define_variable(
      {"corridor_shortfall", "corridor demand not carried", "", "1e6 t yr-1", "time: mean", {}},
      tpc, false, std::nan(""));

  std::vector<double> v;
  auto member_column = [&](auto get) {
    v.assign(nm, 0.0);
    for (std::size_t m = 0; m < nm; ++m) v[m] = get(specs[m]);
    return v;
  };
  w.write("scenario", member_column([](const auto& s) { return double(s.scenario); }));
  w.write("model", member_column([](const auto& s) { return double(s.model); }));
  w.write("parameter_set", member_column([](const auto& s) { return double(s.parameter_set); }));
  w.write("weather_seed", member_column([](const auto& s) { return double(s.weather_seed); }));
  w.write("member_in_scenario",
          member_column([](const auto& s) { return double(s.within_scenario); }));
  // (time, member, rest...) from each member's (year, rest...).
  auto by_time_member = [&](auto field, std::size_t per_year) {
    v.assign(ny * nm * per_year, 0.0);
    for (std::size_t m = 0; m < nm; ++m) {
      const std::vector<double>& src = field(members[m]);
      for (std::size_t y = 0; y < ny; ++y)
        for (std::size_t k = 0; k < per_year; ++k)
          v[(y * nm + m) * per_year + k] = src[y * per_year + k];
    }
    return v;
  };
  using A = ensemble::MemberAnnual;
  w.write("sea_level", by_time_member(
                           [](const A& a) -> const auto& { return a.level_m_bs; }, 1));
  w.write("sea_area", by_time_member(
                          [](const A& a) -> const auto& { return a.area_m2; }, 1));
  w.write("sea_volume", by_time_member(
                            [](const A& a) -> const auto& { return a.volume_m3; }, 1));
  w.write("evaporation", by_time_member(
                             [](const A& a) -> const auto& { return a.evaporation_m3_per_s; }, 1));
  w.write("precipitation",
          by_time_member(
              [](const A& a) -> const auto& { return a.precipitation_m3_per_s; }, 1));
  w.write("kbg_outflow", by_time_member(
                             [](const A& a) -> const auto& { return a.kbg_outflow_m3_per_s; }, 1));
  w.write("river_inflow",
          by_time_member(
              [](const A& a) -> const auto& { return a.river_inflow_m3_per_s; }, first.rivers));
  const std::size_t ppc = first.policies * first.ports * first.classes;
  w.write("allowed_draft", by_time_member(
                               [](const A& a) -> const auto& { return a.allowed_draft_m; }, ppc));
  w.write("load_factor", by_time_member(
                             [](const A& a) -> const auto& { return a.load_factor; }, ppc));
  w.write("months_can_call", by_time_member(
                                 [](const A& a) -> const auto& { return a.months_can_call; }, ppc));
  const std::size_t pk = first.policies * first.corridors;
  w.write("corridor_capacity",
          by_time_member(
              [](const A& a) -> const auto& { return a.corridor_capacity_mt; }, pk));
  w.write("corridor_shortfall",
          by_time_member(
              [](const A& a) -> const auto& { return a.corridor_shortfall_mt; }, pk));
  w.commit();
}

void write_ensemble_quantiles_csv(const std::filesystem::path& path,
                                  const ensemble::EnsembleTables& tables) {
  io::AtomicTextFile file(path);
  auto& out = file.stream();
  out << "scenario,year,variable,site,vessel_class,policy,p05,p17,p50,p83,p95,members\n";
  for (const auto& r : tables.quantiles) {
    out << r.scenario << ',' << r.year << ',' << r.variable << ',' << csv_text(r.site) << ','
        << r.vessel_class << ',' << r.policy;
    for (double q : r.value) out << ',' << number(q);
    out << ',' << r.members << '\n';
  }
  file.commit();
}

void write_ensemble_probabilities_csv(const std::filesystem::path& path,
                                      const ensemble::EnsembleTables& tables) {
  io::AtomicTextFile file(path);
  auto& out = file.stream();
  out << "scenario,event,site,vessel_class,policy,first_year_50pct,first_year_90pct";
  for (int y : tables.years) out << ',' << y;
  out << '\n';
  for (const auto& r : tables.probabilities) {
    out << r.scenario << ',' << r.event << ',' << csv_text(r.site) << ',' << r.vessel_class << ','
        << r.policy << ',' << (r.first_year_50 ? std::to_string(r.first_year_50) : "") << ','
        << (r.first_year_90 ? std::to_string(r.first_year_90) : "");
    for (double p : r.probability) out << ',' << number(p);
    out << '\n';
  }
  file.commit();
}

}  // namespace caspian::report
