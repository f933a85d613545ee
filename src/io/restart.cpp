#include "caspian/io/restart.hpp"

#include <fmt/format.h>
#include <hdf5.h>
#include <netcdf.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <tuple>
#include <utility>

#include "caspian/core/error.hpp"
#include "caspian/core/time.hpp"
#include "caspian/io/atomic_file.hpp"
#include "netcdf_internal.hpp"
#include "restart_internal.hpp"

namespace caspian::io {

namespace {
// Physical bounds of the saved stores, far beyond anything real, so that a corrupted value is
// refused here rather than failing later without naming the file: a store of a cell of 1000 m of
// water; a storage (a channel cell, the Volga-Kama reservoirs, about 190 km3 in all) of 1000 km3;
// the sea (and a port's dredging since the start) at most 1e16 m3 (the Caspian holds 78 000 km3,
// 7.8e13 m3).
constexpr double max_store_mm = 1e6;
constexpr double max_storage_m3 = 1e12;
constexpr double max_volume_m3 = 1e16;
constexpr double min_height_m_bs = -2000.0, max_height_m_bs = 1000.0;
// The longest text attribute or label read (hashes, months, versions, port ids are short).
constexpr std::size_t max_text_bytes = 4096;
// A port check of at most this many ports, policies and first-year rows (the real one: 9, 2, ~150).
constexpr std::size_t max_port_items = 100'000;

const std::string restart_kind = "caspian restart file (netCDF-4)";

// ---------------------------------------------------------------------------------------------
// Writing.

class Writer {
 public:
  Writer(int ncid, std::string where) : ncid_(ncid), where_(std::move(where)) {}

  int dimension(const std::string& name, std::size_t length) {
    int id = -1;
    check(nc_def_dim(ncid_, name.c_str(), length, &id), "dimension '" + name + "'");
    return id;
  }
  void text_attribute(int varid, const std::string& name, const std::string& value) {
    check(nc_put_att_text(ncid_, varid, name.c_str(), value.size(), value.data()),
          "attribute '" + name + "'");
  }
  int variable(const std::string& name, nc_type type, std::vector<int> dims,
               const std::string& units, const std::string& long_name) {
    int id = -1;
    check(nc_def_var(ncid_, name.c_str(), type, int(dims.size()), dims.data(), &id),
          "variable '" + name + "'");
    if (!units.empty()) text_attribute(id, "units", units);
    text_attribute(id, "long_name", long_name);
    return id;
  }
  void doubles(const std::string& name, std::vector<int> dims, const std::vector<double>& values,
               const std::string& units, const std::string& long_name) {
    const int id = variable(name, NC_DOUBLE, std::move(dims), units, long_name);
    if (!values.empty()) check(nc_put_var_double(ncid_, id, values.data()), "variable " + name);
  }
  // Texts as a CF character array (name, name_length): fixed-size data, so the file holds no
  // variable-length data for libhdf5 to read from its global heap (see hdf5_types_problem).
  void texts(const std::string& name, int dim, const std::vector<std::string>& values,
             const std::string& long_name) {
    std::size_t length = 1;
    for (const auto& v : values) length = std::max(length, v.size());
    const int chars = dimension(name + "_length", length);
    const int id = variable(name, NC_CHAR, {dim, chars}, "", long_name);
    std::vector<char> padded(values.size() * length, '\0');
    for (std::size_t k = 0; k < values.size(); ++k)
      std::copy(values[k].begin(), values[k].end(), padded.begin() + std::ptrdiff_t(k * length));
    if (!values.empty())
      check(nc_put_var_text(ncid_, id, padded.data()), "variable '" + name + "'");
  }
  void int_scalar(const std::string& name, int value, const std::string& long_name) {
    const int id = variable(name, NC_INT, {}, "", long_name);
    check(nc_put_var_int(ncid_, id, &value), "variable '" + name + "'");
  }
  void years(const std::string& name, int dim, const std::vector<std::optional<int>>& values,
             const std::string& long_name) {
    const int id = variable(name, NC_INT, {dim}, "", long_name);
    const int fill = NC_FILL_INT;
    check(nc_put_att_int(ncid_, id, "_FillValue", NC_INT, 1, &fill), "attribute _FillValue");
    std::vector<int> v;
    for (const auto& y : values) v.push_back(y ? *y : NC_FILL_INT);
    if (!v.empty()) check(nc_put_var_int(ncid_, id, v.data()), "variable '" + name + "'");
  }

  void check(int status, const std::string& what) const {
    if (status != NC_NOERR)
      throw core::Error(where_ + ": cannot write " + what + " (" + nc_strerror(status) + ")");
  }

