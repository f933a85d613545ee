#include "caspian/io/netcdf.hpp"

#include <hdf5.h>

#include <filesystem>
#include <system_error>

#include "caspian/core/error.hpp"
#include "netcdf_internal.hpp"

namespace caspian::io {

namespace {
// libhdf5 1.10 crashes in its exit handler (H5F__close_cb) on a file whose close failed, as on a
// full disk: our files are closed, or discarded with their temporary name, so that handler has
// nothing to do. It must be turned off before the library starts, hence a static initialiser.
[[maybe_unused]] const bool hdf5_exit_handler_off = H5dont_atexit() >= 0;
}  // namespace

namespace detail {

NcHandle open_for_reading(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    throw core::InputError(path, "", "file not found (expected a NetCDF file)");
  }
  if (std::filesystem::is_directory(status)) {
    throw core::InputError(path, "", "is a directory, expected a NetCDF file");
  }
  if (!std::filesystem::is_regular_file(status)) {  // /dev/zero would be read without end
    throw core::InputError(path, "",
                           "is not a regular file (a device, a pipe or a socket); expected a "
                           "NetCDF file");
  }
  check_classic_declared_sizes(path);
  int ncid = -1;
  const int rc = nc_open(path.c_str(), NC_NOWRITE, &ncid);
  if (rc != NC_NOERR) {
    throw core::InputError(path, "", std::string("cannot open as NetCDF: ") + nc_strerror(rc));
  }
  return NcHandle(ncid);
}

std::vector<std::string> variable_names(int ncid) {
  int nvars = 0;
  if (nc_inq_nvars(ncid, &nvars) != NC_NOERR) return {};
  std::vector<std::string> names;
  names.reserve(std::size_t(nvars));
  for (int v = 0; v < nvars; ++v) {
    char name[NC_MAX_NAME + 1] = {};
    if (nc_inq_varname(ncid, v, name) == NC_NOERR) names.emplace_back(name);
  }
  return names;
}

int find_variable(int ncid, const std::string& path, const std::string& variable) {
  int varid = -1;
  if (nc_inq_varid(ncid, variable.c_str(), &varid) == NC_NOERR) return varid;
  std::string list;
  for (const auto& name : variable_names(ncid)) list += (list.empty() ? "" : ", ") + name;
  throw core::InputError(path, variable,
                         "variable '" + variable + "' not found (variables: " + list + ")");
}

std::optional<std::string> text_attribute(int ncid, int varid, const std::string& name) {
  nc_type type = NC_NAT;
  std::size_t length = 0;
  if (nc_inq_att(ncid, varid, name.c_str(), &type, &length) != NC_NOERR) return std::nullopt;
  if (type == NC_CHAR) {
    std::string value(length, '\0');
    if (length > 0 && nc_get_att_text(ncid, varid, name.c_str(), value.data()) != NC_NOERR) {
      return std::nullopt;
    }
    // Some writers include the C terminator in the length.
    while (!value.empty() && value.back() == '\0') value.pop_back();
    return value;
  }
  if (type == NC_STRING && length >= 1) {
    std::vector<char*> values(length, nullptr);
    if (nc_get_att_string(ncid, varid, name.c_str(), values.data()) != NC_NOERR) {
      return std::nullopt;
    }
    std::string value = values[0] ? values[0] : "";
    nc_free_string(length, values.data());
    return value;
  }
  return std::nullopt;
}

std::optional<std::vector<double>> numeric_attribute(int ncid, int varid, const std::string& name) {
  nc_type type = NC_NAT;
  std::size_t length = 0;
  if (nc_inq_att(ncid, varid, name.c_str(), &type, &length) != NC_NOERR) return std::nullopt;
  if (type == NC_CHAR || type == NC_STRING || type > NC_STRING || length == 0) return std::nullopt;
  std::vector<double> values(length);
  if (nc_get_att_double(ncid, varid, name.c_str(), values.data()) != NC_NOERR) return std::nullopt;
  return values;
}

std::string dimension_name(int ncid, int dimid) {
  char name[NC_MAX_NAME + 1] = {};
  if (nc_inq_dimname(ncid, dimid, name) != NC_NOERR) return "?";
  return name;
}

std::string type_name(nc_type type) {
  switch (type) {
    case NC_BYTE:
      return "byte";
    case NC_UBYTE:
      return "ubyte";
    case NC_CHAR:
      return "char";
    case NC_SHORT:
      return "short";
    case NC_USHORT:
      return "ushort";
    case NC_INT:
      return "int";
    case NC_UINT:
      return "uint";
    case NC_INT64:
      return "int64";
    case NC_UINT64:
      return "uint64";
    case NC_FLOAT:
      return "float";
    case NC_DOUBLE:
      return "double";
    case NC_STRING:
      return "string";
    default:
      return "user-defined type " + std::to_string(type);
  }
}

}  // namespace detail

bool is_netcdf_file(const std::string& path) {
  try {
    detail::open_for_reading(path);
    return true;
  } catch (...) {
    return false;
  }
}

std::vector<std::string> list_variables(const std::string& path) {
  const auto file = detail::open_for_reading(path);
  return detail::variable_names(file.id());
}

std::optional<std::string> read_text_attribute(const std::string& path, const std::string& variable,
                                               const std::string& attribute) {
  const auto file = detail::open_for_reading(path);
  const int varid = variable.empty() ? NC_GLOBAL : detail::find_variable(file.id(), path, variable);
  nc_type type = NC_NAT;
  std::size_t length = 0;
  if (nc_inq_att(file.id(), varid, attribute.c_str(), &type, &length) != NC_NOERR) {
    return std::nullopt;
  }
  auto value = detail::text_attribute(file.id(), varid, attribute);
  if (!value) {
    throw core::InputError(
        path, variable,
        "attribute '" + attribute + "' has type " + detail::type_name(type) + ", expected text");
  }
  return value;
}

}  // namespace caspian::io
