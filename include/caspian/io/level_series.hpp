#pragma once
// Sea-level series a user brings for the port check: CSV (columns year[,month],level_m_bs) or
// CF-NetCDF (a 1-D time series variable, by default sea_level, in m). Annual series are spread to
// the 12 months of each year.
#include <filesystem>
#include <string>
#include <vector>

#include "caspian/core/time.hpp"

namespace caspian::io {

struct LevelRecords {
  std::vector<core::YearMonth> months;  // strictly increasing
  std::vector<double> level_m_bs;
  bool annual = false;  // the file held one value per year
};

// Chooses the format from the content (NetCDF magic) rather than the name. Throws
// core::InputError naming the file, the line or variable, and what was expected.
LevelRecords read_level_series(const std::filesystem::path& path,
                               const std::string& netcdf_variable = "sea_level");

}  // namespace caspian::io
