// libFuzzer harness: a restart file (io::read_restart).
#include <cstddef>
#include <cstdint>

#include "caspian/io/restart.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return caspian::fuzz::run_reader(data, size, ".nc", [](const std::filesystem::path& path) {
    (void)caspian::io::read_restart(path);
  });
}
