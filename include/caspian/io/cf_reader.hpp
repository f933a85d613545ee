#pragma once
// Reading CF-NetCDF fields onto regular lat-lon grids: coordinates found through the variable's
// dimensions, descending latitude flipped, longitudes joined across the 0/360 seam, packing and
// missing values decoded, units converted to model units, bounding boxes read as hyperslabs.
// Every failure is a core::InputError(path, variable or "", reason).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "caspian/core/grid.hpp"
#include "caspian/core/time.hpp"
#include "caspian/core/units.hpp"

namespace caspian::io {

// Longitudes in either convention (-180..180 or 0..360); lon_max < lon_min means the box crosses
// the seam of that convention (350..10 reads as 350..370). A cell is selected when its extent
// overlaps the box; output longitudes start at the first cell east of lon_min - half a cell.
struct BoundingBox {
  double lat_min_deg = -90.0;
  double lat_max_deg = 90.0;
  double lon_min_deg = -180.0;
  double lon_max_deg = 180.0;
};

// A 2-D field (lat, lon), or one slice along the time dimension of (time, lat, lon); other
// dimensions must have length 1. The grid has ascending latitude and ascending contiguous
// longitude (in the box's convention when a box is given, else the file's). Values are in model
// units when quantity is given (the units attribute must then be a known spelling), NaN where
// missing (_FillValue, missing_value, default fill, outside valid_min/valid_max/valid_range).
core::GridField read_grid_field(const std::string& path, const std::string& variable,
                                std::optional<core::Quantity> quantity,
                                std::optional<BoundingBox> bbox = std::nullopt,
                                std::size_t time_index = 0);

struct GridSeries {
  core::LatLonGrid grid;
  std::vector<std::vector<double>>
      values;                     // [time][cell], row-major cells, model units, NaN missing
  std::vector<core::Date> times;  // decoded from the time coordinate
  core::Calendar calendar = core::Calendar::proleptic_gregorian;
};

// All time steps of a (time, lat, lon) variable; the time coordinate must have CF units
// "<unit> since <date>" (calendar attribute optional, default standard). Calendar standard or
// gregorian is CF's mixed Julian/Gregorian one: dates before 1582-10-15 (e.g. year-1 long-term-mean
// climatologies) are decoded as Julian dates, later ones as Gregorian; `calendar` then reports
// proleptic_gregorian, which core treats standard as.
GridSeries read_grid_series(const std::string& path, const std::string& variable,
                            std::optional<core::Quantity> quantity,
                            std::optional<BoundingBox> bbox = std::nullopt);
// time_count steps starting at first_time, for files too long to read at once.
GridSeries read_grid_series(const std::string& path, const std::string& variable,
                            std::optional<core::Quantity> quantity, std::optional<BoundingBox> bbox,
                            std::size_t first_time, std::size_t time_count);

// The decoded time coordinate of a variable's time dimension, without reading the data.
struct TimeCoordinate {
  std::string name;   // the coordinate variable
  std::string units;  // as in the file
  core::Calendar calendar = core::Calendar::proleptic_gregorian;
  std::vector<double> values;     // raw values in `units`
  std::vector<core::Date> times;  // decoded
};
TimeCoordinate read_time_coordinate(const std::string& path, const std::string& variable);

// Shape and metadata of a variable, for input checks.
struct VariableInfo {
  std::string name;
  std::vector<std::string> dim_names;
  std::vector<std::size_t> dim_lengths;
  std::string units;      // "" when absent
  std::string long_name;  // "" when absent
};
VariableInfo describe_variable(const std::string& path, const std::string& variable);

// True when path exists and opens as NetCDF; never throws.
bool is_netcdf_file(const std::string& path);
// Names of all variables in the file (root group).
std::vector<std::string> list_variables(const std::string& path);
// A text attribute of a variable, or a global one when variable is ""; nullopt when absent.
// Throws InputError when the file or variable is missing or the attribute is not text.
std::optional<std::string> read_text_attribute(const std::string& path, const std::string& variable,
                                               const std::string& attribute);

}  // namespace caspian::io
