// The declared sizes of a classic NetCDF file (CDF-1, CDF-2, CDF-5) against the file's size,
// before NetCDF-C reads it: NetCDF-C allocates what the header declares (a name of 4 GB) and
// reads a variable declared larger than the file (3e9 records in 848 bytes) as fill values past
// its end, so a truncated or corrupt file would cost minutes and gigabytes instead of an error.
// Layout: the NetCDF classic format specification (NetCDF-C docs, "file_format_specifications").
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include "caspian/core/error.hpp"
#include "netcdf_internal.hpp"

namespace caspian::io::detail {

namespace {

// Headers are read up to this size; a longer one (never seen) is left to NetCDF-C.
constexpr std::uint64_t max_header_bytes = 64u << 20;
constexpr std::uint64_t streaming_records = 0xFFFFFFFFu;  // numrecs unknown ("streaming")

__extension__ typedef unsigned __int128 u128;  // declared sizes multiply past 64 bits

struct Variable {
  std::string name;
  bool record = false;
  u128 bytes = 0;  // per record for record variables
  std::uint64_t begin = 0;
};

class HeaderParser {
 public:
  HeaderParser(const std::vector<std::uint8_t>& bytes, int version)
      : data_(bytes), wide_(version == 5), offset_size_(version == 1 ? 4 : 8) {}

  // nullopt when the header runs past the bytes read (why_ says where).
  bool parse() {
    pos_ = 4;
    if (!count(records_)) return fail("the record count");
    std::uint64_t n = 0;
    if (!list(n, "dimensions")) return false;
    for (std::uint64_t k = 0; k < n; ++k) {
      std::uint64_t length = 0;
      if (!name("a dimension name") || !count(length)) return fail("the dimensions");
      dims_.push_back(length);
    }
    if (!attributes("the global attributes")) return false;
    if (!list(n, "variables")) return false;
    for (std::uint64_t k = 0; k < n; ++k) {
      Variable v;
      std::uint64_t ndims = 0;
      if (!name("a variable name", &v.name) || !count(ndims)) return fail("the variables");
      if (ndims > data_.size()) return fail("variable '" + v.name + "' (its dimensions)");
      u128 values = 1;
      for (std::uint64_t d = 0; d < ndims; ++d) {
        std::uint64_t id = 0;
        if (!count(id)) return fail("variable '" + v.name + "' (its dimensions)");
        if (id >= dims_.size()) {
          why_ = fmt::format("variable '{}' names dimension {} of {}", v.name, id, dims_.size());
          return false;
        }
        if (d == 0 && dims_[id] == 0) {
          v.record = true;
          continue;
        }
        values = std::min<u128>(values * dims_[id], u128(1) << 100);
      }
      std::uint32_t type = 0;
      std::uint64_t vsize = 0;
      if (!attributes("the attributes of variable '" + v.name + "'") || !word(type) ||
          !count(vsize) || !offset(v.begin))
        return fail("variable '" + v.name + "'");
      const std::uint64_t size = type_size(type);
      if (size == 0) {
        why_ = fmt::format("variable '{}' has type {}, not a classic NetCDF type", v.name, type);
        return false;
      }
      v.bytes = values * size;
      vars_.push_back(std::move(v));
    }
    return true;
  }

  std::uint64_t records() const { return records_; }
  const std::vector<Variable>& variables() const { return vars_; }
  const std::string& why() const { return why_; }
  bool ran_out() const { return ran_out_; }

