#pragma once
// Writers for the port check: ports.nc (CF-NetCDF: monthly time x policy x port x vessel class,
// annual year x policy x port / corridor), ports_annual.csv, vessels_annual.csv,
// corridors_annual.csv and first_years.csv. Each file is written under a temporary name and
// renamed when complete.
#include <filesystem>
#include <string>
#include <vector>

#include "caspian/core/time.hpp"
#include "caspian/io/ports_config.hpp"
#include "caspian/ports/assessment.hpp"

namespace caspian::report {

struct PortRunMetadata {
  std::string title;
  std::string history;        // command line and time
  std::string levels_source;  // where the level series came from
  std::string ports_file;
  core::Calendar calendar = core::Calendar::proleptic_gregorian;
  double min_load_factor = 0.25;
};

// ports.nc: the monthly values and the port and class constants; and beside it (ports.nc ->
// ports_annual.nc) write_ports_annual_netcdf's file, since CDO reads one time axis per file.
void write_ports_netcdf(const std::filesystem::path& path, const PortRunMetadata& meta,
                        const io::PortsConfig& config, const ports::Assessment& assessment);
// The annual values on an annual time axis with bounds.
void write_ports_annual_netcdf(const std::filesystem::path& path, const PortRunMetadata& meta,
                               const io::PortsConfig& config, const ports::Assessment& assessment);
void write_ports_csv(const std::filesystem::path& out_dir, const io::PortsConfig& config,
                     const ports::Assessment& assessment,
                     const std::vector<ports::FirstYear>& first_years);

}  // namespace caspian::report
