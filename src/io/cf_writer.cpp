#include "caspian/io/cf_writer.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <map>
#include <system_error>

#include "caspian/core/error.hpp"
#include "caspian/io/atomic_file.hpp"
#include "netcdf_internal.hpp"

namespace caspian::io {

namespace {
// Values per chunk for series without a horizontal grid: ~1 MiB of doubles keeps time-series
// reads to a few chunks without making single-step writes rewrite huge chunks.
constexpr std::size_t series_chunk_values = 131072;
constexpr int deflate_level = 4;
}  // namespace

struct CfWriter::Impl {
  struct Variable {
    int varid = -1;
    std::vector<std::string> dims;
    std::vector<std::size_t> lengths;
    std::optional<double> fill;
  };
  struct Dimension {
    int dimid = -1;
    std::size_t length = 0;
  };

  std::filesystem::path final_path;
  std::filesystem::path temp_path;
  detail::NcHandle file;
  bool defining = true;
  bool committed = false;
  std::map<std::string, Dimension> dims;
  std::map<std::string, Variable> vars;
  std::optional<TimeAxis> time;
  std::optional<core::LatLonGrid> grid;
  std::map<std::string, std::vector<std::string>> labels;
  std::map<std::string, std::vector<double>> axes;      // extra 1-D coordinates, e.g. level
  std::map<std::string, std::vector<double>> instants;  // auxiliary time coordinates
  // label variables: name -> (dimension, labels)
  std::map<std::string, std::pair<std::string, std::vector<std::string>>> label_vars;
  std::map<int, std::size_t> dim_lengths;  // by dimid: the written length (time is UNLIMITED)

  [[noreturn]] void fail(const std::string& what, int status = NC_NOERR) const {
    const int error = errno;  // a full disk reaches us as "HDF error": the system says why
    std::string message = final_path.string() + ": " + what;
    if (status != NC_NOERR) message += std::string(": ") + nc_strerror(status);
    if (status != NC_NOERR && (error == ENOSPC || error == EDQUOT))
      message += std::string(" (") + std::strerror(error) + ")";
    throw core::Error(message);
  }
  void check(int status, const std::string& what) const {
    if (status != NC_NOERR) fail(what, status);
  }
  void require_open(const char* operation) const {
    if (!file.is_open()) fail(std::string(operation) + " after commit");
  }
  void require_defining(const char* operation) {
    require_open(operation);
    if (!defining) fail(std::string(operation) + " after end_definitions");
  }

  void put_text(int varid, const std::string& name, const std::string& value,
                const std::string& owner) {
    check(nc_put_att_text(file.id(), varid, name.c_str(), value.size(), value.c_str()),
          "cannot write attribute '" + name + "' of " + owner);
  }

  int define_dim(const std::string& name, std::size_t length, bool unlimited = false) {
    if (length == 0) fail("dimension '" + name + "' would be empty (at least one value needed)");
    if (dims.contains(name)) fail("dimension '" + name + "' is defined twice");
    int dimid = -1;
    check(nc_def_dim(file.id(), name.c_str(), unlimited ? NC_UNLIMITED : length, &dimid),
          "cannot define dimension '" + name + "'");
    dims[name] = Dimension{dimid, length};
    dim_lengths[dimid] = length;
    return dimid;
  }

  // Start and count covering the whole variable (put_var would see a record dimension of 0).
  std::vector<std::size_t> whole_count(int varid, const std::string& name) const {
    int ndims = 0;
    check(nc_inq_varndims(file.id(), varid, &ndims), "cannot inquire variable '" + name + "'");
    std::vector<int> dimids(std::size_t(ndims), 0);
    check(nc_inq_vardimid(file.id(), varid, dimids.data()),
          "cannot inquire variable '" + name + "'");
    std::vector<std::size_t> count;
    for (int d : dimids) count.push_back(dim_lengths.at(d));
    return count;
  }

  int bounds_dim() {
    if (const auto it = dims.find("nv"); it != dims.end()) return it->second.dimid;
    return define_dim("nv", 2);
  }

  int define_coordinate(const std::string& name, std::vector<int> dimids, const std::string& what) {
    int varid = -1;
    check(nc_def_var(file.id(), name.c_str(), NC_DOUBLE, int(dimids.size()), dimids.data(), &varid),
          "cannot define " + what + " variable '" + name + "'");
    return varid;
  }

