// libFuzzer harness: a run file (io::load_run_config).
#include <cstddef>
#include <cstdint>

#include "caspian/io/run_config.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return caspian::fuzz::run_reader(data, size, ".yaml", [](const std::filesystem::path& path) {
    (void)caspian::io::load_run_config(path);
  });
}
