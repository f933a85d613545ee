#include "caspian/io/restart.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "caspian/core/error.hpp"
#include "caspian/core/time.hpp"
#include "caspian/io/atomic_file.hpp"

namespace caspian::io {

namespace {
// Physical bounds of the saved stores, far beyond anything real, so that a corrupted value is
// refused here rather than failing later without naming the file: a store of a cell of 1000 m of
// water; a storage (a channel cell, the Volga-Kama reservoirs, about 190 km3 in all) of 1000 km3;
// the sea at most 1e16 m3 (the Caspian holds 78 000 km3, 7.8e13 m3).
constexpr double max_store_mm = 1e6;
constexpr double max_storage_m3 = 1e12;
constexpr double max_volume_m3 = 1e16;

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

std::string dataset_type_name(H5T_class_t c) {
  switch (c) {
    case H5T_INTEGER:
      return "integer";
    case H5T_STRING:
      return "text";
    case H5T_FLOAT:
      return "floating point";
    default:
      return "a compound or other non-numeric type";
  }
}

// A 1-D floating-point dataset of exactly `count` values (`expected` says why, for messages);
// sizes and type are checked before anything is allocated.
std::vector<double> read_doubles(hid_t file, const std::string& name, const std::string& path,
                                 std::size_t count, const std::string& expected) {
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0) {
    throw core::InputError(path, name, "dataset missing from the restart file");
  }
  H5Handle set(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!set.ok()) throw core::InputError(path, name, "is not a dataset; expected " + expected);
  H5Handle type(H5Dget_type(set.get()), H5Tclose);
  H5Handle space(H5Dget_space(set.get()), H5Sclose);
  if (!type.ok() || !space.ok()) throw core::InputError(path, name, "cannot read the dataset");
  const H5T_class_t type_class = H5Tget_class(type.get());
  if (type_class != H5T_FLOAT) {
    throw core::InputError(path, name,
                           "has type " + dataset_type_name(type_class) +
                               "; expected floating point (double), " + expected);
  }
  const int rank = H5Sget_simple_extent_ndims(space.get());
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (rank > 1 || n < 0 || static_cast<std::size_t>(n) != count) {
    throw core::InputError(path, name,
                           "holds " + std::to_string(n) + " value(s)" +
                               (rank > 1 ? " in " + std::to_string(rank) + " dimensions" : "") +
                               "; expected " + expected);
  }
  std::vector<double> values(count);
  if (count > 0 &&
      H5Dread(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    throw core::InputError(path, name, "cannot read the dataset as double");
  }
  return values;
}

// Every value finite and within [low, high] (`what`: the quantity and its units).
void check_values(const std::vector<double>& values, const std::string& name,
                  const std::string& path, double low, double high, const std::string& what) {
  for (std::size_t k = 0; k < values.size(); ++k) {
    const double v = values[k];
    if (!std::isfinite(v) || v < low || v > high) {
      throw core::InputError(
          path, name,
          fmt::format("value {} (index {}) is not {}: expected a finite value in {:g}..{:g}", v, k,
                      what, low, high));
    }
  }
}

double read_scalar(hid_t file, const std::string& name, const std::string& path, double low,
                   double high, const std::string& what) {
  const auto values = read_doubles(file, name, path, 1, "one value, " + what);
  check_values(values, name, path, low, high, what);
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
  H5Handle space(H5Aget_space(attr.get()), H5Sclose);
  if (!attr.ok() || !type.ok() || !space.ok() || H5Tget_class(type.get()) != H5T_STRING ||
      H5Tis_variable_str(type.get()) != 0 || H5Sget_simple_extent_npoints(space.get()) != 1) {
    throw core::InputError(path, name, "is not one fixed-length text; expected text");
  }
  const std::size_t size = H5Tget_size(type.get());
  if (size == 0 || size > 4096) {
    throw core::InputError(path, name,
                           "is " + std::to_string(size) + " bytes; expected a short text");
  }
  std::string value(size, '\0');
  if (H5Aread(attr.get(), type.get(), value.data()) < 0) {
    throw core::InputError(path, name, "cannot read the attribute");
  }
  while (!value.empty() && value.back() == '\0') value.pop_back();
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
      if (!c.pending_sea_release_m3.empty())
        write_doubles(file.get(), "pending_sea_release_m3", c.pending_sea_release_m3, where);
      // The shoreline the network was last built for (absent: the initial one).
      if (!c.sea_mask.empty()) write_doubles(file.get(), "sea_mask", c.sea_mask, where);
    }
  }
  replace_file(temp, path);
}