  void put_doubles(const std::string& name, const std::vector<double>& values) {
    int varid = -1;
    check(nc_inq_varid(file.id(), name.c_str(), &varid), "cannot find variable '" + name + "'");
    const auto count = whole_count(varid, name);
    const std::vector<std::size_t> start(count.size(), 0);
    check(nc_put_vara_double(file.id(), varid, start.data(), count.data(), values.data()),
          "cannot write variable '" + name + "'");
  }

  void write_coordinates() {
    if (time) {
      put_doubles("time", time->values);
      if (!time->bounds.empty()) {
        std::vector<double> flat;
        for (const auto& b : time->bounds) flat.insert(flat.end(), b.begin(), b.end());
        put_doubles("time_bnds", flat);
      }
    }
    if (grid) {
      put_doubles("lat", grid->lat_deg());
      put_doubles("lon", grid->lon_deg());
      std::vector<double> lat_bounds, lon_bounds;
      for (std::size_t i = 0; i < grid->nlat(); ++i) {
        lat_bounds.push_back(grid->lat_south_deg(i));
        lat_bounds.push_back(grid->lat_north_deg(i));
      }
      for (double lon : grid->lon_deg()) {
        lon_bounds.push_back(lon - 0.5 * grid->dlon_deg());
        lon_bounds.push_back(lon + 0.5 * grid->dlon_deg());
      }
      put_doubles("lat_bnds", lat_bounds);
      put_doubles("lon_bnds", lon_bounds);
    }
    for (const auto& [name, values] : axes) put_doubles(name, values);
    for (const auto& [name, values] : instants) put_doubles(name, values);
    for (const auto& [var, dim_and_names] : label_vars) {
      const auto& names = dim_and_names.second;
      const std::size_t width = dims.at(var + "_strlen").length;
      std::string flat(names.size() * width, '\0');  // NUL-padded rows
      for (std::size_t k = 0; k < names.size(); ++k)
        flat.replace(k * width, names[k].size(), names[k]);
      int varid = -1;
      check(nc_inq_varid(file.id(), var.c_str(), &varid), "cannot find variable '" + var + "'");
      check(nc_put_var_text(file.id(), varid, flat.data()), "cannot write variable '" + var + "'");
    }
  }

  // A char variable `name`(dim, name_strlen) holding labels, decoded as text by xarray.
  void define_label_variable(const std::string& name, const std::string& dim,
                             const std::string& long_name, const std::vector<std::string>& names) {
    if (!dims.contains(dim)) fail("label variable '" + name + "' on undefined dimension " + dim);
    if (names.size() != dims.at(dim).length) {
      fail("label variable '" + name + "' has " + std::to_string(names.size()) +
           " labels for dimension '" + dim + "' of " + std::to_string(dims.at(dim).length));
    }
    // Char arrays rather than NC_STRING: CDO 2.1 refuses files whose coordinates are strings.
    std::size_t longest = 1;
    for (const auto& label : names) longest = std::max(longest, label.size());
    const int label_dims[2] = {dims.at(dim).dimid, define_dim(name + "_strlen", longest)};
    int varid = -1;
    check(nc_def_var(file.id(), name.c_str(), NC_CHAR, 2, label_dims, &varid),
          "cannot define variable '" + name + "'");
    put_text(varid, "long_name", long_name, name);
    put_text(varid, "_Encoding", "utf-8", name);
    label_vars[name] = {dim, names};
  }

  const Variable& variable(const std::string& name) const {
    const auto it = vars.find(name);
    if (it == vars.end()) fail("variable '" + name + "' was not defined");
    return it->second;
  }