 private:
  int ncid_;
  std::string where_;
};

void write_ports(Writer& w, const PortCheckRestart& p, const std::string& where) {
  const std::size_t rows = p.first_year_keys.size();
  if (p.bed_m_bs.size() != p.policies.size() * p.port_ids.size() ||
      p.dredge_cumulative_m3.size() != p.bed_m_bs.size() ||
      p.first_year_worst_month.size() != rows || p.first_year_annual.size() != rows ||
      p.first_year_where.size() != rows)
    throw core::Error(where + ": cannot write the port check's state: its arrays differ in size");
  const int policy = w.dimension("policy", p.policies.size());
  const int port = w.dimension("port", p.port_ids.size());
  const int row = w.dimension("first_year_row", p.first_year_keys.size());
  w.texts("policy", policy, p.policies, "dredging policy of the port check");
  w.texts("port", port, p.port_ids, "port id (ports file)");
  w.int_scalar("port_check_last_year", p.last_year, "last calendar year the port check assessed");
  w.doubles("port_bed_m_bs", {policy, port}, p.bed_m_bs, "m",
            "held bed of the controlling reach after the last year (metres relative to the "
            "Baltic height system); the natural bed where never dredged");
  w.doubles("port_dredge_cumulative_m3", {policy, port}, p.dredge_cumulative_m3, "m3",
            "volume dredged since the start of the run (NaN: a port held without a dredging "
            "geometry)");
  w.texts("first_year_key", row, p.first_year_keys,
          "first-year row: policy/scope/id/vessel class/criterion");
  w.years("first_year_worst_month", row, p.first_year_worst_month,
          "first year some month crossed the criterion (fill: not yet)");
  w.years("first_year_annual", row, p.first_year_annual,
          "first year the annual basis crossed the criterion (fill: not yet)");
  w.texts("first_year_where", row, p.first_year_where,
          "port where a corridor row's worst month crossed first");
}

// ---------------------------------------------------------------------------------------------
// Reading.

// A type as the messages name it.
std::string kind_of(nc_type type) {
  if (type == NC_DOUBLE) return "double";
  if (type == NC_FLOAT) return "single-precision floating point (float)";
  if (type == NC_CHAR) return "text (char)";
  if (type == NC_STRING) return "text (string)";
  if (type >= NC_BYTE && type <= NC_UINT64) return "integer (" + detail::type_name(type) + ")";
  return "a compound or other user-defined type";
}

class Reader {
 public:
  Reader(int ncid, std::string where) : ncid_(ncid), where_(std::move(where)) {}

  bool has_variable(const std::string& name) const {
    int id = -1;
    return nc_inq_varid(ncid_, name.c_str(), &id) == NC_NOERR;
  }
  bool has_attribute(const std::string& name) const {
    nc_type type = 0;
    std::size_t len = 0;
    return nc_inq_att(ncid_, NC_GLOBAL, name.c_str(), &type, &len) == NC_NOERR;
  }

  // A global attribute of one text (NC_CHAR): a number is refused before anything is read
  // (variable-length texts are refused before netCDF-C opens the file: hdf5_types_problem).
  std::string text_attribute(const std::string& name) const {
    nc_type type = 0;
    std::size_t len = 0;
    if (nc_inq_att(ncid_, NC_GLOBAL, name.c_str(), &type, &len) != NC_NOERR)
      throw core::InputError(where_, name, "global attribute missing from the restart file");
    if (type == NC_CHAR) {
      if (len > max_text_bytes)
        throw core::InputError(where_, name,
                               fmt::format("is {} bytes; expected a short text", len));
      std::string value(len, '\0');
      if (len > 0 && nc_get_att_text(ncid_, NC_GLOBAL, name.c_str(), value.data()) != NC_NOERR)
        throw core::InputError(where_, name, "cannot read the attribute");
      while (!value.empty() && value.back() == '\0') value.pop_back();
      return value;
    }
    throw core::InputError(where_, name,
                           fmt::format("is an attribute of {} value(s) of type {}; expected one "
                                       "text",
                                       len, kind_of(type)));
  }

  // A variable of `type` with `rank` dimensions and exactly `count` values (`expected` says why,
  // for messages); checked before anything is allocated. Returns the variable id.
  int expect_variable(const std::string& name, nc_type type, int rank, std::size_t count,
                      const std::string& expected) const {
    int id = -1;
    if (nc_inq_varid(ncid_, name.c_str(), &id) != NC_NOERR)
      throw core::InputError(where_, name, "variable missing from the restart file");
    nc_type actual = 0;
    int ndims = 0;
    if (nc_inq_vartype(ncid_, id, &actual) != NC_NOERR ||
        nc_inq_varndims(ncid_, id, &ndims) != NC_NOERR || ndims < 0 || ndims > NC_MAX_VAR_DIMS)
      throw core::InputError(where_, name, "cannot read the variable");
    if (actual != type)
      throw core::InputError(where_, name,
                             "has type " + kind_of(actual) + "; expected " + kind_of(type) +
                                 (type == NC_DOUBLE ? " (floating point), " : ", ") + expected);
    std::vector<int> dims(std::size_t(ndims), 0);
    if (ndims > 0 && nc_inq_vardimid(ncid_, id, dims.data()) != NC_NOERR)
      throw core::InputError(where_, name, "cannot read the variable's dimensions");
    std::size_t n = 1;
    bool overflow = false;
    for (int d : dims) {
      std::size_t len = 0;
      if (nc_inq_dimlen(ncid_, d, &len) != NC_NOERR)
        throw core::InputError(where_, name, "cannot read the variable's dimensions");
      if (len != 0 && n > std::numeric_limits<std::size_t>::max() / len) overflow = true;
      n *= len;
    }
    if (overflow || n != count || ndims != rank) {
      throw core::InputError(
          where_, name,
          (overflow ? std::string("holds more values than can be counted")
                    : fmt::format("holds {} value(s) in {} dimension(s)", n, ndims)) +
              "; expected " + expected);
    }
    return id;
  }

