// libFuzzer harness: a recorded inflow series (io::read_inflow_series).
#include <cstddef>
#include <cstdint>

#include "caspian/io/inflow_series.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return caspian::fuzz::run_reader(data, size, ".csv", [](const std::filesystem::path& path) {
    (void)caspian::io::read_inflow_series(path, "total_river_inflow_km3");
  });
}