RestartState read_restart(const std::filesystem::path& path, const RestartShape& shape) {
  const std::string where = path.string();
  if (!std::filesystem::exists(path)) throw core::InputError(where, "", "restart file not found");
  if (!std::filesystem::is_regular_file(path)) {
    throw core::InputError(where, "", "is not a regular file; expected an HDF5 restart file");
  }
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors are reported by us, not printed by HDF5
  H5Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.ok()) throw core::InputError(where, "", "not an HDF5 restart file");
  RestartState s;
  const std::string month = read_text_attribute(file.get(), "next_month", where);
  int used = 0;
  if (std::sscanf(month.c_str(), "%d-%d%n", &s.next_month.year, &s.next_month.month, &used) != 2 ||
      std::size_t(used) != month.size() || s.next_month.month < 1 || s.next_month.month > 12 ||
      s.next_month.year < core::min_year || s.next_month.year > core::max_year) {
    throw core::InputError(where, "next_month", "'" + month + "' is not a month as YYYY-MM");
  }
  s.config_hash =
      parse_hash(read_text_attribute(file.get(), "config_hash", where), "config_hash", where);
  s.grid_hash = parse_hash(read_text_attribute(file.get(), "grid_hash", where), "grid_hash", where);
  s.version = read_text_attribute(file.get(), "version", where);
  // The level is checked against the bathymetry by the caller; here it must be a number.
  s.sea_level_m_bs =
      read_scalar(file.get(), "sea_level_m_bs", where, -2000.0, 1000.0, "a sea level in m BS");
  s.sea_volume_m3 = read_scalar(file.get(), "sea_volume_m3", where, 0.0, max_volume_m3,
                                "a sea volume in m3 (>= 0)");
  const bool has_catchment = H5Lexists(file.get(), "snowpack_mm", H5P_DEFAULT) > 0;
  if (has_catchment != (shape.catchment_cells > 0)) {
    throw core::InputError(where, "snowpack_mm",
                           has_catchment ? "the state holds a catchment, and this run has none "
                                           "(inflow.mode is not catchment)"
                                         : "dataset missing: the state holds no catchment, and "
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
    const auto store = [&](const char* name, std::size_t count, const std::string& expected,
                           double high, const char* what) {
      auto values = read_doubles(file.get(), name, where, count, expected);
      check_values(values, name, where, 0.0, high, what);
      return values;
    };
    c.snowpack_mm = store("snowpack_mm", cells * shape.snow_zones, per_zone, max_store_mm,
                          "a snow water equivalent in mm");
    c.snow_liquid_mm = store("snow_liquid_mm", cells * shape.snow_zones, per_zone, max_store_mm,
                             "liquid water in the snow in mm");
    c.soil_moisture_mm =
        store("soil_moisture_mm", cells, per_cell, max_store_mm, "a soil moisture in mm");
    c.upper_zone_mm = store("upper_zone_mm", cells, per_cell, max_store_mm, "a store in mm");
    c.lower_zone_mm = store("lower_zone_mm", cells, per_cell, max_store_mm, "a store in mm");
    c.routing_pending_mm = store("routing_pending_mm", cells * shape.routing_days, per_day,
                                 max_store_mm, "runoff on its way in mm");
    c.channel_storage_m3 =
        store("channel_storage_m3", cells, per_cell, max_storage_m3, "a channel storage in m3");
    c.volga_reservoir_storage_m3 =
        read_scalar(file.get(), "volga_reservoir_storage_m3", where, 0.0, max_storage_m3,
                    "the Volga-Kama reservoirs' storage in m3 (>= 0)");
    // The shoreline the network was last built for and the channel water of the cells the sea
    // took over (absent in a state saved before the shoreline first moved).
    if (H5Lexists(file.get(), "pending_sea_release_m3", H5P_DEFAULT) > 0)
      c.pending_sea_release_m3 = store("pending_sea_release_m3", cells, per_cell, max_storage_m3,
                                       "channel water bound for the sea in m3");
    if (H5Lexists(file.get(), "sea_mask", H5P_DEFAULT) > 0) {
      c.sea_mask = store("sea_mask", cells, per_cell, 1.0, "0 (land) or 1 (sea)");
      for (double m : c.sea_mask)
        if (m != 0.0 && m != 1.0)
          throw core::InputError(where, "sea_mask", "values must be 0 (land) or 1 (sea)");
    }
    s.catchment = std::move(c);
  }
  return s;
}

}  // namespace caspian::io
