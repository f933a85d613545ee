#pragma once
// The coupled run: the gridded catchment stepped daily feeds the sea stepped monthly.
#include <optional>
#include <vector>

#include "caspian/io/run_config.hpp"
#include "caspian/model/catchment_model.hpp"
#include "caspian/model/projection.hpp"
#include "caspian/report/run_outputs.hpp"
#include "catchment_inputs.hpp"
#include "inputs.hpp"

namespace caspian::cli {

struct CoupledMonths {
  std::vector<model::MonthResult> sea;
  std::vector<model::CatchmentMonth> catchment;
  sea::SeaState final_sea;
  model::CatchmentState final_catchment;
};

// Where a coupled run starts: fresh (warm-up, then the initial level) or a saved state.
struct CoupledStart {
  sea::SeaState sea;
  std::optional<model::CatchmentState> catchment;  // none: initial state and warm-up
};

// Runs config's period with inflow.mode: catchment. The sea's temperature and precipitation get
// the anomaly series' monthly anomaly (and the scenario's change on top). Calls on_month after
// each month (for progress). Fields are kept only if keep_fields.
CoupledMonths run_coupled(const io::RunConfig& config, const LoadedRun& run,
                          const LoadedCatchment& catchment, const CoupledStart& start,
                          bool keep_fields,
                          const std::function<void(const model::MonthResult&)>& on_month,
                          double* catchment_seconds);

}  // namespace caspian::cli
