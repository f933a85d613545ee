#pragma once
// Edits of an HDF5 restart file for tests: read or replace a dataset (any type, any number of
// values), delete one, or replace a text attribute; each edit returns whether it worked.
#include <hdf5.h>

#include <filesystem>
#include <string>
#include <vector>

namespace caspian::testing {

// Replaces (or creates) dataset `name` with `values`, stored as `file_type` (H5T_IEEE_F64LE,
// H5T_STD_I32LE, ...).
inline bool replace_dataset(const std::filesystem::path& path, const std::string& name,
                            const std::vector<double>& values, hid_t file_type = H5T_IEEE_F64LE) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (file < 0) return false;
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) > 0) H5Ldelete(file, name.c_str(), H5P_DEFAULT);
  const hsize_t dims[1] = {values.size()};
  const hid_t space = H5Screate_simple(1, dims, nullptr);
  const hid_t set =
      H5Dcreate2(file, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const bool ok = set >= 0 && (values.empty() || H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                                                          H5P_DEFAULT, values.data()) >= 0);
  if (set >= 0) H5Dclose(set);
  H5Sclose(space);
  H5Fclose(file);
  return ok;
}

// The values of dataset `name` as double (empty when absent).
inline std::vector<double> read_doubles(const std::filesystem::path& path,
                                        const std::string& name) {
  std::vector<double> values;
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return values;
  const hid_t set = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  if (set >= 0) {
    const hid_t space = H5Dget_space(set);
    values.resize(std::size_t(H5Sget_simple_extent_npoints(space)));
    if (H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
      values.clear();
    }
    H5Sclose(space);
    H5Dclose(set);
  }
  H5Fclose(file);
  return values;
}

inline bool delete_dataset(const std::filesystem::path& path, const std::string& name) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (file < 0) return false;
  const bool ok = H5Ldelete(file, name.c_str(), H5P_DEFAULT) >= 0;
  H5Fclose(file);
  return ok;
}

// Replaces the file's text attribute `name` with `value` (fixed length).
inline bool replace_text_attribute(const std::filesystem::path& path, const std::string& name,
                                   const std::string& value) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (file < 0) return false;
  if (H5Aexists(file, name.c_str()) > 0) H5Adelete(file, name.c_str());
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, value.empty() ? 1 : value.size());
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attr = H5Acreate2(file, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
  const std::string padded = value.empty() ? std::string(1, '\0') : value;
  const bool ok = attr >= 0 && H5Awrite(attr, type, padded.data()) >= 0;
  if (attr >= 0) H5Aclose(attr);
  H5Sclose(space);
  H5Tclose(type);
  H5Fclose(file);
  return ok;
}

}  // namespace caspian::testing
