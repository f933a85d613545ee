// libFuzzer harness: a restart file (io::read_restart).
#include <cstddef>
#include <cstdint>

#include "caspian/core/error.hpp"
#include "caspian/io/restart.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return caspian::fuzz::run_reader(data, size, ".nc", [](const std::filesystem::path& path) {
    // As a sea-only run reads it, then as a run whose catchment has 6 cells (the seeds' size).
    try {
      (void)caspian::io::read_restart(path, caspian::io::RestartShape{});
    } catch (const caspian::core::Error&) {
    }
    (void)caspian::io::read_restart(path, caspian::io::RestartShape{6, 5, 16});
  });
}