 private:
  bool fail(const std::string& what) {
    if (why_.empty()) why_ = what;
    return false;
  }
  bool fits(u128 n) {
    if (n <= data_.size() - pos_) return true;
    ran_out_ = true;
    return false;
  }
  bool skip(u128 n) {
    if (!fits(n)) return false;
    pos_ += std::size_t(n);
    return true;
  }
  bool word(std::uint32_t& out) {
    if (!fits(4)) return false;
    out = std::uint32_t(data_[pos_]) << 24 | std::uint32_t(data_[pos_ + 1]) << 16 |
          std::uint32_t(data_[pos_ + 2]) << 8 | std::uint32_t(data_[pos_ + 3]);
    pos_ += 4;
    return true;
  }
  bool count(std::uint64_t& out) {  // 4 bytes, 8 in CDF-5
    std::uint32_t high = 0, low = 0;
    if (wide_ && !word(high)) return false;
    if (!word(low)) return false;
    out = std::uint64_t(high) << 32 | low;
    return true;
  }
  bool offset(std::uint64_t& out) {  // 4 bytes in CDF-1, 8 otherwise
    std::uint32_t high = 0, low = 0;
    if (offset_size_ == 8 && !word(high)) return false;
    if (!word(low)) return false;
    out = std::uint64_t(high) << 32 | low;
    return true;
  }
  static u128 padded(u128 n) { return (n + 3) / 4 * 4; }
  bool name(const char* what, std::string* out = nullptr) {
    std::uint64_t n = 0;
    if (!count(n)) return fail(what);
    if (!fits(padded(n))) {
      why_ = fmt::format("{} of {} bytes", what, n);
      return false;
    }
    if (out) out->assign(reinterpret_cast<const char*>(data_.data() + pos_), std::size_t(n));
    return skip(padded(n));
  }
  bool list(std::uint64_t& n, const char* what) {
    std::uint32_t tag = 0;
    if (!word(tag) || !count(n)) return fail(fmt::format("the list of {}", what));
    if (n > data_.size()) {  // every element takes at least 4 bytes
      ran_out_ = true;
      why_ = fmt::format("{} {}", n, what);
      return false;
    }
    return true;
  }
  std::uint64_t type_size(std::uint32_t type) const {
    constexpr std::uint64_t sizes[] = {0, 1, 1, 2, 4, 4, 8, 1, 2, 4, 8, 8};
    if (type == 0 || type > 11 || (type > 6 && !wide_)) return 0;
    return sizes[type];
  }
  bool attributes(const std::string& what) {
    std::uint64_t n = 0;
    if (!list(n, "attributes")) return fail(what);
    for (std::uint64_t k = 0; k < n; ++k) {
      std::uint32_t type = 0;
      std::uint64_t values = 0;
      std::string attribute;
      if (!name("an attribute name", &attribute) || !word(type) || !count(values))
        return fail(what);
      // Refused as a variable's would be: NetCDF-C sizes a type this version lacks its own way
      // and reads the rest of the header from elsewhere (a 3.6 GB attribute in 590 bytes).
      const std::uint64_t size = type_size(type);
      if (size == 0) {
        why_ = fmt::format("{}: attribute '{}' has type {}, not a classic NetCDF type", what,
                           attribute, type);
        return false;
      }
      const u128 bytes = padded(u128(values) * size);
      if (!skip(bytes)) {
        why_ = fmt::format("{}: an attribute of {} values", what, values);
        return false;
      }
    }
    return true;
  }

  const std::vector<std::uint8_t>& data_;
  bool wide_;
  int offset_size_;
  std::size_t pos_ = 0;
  std::uint64_t records_ = 0;
  std::vector<std::uint64_t> dims_;
  std::vector<Variable> vars_;
  std::string why_;
  bool ran_out_ = false;
};

std::string mib(u128 bytes) { return fmt::format("{:.1f} MiB", double(bytes) / double(1 << 20)); }

}  // namespace

void check_classic_declared_sizes(const std::string& path) {
  std::error_code ec;
  const std::uint64_t file_size = std::filesystem::file_size(path, ec);
  if (ec || file_size < 4) return;  // NetCDF-C reports these
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> bytes(std::size_t(std::min(file_size, max_header_bytes)));
  in.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(bytes.size()));
  if (!in) return;
  if (bytes[0] != 'C' || bytes[1] != 'D' || bytes[2] != 'F') return;  // not classic: HDF5 or other
  const int version = bytes[3];
  if (version != 1 && version != 2 && version != 5) return;
  const auto corrupt = [&](const std::string& why) {
    throw core::InputError(
        path, "",
        "a classic NetCDF file whose header declares more than the file holds (" + why +
            fmt::format("; the file has {} bytes)", file_size) + ": a truncated or corrupt file");
  };
  HeaderParser header(bytes, version);
  if (!header.parse()) {
    if (header.ran_out() && bytes.size() < file_size) return;  // a header beyond what we read
    corrupt(header.why().empty() ? "the header runs past the end" : header.why());
  }
  // The record stride is at least the sum of the record variables' sizes (padding aside).
  u128 stride = 0;
  for (const auto& v : header.variables())
    if (v.record) stride += v.bytes;
  for (const auto& v : header.variables()) {
    u128 end = u128(v.begin) + v.bytes;
    if (v.record) {
      if (header.records() == streaming_records || header.records() == 0) continue;
      end = u128(v.begin) + u128(header.records() - 1) * stride + v.bytes;
    }
    if (end > file_size) {
      corrupt(v.record ? fmt::format("variable '{}': {} records, {} of data", v.name,
                                     header.records(), mib(end - v.begin))
                       : fmt::format("variable '{}': {} of data from byte {}", v.name, mib(v.bytes),
                                     v.begin));
    }
  }
}

}  // namespace caspian::io::detail
