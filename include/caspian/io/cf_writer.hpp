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

struct TimeAxis {
  std::vector<double> values;  // in `units`; at least one
  std::string units;           // e.g. "days since 2025-01-01 00:00:00"
  core::Calendar calendar = core::Calendar::proleptic_gregorian;
  std::vector<std::array<double, 2>> bounds;  // empty = none; else one pair per value (time_bnds)
};

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
  // Dimension and variable "time" (standard_name, axis T, calendar) and, with bounds, time_bnds.
  void define_time(const TimeAxis& axis);
  // Dimensions and variables lat/lon (degrees_north/east, standard_name, axis Y/X) with
  // lat_bnds/lon_bnds.
  void define_grid(const core::LatLonGrid& grid);
  // A 1-D coordinate variable on its own dimension of the same name (e.g. "level"), with the
  // variable's attributes; variables may then use that dimension.
  void define_axis(const CfVariable& var, const std::vector<double>& values);
  // A label dimension (e.g. "port") with a char variable "<dim>_name"(dim, <dim>_strlen), labels
  // NUL-padded; variables on that dimension get coordinates = "<dim>_name".
  void define_labels(const std::string& dim_name, const std::vector<std::string>& labels);
  // dims from "time" (first only), "lat", "lon" or a label dimension; double unless as_float.
  // With fill_value, _FillValue is set and NaN values are written as the fill value.
  void define_variable(const CfVariable& var, const std::vector<std::string>& dims,
                       bool as_float = false, std::optional<double> fill_value = std::nullopt);
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
