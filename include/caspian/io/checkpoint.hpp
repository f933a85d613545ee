#pragma once
// Checkpoint files of ensemble members (netCDF-4): a restart file (io/restart.hpp: the sea and
// every store of the land in double precision, the month it continues from, the config and grid
// hashes, the caspian version and the weather bootstrap's origin year) plus the member's index,
// its weather seed and its results so far. A member in progress holds the sea's monthly results
// from run.start up to next_month; a finished member holds its packed annual results
// (ensemble::pack) and no land state, so it is never computed again. Written to a temporary name
// and renamed when complete: a killed writer never leaves a file that looks whole.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "caspian/io/restart.hpp"

namespace caspian::io {

struct MemberCheckpoint {
  std::size_t member = 0;  // the global member index
  std::uint64_t weather_seed = 0;
  bool finished = false;
  // next_month, hashes, version, bootstrap origin, the sea; in progress also the land. Finished:
  // the state after the last month (no land).
  RestartState state;
  // In progress: one row per month simulated, of month_result_columns values each.
  std::vector<double> month_results;
  std::size_t month_result_columns = 0;
  std::vector<double> packed_results;  // finished: ensemble::pack of the member's annual results
};

// Throws core::Error naming the file when it cannot be written.
void write_member_checkpoint(const std::filesystem::path& path, const MemberCheckpoint& checkpoint);

// Reads and checks a checkpoint (the restart part as read_restart does; shape: the land this run
// expects of a member in progress). Throws core::InputError naming the file, the attribute or
// variable and what was expected.
MemberCheckpoint read_member_checkpoint(const std::filesystem::path& path,
                                        const RestartShape& shape);

}  // namespace caspian::io
