#pragma once
// Edits of a netCDF-4 restart file for tests, each returning whether it worked: replace a
// variable (any type, any number of values), hide one (netCDF cannot delete: it is renamed), or
// replace a global attribute by a text, an array of texts or a number.
#include <netcdf.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace caspian::testing {

namespace detail {
// Copies the file's root group (dimensions, attributes, variables of any type) into a new file
// written as caspian writes restarts (NC_NODIMSCALE_ATTACH): netCDF-C attaches dimension scales to
// the variables an edit defines, and their variable-length DIMENSION_LIST attributes would make the
// reader refuse the file before the edit is seen (src/io/restart.cpp, hdf5_types_problem).
inline bool rewrite_without_dimension_scales(const std::filesystem::path& path) {
  const std::filesystem::path copy = path.string() + ".rewrite";
  int in = -1, out = -1;
  if (nc_open(path.c_str(), NC_NOWRITE, &in) != NC_NOERR) return false;
  bool ok =
      nc_create(copy.c_str(), NC_NETCDF4 | NC_CLOBBER | NC_NODIMSCALE_ATTACH, &out) == NC_NOERR;
  int ndims = 0, nvars = 0, natts = 0;
  ok = ok && nc_inq(in, &ndims, &nvars, &natts, nullptr) == NC_NOERR;
  std::vector<int> dim_ids(static_cast<std::size_t>(ndims), -1);
  ok = ok && (ndims == 0 || nc_inq_dimids(in, nullptr, dim_ids.data(), 0) == NC_NOERR);
  int max_dim = -1;
  for (int d : dim_ids) max_dim = std::max(max_dim, d);
  std::vector<int> new_dim(static_cast<std::size_t>(max_dim + 1), -1);
  for (int d : dim_ids) {
    char name[NC_MAX_NAME + 1] = {};
    std::size_t len = 0;
    ok = ok && nc_inq_dim(in, d, name, &len) == NC_NOERR &&
         nc_def_dim(out, name, len, &new_dim[static_cast<std::size_t>(d)]) == NC_NOERR;
  }
  for (int a = 0; ok && a < natts; ++a) {
    char name[NC_MAX_NAME + 1] = {};
    ok = nc_inq_attname(in, NC_GLOBAL, a, name) == NC_NOERR &&
         nc_copy_att(in, NC_GLOBAL, name, out, NC_GLOBAL) == NC_NOERR;
  }
  for (int v = 0; ok && v < nvars; ++v) {
    char name[NC_MAX_NAME + 1] = {};
    nc_type type = 0;
    int rank = 0, var_natts = 0, id = -1;
    int dims[NC_MAX_VAR_DIMS] = {};
    ok = nc_inq_var(in, v, name, &type, &rank, dims, &var_natts) == NC_NOERR;
    for (int k = 0; ok && k < rank; ++k) dims[k] = new_dim[static_cast<std::size_t>(dims[k])];
    ok = ok && nc_def_var(out, name, type, rank, dims, &id) == NC_NOERR;
    for (int a = 0; ok && a < var_natts; ++a) {
      char att[NC_MAX_NAME + 1] = {};
      ok =
          nc_inq_attname(in, v, a, att) == NC_NOERR && nc_copy_att(in, v, att, out, id) == NC_NOERR;
    }
  }
  for (int v = 0; ok && v < nvars; ++v) {
    nc_type type = 0;
    int rank = 0;
    int dims[NC_MAX_VAR_DIMS] = {};
    std::size_t size = 0, count = 1;
    ok = nc_inq_var(in, v, nullptr, &type, &rank, dims, nullptr) == NC_NOERR &&
         nc_inq_type(in, type, nullptr, &size) == NC_NOERR;
    for (int k = 0; ok && k < rank; ++k) {
      std::size_t len = 0;
      ok = nc_inq_dimlen(in, dims[k], &len) == NC_NOERR;
      count *= len;
    }
    if (!ok || count == 0) continue;
    std::vector<unsigned char> data(count * size);
    ok = nc_get_var(in, v, data.data()) == NC_NOERR && nc_put_var(out, v, data.data()) == NC_NOERR;
    if (type == NC_STRING) nc_free_string(count, reinterpret_cast<char**>(data.data()));
  }
  nc_close(in);
  ok = out >= 0 && nc_close(out) == NC_NOERR && ok;
  std::error_code ec;
  if (ok) std::filesystem::rename(copy, path, ec);
  if (!ok || ec) std::filesystem::remove(copy, ec);
  return ok && !ec;
}

// Opens for writing, runs `edit(ncid)`, closes, rewrites without dimension scales; false if any
// step fails.
template <class Edit>
bool edit_file(const std::filesystem::path& path, Edit&& edit) {
  int ncid = -1;
  if (nc_open(path.c_str(), NC_WRITE, &ncid) != NC_NOERR) return false;
  const bool ok = nc_redef(ncid) == NC_NOERR && edit(ncid);
  return nc_close(ncid) == NC_NOERR && ok && rewrite_without_dimension_scales(path);
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
