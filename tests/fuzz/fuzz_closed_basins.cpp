// libFuzzer harness: the closed-basin list (io::load_closed_basins).
#include <cstddef>
#include <cstdint>

#include "caspian/io/closed_basins.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return caspian::fuzz::run_reader(data, size, ".yaml", [](const std::filesystem::path& path) {
    (void)caspian::io::load_closed_basins(path);
  });
}
