#include "caspian/assembly/ensemble.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "caspian/catchment/hbv.hpp"
#include "caspian/core/error.hpp"
#include "caspian/io/parameter_sets.hpp"

namespace caspian::assembly {

namespace {
// Every model with a tas historical file in the Atlas folder, sorted.
std::vector<std::string> models_in(const std::filesystem::path& folder) {
  std::set<std::string> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    const auto name = entry.path().filename().string();
    const std::string prefix = "tas_", suffix = "_historical.csv";
    if (name.size() > prefix.size() + suffix.size() && name.starts_with(prefix) &&
        name.ends_with(suffix))
      found.insert(name.substr(prefix.size(), name.size() - prefix.size() - suffix.size()));
  }
  if (ec) throw core::InputError(folder.string(), "ensemble.atlas", "cannot read: " + ec.message());
  return {found.begin(), found.end()};
}
}  // namespace

Ensemble build_ensemble(const Setup& setup, const EnsembleOptions& options) {
  const io::RunConfig& config = setup.config;
  const std::string run_file = config.run_file.string();
  if (!config.ensemble) {
    throw core::InputError(run_file, "ensemble",
                           "missing: caspian ensemble needs an `ensemble:` section "
                           "(docs/run_file.md)");
  }
  if (config.scenario.gcm_fields) {
    throw core::InputError(run_file, "scenario.gcm_fields",
                           "caspian ensemble builds its members from CMIP6 patterns "
                           "(ensemble.atlas) and does not take GCM fields; run scenario.gcm_fields "
                           "with caspian run, or remove it");
  }
  const auto& ec = *config.ensemble;
  Ensemble e;
  e.scenarios = options.scenarios.empty() ? ec.scenarios : options.scenarios;
  for (std::size_t k = 0; k < e.scenarios.size(); ++k) {
    const auto& s = e.scenarios[k];
    if (s != "ssp126" && s != "ssp245" && s != "ssp370" && s != "ssp585")
      throw core::InputError("--scenarios", s,
                             "not a scenario (expected ssp126, ssp245, ssp370 or ssp585)");
    if (std::find(e.scenarios.begin(), e.scenarios.begin() + long(k), s) !=
        e.scenarios.begin() + long(k))
      throw core::InputError("--scenarios", s, "given twice");
  }
  const int members = options.members_per_scenario.value_or(ec.members_per_scenario);
  if (members < 1 || members > 10000)
    throw core::InputError("--members", std::to_string(members), "expected 1..10000 members");

  const auto table_file = ec.atlas_folder / "CMIP6_Atlas_WarmingLevels.csv";
  const auto table = io::read_warming_levels_csv(table_file);
  e.models = ec.models.empty() ? models_in(ec.atlas_folder) : ec.models;
  if (e.models.empty())
    throw core::InputError(ec.atlas_folder.string(), "ensemble.atlas", "holds no model files");
  for (const auto& model : e.models) {
    auto pattern = io::load_model_pattern(ec.atlas_folder, model, table);
    for (const auto& s : e.scenarios) {
      if (!pattern.paths.count(s))
        throw core::InputError(table_file.string(), model,
                               fmt::format("no {} crossing years for this model (ensemble.models "
                                           "in {})",
                                           s, run_file));
    }
    e.patterns.push_back(std::move(pattern));
  }
  e.sea_eeu_share = sea_eeu_share(*setup.run->hypsometry,
                                  config.parameters.get("sea.evaporation_calibration_level_m_bs"));

  // Parameter sets: the file's, each on top of the run file's parameters; or the run file's own.
  const model::CatchmentModel& base = setup.catchment->model;
  if (ec.parameter_sets) {
    const auto file = io::load_parameter_sets(*ec.parameter_sets);
    for (const auto& set : file.sets) {
      core::ParameterSet p = config.parameters;
      for (const auto& [name, value] : set.values) p.set(name, value, file.file.string());
      model::CatchmentModel m = base;
      m.hbv = catchment::hbv_parameters_from(p);
      // What load_catchment derived from the two corrections scales with them (both linear).
      const double precipitation_ratio =
          m.hbv.precipitation_correction / base.hbv.precipitation_correction;
      const double pet_ratio = m.hbv.pet_correction / base.hbv.pet_correction;
      for (double& v : m.annual_precipitation_mm) v *= precipitation_ratio;
      for (double& v : m.annual_pet_mm) v *= pet_ratio;
      for (double& v : m.volga_reservoir_open_water_evaporation_m_per_s) v *= pet_ratio;
      e.parameter_sets.push_back({set.name, set.source, set.values});
      e.catchment_models.push_back(std::move(m));
    }
  } else {
    e.parameter_sets.push_back({"run file", "the run file's parameters", {}});
    e.catchment_models.push_back(base);
  }
  e.members = ensemble::member_specs(e.scenarios.size(), e.models.size(), e.parameter_sets.size(),
                                     std::size_t(members), ec.seed);
  return e;
}

model::Scenario member_scenario(const Setup& setup, const Ensemble& ensemble,
                                const ensemble::MemberSpec& spec) {
  model::Scenario s = setup.run->scenario;
  const auto& pattern = ensemble.patterns.at(spec.model);
  model::Cmip6SeaChange change;
  change.pattern = pattern.pattern;
  change.path = pattern.paths.at(ensemble.scenarios.at(spec.scenario));
  change.eeu_share = ensemble.sea_eeu_share;
  s.cmip6 = change;
  return s;
}

MemberRun run_ensemble_member(const Setup& setup, const Ensemble& ensemble,
                              const ensemble::MemberSpec& spec, const MemberStart* resume,
                              const YearEndHook& on_year_end,
                              const std::function<void(const model::MonthResult&)>& on_month) {
  const model::Scenario scenario = member_scenario(setup, ensemble, spec);
  const climate::DailySeries weather =
      bootstrapped_weather(*setup.catchment, setup.config, spec.weather_seed);
  Member m;
  m.scenario = &scenario;
  m.catchment_model = &ensemble.catchment_models.at(spec.parameter_set);
  m.weather = &weather;
  m.weather_source = setup.catchment->series_source + " (bootstrap, seed " +
                     std::to_string(spec.weather_seed) + ")";
  return run_member(
      setup, m, resume ? *resume : initial_start(setup), false,
      [&](const model::MonthResult& month) {
        if (on_month) on_month(month);
      },
      on_year_end);
}

}  // namespace caspian::assembly
