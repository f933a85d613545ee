// libFuzzer harness: a restart file (io::read_restart), netCDF-4.
// Seeds and regression inputs are made from tests/fuzz/restart_cdl/*.cdl with
// `ncgen -k nc4 -o NAME.nc NAME.cdl` (a catchment of 6 cells, 3 ports, 2 policies, 4 first-year
// rows: the shape below).
#include <cstddef>
#include <cstdint>

#include "caspian/core/error.hpp"
#include "caspian/io/restart.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const caspian::io::RestartShape with_catchment_and_ports{
      6, 5, 16,
      caspian::io::PortRestartShape{
          {"aktau", "baku", "makhachkala"},
          {"no_dredging", "hold_design_depth"},
          {"no_dredging/port/aktau/tanker/cannot_call", "no_dredging/corridor/tmtm//shortfall",
           "hold_design_depth/port/aktau/tanker/cannot_call",
           "hold_design_depth/corridor/tmtm//shortfall"}}};
  return caspian::fuzz::run_reader(data, size, ".nc", [](const std::filesystem::path& path) {
    // As a sea-only run reads it, then as a run with a catchment of 6 cells and the port check.
    try {
      (void)caspian::io::read_restart(path, caspian::io::RestartShape{});
    } catch (const caspian::core::Error&) {
    }
    (void)caspian::io::read_restart(path, with_catchment_and_ports);
  });
}