  std::vector<double> doubles(const std::string& name, int rank, std::size_t count,
                              const std::string& expected) const {
    const int id = expect_variable(name, NC_DOUBLE, rank, count, expected);
    std::vector<double> values(count);
    if (count > 0 && nc_get_var_double(ncid_, id, values.data()) != NC_NOERR)
      throw core::InputError(where_, name, "cannot read the variable as double");
    return values;
  }

  // `count` texts stored as a character array (name, name_length) of at most 4096 per text.
  std::vector<std::string> texts(const std::string& name, std::size_t count,
                                 const std::string& expected) const {
    int id = -1;
    if (nc_inq_varid(ncid_, name.c_str(), &id) != NC_NOERR)
      throw core::InputError(where_, name, "variable missing from the restart file");
    int ndims = 0;
    int dims[2] = {-1, -1};
    std::size_t rows = 0, length = 0;
    if (nc_inq_varndims(ncid_, id, &ndims) != NC_NOERR || ndims != 2 ||
        nc_inq_vardimid(ncid_, id, dims) != NC_NOERR ||
        nc_inq_dimlen(ncid_, dims[0], &rows) != NC_NOERR ||
        nc_inq_dimlen(ncid_, dims[1], &length) != NC_NOERR)
      throw core::InputError(
          where_, name,
          "expected a character array (" + name + ", " + name + "_length) of " + expected);
    if (length == 0 || length > max_text_bytes)
      throw core::InputError(
          where_, name,
          fmt::format("holds texts of {} characters; expected 1 to {}", length, max_text_bytes));
    if (rows != count)
      throw core::InputError(where_, name,
                             fmt::format("holds {} text(s); expected {}", rows, expected));
    const std::size_t n = count * length;
    expect_variable(name, NC_CHAR, 2, n, fmt::format("{} texts, {}", count, expected));
    std::vector<char> raw(n, '\0');
    if (n > 0 && nc_get_var_text(ncid_, id, raw.data()) != NC_NOERR)
      throw core::InputError(where_, name, "cannot read the variable as text");
    std::vector<std::string> values;
    for (std::size_t k = 0; k < count; ++k) {
      std::string text(raw.data() + k * length, length);
      text.resize(std::min(text.size(), text.find('\0')));
      values.push_back(std::move(text));
    }
    return values;
  }

  std::vector<int> ints(const std::string& name, int rank, std::size_t count,
                        const std::string& expected) const {
    const int id = expect_variable(name, NC_INT, rank, count, expected);
    std::vector<int> values(count);
    if (count > 0 && nc_get_var_int(ncid_, id, values.data()) != NC_NOERR)
      throw core::InputError(where_, name, "cannot read the variable as int");
    return values;
  }

  const std::string& where() const { return where_; }

 private:
  int ncid_;
  std::string where_;
};

// Every value finite and within [low, high] (`what`: the quantity and its units); NaN too where
// `nan_allowed`.
void check_values(const std::vector<double>& values, const std::string& name,
                  const std::string& path, double low, double high, const std::string& what,
                  bool nan_allowed = false) {
  for (std::size_t k = 0; k < values.size(); ++k) {
    const double v = values[k];
    if (nan_allowed && std::isnan(v)) continue;
    if (!std::isfinite(v) || v < low || v > high) {
      throw core::InputError(
          path, name,
          fmt::format("value {} (index {}) is not {}: expected a finite value in {:g}..{:g}", v, k,
                      what, low, high));
    }
  }
}

double read_scalar(const Reader& r, const std::string& name, double low, double high,
                   const std::string& what) {
  const auto values = r.doubles(name, 0, 1, "one value (a scalar variable), " + what);
  check_values(values, name, r.where(), low, high, what);
  return values.front();
}

std::uint64_t parse_hash(const std::string& text, const std::string& name,
                         const std::string& path) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    throw core::InputError(path, name,
                           "'" + text +
                               "' is not a hash; expected an unsigned 64-bit decimal "
                               "integer, as written by --save-state");
  }
  return value;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t k = 0; k < items.size() && k < 12; ++k) {
    if (k > 0) out += ", ";
    out += items[k];
  }
  if (items.size() > 12) out += fmt::format(", ... ({} in all)", items.size());
  return out;
}

// The saved labels must be the run's: the first that differs is named.
void check_labels(const std::vector<std::string>& saved, const std::vector<std::string>& run,
                  const std::string& name, const std::string& path, const std::string& what) {
  for (std::size_t k = 0; k < saved.size(); ++k) {
    if (saved[k] != run[k])
      throw core::InputError(path, name,
                             fmt::format("entry {} is '{}', this run's is '{}': the state was "
                                         "saved with other {}",
                                         k, saved[k], run[k], what));
  }
}

