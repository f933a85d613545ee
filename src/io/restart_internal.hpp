#pragma once
// Inside caspian::io only: a restart file with more datasets of the writer's own (an ensemble
// member's checkpoint adds its results), written in the same file before it is closed, so that
// every dataset is written as the restart's are (no dimension scales, no variable-length data).
#include <filesystem>
#include <functional>
#include <string>

#include "caspian/io/restart.hpp"

namespace caspian::io::detail {

// `more(ncid, where)` defines and writes its attributes and variables in the open netCDF-4 file
// (define mode or data mode, as netCDF-4 allows) before it is closed and renamed to `path`.
void write_restart_with(const std::filesystem::path& path, const RestartState& state,
                        const std::function<void(int ncid, const std::string& where)>& more);

}  // namespace caspian::io::detail
