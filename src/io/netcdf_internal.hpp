#pragma once
// Private to src/io: an RAII NetCDF handle and attribute helpers over the netCDF-C API.
#include <netcdf.h>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace caspian::io::detail {

// An open NetCDF dataset id, closed on destruction.
class NcHandle {
 public:
  NcHandle() = default;
  explicit NcHandle(int ncid) : ncid_(ncid) {}
  NcHandle(NcHandle&& other) noexcept : ncid_(std::exchange(other.ncid_, -1)) {}
  NcHandle& operator=(NcHandle&& other) noexcept {
    if (this != &other) {
      discard();
      ncid_ = std::exchange(other.ncid_, -1);
    }
    return *this;
  }
  NcHandle(const NcHandle&) = delete;
  NcHandle& operator=(const NcHandle&) = delete;
  ~NcHandle() { discard(); }

  int id() const { return ncid_; }
  bool is_open() const { return ncid_ >= 0; }
  // Closes and returns the netCDF status, so callers can report a failed final flush.
  int close() {
    const int status = ncid_ >= 0 ? nc_close(ncid_) : NC_NOERR;
    ncid_ = -1;
    return status;
  }

 private:
  void discard() noexcept {
    if (ncid_ >= 0) nc_close(ncid_);
    ncid_ = -1;
  }
  int ncid_ = -1;
};

// The most values read from a file at once, checked against the header before anything is
// allocated (a header may declare 20000 x 20000 cells in a file of a few kB): a field (one time
// step) of at most 50 million cells (the 1-arcminute ETOPO1 over the whole Caspian basin is about
// 3 million), and a series of at most 200 million values (1.6 GB of doubles).
constexpr std::size_t max_cells_per_field = 50'000'000;
constexpr std::size_t max_values_per_read = 200'000'000;

// For a classic NetCDF file (CDF-1, -2, -5): InputError(path, ...) when its header declares names,
// attributes or variables larger than the file, before NetCDF-C allocates or reads them.
void check_classic_declared_sizes(const std::string& path);

// Opens read-only; InputError(path, "", reason) when missing, not a file, not NetCDF or a classic
// file declaring more than it holds.
NcHandle open_for_reading(const std::string& path);
std::vector<std::string> variable_names(int ncid);
// "variable 'x' not found (variables: a, b, c)" as an InputError when absent.
int find_variable(int ncid, const std::string& path, const std::string& variable);
// Text attribute value (NC_CHAR or a single NC_STRING); nullopt when absent or not text.
std::optional<std::string> text_attribute(int ncid, int varid, const std::string& name);
// Numeric attribute converted to double; nullopt when absent or not numeric.
std::optional<std::vector<double>> numeric_attribute(int ncid, int varid, const std::string& name);
std::string dimension_name(int ncid, int dimid);
std::string type_name(nc_type type);

}  // namespace caspian::io::detail
