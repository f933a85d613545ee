#include "member_distribution.hpp"

#include <omp.h>
#include <sched.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "caspian/core/error.hpp"

#ifdef CASPIAN_HAVE_MPI
#include <mpi.h>
#endif

namespace caspian::cli {

int available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return int(std::max(1u, std::thread::hardware_concurrency()));
}

namespace {

// One process: threads take members from a shared counter; the first failure (in member order)
// is rethrown once every thread has stopped.
std::vector<ensemble::MemberAnnual> run_in_process(
    std::size_t n, int threads, const std::function<ensemble::MemberAnnual(std::size_t)>& work,
    const std::function<void(std::size_t, std::size_t)>& done) {
  std::vector<ensemble::MemberAnnual> results(n);
  if (threads <= 1) {
    // No team of one around the members: a member's own parallel regions are then not nested,
    // so OpenMP reuses its threads instead of starting new ones for every region (every month).
    for (std::size_t i = 0; i < n; ++i) {
      results[i] = work(i);
      done(i, i + 1);
    }
    return results;
  }
  std::vector<std::exception_ptr> errors(n);
  std::mutex done_mutex;
  std::size_t finished = 0;
  std::atomic<bool> failed{false};
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) {
    if (failed.load()) continue;
    try {
      results[std::size_t(i)] = work(std::size_t(i));
      const std::lock_guard<std::mutex> lock(done_mutex);
      done(std::size_t(i), ++finished);
    } catch (...) {
      errors[std::size_t(i)] = std::current_exception();
      failed = true;
    }
  }
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  return results;
}

}  // namespace

#ifndef CASPIAN_HAVE_MPI

MemberDistribution::MemberDistribution() { layout_.cores_on_node = available_cores(); }
MemberDistribution::~MemberDistribution() = default;
bool MemberDistribution::all(bool local) const { return local; }
std::vector<double> MemberDistribution::gather(const std::vector<double>& local) const {
  return local;
}
std::vector<ensemble::MemberAnnual> MemberDistribution::run(
    std::size_t n, int threads, const std::function<ensemble::MemberAnnual(std::size_t)>& work,
    const std::function<void(std::size_t, std::size_t)>& done) {
  return run_in_process(n, threads, work, done);
}

#else

namespace {
// Started by mpirun/mpiexec (Open MPI, MPICH/Hydra) or srun (PMI/PMIx): only then is MPI
// initialised, so the same executable runs alone without a launcher and without MPI's start-up.
bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(v) != nullptr) return true;
  return false;
}

enum Tag : int { request_tag = 1, index_tag, result_tag, failed_tag, finished_tag };
constexpr long long no_more_members = -1;

[[noreturn]] void abort_all(const std::string& message, int code) {
  spdlog::error("caspian: {}", message);
  spdlog::default_logger_raw()->flush();
  MPI_Abort(MPI_COMM_WORLD, code);
  std::abort();
}

int exit_code_of(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const core::InputError&) {
    return 2;
  } catch (const core::RangeError&) {
    return 3;
  } catch (...) {
    return 1;
  }
}

std::string message_of(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    return x.what();
  } catch (...) {
    return "unknown error";
  }
}
}  // namespace

MemberDistribution::MemberDistribution() {
  layout_.cores_on_node = available_cores();
  if (!launched_by_mpi()) return;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_MULTIPLE, &provided);
  if (provided < MPI_THREAD_SERIALIZED) {
    abort_all("MPI provides no MPI_THREAD_SERIALIZED support; caspian's ranks need it", 1);
  }
  layout_.mpi = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &layout_.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &layout_.ranks);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, layout_.rank, MPI_INFO_NULL, &node);
  MPI_Comm_size(node, &layout_.ranks_on_node);
  MPI_Comm_free(&node);
}

MemberDistribution::~MemberDistribution() {
  if (layout_.mpi) MPI_Finalize();
}

