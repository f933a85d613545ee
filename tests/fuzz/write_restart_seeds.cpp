// Writes the seed corpus of fuzz_restart with caspian's own restart writer (io::write_restart),
// so the seeds are restart files as caspian writes them (no dimension scales, texts as character
// arrays): restart_sea.nc (a sea-only run) and restart_catchment_ports.nc (restart_sample.hpp: the
// shape fuzz_restart reads).
// Usage: write_restart_seeds DIR   (e.g. tests/fuzz/corpus/fuzz_restart)
#include <cstdio>
#include <exception>
#include <filesystem>

#include "caspian/io/restart.hpp"
#include "restart_sample.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  try {
    const caspian::io::RestartState full = caspian::testing::sample_state();
    caspian::io::RestartState sea = full;
    sea.catchment.reset();
    sea.ports.reset();
    caspian::io::write_restart(dir / "restart_sea.nc", sea);
    caspian::io::write_restart(dir / "restart_catchment_ports.nc", full);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "write_restart_seeds: %s\n", e.what());
    return 1;
  }
  return 0;
}
