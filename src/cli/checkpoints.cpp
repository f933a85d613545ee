#include "checkpoints.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <system_error>
#include <vector>

#include "caspian/assembly/member_state.hpp"
#include "caspian/catchment/hbv.hpp"
#include "caspian/core/error.hpp"
#include "caspian/io/atomic_file.hpp"
#include "caspian/io/checkpoint.hpp"
#include "progress.hpp"

namespace caspian::cli {

namespace {
namespace fs = std::filesystem;

constexpr const char* index_file_name = "checkpoints.txt";
constexpr const char* index_heading = "caspian ensemble checkpoints";

// netCDF-C and HDF5 are not thread-safe: one file operation at a time.
std::mutex& netcdf_mutex() {
  static std::mutex m;
  return m;
}

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  return h;
}

std::uint64_t parse_u64(const std::string& text, const fs::path& file, const std::string& key) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    throw core::InputError(file.string(), key, "'" + text + "' is not a non-negative integer");
  return v;
}
}  // namespace

CheckpointIndex checkpoint_index(const assembly::Setup& setup, const assembly::Ensemble& ens,
                                 int every_years) {
  CheckpointIndex x;
  x.version = CASPIAN_VERSION;
  x.grid_hash = setup.run->hypsometry->grid().hash() ^
                (setup.catchment ? setup.catchment->net.network.grid.hash() << 1 : 0);
  x.run_file_text_hash = fnv1a(setup.config.yaml_text);
  x.members = ens.members.size();
  for (const auto& s : ens.scenarios) x.scenarios += (x.scenarios.empty() ? "" : " ") + s;
  // The layout: models, parameter sets (values as given) and every member's choice of them.
  std::string layout = setup.config.yaml_text + "\nscenarios=" + x.scenarios;
  for (const auto& m : ens.models) layout += "\nmodel=" + m;
  for (const auto& p : ens.parameter_sets) {
    layout += "\nparameter_set=" + p.name;
    for (const auto& [name, value] : p.values) layout += fmt::format(";{}={:a}", name, value);
  }
  for (const auto& m : ens.members)
    layout +=
        fmt::format("\nmember={},{},{},{}", m.scenario, m.model, m.parameter_set, m.weather_seed);
  x.config_hash = fnv1a(layout);
  x.every_years = every_years;
  return x;
}

std::string checkpoint_index_text(const CheckpointIndex& x) {
  return fmt::format(
      "{}\ncaspian_version: {}\ngrid_hash: {}\nrun_file_text_hash: {}\nconfig_hash: {}\n"
      "members: {}\nscenarios: {}\ncheckpoint_every_years: {}\n",
      index_heading, x.version, x.grid_hash, x.run_file_text_hash, x.config_hash, x.members,
      x.scenarios, x.every_years);
}

CheckpointIndex read_checkpoint_index(const fs::path& file) {
  std::ifstream in(file);
  if (!in)
    throw core::InputError(file.string(), "",
                           "cannot read the checkpoint index (expected a folder written by "
                           "caspian ensemble --checkpoint-every)");
  std::string line;
  if (!std::getline(in, line) || line != index_heading)
    throw core::InputError(file.string(), "",
                           std::string("expected the first line '") + index_heading + "'");
  std::map<std::string, std::string> values;
  while (std::getline(in, line)) {
    const auto colon = line.find(": ");
    if (colon == std::string::npos)
      throw core::InputError(file.string(), line, "expected 'key: value'");
    values[line.substr(0, colon)] = line.substr(colon + 2);
  }
  auto get = [&](const std::string& key) {
    const auto it = values.find(key);
    if (it == values.end()) throw core::InputError(file.string(), key, "missing");
    return it->second;
  };
  CheckpointIndex x;
  x.version = get("caspian_version");
  x.grid_hash = parse_u64(get("grid_hash"), file, "grid_hash");
  x.run_file_text_hash = parse_u64(get("run_file_text_hash"), file, "run_file_text_hash");
  x.config_hash = parse_u64(get("config_hash"), file, "config_hash");
  x.members = std::size_t(parse_u64(get("members"), file, "members"));
  x.scenarios = get("scenarios");
  x.every_years = int(parse_u64(get("checkpoint_every_years"), file, "checkpoint_every_years"));
  if (x.every_years < 1)
    throw core::InputError(file.string(), "checkpoint_every_years", "expected at least 1");
  return x;
}

