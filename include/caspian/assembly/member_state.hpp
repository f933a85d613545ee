#pragma once
// A member's land state and the restart file's plain arrays, both ways (restart files of
// `caspian run` and the ensemble's checkpoints).
#include <cstddef>
#include <vector>

#include "caspian/io/restart.hpp"
#include "caspian/model/catchment_model.hpp"
#include "caspian/model/projection.hpp"

namespace caspian::assembly {

// The saved stores on top of a fresh state (which carries the routing weights).
model::CatchmentState catchment_state_from(const io::CatchmentRestart& r, model::CatchmentState s);

// Every store of the state, as the restart file holds it.
io::CatchmentRestart catchment_restart_from(const model::CatchmentState& s);

// The sea's monthly results as rows of doubles (year, month, days, ice area, start and end
// level, end volume, the 8 balance terms, then the rivers' inflows), every value exact; and back.
// months_from throws std::invalid_argument when the rows are not whole months of that layout.
constexpr std::size_t month_fixed_columns = 15;
std::vector<double> month_rows(const std::vector<model::MonthResult>& months, std::size_t& columns);
std::vector<model::MonthResult> months_from(const std::vector<double>& rows, std::size_t columns);

}  // namespace caspian::assembly