bool MemberDistribution::all(bool local) const {
  if (!layout_.mpi) return local;
  int mine = local ? 1 : 0, every = 0;
  MPI_Allreduce(&mine, &every, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
  return every != 0;
}

std::vector<double> MemberDistribution::gather(const std::vector<double>& local) const {
  if (!layout_.mpi) return local;
  std::vector<double> every(layout_.rank == 0 ? local.size() * std::size_t(layout_.ranks) : 0);
  MPI_Gather(local.data(), int(local.size()), MPI_DOUBLE, every.data(), int(local.size()),
             MPI_DOUBLE, 0, MPI_COMM_WORLD);
  return every;
}

std::vector<ensemble::MemberAnnual> MemberDistribution::run(
    std::size_t n, int threads, const std::function<ensemble::MemberAnnual(std::size_t)>& work,
    const std::function<void(std::size_t, std::size_t)>& done) {
  if (!layout_.mpi || layout_.ranks == 1) return run_in_process(n, threads, work, done);

  if (layout_.rank != 0) {
    // Threads ask rank 0 for a member, run it and send its packed results; MPI calls are
    // serialised by one critical section.
#pragma omp parallel num_threads(threads)
    {
      for (;;) {
        long long index = no_more_members;
#pragma omp critical(caspian_mpi)
        {
          int ask = 0;
          MPI_Send(&ask, 1, MPI_INT, 0, request_tag, MPI_COMM_WORLD);
          MPI_Recv(&index, 1, MPI_LONG_LONG, 0, index_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        }
        if (index == no_more_members) break;
        try {
          std::vector<double> message{double(index)};
          const auto packed = ensemble::pack(work(std::size_t(index)));
          message.insert(message.end(), packed.begin(), packed.end());
#pragma omp critical(caspian_mpi)
          MPI_Send(message.data(), int(message.size()), MPI_DOUBLE, 0, result_tag, MPI_COMM_WORLD);
        } catch (...) {
          const auto e = std::current_exception();
          const std::string text = std::to_string(exit_code_of(e)) + " member " +
                                   std::to_string(index) + " (rank " +
                                   std::to_string(layout_.rank) + "): " + message_of(e);
#pragma omp critical(caspian_mpi)
          MPI_Send(text.data(), int(text.size()), MPI_CHAR, 0, failed_tag, MPI_COMM_WORLD);
          break;  // rank 0 aborts the job
        }
      }
    }
    int finished = 0;
    MPI_Send(&finished, 1, MPI_INT, 0, finished_tag, MPI_COMM_WORLD);
    return {};
  }

  // Rank 0: its own threads take members from the counter directly; one dispatcher thread
  // answers the other ranks' requests and receives their results. Polling with a short sleep
  // keeps the dispatcher from spinning a core that a member thread needs.
  std::vector<ensemble::MemberAnnual> results(n);
  std::atomic<std::size_t> next{0};
  std::mutex done_mutex;
  std::size_t finished_members = 0;
  auto member_done = [&](std::size_t i) {
    const std::lock_guard<std::mutex> lock(done_mutex);
    done(i, ++finished_members);
  };
  std::thread dispatcher([&] {
    int finished_ranks = 0;
    std::vector<double> buffer;
    while (finished_ranks < layout_.ranks - 1) {
      int flag = 0;
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
      if (!flag) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        continue;
      }
      if (status.MPI_TAG == request_tag) {
        int ask = 0;
        MPI_Recv(&ask, 1, MPI_INT, status.MPI_SOURCE, request_tag, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        const std::size_t i = next.fetch_add(1);
        const long long index = i < n ? static_cast<long long>(i) : no_more_members;
        MPI_Send(&index, 1, MPI_LONG_LONG, status.MPI_SOURCE, index_tag, MPI_COMM_WORLD);
      } else if (status.MPI_TAG == result_tag) {
        int count = 0;
        MPI_Get_count(&status, MPI_DOUBLE, &count);
        buffer.resize(std::size_t(count));
        MPI_Recv(buffer.data(), count, MPI_DOUBLE, status.MPI_SOURCE, result_tag, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        const auto i = std::size_t(buffer.at(0));
        if (i >= n) abort_all("internal error: a rank returned an unknown member", 1);
        results[i] = ensemble::unpack(std::span<const double>(buffer).subspan(1));
        member_done(i);
      } else if (status.MPI_TAG == failed_tag) {
        int count = 0;
        MPI_Get_count(&status, MPI_CHAR, &count);
        std::string text(std::size_t(count), '\0');
        MPI_Recv(text.data(), count, MPI_CHAR, status.MPI_SOURCE, failed_tag, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        const auto space = text.find(' ');
        abort_all("error: " + text.substr(space + 1), std::atoi(text.substr(0, space).c_str()));
      } else {
        int finished = 0;
        MPI_Recv(&finished, 1, MPI_INT, status.MPI_SOURCE, finished_tag, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        ++finished_ranks;
      }
    }
  });
#pragma omp parallel num_threads(threads)
  {
    for (std::size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) {
      try {
        results[i] = work(i);
        member_done(i);
      } catch (...) {
        const auto e = std::current_exception();
        abort_all("error: member " + std::to_string(i) + " (rank 0): " + message_of(e),
                  exit_code_of(e));
      }
    }
  }
  dispatcher.join();
  return results;
}

#endif

}  // namespace caspian::cli
