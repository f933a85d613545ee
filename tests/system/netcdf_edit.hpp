#pragma once
// Edits of a netCDF-4 restart file for tests, each returning whether it worked: replace a
// variable (any type, any number of values), hide one (netCDF cannot delete: it is renamed), or
// replace a global attribute by a text, an array of texts or a number.
#include <netcdf.h>

#include <filesystem>
#include <string>
#include <vector>

namespace caspian::testing {

namespace detail {
// Opens for writing, runs `edit(ncid)`, closes; false if any step fails.
template <class Edit>
bool edit_file(const std::filesystem::path& path, Edit&& edit) {
  int ncid = -1;
  if (nc_open(path.c_str(), NC_WRITE, &ncid) != NC_NOERR) return false;
  const bool ok = nc_redef(ncid) == NC_NOERR && edit(ncid);
  return nc_close(ncid) == NC_NOERR && ok;
}
}  // namespace detail

// Replaces (or creates) variable `name` with `values` stored as `type`. Same type and count:
// written in place (the dimensions stay). Otherwise the old one is renamed away and a new one
// made: on the old one's dimensions when the count is the same, else on a new 1-D dimension.
inline bool replace_variable(const std::filesystem::path& path, const std::string& name,
                             const std::vector<double>& values, nc_type type = NC_DOUBLE) {
  return detail::edit_file(path, [&](int ncid) {
    int old = -1;
    std::vector<int> dims;
    if (nc_inq_varid(ncid, name.c_str(), &old) == NC_NOERR) {
      nc_type old_type = 0;
      int ndims = 0;
      nc_inq_vartype(ncid, old, &old_type);
      nc_inq_varndims(ncid, old, &ndims);
      dims.resize(std::size_t(ndims));
      if (ndims > 0) nc_inq_vardimid(ncid, old, dims.data());
      std::size_t count = 1;
      for (int d : dims) {
        std::size_t len = 0;
        nc_inq_dimlen(ncid, d, &len);
        count *= len;
      }
      if (count == values.size() && old_type == type) {
        return nc_enddef(ncid) == NC_NOERR &&
               (values.empty() || nc_put_var_double(ncid, old, values.data()) == NC_NOERR);
      }
      if (count != values.size()) dims.clear();
      if (nc_rename_var(ncid, old, (name + "_replaced").c_str()) != NC_NOERR) return false;
    }
    if (dims.empty() && !(values.size() == 1 && old < 0)) {
      int dim = -1;
      if (nc_def_dim(ncid, (name + "_edited").c_str(), values.size(), &dim) != NC_NOERR)
        return false;
      dims = {dim};
    }
    int id = -1;
    return nc_def_var(ncid, name.c_str(), type, int(dims.size()), dims.data(), &id) == NC_NOERR &&
           nc_enddef(ncid) == NC_NOERR &&
           (values.empty() || nc_put_var_double(ncid, id, values.data()) == NC_NOERR);
  });
}

// The values of variable `name` as double (empty when absent).
inline std::vector<double> read_doubles(const std::filesystem::path& path,
                                        const std::string& name) {
  std::vector<double> values;
  int ncid = -1, id = -1, ndims = 0;
  if (nc_open(path.c_str(), NC_NOWRITE, &ncid) != NC_NOERR) return values;
  if (nc_inq_varid(ncid, name.c_str(), &id) == NC_NOERR &&
      nc_inq_varndims(ncid, id, &ndims) == NC_NOERR) {
    std::vector<int> dims(static_cast<std::size_t>(ndims));
    if (ndims > 0) nc_inq_vardimid(ncid, id, dims.data());
    std::size_t count = 1;
    for (int d : dims) {
      std::size_t len = 0;
      nc_inq_dimlen(ncid, d, &len);
      count *= len;
    }
    values.resize(count);
    if (count > 0 && nc_get_var_double(ncid, id, values.data()) != NC_NOERR) values.clear();
  }
  nc_close(ncid);
  return values;
}

// The variable is renamed to "<name>_removed": readers no longer find it.
inline bool remove_variable(const std::filesystem::path& path, const std::string& name) {
  return detail::edit_file(path, [&](int ncid) {
    int id = -1;
    return nc_inq_varid(ncid, name.c_str(), &id) == NC_NOERR &&
           nc_rename_var(ncid, id, (name + "_removed").c_str()) == NC_NOERR;
  });
}

// Replaces the global attribute `name` with a text (NC_CHAR).
inline bool replace_text_attribute(const std::filesystem::path& path, const std::string& name,
                                   const std::string& value) {
  return detail::edit_file(path, [&](int ncid) {
    nc_del_att(ncid, NC_GLOBAL, name.c_str());
    return nc_put_att_text(ncid, NC_GLOBAL, name.c_str(), value.size(), value.data()) == NC_NOERR;
  });
}

// Replaces the global attribute `name` with an array of texts (NC_STRING).
inline bool replace_string_array_attribute(const std::filesystem::path& path,
                                           const std::string& name,
                                           const std::vector<std::string>& values) {
  return detail::edit_file(path, [&](int ncid) {
    std::vector<const char*> pointers;
    for (const auto& v : values) pointers.push_back(v.c_str());
    nc_del_att(ncid, NC_GLOBAL, name.c_str());
    return nc_put_att_string(ncid, NC_GLOBAL, name.c_str(), pointers.size(), pointers.data()) ==
           NC_NOERR;
  });
}

// Replaces the global attribute `name` with numbers (NC_INT64).
inline bool replace_number_attribute(const std::filesystem::path& path, const std::string& name,
                                     const std::vector<long long>& values) {
  return detail::edit_file(path, [&](int ncid) {
    nc_del_att(ncid, NC_GLOBAL, name.c_str());
    return nc_put_att_longlong(ncid, NC_GLOBAL, name.c_str(), NC_INT64, values.size(),
                               values.data()) == NC_NOERR;
  });
}

}  // namespace caspian::testing
