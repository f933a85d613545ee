// libFuzzer harness: the port system file (io::load_ports_config).
#include <cstddef>
#include <cstdint>

#include "caspian/io/ports_config.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return caspian::fuzz::run_reader(data, size, ".yaml", [](const std::filesystem::path& path) {
    (void)caspian::io::load_ports_config(path);
  });
}
