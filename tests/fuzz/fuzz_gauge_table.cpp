// libFuzzer harness: a daily gauge table (io::read_daily_gauge_csv).
#include <cstddef>
#include <cstdint>

#include "caspian/io/gauge_table.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return caspian::fuzz::run_reader(data, size, ".csv", [](const std::filesystem::path& path) {
    (void)caspian::io::read_daily_gauge_csv(path);
  });
}
