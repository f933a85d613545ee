// libFuzzer harness: a CF NetCDF grid field (io::read_grid_field), classic-format files only.
// Inputs holding the HDF5 signature are skipped: libhdf5 1.10.8 reads a netCDF-4 variable's
// DIMENSION_LIST from the file's global heap without checks and loops forever or copies
// overlapping memory on a corrupt one (inside netCDF-C's nc_inq_var), which no reader can refuse
// beforehand since every netCDF-4 data file has dimension scales (tests/fuzz/known_issues/
// README.md). The reader's own checks are the same for both formats and are fuzzed through the
// classic one.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "caspian/io/cf_reader.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr std::uint8_t hdf5_signature[] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  if (std::search(data, data + size, std::begin(hdf5_signature), std::end(hdf5_signature)) !=
      data + size)
    return 0;
  return caspian::fuzz::run_reader(data, size, ".nc", [](const std::filesystem::path& path) {
    (void)caspian::io::read_grid_field(path.string(), "t", std::nullopt);
  });
}
