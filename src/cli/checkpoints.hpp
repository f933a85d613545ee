#pragma once
// Checkpoints of caspian ensemble (--checkpoint-every N, --checkpoint-dir DIR, --resume DIR).
// Every N simulated years each running member saves its whole state (io/checkpoint.hpp) to
// DIR/member_NNNNNN.nc; a finished member saves its results to DIR/member_NNNNNN.done.nc (and
// drops its state). DIR/checkpoints.txt, the index, records what the checkpoints belong to: the
// caspian version, the grids, the run file's text, the members and scenarios and a hash of the
// whole ensemble layout (members' models, parameter sets, seeds). --resume loads the finished
// members, continues the others from their last checkpoint and gives the files of the run that
// never stopped; a folder of another run is refused naming what differs. The folder lies outside
// the output set's staging, so a kill -9 leaves it; ranks of an MPI run write their own members'
// files to it (a folder all ranks share).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "caspian/assembly/ensemble.hpp"
#include "caspian/ensemble/members.hpp"
#include "commands.hpp"

namespace caspian::cli {

// What the index records; two runs whose records differ may not share checkpoints.
struct CheckpointIndex {
  std::string version;
  std::uint64_t grid_hash = 0;
  std::uint64_t run_file_text_hash = 0;
  std::uint64_t config_hash = 0;  // run file text and the ensemble's layout
  std::size_t members = 0;
  std::string scenarios;  // space-separated
  int every_years = 0;
};

class EnsembleCheckpoints {
 public:
  // nullptr when neither --checkpoint-every nor --resume is given. On the writer (rank 0) it
  // creates the folder and writes the index (a fresh run removes the member files of an earlier
  // one); resuming, it checks the folder's index against this run: core::InputError naming the
  // index and what differs.
  static std::unique_ptr<EnsembleCheckpoints> open(const EnsembleOptions& options,
                                                   const std::filesystem::path& out_dir,
                                                   const assembly::Setup& setup,
                                                   const assembly::Ensemble& ens, bool writer);

  // A member's annual results: loaded when it finished before; otherwise run from its last
  // checkpoint (or the start), saving every N years, and saved when finished. results turns a
  // member's run into its annual results (the port check). Adds the catchment's time to
  // catchment_s. on_month: after each month simulated here (progress); on_restored: the months
  // loaded from a checkpoint instead (all of a finished member's, those before an in-progress
  // member's next month). Safe to call from several threads for different members.
  ensemble::MemberAnnual member(
      const assembly::Setup& setup, const assembly::Ensemble& ens, const ensemble::MemberSpec& spec,
      const std::function<ensemble::MemberAnnual(const assembly::MemberRun&)>& results,
      double& catchment_s, const std::function<void(const model::MonthResult&)>& on_month = {},
      const std::function<void(std::size_t months)>& on_restored = {}) const;

  const std::filesystem::path& dir() const { return dir_; }
  int every_years() const { return index_.every_years; }
  bool resumed() const { return resumed_; }
  // Resuming: the members found finished and in progress in the folder (writer only).
  std::size_t found_finished() const { return found_finished_; }
  std::size_t found_in_progress() const { return found_in_progress_; }

 private:
  std::filesystem::path member_file(std::size_t index, bool finished) const;

  std::filesystem::path dir_;
  CheckpointIndex index_;
  bool resumed_ = false;
  std::size_t found_finished_ = 0, found_in_progress_ = 0;
};

// The index of a run (every_years as given) and the index file's text, and back; read throws
// core::InputError naming the file and the line it cannot read.
CheckpointIndex checkpoint_index(const assembly::Setup& setup, const assembly::Ensemble& ens,
                                 int every_years);
std::string checkpoint_index_text(const CheckpointIndex& index);
CheckpointIndex read_checkpoint_index(const std::filesystem::path& file);
// core::InputError naming `file` and the first thing that differs between saved and current.
void check_checkpoint_index(const CheckpointIndex& saved, const CheckpointIndex& current,
                            const std::filesystem::path& file);

}  // namespace caspian::cli
