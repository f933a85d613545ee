#pragma once
// The coupled run: the gridded catchment stepped daily feeds the sea stepped monthly.
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
};

// Runs config's period with inflow.mode: catchment. The sea's temperature and precipitation get
// the anomaly series' monthly anomaly (and the scenario's change on top). Calls on_month after
// each month (for progress). Fields are kept only if keep_fields.
CoupledMonths run_coupled(const io::RunConfig& config, const LoadedRun& run,
                          const LoadedCatchment& catchment, bool keep_fields,
                          const std::function<void(const model::MonthResult&)>& on_month,
                          double* catchment_seconds);

}  // namespace caspian::cli
