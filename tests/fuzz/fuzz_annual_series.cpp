// libFuzzer harness: an annual series CSV (io::read_annual_series_csv), as the run's
// air-temperature anomalies are read.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "caspian/io/annual_series.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return caspian::fuzz::run_reader(data, size, ".csv", [](const std::filesystem::path& path) {
    (void)caspian::io::read_annual_series_csv(
        path, "anomaly_mean_degC",
        [](std::string_view units) { return units == "K" || units.starts_with("K "); },
        "K (an anomaly in kelvin)");
  });
}
