#pragma once
// One way to build and step a member: `caspian run`, `caspian ensemble` and the workers all
// build a Setup once from the run file (the static structures: bathymetry, hypsometry, drainage
// network, regridded climatologies), then step each member over it. A member is what differs:
// the sea's scenario, the catchment's parameters and scenario change, its weather series. The
// Setup is shared read-only, so members can run side by side.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "caspian/assembly/catchment_inputs.hpp"
#include "caspian/assembly/inputs.hpp"
#include "caspian/io/run_config.hpp"
#include "caspian/model/catchment_model.hpp"
#include "caspian/model/projection.hpp"

namespace caspian::assembly {

struct Setup {
  io::RunConfig config;
  std::unique_ptr<LoadedRun> run;
  std::unique_ptr<LoadedCatchment> catchment;  // inflow.mode: catchment
  LoadTimes times;                             // loading the sea and its forcing
  double catchment_load_s = 0.0;               // loading the catchment
};

// Loads and checks every input of the run file and builds the static structures. Throws
// core::InputError naming the file/key and the reason.
std::unique_ptr<Setup> build_setup(const io::RunConfig& config);

// What a member steps with. Pointers into the Setup or into the caller's storage, which must
// outlive the run.
struct Member {
  const model::Scenario* scenario = nullptr;               // the sea's forcing
  const model::CatchmentModel* catchment_model = nullptr;  // catchment runs
  const climate::DailySeries* weather = nullptr;           // the catchment's daily anomalies
  std::string weather_source;                              // for messages
};

// The run file's own member: its scenario, its catchment and its anomaly series.
Member run_file_member(const Setup& setup);

// Where a member starts: fresh (warm-up, then the initial level) or a saved state. A member
// resumed from a checkpoint starts at `from` (after run.start) with the sea's results of the
// months before it, which it returns ahead of its own (its catchment months are those from
// `from` on).
struct MemberStart {
  sea::SeaState sea;
  std::optional<model::CatchmentState> catchment;  // none: initial state and warm-up
  std::optional<core::YearMonth> from;             // none: run.start
  std::vector<model::MonthResult> sea_months_before;
};
MemberStart initial_start(const Setup& setup);

struct MemberRun {
  std::vector<model::MonthResult> sea;
  std::vector<model::CatchmentMonth> catchment;  // catchment runs
  sea::SeaState final_sea;
  std::optional<model::CatchmentState> final_catchment;
  double catchment_s = 0.0;  // wall time in the catchment's steps
};

// A coupled member at the end of a December (the shoreline updated): what a checkpoint holds.
struct YearEnd {
  core::YearMonth next_month;  // the first month still to simulate
  const sea::SeaState& sea;
  const model::CatchmentRunner& catchment;            // its state(): the land's full state
  const std::vector<model::MonthResult>& sea_months;  // every month so far, from run.start
};
using YearEndHook = std::function<void(const YearEnd&)>;

// Steps a member over the run's period. With a catchment the land runs daily and feeds the sea
// monthly, and the sea's temperature and precipitation get the weather's monthly anomaly (and
// the scenario's change on top); otherwise the sea runs on the run's inflow. Calls on_month
// after each month (progress). The catchment's fields are kept only if keep_fields.
// With a catchment, on_year_end (if set) is called after every December but the last.
MemberRun run_member(const Setup& setup, const Member& member, const MemberStart& start,
                     bool keep_fields,
                     const std::function<void(const model::MonthResult&)>& on_month,
                     const YearEndHook& on_year_end = {});

}  // namespace caspian::assembly