PortCheckRestart read_ports(const Reader& r, const PortRestartShape& shape,
                            core::YearMonth next_month) {
  const std::string& where = r.where();
  if (!r.has_variable("port_bed_m_bs")) {
    throw core::InputError(where, "port_bed_m_bs",
                           "variable missing: the state was saved by a run without the port "
                           "check (or ending mid-year), and this run has one (ports:); save it "
                           "from a run with the port check that ends in December");
  }
  PortCheckRestart p;
  const std::size_t n_policies = shape.policies.size(), n_ports = shape.port_ids.size();
  const std::size_t n_rows = shape.first_year_keys.size();
  p.policies =
      r.texts("policy", n_policies,
              fmt::format("{} (this run's policies: {})", n_policies, joined(shape.policies)));
  check_labels(p.policies, shape.policies, "policy", where, "dredging policies");
  p.port_ids = r.texts("port", n_ports,
                       fmt::format("{} (this run's ports: {})", n_ports, joined(shape.port_ids)));
  check_labels(p.port_ids, shape.port_ids, "port", where, "ports");
  p.first_year_keys =
      r.texts("first_year_key", n_rows,
              fmt::format("{} (the first-year rows of this run's ports and policies)", n_rows));
  check_labels(p.first_year_keys, shape.first_year_keys, "first_year_key", where,
               "ports, vessel classes, corridors or policies");
  // The check works in whole years: the part saved ended with the December before next_month.
  const int expected_last = next_month.year - 1;
  const int last = r.ints("port_check_last_year", 0, 1, "one year (a scalar variable)").front();
  if (next_month.month != 1) {
    throw core::InputError(where, "port_check_last_year",
                           fmt::format("is set, and the state's next month {}-{:02d} is not a "
                                       "January; expected a port state only at the end of a year "
                                       "(the port check works in whole years)",
                                       next_month.year, next_month.month));
  }
  if (last != expected_last) {
    throw core::InputError(where, "port_check_last_year",
                           fmt::format("is {}; expected {}, the year before the state's next "
                                       "month {}-01",
                                       last, expected_last, next_month.year));
  }
  p.last_year = expected_last;
  const std::string per_policy_port =
      fmt::format("{} ({} policies x {} ports)", n_policies * n_ports, n_policies, n_ports);
  p.bed_m_bs = r.doubles("port_bed_m_bs", 2, n_policies * n_ports, per_policy_port);
  check_values(p.bed_m_bs, "port_bed_m_bs", where, min_height_m_bs, max_height_m_bs,
               "a bed height in m BS");
  p.dredge_cumulative_m3 =
      r.doubles("port_dredge_cumulative_m3", 2, n_policies * n_ports, per_policy_port);
  check_values(p.dredge_cumulative_m3, "port_dredge_cumulative_m3", where, 0.0, max_volume_m3,
               "a volume dredged in m3 (>= 0, or NaN for a port without a dredging geometry)",
               true);
  const std::string per_row = fmt::format("{} (one per first-year row)", n_rows);
  for (const char* name : {"first_year_worst_month", "first_year_annual"}) {
    std::vector<std::optional<int>> years;
    const auto values = r.ints(name, 1, n_rows, per_row);
    for (std::size_t k = 0; k < values.size(); ++k) {
      if (values[k] == NC_FILL_INT) {
        years.push_back(std::nullopt);
      } else if (values[k] < core::min_year || values[k] > p.last_year) {
        throw core::InputError(where, name,
                               fmt::format("value {} (index {}) is not a year the port check "
                                           "has assessed: expected a year up to {}, or the fill "
                                           "value (none yet)",
                                           values[k], k, p.last_year));
      } else {
        years.push_back(values[k]);
      }
    }
    (std::string(name) == "first_year_annual" ? p.first_year_annual : p.first_year_worst_month) =
        std::move(years);
  }
  p.first_year_where = r.texts("first_year_where", n_rows, per_row);
  for (std::size_t k = 0; k < n_rows; ++k) {
    const auto& w = p.first_year_where[k];
    if (!w.empty() && std::find(p.port_ids.begin(), p.port_ids.end(), w) == p.port_ids.end())
      throw core::InputError(
          where, "first_year_where",
          fmt::format("entry {} is '{}'; expected a port of this run, or empty", k, w));
  }
  return p;
}

