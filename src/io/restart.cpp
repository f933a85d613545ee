#include "caspian/io/restart.hpp"

#include <hdf5.h>

#include <charconv>
#include <cstdio>
#include <system_error>

#include "caspian/core/error.hpp"
#include "caspian/io/atomic_file.hpp"

namespace caspian::io {

namespace {
// An HDF5 identifier closed by the given function when it leaves scope.
class H5Handle {
 public:
  H5Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~H5Handle() {
    if (id_ >= 0) close_(id_);
  }
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

void write_doubles(hid_t file, const std::string& name, const std::vector<double>& values,
                   const std::string& path) {
  const hsize_t dims[1] = {values.size()};
  H5Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
  H5Handle set(H5Dcreate2(file, name.c_str(), H5T_NATIVE_DOUBLE, space.get(), H5P_DEFAULT,
                          H5P_DEFAULT, H5P_DEFAULT),
               H5Dclose);
  if (!space.ok() || !set.ok() ||
      (!values.empty() &&
       H5Dwrite(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)) {
    throw core::Error(path + ": cannot write dataset '" + name + "'");
  }
}

std::vector<double> read_doubles(hid_t file, const std::string& name, const std::string& path) {
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0) {
    throw core::InputError(path, name, "dataset missing from the restart file");
  }
  H5Handle set(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
  H5Handle space(H5Dget_space(set.get()), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (!set.ok() || n < 0) throw core::InputError(path, name, "cannot read the dataset");
  std::vector<double> values(static_cast<std::size_t>(n));
  if (n > 0 &&
      H5Dread(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    throw core::InputError(path, name, "cannot read the dataset as double");
  }
  return values;
}

void write_text_attribute(hid_t file, const std::string& name, const std::string& value,
                          const std::string& path) {
  H5Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), value.empty() ? 1 : value.size());
  H5Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  H5Handle attr(H5Acreate2(file, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose);
  const std::string padded = value.empty() ? std::string(1, '\0') : value;
  if (!attr.ok() || H5Awrite(attr.get(), type.get(), padded.data()) < 0) {
    throw core::Error(path + ": cannot write attribute '" + name + "'");
  }
}

std::string read_text_attribute(hid_t file, const std::string& name, const std::string& path) {
  if (H5Aexists(file, name.c_str()) <= 0) {
    throw core::InputError(path, name, "attribute missing from the restart file");
  }
  H5Handle attr(H5Aopen(file, name.c_str(), H5P_DEFAULT), H5Aclose);
  H5Handle type(H5Aget_type(attr.get()), H5Tclose);
  const std::size_t size = H5Tget_size(type.get());
  std::string value(size, '\0');
  if (H5Aread(attr.get(), type.get(), value.data()) < 0) {
    throw core::InputError(path, name, "cannot read the attribute");
  }
  while (!value.empty() && value.back() == '\0') value.pop_back();
  return value;
}

// A one-value dataset (a written scalar), e.g. sea_level_m_bs.
double read_scalar(hid_t file, const std::string& name, const std::string& path) {
  const std::vector<double> values = read_doubles(file, name, path);
  if (values.size() != 1) {
    throw core::InputError(path, name,
                           "expected one value, found " + std::to_string(values.size()));
  }
  return values.front();
}

// A hash attribute, written as a decimal unsigned 64-bit integer.
std::uint64_t read_hash_attribute(hid_t file, const std::string& name, const std::string& path) {
  const std::string text = read_text_attribute(file, name, path);
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    throw core::InputError(path, name,
                           "'" + text + "' is not a hash (a decimal unsigned 64-bit integer)");
  }
  return value;
}
}  // namespace

void write_restart(const std::filesystem::path& path, const RestartState& state) {
  const auto temp = temporary_path_for(path);
  const std::string where = path.string();
  {
    H5Handle file(H5Fcreate(temp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
    if (!file.ok()) throw core::Error(where + ": cannot create the restart file");
    char month[16];
    std::snprintf(month, sizeof month, "%04d-%02d", state.next_month.year, state.next_month.month);
    write_text_attribute(file.get(), "next_month", month, where);
    write_text_attribute(file.get(), "config_hash", std::to_string(state.config_hash), where);
    write_text_attribute(file.get(), "grid_hash", std::to_string(state.grid_hash), where);
    write_text_attribute(file.get(), "version", state.version, where);
    write_doubles(file.get(), "sea_level_m_bs", {state.sea_level_m_bs}, where);
    write_doubles(file.get(), "sea_volume_m3", {state.sea_volume_m3}, where);
    if (state.catchment) {
      const auto& c = *state.catchment;
      write_doubles(file.get(), "snowpack_mm", c.snowpack_mm, where);
      write_doubles(file.get(), "snow_liquid_mm", c.snow_liquid_mm, where);
      write_doubles(file.get(), "soil_moisture_mm", c.soil_moisture_mm, where);
      write_doubles(file.get(), "upper_zone_mm", c.upper_zone_mm, where);
      write_doubles(file.get(), "lower_zone_mm", c.lower_zone_mm, where);
      write_doubles(file.get(), "routing_pending_mm", c.routing_pending_mm, where);
      write_doubles(file.get(), "channel_storage_m3", c.channel_storage_m3, where);
      write_doubles(file.get(), "volga_reservoir_storage_m3", {c.volga_reservoir_storage_m3},
                    where);
    }
  }
  replace_file(temp, path);
}

RestartState read_restart(const std::filesystem::path& path) {
  const std::string where = path.string();
  if (!std::filesystem::exists(path)) throw core::InputError(where, "", "restart file not found");
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors are reported by us, not printed by HDF5
  H5Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.ok()) throw core::InputError(where, "", "not an HDF5 restart file");
  RestartState s;
  const std::string month = read_text_attribute(file.get(), "next_month", where);
  if (std::sscanf(month.c_str(), "%d-%d", &s.next_month.year, &s.next_month.month) != 2) {
    throw core::InputError(where, "next_month", "'" + month + "' is not YYYY-MM");
  }
  s.config_hash = read_hash_attribute(file.get(), "config_hash", where);
  s.grid_hash = read_hash_attribute(file.get(), "grid_hash", where);
  s.version = read_text_attribute(file.get(), "version", where);
  s.sea_level_m_bs = read_scalar(file.get(), "sea_level_m_bs", where);
  s.sea_volume_m3 = read_scalar(file.get(), "sea_volume_m3", where);
  if (H5Lexists(file.get(), "snowpack_mm", H5P_DEFAULT) > 0) {
    CatchmentRestart c;
    c.snowpack_mm = read_doubles(file.get(), "snowpack_mm", where);
    c.snow_liquid_mm = read_doubles(file.get(), "snow_liquid_mm", where);
    c.soil_moisture_mm = read_doubles(file.get(), "soil_moisture_mm", where);
    c.upper_zone_mm = read_doubles(file.get(), "upper_zone_mm", where);
    c.lower_zone_mm = read_doubles(file.get(), "lower_zone_mm", where);
    c.routing_pending_mm = read_doubles(file.get(), "routing_pending_mm", where);
    c.channel_storage_m3 = read_doubles(file.get(), "channel_storage_m3", where);
    c.volga_reservoir_storage_m3 = read_scalar(file.get(), "volga_reservoir_storage_m3", where);
    s.catchment = std::move(c);
  }
  return s;
}

}  // namespace caspian::io
