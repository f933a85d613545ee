#include "caspian/io/ensemble_file.hpp"

#include <cmath>
#include <map>
#include <sstream>

#include "caspian/core/error.hpp"
#include "netcdf_internal.hpp"

namespace caspian::io {

namespace {

struct Reader {
  std::string path;
  int ncid;

  std::string global_text(const std::string& name, bool required = true) const {
    auto v = detail::text_attribute(ncid, NC_GLOBAL, name);
    if (!v && required)
      throw core::InputError(path, name,
                             "global attribute missing (expected an ensemble.nc "
                             "written by caspian ensemble)");
    return v.value_or("");
  }

  std::size_t dimension(const std::string& name) const {
    int dimid = -1;
    std::size_t length = 0;
    if (nc_inq_dimid(ncid, name.c_str(), &dimid) != NC_NOERR ||
        nc_inq_dimlen(ncid, dimid, &length) != NC_NOERR)
      throw core::InputError(path, name, "dimension missing");
    return length;
  }

  // The variable as doubles, its dimensions checked by name and length; fill values -> NaN.
  std::vector<double> values(const std::string& name,
                             const std::vector<std::pair<std::string, std::size_t>>& dims) const {
    const int varid = detail::find_variable(ncid, path, name);
    int ndims = 0;
    nc_inq_varndims(ncid, varid, &ndims);
    std::vector<int> dimids(std::size_t(std::max(ndims, 0)));
    if (ndims > 0) nc_inq_vardimid(ncid, varid, dimids.data());
    std::string expected, found;
    std::size_t count = 1;
    bool same = std::size_t(ndims) == dims.size();
    for (std::size_t k = 0; k < dims.size(); ++k) {
      if (k > 0) expected += ", ";
      expected += dims[k].first + "=" + std::to_string(dims[k].second);
      count *= dims[k].second;
    }
    for (std::size_t k = 0; k < dimids.size(); ++k) {
      std::size_t length = 0;
      nc_inq_dimlen(ncid, dimids[k], &length);
      const std::string dim = detail::dimension_name(ncid, dimids[k]);
      if (k > 0) found += ", ";
      found += dim + "=" + std::to_string(length);
      if (same && (dim != dims[k].first || length != dims[k].second)) same = false;
    }
    if (!same)
      throw core::InputError(path, name, "dimensions (" + found + "), expected (" + expected + ")");
    std::vector<double> out(count);
    const int rc = nc_get_var_double(ncid, varid, out.data());
    if (rc != NC_NOERR)
      throw core::InputError(path, name, std::string("cannot read: ") + nc_strerror(rc));
    if (auto fill = detail::numeric_attribute(ncid, varid, "_FillValue")) {
      for (double& v : out)
        if (v == fill->front()) v = std::nan("");
    }
    return out;
  }