bool starts_as_hdf5(const std::filesystem::path& path) {
  // netCDF-4 files are HDF5 files; checking the signature first keeps the classic-format header
  // parser (which allocates what a corrupt header declares) away from arbitrary bytes.
  static constexpr char signature[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  return in.read(head, 8) && std::memcmp(head, signature, 8) == 0;
}

// What a path that is not a regular file is, for the message refusing it.
std::string file_kind(const std::filesystem::path& path) {
  switch (std::filesystem::status(path).type()) {
    case std::filesystem::file_type::directory:
      return "a folder";
    case std::filesystem::file_type::character:
    case std::filesystem::file_type::block:
      return "a device";
    case std::filesystem::file_type::fifo:
      return "a FIFO (named pipe)";
    case std::filesystem::file_type::socket:
      return "a socket";
    default:
      return "not a regular file";
  }
}

// libhdf5 1.10.8 frees an invalid pointer (SIGSEGV) when nc_open lists the links of a corrupt
// dense-storage group by building and releasing a sorted link table
// (tests/fuzz/known_issues/README.md). Walking every group first by index in native order reads
// the same link B-tree and fractal heap without that table, and a corrupt one fails a call here
// (refused) instead of crashing later.
class Hdf5ErrorsSilenced {
 public:
  Hdf5ErrorsSilenced() {
    H5Eget_auto2(H5E_DEFAULT, &function_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~Hdf5ErrorsSilenced() { H5Eset_auto2(H5E_DEFAULT, function_, data_); }
  Hdf5ErrorsSilenced(const Hdf5ErrorsSilenced&) = delete;
  Hdf5ErrorsSilenced& operator=(const Hdf5ErrorsSilenced&) = delete;

 private:
  H5E_auto2_t function_ = nullptr;
  void* data_ = nullptr;
};

// The deepest group nesting and most links per group walked (a restart file has one group of a
// few dozen links).
constexpr int max_group_depth = 16;
constexpr hsize_t max_group_links = 100'000;

// A type caspian writes into restart files: integers, floating point and fixed-size text.
bool fixed_size_plain_type(hid_t type) {
  switch (H5Tget_class(type)) {
    case H5T_INTEGER:
    case H5T_FLOAT:
      return true;
    case H5T_STRING:
      return H5Tis_variable_str(type) == 0;
    default:
      return false;
  }
}

// Ends the messages refusing a type caspian does not write (a sound file, not a corrupt one).
constexpr std::string_view none_in_restarts =
    " (a caspian restart file holds none: written by another tool or an earlier caspian?)";

// The most attributes an object may carry (a restart variable has two or three).
constexpr hsize_t max_object_attributes = 1'000;

// libhdf5 1.10.8 reads variable-length data (netCDF strings, the DIMENSION_LIST of attached
// dimension scales) from the file's global heap without checks: on a corrupt heap it loops or
// copies overlapping memory (tests/fuzz/known_issues/README.md). caspian writes none (character
// arrays, NC_NODIMSCALE_ATTACH), so the attributes and data of every object are refused unless of
// a fixed-size integer, floating-point or text type; only the types are read here, never the data.
// Empty if they all are; else what is not.
std::string hdf5_types_problem(hid_t object, const std::string& name, bool dataset) {
  if (dataset) {
    const hid_t type = H5Dget_type(object);
    if (type < 0) return "cannot read the type of " + name;
    const bool plain = fixed_size_plain_type(type);
    H5Tclose(type);
    if (!plain)
      return name + " holds variable-length or compound data" + std::string(none_in_restarts);
  }
#if H5_VERSION_GE(1, 12, 0)
  H5O_info2_t info{};
  const herr_t got = H5Oget_info3(object, &info, H5O_INFO_NUM_ATTRS);
#else
  H5O_info_t info{};
  const herr_t got = H5Oget_info2(object, &info, H5O_INFO_NUM_ATTRS);
#endif
  if (got < 0) return "cannot read the attributes of " + name;
  if (info.num_attrs > max_object_attributes)
    return fmt::format("{} declares {} attributes", name, info.num_attrs);
  for (hsize_t k = 0; k < info.num_attrs; ++k) {
    const hid_t attribute =
        H5Aopen_by_idx(object, ".", H5_INDEX_NAME, H5_ITER_NATIVE, k, H5P_DEFAULT, H5P_DEFAULT);
    if (attribute < 0) return fmt::format("cannot open attribute {} of {}", k, name);
    const hid_t type = H5Aget_type(attribute);
    const bool plain = type >= 0 && fixed_size_plain_type(type);
    if (type >= 0) H5Tclose(type);
    std::string attribute_name;
    if (!plain) {
      const ssize_t length = H5Aget_name(attribute, 0, nullptr);
      if (length > 0 && length < 256) {
        attribute_name.assign(std::size_t(length) + 1, '\0');
        H5Aget_name(attribute, attribute_name.size(), attribute_name.data());
        attribute_name.resize(std::size_t(length));
      }
    }
    H5Aclose(attribute);
    if (!plain)
      return fmt::format("attribute '{}' of {} holds variable-length or compound data{}",
                         attribute_name, name, none_in_restarts);
  }
  return "";
}

// Empty if every group below `group` reads; else what failed.
std::string hdf5_group_problem(hid_t group, const std::string& name, int depth) {
  if (depth > max_group_depth) return "groups nested deeper than " + std::to_string(depth);
  if (auto problem = hdf5_types_problem(group, "group " + name, false); !problem.empty())
    return problem;
  H5G_info_t info{};
  if (H5Gget_info(group, &info) < 0) return "cannot read group " + name;
  if (info.nlinks > max_group_links)
    return fmt::format("group {} declares {} links", name, info.nlinks);
  for (hsize_t k = 0; k < info.nlinks; ++k) {
    const ssize_t length =
        H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_NATIVE, k, nullptr, 0, H5P_DEFAULT);
    if (length < 0) return fmt::format("cannot read link {} of group {}", k, name);
    std::string link(std::size_t(length) + 1, '\0');
    if (H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_NATIVE, k, link.data(), link.size(),
                           H5P_DEFAULT) < 0)
      return fmt::format("cannot read link {} of group {}", k, name);
    link.resize(std::size_t(length));
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t object{};
    const herr_t found = H5Oget_info_by_idx3(group, ".", H5_INDEX_NAME, H5_ITER_NATIVE, k, &object,
                                             H5O_INFO_BASIC, H5P_DEFAULT);
#else
    H5O_info_t object{};
    const herr_t found = H5Oget_info_by_idx2(group, ".", H5_INDEX_NAME, H5_ITER_NATIVE, k, &object,
                                             H5O_INFO_BASIC, H5P_DEFAULT);
#endif
    if (found < 0) return "cannot read object '" + link + "' of group " + name;
    if (object.type == H5O_TYPE_DATASET || object.type == H5O_TYPE_NAMED_DATATYPE) {
      const hid_t opened = H5Oopen(group, link.c_str(), H5P_DEFAULT);
      if (opened < 0) return "cannot open object '" + link + "' of group " + name;
      std::string problem =
          hdf5_types_problem(opened, "'" + name + link + "'", object.type == H5O_TYPE_DATASET);
      if (H5Oclose(opened) < 0 && problem.empty()) problem = "cannot close '" + link + "'";
      if (!problem.empty()) return problem;
    }
    if (object.type != H5O_TYPE_GROUP) continue;
    const hid_t child = H5Gopen2(group, link.c_str(), H5P_DEFAULT);
    if (child < 0) return "cannot open group '" + link + "'";
    std::string problem = hdf5_group_problem(child, name + link + "/", depth + 1);
    if (H5Gclose(child) < 0 && problem.empty()) problem = "cannot close group '" + link + "'";
    if (!problem.empty()) return problem;
  }
  return "";
}

// Empty if HDF5 opens the file read-only and walks all its groups; else what failed.
std::string hdf5_structure_problem(const std::filesystem::path& path) {
  const Hdf5ErrorsSilenced silenced;
  const hid_t access = H5Pcreate(H5P_FILE_ACCESS);
  if (access < 0) return "cannot create an HDF5 file access list";
  // Strong: closing the file closes every object still open in it.
  if (H5Pset_fclose_degree(access, H5F_CLOSE_STRONG) < 0) {
    H5Pclose(access);
    return "cannot set the HDF5 close degree";
  }
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, access);
  H5Pclose(access);
  if (file < 0) return "HDF5 cannot open it";
  std::string problem = hdf5_group_problem(file, "/", 0);
  if (H5Fclose(file) < 0 && problem.empty()) problem = "HDF5 cannot close it";
  return problem;
}

}  // namespace