void check_checkpoint_index(const CheckpointIndex& saved, const CheckpointIndex& now,
                            const fs::path& file) {
  const std::string f = file.string();
  if (saved.version != now.version)
    throw core::InputError(f, "caspian_version",
                           fmt::format("the checkpoints were written by caspian {}, this is "
                                       "caspian {}; start the ensemble again",
                                       saved.version, now.version));
  if (saved.grid_hash != now.grid_hash)
    throw core::InputError(f, "grid_hash",
                           "the checkpoints were made on other grids (the bathymetry or the "
                           "catchment DEM differ)");
  if (saved.run_file_text_hash != now.run_file_text_hash)
    throw core::InputError(f, "run_file_text_hash",
                           "the checkpoints were made from another run file (its text differs "
                           "from this run file's)");
  if (saved.members != now.members || saved.scenarios != now.scenarios)
    throw core::InputError(f, "members",
                           fmt::format("the checkpoints are of {} members of {}; this run has {} "
                                       "members of {} (--members, --scenarios)",
                                       saved.members, saved.scenarios, now.members, now.scenarios));
  if (saved.config_hash != now.config_hash)
    throw core::InputError(f, "config_hash",
                           "the checkpoints were made with another ensemble layout (the CMIP6 "
                           "models, parameter sets or members' seeds differ)");
}

std::unique_ptr<EnsembleCheckpoints> EnsembleCheckpoints::open(const EnsembleOptions& options,
                                                               const fs::path& out_dir,
                                                               const assembly::Setup& setup,
                                                               const assembly::Ensemble& ens,
                                                               bool writer) {
  if (!options.checkpoint_every_years && !options.resume_dir) return nullptr;
  if (options.resume_dir && options.checkpoint_dir &&
      fs::path(*options.resume_dir) != fs::path(*options.checkpoint_dir))
    throw core::InputError("--checkpoint-dir", *options.checkpoint_dir,
                           "differs from --resume " + *options.resume_dir +
                               "; a resumed run checkpoints into the folder it resumes from");
  auto c = std::make_unique<EnsembleCheckpoints>();
  c->dir_ = options.resume_dir       ? fs::path(*options.resume_dir)
            : options.checkpoint_dir ? fs::path(*options.checkpoint_dir)
                                     : out_dir / "checkpoints";
  const fs::path index_file = c->dir_ / index_file_name;
  c->resumed_ = bool(options.resume_dir);
  c->index_ = checkpoint_index(setup, ens, options.checkpoint_every_years.value_or(0));
  if (c->resumed_) {
    if (!fs::exists(index_file))
      throw core::InputError(c->dir_.string(), "--resume",
                             std::string("holds no ") + index_file_name +
                                 "; expected a checkpoint folder of caspian ensemble "
                                 "--checkpoint-every");
    const CheckpointIndex saved = read_checkpoint_index(index_file);
    check_checkpoint_index(saved, c->index_, index_file);
    if (!options.checkpoint_every_years) c->index_.every_years = saved.every_years;
  }
  if (!writer) return c;
  std::error_code ec;
  fs::create_directories(c->dir_, ec);
  if (ec || !fs::is_directory(c->dir_))
    throw core::InputError(
        c->dir_.string(), "--checkpoint-dir",
        "cannot create the checkpoint folder" + (ec ? " (" + ec.message() + ")" : std::string()));
  std::vector<fs::path> stale;
  std::set<std::string> finished, in_progress;
  for (const auto& entry : fs::directory_iterator(c->dir_)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("member_") || !entry.is_regular_file()) continue;
    if (!c->resumed_ || name.find(".tmp.") != std::string::npos) {
      // An earlier run's files (this one starts afresh), or a killed writer's temporary file.
      stale.push_back(entry.path());
    } else if (name.ends_with(".done.nc")) {
      finished.insert(name.substr(0, name.size() - 8));
    } else if (name.ends_with(".nc")) {
      in_progress.insert(name.substr(0, name.size() - 3));
    }
  }
  for (const auto& p : stale) fs::remove(p);
  c->found_finished_ = finished.size();
  for (const auto& m : in_progress) c->found_in_progress_ += finished.count(m) ? 0 : 1;
  io::AtomicTextFile file(index_file);
  file.stream() << checkpoint_index_text(c->index_);
  file.commit();
  return c;
}

fs::path EnsembleCheckpoints::member_file(std::size_t index, bool finished) const {
  return dir_ / fmt::format("member_{:06d}{}", index, finished ? ".done.nc" : ".nc");
}

