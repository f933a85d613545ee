// libFuzzer harness: a restart file (io::read_restart), netCDF-4.
// The seeds (tests/fuzz/corpus/fuzz_restart) are written by caspian's own writer:
// `build-fuzz/tests/fuzz/write_restart_seeds tests/fuzz/corpus/fuzz_restart` (a catchment of 6
// cells, 3 ports, 2 policies, 4 first-year rows: the shape below). Some regression inputs were made
// from tests/fuzz/restart_cdl/*.cdl with `ncgen -k nc4` (files with dimension scales and strings,
// which the reader now refuses before netCDF-C reads them).
#include <cstddef>
#include <cstdint>

#include "caspian/core/error.hpp"
#include "caspian/io/restart.hpp"
#include "fuzz_common.hpp"
#include "restart_sample.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const caspian::io::RestartShape with_catchment_and_ports = caspian::testing::shape;
  return caspian::fuzz::run_reader(data, size, ".nc", [](const std::filesystem::path& path) {
    // As a sea-only run reads it, then as a run with a catchment of 6 cells and the port check.
    try {
      (void)caspian::io::read_restart(path, caspian::io::RestartShape{});
    } catch (const caspian::core::Error&) {
    }
    (void)caspian::io::read_restart(path, with_catchment_and_ports);
  });
}