void write_restart(const std::filesystem::path& path, const RestartState& state) {
  detail::write_restart_with(path, state, {});
}

void detail::write_restart_with(
    const std::filesystem::path& path, const RestartState& state,
    const std::function<void(int ncid, const std::string& where)>& more) {
  const auto temp = temporary_path_for(path);
  const std::string where = path.string();
  {
    int ncid = -1;
    // No dimension scales: their DIMENSION_LIST attributes are variable-length data
    // (hdf5_types_problem); netCDF-C keeps each variable's dimensions in _Netcdf4Coordinates.
    const int status =
        nc_create(temp.c_str(), NC_NETCDF4 | NC_CLOBBER | NC_NODIMSCALE_ATTACH, &ncid);
    if (status != NC_NOERR)
      throw core::Error(where + ": cannot create the restart file (" + nc_strerror(status) + ")");
    detail::NcHandle file(ncid);
    Writer w(ncid, where);
    char month[32];
    std::snprintf(month, sizeof month, "%04d-%02d", state.next_month.year, state.next_month.month);
    w.text_attribute(NC_GLOBAL, "title", "caspian model state (restart file)");
    w.text_attribute(NC_GLOBAL, "Conventions", "CF-1.8");
    w.text_attribute(NC_GLOBAL, "next_month", month);
    w.text_attribute(NC_GLOBAL, "next_month_comment",
                     "the first month (YYYY-MM) a run continuing from this state simulates; the "
                     "state is that at its start (00:00 on its first day)");
    w.text_attribute(NC_GLOBAL, "config_hash", std::to_string(state.config_hash));
    w.text_attribute(NC_GLOBAL, "grid_hash", std::to_string(state.grid_hash));
    w.text_attribute(NC_GLOBAL, "caspian_version", state.version);
    if (state.bootstrap_origin_year) {
      w.text_attribute(NC_GLOBAL, "bootstrap_origin_year",
                       std::to_string(*state.bootstrap_origin_year));
      w.text_attribute(NC_GLOBAL, "bootstrap_origin_year_comment",
                       "the year the projection began: the weather bootstrap lays its draws "
                       "from it, so a continuation draws the years the unbroken run drew");
    }
    w.doubles("sea_level_m_bs", {}, {state.sea_level_m_bs}, "m",
              "sea level relative to the Baltic height system");
    w.doubles("sea_volume_m3", {}, {state.sea_volume_m3}, "m3", "volume of the sea");
    if (state.catchment) {
      const auto& c = *state.catchment;
      const std::size_t cells = c.channel_storage_m3.size();
      // Every per-cell array of the same cells (a caller's bug otherwise: refused, not written
      // past the end of an array).
      const auto per_cell = [&](const std::vector<double>& v, const char* name) {
        if (cells == 0 || v.size() % cells != 0)
          throw core::Error(fmt::format("{}: cannot write {}: {} values for {} cells", where, name,
                                        v.size(), cells));
        return v.size() / cells;
      };
      const std::size_t zones = per_cell(c.snowpack_mm, "snowpack_mm");
      const std::size_t days = per_cell(c.routing_pending_mm, "routing_pending_mm");
      for (const auto& [v, name, k] : {std::tuple{&c.snow_liquid_mm, "snow_liquid_mm", zones},
                                       {&c.soil_moisture_mm, "soil_moisture_mm", 1},
                                       {&c.upper_zone_mm, "upper_zone_mm", 1},
                                       {&c.lower_zone_mm, "lower_zone_mm", 1}}) {
        if (v->size() != cells * k)
          throw core::Error(fmt::format("{}: cannot write {}: {} values, expected {}", where, name,
                                        v->size(), cells * k));
      }
      for (const auto& [v, name] : {std::pair{&c.pending_sea_release_m3, "pending_sea_release_m3"},
                                    {&c.sea_mask, "sea_mask"}}) {
        if (!v->empty() && v->size() != cells)
          throw core::Error(fmt::format("{}: cannot write {}: {} values, expected {}", where, name,
                                        v->size(), cells));
      }
      const int cell = w.dimension("cell", cells);
      const int zone = w.dimension("snow_zone", zones);
      const int day = w.dimension("routing_day", days);
      w.doubles("snowpack_mm", {cell, zone}, c.snowpack_mm, "mm",
                "snow water equivalent per elevation zone of the cell");
      w.doubles("snow_liquid_mm", {cell, zone}, c.snow_liquid_mm, "mm",
                "liquid water held in the snowpack per elevation zone of the cell");
      w.doubles("soil_moisture_mm", {cell}, c.soil_moisture_mm, "mm", "soil moisture (HBV)");
      w.doubles("upper_zone_mm", {cell}, c.upper_zone_mm, "mm", "upper response store (HBV)");
      w.doubles("lower_zone_mm", {cell}, c.lower_zone_mm, "mm", "lower response store (HBV)");
      w.doubles("routing_pending_mm", {cell, day}, c.routing_pending_mm, "mm",
                "runoff on its way to the cell's outlet, by day of arrival");
      w.doubles("channel_storage_m3", {cell}, c.channel_storage_m3, "m3",
                "water stored in the cell's river channel");
      w.doubles("volga_reservoir_storage_m3", {}, {c.volga_reservoir_storage_m3}, "m3",
                "water stored in the Volga-Kama reservoirs");
      if (!c.pending_sea_release_m3.empty())
        w.doubles("pending_sea_release_m3", {cell}, c.pending_sea_release_m3, "m3",
                  "channel water of cells the sea took over, bound for the sea");
      // The shoreline the network was last built for (absent: the initial one).
      if (!c.sea_mask.empty())
        w.doubles("sea_mask", {cell}, c.sea_mask, "1",
                  "sea (1) or land (0): the shoreline the drainage network was last built for");
    }
    if (state.ports) write_ports(w, *state.ports, where);
    if (more) more(ncid, where);
    const int closed = file.close();
    if (closed != NC_NOERR)
      throw core::Error(where + ": cannot finish the restart file (" + nc_strerror(closed) + ")");
  }
  replace_file(temp, path);
}

