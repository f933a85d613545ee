// libFuzzer harness: a calibration run file (io::load_calibration_config).
#include <cstddef>
#include <cstdint>

#include "caspian/io/calibration_config.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return caspian::fuzz::run_reader(data, size, ".yaml", [](const std::filesystem::path& path) {
    (void)caspian::io::load_calibration_config(path);
  });
}