  // NaN becomes the fill value where one was declared, so tools that ignore NaN still mask it.
  std::vector<double> filled(const Variable& var, std::span<const double> values) const {
    std::vector<double> out(values.begin(), values.end());
    if (var.fill)
      std::replace_if(
          out.begin(), out.end(), [](double v) { return std::isnan(v); }, *var.fill);
    return out;
  }
};

TimeAxis annual_time_axis(const std::vector<int>& years, core::Calendar calendar) {
  if (years.empty()) throw core::Error("annual_time_axis: no years");
  const core::Date epoch{years.front(), 1, 1, 0.0};
  TimeAxis axis;
  axis.units = core::format_time_units_days(epoch);
  axis.calendar = calendar;
  for (int y : years) {
    const double t0 = core::days_between(calendar, epoch, {y, 1, 1, 0.0});
    const double t1 = core::days_between(calendar, epoch, {y + 1, 1, 1, 0.0});
    axis.values.push_back(0.5 * (t0 + t1));
    axis.bounds.push_back({t0, t1});
  }
  return axis;
}

CfWriter::CfWriter(std::filesystem::path final_path) : impl_(std::make_unique<Impl>()) {
  impl_->final_path = std::move(final_path);
  impl_->temp_path = temporary_path_for(impl_->final_path);
  int ncid = -1;
  impl_->check(nc_create(impl_->temp_path.c_str(), NC_NETCDF4 | NC_CLOBBER, &ncid),
               "cannot create temporary file '" + impl_->temp_path.string() + "'");
  impl_->file = detail::NcHandle(ncid);
  impl_->put_text(NC_GLOBAL, "Conventions", "CF-1.10", "the file");
}

CfWriter::~CfWriter() {
  if (!impl_ || impl_->committed) return;
  impl_->file.close();
  std::error_code ec;
  std::filesystem::remove(impl_->temp_path, ec);
}

CfWriter::CfWriter(CfWriter&&) noexcept = default;

CfWriter& CfWriter::operator=(CfWriter&& other) noexcept {
  if (this != &other) {
    CfWriter discarded(std::move(*this));  // removes our temporary file if not committed
    impl_ = std::move(other.impl_);
  }
  return *this;
}

const std::filesystem::path& CfWriter::final_path() const { return impl_->final_path; }
const std::filesystem::path& CfWriter::temporary_path() const { return impl_->temp_path; }

void CfWriter::set_global_attribute(const std::string& name, const std::string& value) {
  impl_->require_open("set_global_attribute");
  impl_->put_text(NC_GLOBAL, name, value, "the file");
}

void CfWriter::define_time(const TimeAxis& axis) {
  Impl& m = *impl_;
  m.require_defining("define_time");
  if (m.time) m.fail("define_time called twice");
  if (!axis.bounds.empty() && axis.bounds.size() != axis.values.size()) {
    m.fail("time axis has " + std::to_string(axis.values.size()) + " values but " +
           std::to_string(axis.bounds.size()) + " bounds");
  }
  const int dimid = m.define_dim("time", axis.values.size(), /*unlimited=*/true);
  const int varid = m.define_coordinate("time", {dimid}, "time");
  m.put_text(varid, "standard_name", "time", "time");
  m.put_text(varid, "long_name", "time", "time");
  m.put_text(varid, "units", axis.units, "time");
  m.put_text(varid, "calendar", core::calendar_name(axis.calendar), "time");
  m.put_text(varid, "axis", "T", "time");
  if (!axis.bounds.empty()) {
    m.put_text(varid, "bounds", "time_bnds", "time");
    m.define_coordinate("time_bnds", {dimid, m.bounds_dim()}, "time bounds");
  }
  m.time = axis;
}

void CfWriter::define_time_instants(const std::string& name, const std::string& long_name,
                                    const std::vector<double>& values) {
  Impl& m = *impl_;
  m.require_defining("define_time_instants");
  if (!m.time) m.fail("define_time_instants before define_time");
  if (values.size() != m.time->values.size()) {
    m.fail("time coordinate '" + name + "' has " + std::to_string(values.size()) +
           " values for a time axis of " + std::to_string(m.time->values.size()));
  }
  const int varid = m.define_coordinate(name, {m.dims.at("time").dimid}, "time");
  m.put_text(varid, "standard_name", "time", name);
  m.put_text(varid, "long_name", long_name, name);
  m.put_text(varid, "units", m.time->units, name);
  m.put_text(varid, "calendar", core::calendar_name(m.time->calendar), name);
  m.instants[name] = values;
}

void CfWriter::define_height_datum(const std::string& geopotential_datum_name) {
  Impl& m = *impl_;
  m.require_defining("define_height_datum");
  int varid = -1;
  m.check(nc_def_var(m.file.id(), "crs", NC_INT, 0, nullptr, &varid),
          "cannot define variable 'crs'");
  m.put_text(varid, "long_name",
             "coordinate reference: WGS 84 positions, heights in the " + geopotential_datum_name,
             "crs");
  m.put_text(varid, "grid_mapping_name", "latitude_longitude", "crs");
  m.put_text(varid, "geopotential_datum_name", geopotential_datum_name, "crs");
  m.put_text(varid, "horizontal_datum_name", "WGS_1984", "crs");
}

void CfWriter::define_grid(const core::LatLonGrid& grid) {
  Impl& m = *impl_;
  m.require_defining("define_grid");
  if (m.grid) m.fail("define_grid called twice");
  if (grid.size() == 0) m.fail("define_grid given an empty grid");
  const int lat_dim = m.define_dim("lat", grid.nlat());
  const int lon_dim = m.define_dim("lon", grid.nlon());
  const int nv = m.bounds_dim();
  struct Axis {
    const char* name;
    int dimid;
    const char* standard_name;
    const char* units;
    const char* axis;
  };
  for (const Axis& a : {Axis{"lat", lat_dim, "latitude", "degrees_north", "Y"},
                        Axis{"lon", lon_dim, "longitude", "degrees_east", "X"}}) {
    const int varid = m.define_coordinate(a.name, {a.dimid}, "coordinate");
    m.put_text(varid, "standard_name", a.standard_name, a.name);
    m.put_text(varid, "long_name", a.standard_name, a.name);
    m.put_text(varid, "units", a.units, a.name);
    m.put_text(varid, "axis", a.axis, a.name);
    m.put_text(varid, "bounds", std::string(a.name) + "_bnds", a.name);
    m.define_coordinate(std::string(a.name) + "_bnds", {a.dimid, nv}, "bounds");
  }
  m.grid = grid;
}

void CfWriter::define_axis(const CfVariable& var, const std::vector<double>& values) {
  Impl& m = *impl_;
  m.require_defining("define_axis");
  const int dimid = m.define_dim(var.name, values.size());
  const int varid = m.define_coordinate(var.name, {dimid}, "coordinate");
  m.put_text(varid, "long_name", var.long_name, var.name);
  if (!var.standard_name.empty()) m.put_text(varid, "standard_name", var.standard_name, var.name);
  if (!var.units.empty()) m.put_text(varid, "units", var.units, var.name);
  for (const auto& [name, value] : var.extra_text_attributes)
    m.put_text(varid, name, value, var.name);
  m.axes[var.name] = values;
}

void CfWriter::define_labels(const std::string& dim_name, const std::vector<std::string>& labels,
                             const std::string& cf_role) {
  Impl& m = *impl_;
  m.require_defining("define_labels");
  m.define_dim(dim_name, labels.size());
  m.define_label_variable(dim_name, dim_name, dim_name + " id", labels);
  if (!cf_role.empty()) {
    int varid = -1;
    m.check(nc_inq_varid(m.file.id(), dim_name.c_str(), &varid),
            "cannot find variable '" + dim_name + "'");
    m.put_text(varid, "cf_role", cf_role, dim_name);
  }
  m.labels[dim_name] = labels;
}

void CfWriter::define_aux_labels(const std::string& name, const std::string& dim_name,
                                 const std::string& long_name,
                                 const std::vector<std::string>& labels) {
  Impl& m = *impl_;
  m.require_defining("define_aux_labels");
  if (!m.labels.contains(dim_name))
    m.fail("define_aux_labels on '" + dim_name + "', not a label dimension");
  m.define_label_variable(name, dim_name, long_name, labels);
}

void CfWriter::define_variable(const CfVariable& var, const std::vector<std::string>& dims,
                               bool as_float, std::optional<double> fill_value) {
  define_variable(var, dims, as_float ? Storage::float32 : Storage::float64, fill_value);
}

void CfWriter::define_flag(const CfVariable& var, const std::vector<std::string>& dims,
                           const std::vector<std::string>& meanings) {
  std::vector<int> values(meanings.size());
  for (std::size_t k = 0; k < values.size(); ++k) values[k] = int(k);
  define_flag(var, dims, meanings, values);
}

void CfWriter::define_flag(const CfVariable& var, const std::vector<std::string>& dims,
                           const std::vector<std::string>& meanings,
                           const std::vector<int>& values) {
  if (meanings.empty()) impl_->fail("flag variable '" + var.name + "' has no meanings");
  if (values.size() != meanings.size()) {
    impl_->fail("flag variable '" + var.name + "' has " + std::to_string(values.size()) +
                " flag_values for " + std::to_string(meanings.size()) + " meanings");
  }
  std::string words;
  for (std::string word : meanings) {
    for (char& c : word) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
            c == '+' || c == '@'))
        c = '_';
    }
    if (!words.empty()) words += ' ';
    words += word;
  }
  const auto [lowest, highest] = std::minmax_element(values.begin(), values.end());
  // The fill value (-127, 255 or -32767) must not be one of the flags.
  const Storage storage = *lowest >= -126 && *highest <= 127 ? Storage::int8
                          : *lowest >= 0 && *highest <= 254  ? Storage::uint8
                                                             : Storage::int16;
  if (*lowest < -32766 || *highest > 32767)
    impl_->fail("flag variable '" + var.name + "' has flag_values outside a short");
  CfVariable flag = var;
  flag.extra_text_attributes.emplace_back("flag_meanings", words);
  define_variable(flag, dims, storage);
  const std::vector<double> as_double(values.begin(), values.end());
  set_variable_attribute(var.name, "flag_values", as_double);
}

