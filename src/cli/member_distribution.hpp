#pragma once
// Which process runs which ensemble members. Without MPI, or when the executable was not started
// by an MPI launcher (mpirun, mpiexec, srun), there is one process and its threads take members
// from a shared counter. Under a launcher, ranks take members from a counter kept by rank 0
// (dynamic load balancing: members differ in cost) and send each finished member's packed
// results to rank 0, which alone writes. A member is computed from its index alone, so results do
// not depend on ranks, threads or order.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "caspian/ensemble/members.hpp"

namespace caspian::cli {

struct DistributionLayout {
  int rank = 0;
  int ranks = 1;
  int ranks_on_node = 1;  // ranks sharing this node (the MPI shared-memory communicator)
  int cores_on_node = 1;  // cores this process may run on (its affinity mask)
  bool mpi = false;       // started by an MPI launcher and MPI initialised
};

class MemberDistribution {
 public:
  // Initialises MPI when launched by an MPI launcher (and built with MPI); finalises on
  // destruction.
  MemberDistribution();
  ~MemberDistribution();
  MemberDistribution(const MemberDistribution&) = delete;
  MemberDistribution& operator=(const MemberDistribution&) = delete;

  const DistributionLayout& layout() const { return layout_; }
  bool writer() const { return layout_.rank == 0; }

  // Runs work(i) for every i in [0, n) on `threads` threads per rank. On rank 0 returns every
  // member's results, indexed by i; elsewhere returns an empty vector. done(i, members_done) is
  // called on rank 0 (one call at a time) as members finish anywhere. A member that throws stops
  // the whole ensemble: the exception is rethrown on one process and the other ranks are
  // aborted, so a failed member never hangs the job.
  std::vector<ensemble::MemberAnnual> run(
      std::size_t n, int threads, const std::function<ensemble::MemberAnnual(std::size_t)>& work,
      const std::function<void(std::size_t, std::size_t)>& done);

  // Every rank's result of a local check (e.g. setup succeeded): true when all ranks agree.
  bool all(bool local) const;

  // Every rank's `local` values (the same count on each), rank after rank, on rank 0; elsewhere
  // an empty vector. Without MPI: `local`.
  std::vector<double> gather(const std::vector<double>& local) const;

 private:
  DistributionLayout layout_;
};

// Number of cores this process may run on (sched_getaffinity), at least 1.
int available_cores();

}  // namespace caspian::cli