ensemble::MemberAnnual EnsembleCheckpoints::member(
    const assembly::Setup& setup, const assembly::Ensemble& ens, const ensemble::MemberSpec& spec,
    const std::function<ensemble::MemberAnnual(const assembly::MemberRun&)>& results,
    double& catchment_s, const std::function<void(const model::MonthResult&)>& on_month,
    const std::function<void(std::size_t months)>& on_restored) const {
  const io::RunConfig& config = setup.config;
  const model::CatchmentModel& land = ens.catchment_models.at(spec.parameter_set);
  const io::RestartShape shape{setup.catchment->net.network.grid.size(), catchment::snow_zone_count,
                               catchment::max_routing_days, std::nullopt};
  // A saved file must be this member's, of this run.
  auto check = [&](const io::MemberCheckpoint& c, const fs::path& file) {
    const std::string f = file.string();
    if (c.member != spec.index || c.weather_seed != spec.weather_seed)
      throw core::InputError(f, "member",
                             fmt::format("holds member {} (seed {}); expected member {} (seed {})",
                                         c.member, c.weather_seed, spec.index, spec.weather_seed));
    // The index was checked against this run; a member file must agree with it (a file copied
    // in from another folder, or left by another release, may not).
    const std::string index = (dir_ / index_file_name).string();
    if (c.state.version != index_.version)
      throw core::InputError(f, "caspian_version",
                             fmt::format("written by caspian {}, this is caspian {} (as {} says); "
                                         "start the ensemble again",
                                         c.state.version, index_.version, index));
    if (c.state.grid_hash != index_.grid_hash)
      throw core::InputError(f, "grid_hash",
                             fmt::format("{} differs from {}'s {}: made on other grids (the "
                                         "bathymetry or the catchment DEM differ)",
                                         c.state.grid_hash, index, index_.grid_hash));
    if (c.state.config_hash != index_.config_hash)
      throw core::InputError(f, "config_hash",
                             fmt::format("{} differs from {}'s {}: written by another run "
                                         "(another configuration or ensemble layout)",
                                         c.state.config_hash, index, index_.config_hash));
  };
  const fs::path done_file = member_file(spec.index, true);
  const fs::path state_file = member_file(spec.index, false);
  std::optional<assembly::MemberStart> start;
  if (resumed_) {
    std::unique_lock<std::mutex> lock(netcdf_mutex());
    if (fs::exists(done_file)) {
      const auto c = io::read_member_checkpoint(done_file, shape);
      lock.unlock();
      check(c, done_file);
      try {
        auto annual = ensemble::unpack(c.packed_results);
        if (on_restored) on_restored(months_between(config.start, config.end));
        return annual;
      } catch (const std::invalid_argument& e) {
        throw core::InputError(done_file.string(), "packed_results", e.what());
      }
    }
    if (fs::exists(state_file)) {
      const auto c = io::read_member_checkpoint(state_file, shape);
      lock.unlock();
      check(c, state_file);
      if (c.finished || !c.state.catchment)
        throw core::InputError(state_file.string(), "checkpoint_status",
                               "expected a member in progress");
      const auto next = c.state.next_month;
      std::size_t months = 0;
      for (core::YearMonth ym = config.start; ym < next && ym <= config.end; ym = ym.next())
        ++months;
      if (!(config.start < next && next <= config.end))
        throw core::InputError(state_file.string(), "next_month",
                               fmt::format("{}-{:02d} is not a month of the run after its start",
                                           next.year, next.month));
      assembly::MemberStart s;
      s.sea = {c.state.sea_level_m_bs, c.state.sea_volume_m3};
      s.catchment =
          assembly::catchment_state_from(*c.state.catchment, model::initial_catchment_state(land));
      s.from = next;
      try {
        s.sea_months_before = assembly::months_from(c.month_results, c.month_result_columns);
      } catch (const std::invalid_argument& e) {
        throw core::InputError(state_file.string(), "month_results", e.what());
      }
      if (s.sea_months_before.size() != months || s.sea_months_before.front().month != config.start)
        throw core::InputError(state_file.string(), "month_results",
                               fmt::format("holds {} months; expected the {} from run.start to "
                                           "next_month",
                                           s.sea_months_before.size(), months));
      start = std::move(s);
      if (on_restored) on_restored(months);
    }
  }
  // A checkpoint of this member with the sea at `next` (the first month still to simulate).
  auto header = [&](core::YearMonth next, const sea::SeaState& sea) {
    io::MemberCheckpoint c;
    c.member = spec.index;
    c.weather_seed = spec.weather_seed;
    c.state.next_month = next;
    c.state.config_hash = index_.config_hash;
    c.state.grid_hash = index_.grid_hash;
    c.state.version = index_.version;
    c.state.bootstrap_origin_year = config.start.year;
    c.state.sea_level_m_bs = sea.level_m_bs;
    c.state.sea_volume_m3 = sea.volume_m3;
    return c;
  };
  auto save = [&](const assembly::YearEnd& y) {
    if ((y.next_month.year - config.start.year) % index_.every_years != 0 ||
        y.next_month.month != 1)
      return;
    io::MemberCheckpoint c = header(y.next_month, y.sea);
    c.state.catchment = assembly::catchment_restart_from(y.catchment.state());
    c.month_results = assembly::month_rows(y.sea_months, c.month_result_columns);
    const std::lock_guard<std::mutex> lock(netcdf_mutex());
    io::write_member_checkpoint(state_file, c);
  };
  const auto run = assembly::run_ensemble_member(
      setup, ens, spec, start ? &*start : nullptr,
      index_.every_years > 0 ? save : assembly::YearEndHook{}, on_month);
  catchment_s += run.catchment_s;
  auto annual = results(run);
  io::MemberCheckpoint c = header(config.end.next(), run.final_sea);
  c.finished = true;
  c.packed_results = ensemble::pack(annual);
  const std::lock_guard<std::mutex> lock(netcdf_mutex());
  io::write_member_checkpoint(done_file, c);
  std::error_code ec;
  fs::remove(state_file, ec);
  return annual;
}

}  // namespace caspian::cli