void CfWriter::define_variable(const CfVariable& var, const std::vector<std::string>& dims,
                               Storage storage, std::optional<double> fill_value) {
  Impl& m = *impl_;
  m.require_defining("define_variable");
  if (m.vars.contains(var.name)) m.fail("variable '" + var.name + "' is defined twice");
  Impl::Variable record;
  record.dims = dims;
  record.fill = fill_value;
  std::vector<int> dimids;
  for (std::size_t k = 0; k < dims.size(); ++k) {
    const auto it = m.dims.find(dims[k]);
    if (it == m.dims.end() || dims[k] == "nv") {
      m.fail(
          "variable '" + var.name + "' uses dimension '" + dims[k] +
          "', which is not defined (define_time, define_grid, define_axis or define_labels first)");
    }
    if (dims[k] == "time" && k != 0) {
      m.fail("variable '" + var.name + "' has 'time' as dimension " + std::to_string(k) +
             "; CF tools expect it first");
    }
    dimids.push_back(it->second.dimid);
    record.lengths.push_back(it->second.length);
  }
  const nc_type type = storage == Storage::float64   ? NC_DOUBLE
                       : storage == Storage::float32 ? NC_FLOAT
                       : storage == Storage::int8    ? NC_BYTE
                       : storage == Storage::uint8   ? NC_UBYTE
                       : storage == Storage::int16   ? NC_SHORT
                                                     : NC_INT;
  // Integers need a fill value for NaN: the netCDF default fill of the type (the most negative
  // value + 1 for signed types, the largest for unsigned bytes).
  if (!fill_value && storage == Storage::int8) fill_value = -127.0;
  if (!fill_value && storage == Storage::uint8) fill_value = 255.0;
  if (!fill_value && storage == Storage::int16) fill_value = -32767.0;
  if (!fill_value && storage == Storage::int32) fill_value = -2147483647.0;
  record.fill = fill_value;
  const std::string owner = "variable '" + var.name + "'";
  m.check(nc_def_var(m.file.id(), var.name.c_str(), type, int(dimids.size()), dimids.data(),
                     &record.varid),
          "cannot define " + owner);
  if (!dims.empty()) {
    // Gridded fields are written and read a step at a time; series are read whole.
    const bool gridded = std::find(dims.begin(), dims.end(), "lat") != dims.end() &&
                         std::find(dims.begin(), dims.end(), "lon") != dims.end();
    std::vector<std::size_t> chunks = record.lengths;
    if (dims.front() == "time") {
      std::size_t slice = 1;
      for (std::size_t k = 1; k < chunks.size(); ++k) slice *= chunks[k];
      chunks[0] = gridded ? 1 : std::clamp<std::size_t>(series_chunk_values / slice, 1, chunks[0]);
    }
    m.check(nc_def_var_chunking(m.file.id(), record.varid, NC_CHUNKED, chunks.data()),
            "cannot set chunking of " + owner);
    m.check(nc_def_var_deflate(m.file.id(), record.varid, 1, 1, deflate_level),
            "cannot set compression of " + owner);
  }
  if (fill_value) {
    if (storage == Storage::float32) {
      const auto fill = float(*fill_value);
      m.check(nc_def_var_fill(m.file.id(), record.varid, 0, &fill), "cannot set fill of " + owner);
    } else if (storage == Storage::int8) {
      const auto fill = static_cast<signed char>(*fill_value);
      m.check(nc_def_var_fill(m.file.id(), record.varid, 0, &fill), "cannot set fill of " + owner);
    } else if (storage == Storage::uint8) {
      const auto fill = static_cast<unsigned char>(*fill_value);
      m.check(nc_def_var_fill(m.file.id(), record.varid, 0, &fill), "cannot set fill of " + owner);
    } else if (storage == Storage::int16) {
      const auto fill = static_cast<short>(*fill_value);
      m.check(nc_def_var_fill(m.file.id(), record.varid, 0, &fill), "cannot set fill of " + owner);
    } else if (storage == Storage::int32) {
      const auto fill = static_cast<int>(*fill_value);
      m.check(nc_def_var_fill(m.file.id(), record.varid, 0, &fill), "cannot set fill of " + owner);
    } else {
      m.check(nc_def_var_fill(m.file.id(), record.varid, 0, &*fill_value),
              "cannot set fill of " + owner);
    }
  }
  if (!var.long_name.empty()) m.put_text(record.varid, "long_name", var.long_name, owner);
  if (!var.standard_name.empty()) {
    m.put_text(record.varid, "standard_name", var.standard_name, owner);
  }
  if (!var.units.empty()) m.put_text(record.varid, "units", var.units, owner);
  if (!var.cell_methods.empty()) m.put_text(record.varid, "cell_methods", var.cell_methods, owner);
  for (const auto& [name, value] : var.extra_text_attributes) {
    m.put_text(record.varid, name, value, owner);
  }
  m.vars[var.name] = std::move(record);
}

