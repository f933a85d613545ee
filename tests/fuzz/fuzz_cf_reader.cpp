// libFuzzer harness: a CF NetCDF grid field (io::read_grid_field).
#include <cstddef>
#include <cstdint>
#include <optional>

#include "caspian/io/cf_reader.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return caspian::fuzz::run_reader(data, size, ".nc", [](const std::filesystem::path& path) {
    (void)caspian::io::read_grid_field(path.string(), "t", std::nullopt);
  });
}
