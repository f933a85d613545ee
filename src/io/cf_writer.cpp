#include "caspian/io/cf_writer.hpp"

#include <algorithm>
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
  std::map<std::string, std::vector<double>> axes;  // extra 1-D coordinates, e.g. level

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

  int define_dim(const std::string& name, std::size_t length) {
    if (length == 0) fail("dimension '" + name + "' would be empty (at least one value needed)");
    if (dims.contains(name)) fail("dimension '" + name + "' is defined twice");
    int dimid = -1;
    check(nc_def_dim(file.id(), name.c_str(), length, &dimid),
          "cannot define dimension '" + name + "'");
    dims[name] = Dimension{dimid, length};
    return dimid;
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
    check(nc_put_var_double(file.id(), varid, values.data()),
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
    for (const auto& [dim, names] : labels) {
      const std::size_t width = dims.at(dim + "_strlen").length;
      std::string flat(names.size() * width, '\0');  // NUL-padded rows
      for (std::size_t k = 0; k < names.size(); ++k)
        flat.replace(k * width, names[k].size(), names[k]);
      int varid = -1;
      const std::string var = dim + "_name";
      check(nc_inq_varid(file.id(), var.c_str(), &varid), "cannot find variable '" + var + "'");
      check(nc_put_var_text(file.id(), varid, flat.data()), "cannot write variable '" + var + "'");
    }
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
  const int dimid = m.define_dim("time", axis.values.size());
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

void CfWriter::define_labels(const std::string& dim_name, const std::vector<std::string>& labels) {
  Impl& m = *impl_;
  m.require_defining("define_labels");
  const int dimid = m.define_dim(dim_name, labels.size());
  // Char arrays rather than NC_STRING: CDO and older tools cannot use string coordinates.
  std::size_t longest = 1;
  for (const auto& label : labels) longest = std::max(longest, label.size());
  const int strlen_dim = m.define_dim(dim_name + "_strlen", longest);
  const std::string name = dim_name + "_name";
  const int label_dims[2] = {dimid, strlen_dim};
  int varid = -1;
  m.check(nc_def_var(m.file.id(), name.c_str(), NC_CHAR, 2, label_dims, &varid),
          "cannot define variable '" + name + "'");
  m.put_text(varid, "long_name", dim_name + " name", name);
  m.labels[dim_name] = labels;
}

void CfWriter::define_variable(const CfVariable& var, const std::vector<std::string>& dims,
                               bool as_float, std::optional<double> fill_value) {
  Impl& m = *impl_;
  m.require_defining("define_variable");
  if (m.vars.contains(var.name)) m.fail("variable '" + var.name + "' is defined twice");
  Impl::Variable record;
  record.dims = dims;
  record.fill = fill_value;
  std::vector<int> dimids;
  std::string coordinates;
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
    if (m.labels.contains(dims[k]))
      coordinates += (coordinates.empty() ? "" : " ") + dims[k] + "_name";
    dimids.push_back(it->second.dimid);
    record.lengths.push_back(it->second.length);
  }
  const nc_type type = as_float ? NC_FLOAT : NC_DOUBLE;
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
    if (as_float) {
      const auto fill = float(*fill_value);
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
  if (!coordinates.empty()) m.put_text(record.varid, "coordinates", coordinates, owner);
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
  m.check(nc_put_var_double(m.file.id(), var.varid, data.data()),
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