  // An identity column: whole numbers in [0, limit).
  std::vector<std::size_t> indices(const std::string& name, std::size_t members,
                                   double limit) const {
    std::vector<std::size_t> out;
    for (double v : values(name, {{"member", members}})) {
      if (!(v >= 0.0 && v < limit) || v != std::floor(v))
        throw core::InputError(
            path, name,
            "value " + std::to_string(v) + " is not a whole number in 0.." + std::to_string(limit));
      out.push_back(std::size_t(v));
    }
    return out;
  }
};

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

EnsembleFile read_ensemble_netcdf(const std::filesystem::path& path,
                                  const std::vector<int>& years) {
  auto handle = detail::open_for_reading(path.string());
  const Reader r{path.string(), handle.id()};
  EnsembleFile f;
  f.run_file = r.global_text("run_file");
  f.run_file_text = r.global_text("run_file_text");
  f.member_slice = r.global_text("ensemble_member_slice", false);
  const std::string mps = r.global_text("ensemble_members_per_scenario");
  try {
    f.members_per_scenario = std::stoul(mps);
  } catch (const std::exception&) {
    f.members_per_scenario = 0;
  }
  if (f.members_per_scenario == 0 || f.members_per_scenario > 1'000'000)
    throw core::InputError(r.path, "ensemble_members_per_scenario",
                           "'" + mps + "' is not a member count (1..1000000)");
  const int scenario_var = detail::find_variable(r.ncid, r.path, "scenario");
  f.scenarios = words(detail::text_attribute(r.ncid, scenario_var, "flag_meanings").value_or(""));
  if (f.scenarios.empty())
    throw core::InputError(r.path, "scenario", "flag_meanings missing (the scenario names)");

  const std::size_t nm = r.dimension("member"), ny = r.dimension("time");
  if (ny != years.size())
    throw core::InputError(
        r.path, "time",
        std::to_string(ny) + " years, expected the run's " + std::to_string(years.size()));
  const std::size_t nr = r.dimension("river"), np = r.dimension("policy"),
                    nport = r.dimension("port"), nc = r.dimension("vessel_class"),
                    nk = r.dimension("corridor");
  const auto scenario = r.indices("scenario", nm, double(f.scenarios.size()));
  const auto model = r.indices("model", nm, 1e9);
  const auto set = r.indices("parameter_set", nm, 1e9);
  const auto seed = r.indices("weather_seed", nm, 9007199254740992.0);
  const auto k = r.indices("member_in_scenario", nm, double(f.members_per_scenario));
  for (std::size_t m = 0; m < nm; ++m) {
    ensemble::MemberSpec s;
    s.scenario = scenario[m];
    s.within_scenario = k[m];
    s.index = s.scenario * f.members_per_scenario + s.within_scenario;
    s.model = model[m];
    s.parameter_set = set[m];
    s.weather_seed = seed[m];
    f.specs.push_back(s);
  }

  f.members.resize(nm);
  for (auto& a : f.members) {
    a.years = years;
    a.rivers = nr;
    a.policies = np;
    a.ports = nport;
    a.classes = nc;
    a.corridors = nk;
  }
  // (time, member, rest...) into each member's (year, rest...).
  auto split = [&](const std::string& name, std::vector<double> ensemble::MemberAnnual::*field,
                   std::vector<std::pair<std::string, std::size_t>> rest) {
    std::size_t per_year = 1;
    for (const auto& d : rest) per_year *= d.second;
    rest.insert(rest.begin(), {{"time", ny}, {"member", nm}});
    const auto v = r.values(name, rest);
    for (std::size_t m = 0; m < nm; ++m) {
      auto& dst = f.members[m].*field;
      dst.resize(ny * per_year);
      for (std::size_t y = 0; y < ny; ++y)
        for (std::size_t j = 0; j < per_year; ++j)
          dst[y * per_year + j] = v[(y * nm + m) * per_year + j];
    }
  };
  using A = ensemble::MemberAnnual;
  split("sea_level", &A::level_m_bs, {});
  split("sea_area", &A::area_m2, {});
  split("sea_volume", &A::volume_m3, {});
  split("evaporation", &A::evaporation_m3_per_s, {});
  split("precipitation", &A::precipitation_m3_per_s, {});
  split("kbg_outflow", &A::kbg_outflow_m3_per_s, {});
  split("river_inflow", &A::river_inflow_m3_per_s, {{"river", nr}});
  // (port, class) pairs on one port_class dimension (port-major), as CDO reads at most four
  // dimensions; older files kept port and vessel_class apart.
  int port_class_dim = -1;
  const bool paired = nc_inq_dimid(r.ncid, "port_class", &port_class_dim) == NC_NOERR;
  if (paired && r.dimension("port_class") != nport * nc)
    throw core::InputError(r.path, "port_class",
                           "length " + std::to_string(r.dimension("port_class")) +
                               ", expected ports x vessel classes = " + std::to_string(nport * nc));
  const std::vector<std::pair<std::string, std::size_t>> ppc =
      paired ? std::vector<std::pair<std::string, std::size_t>>{{"policy", np},
                                                                {"port_class", nport * nc}}
             : std::vector<std::pair<std::string, std::size_t>>{
                   {"policy", np}, {"port", nport}, {"vessel_class", nc}};
  split("allowed_draft", &A::allowed_draft_m, ppc);
  split("load_factor", &A::load_factor, ppc);
  split("months_can_call", &A::months_can_call, ppc);
  split("corridor_capacity", &A::corridor_capacity_mt, {{"policy", np}, {"corridor", nk}});
  split("corridor_shortfall", &A::corridor_shortfall_mt, {{"policy", np}, {"corridor", nk}});
  return f;
}

}  // namespace caspian::io
