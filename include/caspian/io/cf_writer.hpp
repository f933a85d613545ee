#pragma once
// CF-1.10 NetCDF-4 output: deflate level 4 with shuffle, chunked for reading time series, written
// to "<final>.tmp.<pid>" and renamed onto the final path by commit(). A writer destroyed without
// commit() deletes its temporary file, so a failed run never leaves a file that looks whole.
#include <array>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "caspian/core/grid.hpp"
#include "caspian/core/time.hpp"

namespace caspian::io {

struct CfVariable {
  std::string name;
  std::string long_name;
  std::string standard_name;  // "" to omit
  std::string units;          // "" to omit
  std::string cell_methods;   // "" to omit, e.g. "time: mean"
  std::vector<std::pair<std::string, std::string>> extra_text_attributes;
};

// How a variable is stored. Integer storage is for flags, counts and indexes: NaN is written as
// the fill value, which define_variable sets to the type's most negative value + 1 (the largest
// value for uint8) unless given.
enum class Storage { float64, float32, int8, uint8, int16, int32 };

struct TimeAxis {
  std::vector<double> values;  // in `units`; at least one
  std::string units;           // e.g. "days since 2025-01-01 00:00:00"
  core::Calendar calendar = core::Calendar::proleptic_gregorian;
  std::vector<std::array<double, 2>> bounds;  // empty = none; else one pair per value (time_bnds)
};

// Annual values: mid-year times with the year's bounds, in days since 1 January of the first year.
TimeAxis annual_time_axis(const std::vector<int>& years, core::Calendar calendar);

// Usage: define_* ..., end_definitions(), write/write_time_slice ..., commit(). Every failure
// throws core::Error naming the final path, the variable and the netCDF error string.
class CfWriter {
 public:
  explicit CfWriter(std::filesystem::path final_path);
  ~CfWriter();  // without commit(): closes and deletes the temporary file
  CfWriter(CfWriter&&) noexcept;
  CfWriter& operator=(CfWriter&&) noexcept;
  CfWriter(const CfWriter&) = delete;
  CfWriter& operator=(const CfWriter&) = delete;

  // Conventions = "CF-1.10" is set on creation; history, source, config etc. through this.
  void set_global_attribute(const std::string& name, const std::string& value);
  // Record (UNLIMITED) dimension and variable "time" (standard_name, axis T, calendar) and, with
  // bounds, time_bnds: NCO's ncra/ncrcat work along the record dimension only.
  void define_time(const TimeAxis& axis);
  // An auxiliary time coordinate on the time dimension (same units and calendar), e.g. the
  // instants at which end-of-month states hold; variables list it in their coordinates attribute.
  void define_time_instants(const std::string& name, const std::string& long_name,
                            const std::vector<double>& values);
  // A scalar grid-mapping container "crs" carrying the vertical datum (CF 1.10, 5.6:
  // geopotential_datum_name); data variables refer to it with grid_mapping = "crs".
  void define_height_datum(const std::string& geopotential_datum_name);
  // Dimensions and variables lat/lon (degrees_north/east, standard_name, axis Y/X) with
  // lat_bnds/lon_bnds.
  void define_grid(const core::LatLonGrid& grid);
  // A 1-D coordinate variable on its own dimension of the same name (e.g. "level"), with the
  // variable's attributes; variables may then use that dimension.
  void define_axis(const CfVariable& var, const std::vector<double>& values);
  // A label dimension (e.g. "port") with its coordinate variable of the same name, char
  // (dim, <dim>_strlen), NUL-padded, _Encoding = "utf-8": xarray decodes it as str and indexes
  // the dimension by it (.sel(port="aktau")); CDO skips char variables but reads the data. With
  // cf_role (e.g. "timeseries_id") the labels identify the file's time series (featureType).
  void define_labels(const std::string& dim_name, const std::vector<std::string>& labels,
                     const std::string& cf_role = "");
  // An auxiliary label variable `name`(dim, name_strlen) on an existing label dimension, e.g. the
  // port of each (port, class) pair; variables list it in their coordinates attribute.
  void define_aux_labels(const std::string& name, const std::string& dim_name,
                         const std::string& long_name, const std::vector<std::string>& labels);
  // dims from "time" (first only), "lat", "lon" or a label dimension; double unless as_float.
  // With fill_value, _FillValue is set and NaN values are written as the fill value.
  void define_variable(const CfVariable& var, const std::vector<std::string>& dims,
                       bool as_float = false, std::optional<double> fill_value = std::nullopt);
  void define_variable(const CfVariable& var, const std::vector<std::string>& dims, Storage storage,
                       std::optional<double> fill_value = std::nullopt);
  // A flag variable (byte, or short with more than 127 values) with flag_values 0..n-1 and
  // flag_meanings (words made of letters, digits and _-.+@; others become _).
  void define_flag(const CfVariable& var, const std::vector<std::string>& dims,
                   const std::vector<std::string>& meanings);
  // A flag variable with the given flag_values (one per meaning, e.g. bit codes 0 1 2 4 ... 128):
  // byte if they fit in -127..127, unsigned byte in 0..254, else short.
  void define_flag(const CfVariable& var, const std::vector<std::string>& dims,
                   const std::vector<std::string>& meanings, const std::vector<int>& values);
  // A numeric attribute of a defined variable (e.g. flag_values, valid_range), stored in the
  // variable's own type as CF requires; before end_definitions().
  void set_variable_attribute(const std::string& variable, const std::string& name,
                              std::span<const double> values);
  // Leaves define mode and writes the coordinates; implied by the first write or commit().
  void end_definitions();

  void write(const std::string& name, std::span<const double> values);  // the whole variable
  // One time step of a variable whose first dimension is time.
  void write_time_slice(const std::string& name, std::size_t time_index,
                        std::span<const double> values);
  // Closes and renames onto the final path; afterwards the object is inert.
  void commit();

  const std::filesystem::path& final_path() const;
  const std::filesystem::path& temporary_path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace caspian::io
