// libFuzzer harness: a sea-level series, CSV path (io::read_level_series).
#include <cstddef>
#include <cstdint>

#include "caspian/io/level_series.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return caspian::fuzz::run_reader(data, size, ".csv", [](const std::filesystem::path& path) {
    (void)caspian::io::read_level_series(path);
  });
}