void CfWriter::set_variable_attribute(const std::string& variable, const std::string& name,
                                      std::span<const double> values) {
  Impl& m = *impl_;
  m.require_defining("set_variable_attribute");
  const auto it = m.vars.find(variable);
  if (it == m.vars.end()) m.fail("variable '" + variable + "' was not defined");
  nc_type type = NC_DOUBLE;
  m.check(nc_inq_vartype(m.file.id(), it->second.varid, &type),
          "cannot inquire the type of variable '" + variable + "'");
  m.check(nc_put_att_double(m.file.id(), it->second.varid, name.c_str(), type, values.size(),
                            values.data()),
          "cannot write attribute '" + name + "' of variable '" + variable + "'");
}

void CfWriter::end_definitions() {
  Impl& m = *impl_;
  m.require_open("end_definitions");
  if (!m.defining) return;
  m.check(nc_enddef(m.file.id()), "cannot leave define mode");
  m.defining = false;
  m.write_coordinates();
}

void CfWriter::write(const std::string& name, std::span<const double> values) {
  Impl& m = *impl_;
  m.require_open("write");
  end_definitions();
  const Impl::Variable& var = m.variable(name);
  std::size_t expected = 1;
  for (std::size_t n : var.lengths) expected *= n;
  if (values.size() != expected) {
    m.fail("variable '" + name + "' expects " + std::to_string(expected) + " values, got " +
           std::to_string(values.size()));
  }
  const std::vector<double> data = m.filled(var, values);
  const std::vector<std::size_t> start(var.lengths.size(), 0);
  m.check(nc_put_vara_double(m.file.id(), var.varid, start.data(), var.lengths.data(), data.data()),
          "cannot write variable '" + name + "'");
}