RestartState read_restart(const std::filesystem::path& path, const RestartShape& shape) {
  const std::string where = path.string();
  if (!std::filesystem::exists(path)) throw core::InputError(where, "", "restart file not found");
  if (!std::filesystem::is_regular_file(path)) {
    throw core::InputError(
        where, "", "is " + file_kind(path) + "; expected a regular file, a " + restart_kind);
  }
  if (!starts_as_hdf5(path)) throw core::InputError(where, "", "not a " + restart_kind);
  if (const auto problem = hdf5_structure_problem(path); !problem.empty())
    throw core::InputError(
        where, "",
        "not a " + restart_kind + ": " +
            (problem.ends_with(none_in_restarts) ? problem : "corrupt HDF5 (" + problem + ")"));
  int ncid = -1;
  if (nc_open(path.c_str(), NC_NOWRITE, &ncid) != NC_NOERR)
    throw core::InputError(where, "", "not a " + restart_kind);
  detail::NcHandle file(ncid);
  int format = 0;
  if (nc_inq_format(ncid, &format) != NC_NOERR || format != NC_FORMAT_NETCDF4)
    throw core::InputError(where, "", "not a " + restart_kind);
  const Reader r(ncid, where);
  if (!r.has_attribute("caspian_version") && r.has_attribute("version")) {
    throw core::InputError(where, "caspian_version",
                           "global attribute missing: an HDF5 restart file of an earlier caspian "
                           "(before netCDF-4 restarts); save the state again");
  }
  RestartState s;
  const std::string month = r.text_attribute("next_month");
  int used = 0;
  if (std::sscanf(month.c_str(), "%d-%d%n", &s.next_month.year, &s.next_month.month, &used) != 2 ||
      std::size_t(used) != month.size() || s.next_month.month < 1 || s.next_month.month > 12 ||
      s.next_month.year < core::min_year || s.next_month.year > core::max_year) {
    throw core::InputError(where, "next_month", "'" + month + "' is not a month as YYYY-MM");
  }
  s.config_hash = parse_hash(r.text_attribute("config_hash"), "config_hash", where);
  s.grid_hash = parse_hash(r.text_attribute("grid_hash"), "grid_hash", where);
  s.version = r.text_attribute("caspian_version");
  if (r.has_attribute("bootstrap_origin_year")) {
    const std::string text = r.text_attribute("bootstrap_origin_year");
    int year = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
    if (ec != std::errc() || end != text.data() + text.size() || year < core::min_year ||
        year > s.next_month.year)
      throw core::InputError(where, "bootstrap_origin_year",
                             fmt::format("'{}' is not a year up to the state's next_month ({})",
                                         text, s.next_month.year));
    s.bootstrap_origin_year = year;
  }
  // The level is checked against the bathymetry by the caller; here it must be a number.
  s.sea_level_m_bs =
      read_scalar(r, "sea_level_m_bs", min_height_m_bs, max_height_m_bs, "a sea level in m BS");
  s.sea_volume_m3 =
      read_scalar(r, "sea_volume_m3", 0.0, max_volume_m3, "a sea volume in m3 (>= 0)");
  const bool has_catchment = r.has_variable("snowpack_mm");
  if (has_catchment != (shape.catchment_cells > 0)) {
    throw core::InputError(where, "snowpack_mm",
                           has_catchment ? "the state holds a catchment, and this run has none "
                                           "(inflow.mode is not catchment)"
                                         : "variable missing: the state holds no catchment, and "
                                           "this run has one (inflow.mode: catchment)");
  }
  if (has_catchment) {
    const std::size_t cells = shape.catchment_cells;
    const std::string per_cell = fmt::format(
        "{} (one per cell of this run's catchment grid; a state saved on another grid?)", cells);
    const std::string per_zone =
        fmt::format("{} ({} cells x {} snow zones; a state saved on another grid?)",
                    cells * shape.snow_zones, cells, shape.snow_zones);
    const std::string per_day =
        fmt::format("{} ({} cells x {} routing days; a state saved on another grid?)",
                    cells * shape.routing_days, cells, shape.routing_days);
    CatchmentRestart c;
    const auto store = [&](const char* name, int rank, std::size_t count,
                           const std::string& expected, double high, const char* what) {
      auto values = r.doubles(name, rank, count, expected);
      check_values(values, name, where, 0.0, high, what);
      return values;
    };
    c.snowpack_mm = store("snowpack_mm", 2, cells * shape.snow_zones, per_zone, max_store_mm,
                          "a snow water equivalent in mm");
    c.snow_liquid_mm = store("snow_liquid_mm", 2, cells * shape.snow_zones, per_zone, max_store_mm,
                             "liquid water in the snow in mm");
    c.soil_moisture_mm =
        store("soil_moisture_mm", 1, cells, per_cell, max_store_mm, "a soil moisture in mm");
    c.upper_zone_mm = store("upper_zone_mm", 1, cells, per_cell, max_store_mm, "a store in mm");
    c.lower_zone_mm = store("lower_zone_mm", 1, cells, per_cell, max_store_mm, "a store in mm");
    c.routing_pending_mm = store("routing_pending_mm", 2, cells * shape.routing_days, per_day,
                                 max_store_mm, "runoff on its way in mm");
    c.channel_storage_m3 =
        store("channel_storage_m3", 1, cells, per_cell, max_storage_m3, "a channel storage in m3");
    c.volga_reservoir_storage_m3 = read_scalar(r, "volga_reservoir_storage_m3", 0.0, max_storage_m3,
                                               "the Volga-Kama reservoirs' storage in m3 (>= 0)");
    // The shoreline the network was last built for and the channel water of the cells the sea
    // took over (absent in a state saved before the shoreline first moved).
    if (r.has_variable("pending_sea_release_m3"))
      c.pending_sea_release_m3 = store("pending_sea_release_m3", 1, cells, per_cell, max_storage_m3,
                                       "channel water bound for the sea in m3");
    if (r.has_variable("sea_mask")) {
      c.sea_mask = store("sea_mask", 1, cells, per_cell, 1.0, "0 (land) or 1 (sea)");
      for (double m : c.sea_mask)
        if (m != 0.0 && m != 1.0)
          throw core::InputError(where, "sea_mask", "values must be 0 (land) or 1 (sea)");
    }
    s.catchment = std::move(c);
  }
  if (shape.ports) {
    const auto& p = *shape.ports;
    if (p.port_ids.size() > max_port_items || p.policies.size() > max_port_items ||
        p.first_year_keys.size() > max_port_items)
      throw core::InputError(where, "port", "this run's port check is larger than a state holds");
    s.ports = read_ports(r, p, s.next_month);
  }
  return s;
}

}  // namespace caspian::io