void CfWriter::write_time_slice(const std::string& name, std::size_t time_index,
                                std::span<const double> values) {
  Impl& m = *impl_;
  m.require_open("write_time_slice");
  end_definitions();
  const Impl::Variable& var = m.variable(name);
  if (var.dims.empty() || var.dims.front() != "time") {
    m.fail("variable '" + name + "' has no time dimension; use write()");
  }
  if (time_index >= var.lengths.front()) {
    m.fail("time index " + std::to_string(time_index) + " of variable '" + name +
           "' is outside the time axis of " + std::to_string(var.lengths.front()) + " steps");
  }
  std::vector<std::size_t> start(var.lengths.size(), 0);
  std::vector<std::size_t> count = var.lengths;
  start[0] = time_index;
  count[0] = 1;
  std::size_t expected = 1;
  for (std::size_t k = 1; k < count.size(); ++k) expected *= count[k];
  if (values.size() != expected) {
    m.fail("variable '" + name + "' expects " + std::to_string(expected) +
           " values per time step, got " + std::to_string(values.size()));
  }
  const std::vector<double> data = m.filled(var, values);
  m.check(nc_put_vara_double(m.file.id(), var.varid, start.data(), count.data(), data.data()),
          "cannot write time step " + std::to_string(time_index) + " of variable '" + name + "'");
}

void CfWriter::commit() {
  Impl& m = *impl_;
  m.require_open("commit");
  end_definitions();
  m.check(m.file.close(), "cannot close '" + m.temp_path.string() + "'");
  replace_file(m.temp_path, m.final_path);
  m.committed = true;
}

}  // namespace caspian::io
