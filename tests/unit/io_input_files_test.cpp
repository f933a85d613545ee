// Every CSV/text reader refuses a folder or a device with a message naming the path (a folder
// read as an empty file, /dev/zero never ended), and the NetCDF readers refuse a classic file
// whose header declares more data than the file holds (a truncated download) before NetCDF-C
// reads it.
#include <gtest/gtest.h>
#include <netcdf.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <string>

#include "caspian/core/error.hpp"
#include "caspian/io/annual_series.hpp"
#include "caspian/io/cf_reader.hpp"
#include "caspian/io/cmip6_atlas.hpp"
#include "caspian/io/gauge_table.hpp"
#include "caspian/io/inflow_series.hpp"
#include "caspian/io/level_series.hpp"

namespace {
namespace fs = std::filesystem;
using Reader = std::function<void(const fs::path&)>;

std::string input_error_of(const Reader& read, const fs::path& path) {
  try {
    read(path);
  } catch (const caspian::core::InputError& e) {
    return e.what();
  }
  return "(no InputError)";
}

const std::vector<std::pair<std::string, Reader>>& text_readers() {
  static const std::vector<std::pair<std::string, Reader>> readers{
      {"annual series",
       [](const fs::path& p) {
         (void)caspian::io::read_annual_series_csv(
             p, "x", [](std::string_view) { return true; }, "K");
       }},
      {"atlas regional series",
       [](const fs::path& p) { (void)caspian::io::read_atlas_regional_csv(p, false); }},
      {"warming-level table",
       [](const fs::path& p) { (void)caspian::io::read_warming_levels_csv(p); }},
      {"gauge table", [](const fs::path& p) { (void)caspian::io::read_daily_gauge_csv(p); }},
      {"inflow series", [](const fs::path& p) { (void)caspian::io::read_inflow_series(p, "q"); }},
      {"level series", [](const fs::path& p) { (void)caspian::io::read_level_series(p); }},
      {"NetCDF field",
       [](const fs::path& p) { (void)caspian::io::read_grid_field(p, "t", std::nullopt); }},
  };
  return readers;
}

TEST(IoInputFiles, EveryReaderRefusesAFolder) {
  const auto dir =
      fs::temp_directory_path() / ("caspian-unit-folder" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  for (const auto& [what, read] : text_readers()) {
    const std::string message = input_error_of(read, dir);
    EXPECT_NE(message.find(dir.string()), std::string::npos) << what << ": " << message;
    EXPECT_TRUE(message.find("is a folder") != std::string::npos ||
                message.find("is a directory") != std::string::npos)
        << what << ": " << message;
  }
  fs::remove_all(dir);
}

TEST(IoInputFiles, EveryReaderRefusesADeviceAtOnce) {
  for (const auto& [what, read] : text_readers()) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::string message = input_error_of(read, "/dev/zero");
    EXPECT_NE(message.find("/dev/zero"), std::string::npos) << what << ": " << message;
    EXPECT_NE(message.find("not a regular file"), std::string::npos) << what << ": " << message;
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 1.0)
        << what;
  }
}

// A classic (CDF-2) file with a 1-D record variable of 1000 doubles, cut to its first half: the
// header still declares 1000 records.
TEST(IoInputFiles, TruncatedClassicNetcdfIsRefusedBeforeItIsRead) {
  const auto dir =
      fs::temp_directory_path() / ("caspian-unit-cdf" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  const auto path = (dir / "cut.nc").string();
  int ncid = -1, dim = -1, var = -1, lat = -1, lon = -1, t = -1;
  ASSERT_EQ(nc_create(path.c_str(), NC_CLOBBER | NC_64BIT_OFFSET, &ncid), NC_NOERR);
  ASSERT_EQ(nc_def_dim(ncid, "time", NC_UNLIMITED, &dim), NC_NOERR);
  ASSERT_EQ(nc_def_var(ncid, "series", NC_DOUBLE, 1, &dim, &var), NC_NOERR);
  ASSERT_EQ(nc_def_dim(ncid, "lat", 2, &lat), NC_NOERR);
  ASSERT_EQ(nc_def_dim(ncid, "lon", 2, &lon), NC_NOERR);
  const int dims[2] = {lat, lon};
  ASSERT_EQ(nc_def_var(ncid, "t", NC_DOUBLE, 2, dims, &t), NC_NOERR);
  ASSERT_EQ(nc_enddef(ncid), NC_NOERR);
  std::vector<double> values(1000, 1.0);
  const std::size_t start = 0, count = values.size();
  ASSERT_EQ(nc_put_vara_double(ncid, var, &start, &count, values.data()), NC_NOERR);
  ASSERT_EQ(nc_close(ncid), NC_NOERR);
  const auto whole = fs::file_size(path);
  // Whole, it is read (then refused for its own reasons, not its size).
  const auto read = [](const fs::path& p) {
    (void)caspian::io::read_grid_field(p.string(), "t", std::nullopt);
  };
  EXPECT_EQ(input_error_of(read, path).find("declares more than the file holds"),
            std::string::npos);
  fs::resize_file(path, whole / 2);
  const std::string message = input_error_of(read, path);
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("declares more than the file holds"), std::string::npos) << message;
  EXPECT_NE(message.find("'series'"), std::string::npos) << message;
  fs::remove_all(dir);
}

// A CDF-1 file whose attribute's type is 9 (NC_UINT, CDF-5 only): NetCDF-C sized it as 4 bytes a
// value and read a 3.6 GB attribute count from the bytes after it (fuzz_cf_reader, out of memory).
TEST(IoInputFiles, ClassicAttributeOfATypeTheVersionLacksIsRefused) {
  const auto dir =
      fs::temp_directory_path() / ("caspian-unit-cdf" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  const auto path = (dir / "type9.nc").string();
  int ncid = -1, lat = -1, lon = -1, t = -1;
  ASSERT_EQ(nc_create(path.c_str(), NC_CLOBBER, &ncid), NC_NOERR);
  ASSERT_EQ(nc_def_dim(ncid, "lat", 2, &lat), NC_NOERR);
  ASSERT_EQ(nc_def_dim(ncid, "lon", 2, &lon), NC_NOERR);
  const int dims[2] = {lat, lon};
  ASSERT_EQ(nc_def_var(ncid, "t", NC_DOUBLE, 2, dims, &t), NC_NOERR);
  ASSERT_EQ(nc_put_att_text(ncid, t, "units", 13, "degrees_north"), NC_NOERR);
  ASSERT_EQ(nc_close(ncid), NC_NOERR);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  // The name "units" is padded to 8 bytes; the type word (NC_CHAR = 2) follows it.
  const auto at = bytes.find(std::string("units\0\0\0", 8));
  ASSERT_NE(at, std::string::npos);
  ASSERT_EQ(bytes.substr(at + 8, 4), std::string("\0\0\0\x02", 4));
  bytes[at + 11] = 9;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  const std::string message = input_error_of(
      [](const fs::path& p) { (void)caspian::io::read_grid_field(p.string(), "t", std::nullopt); },
      path);
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("attribute 'units' has type 9, not a classic NetCDF type"),
            std::string::npos)
      << message;
  fs::remove_all(dir);
}

}  // namespace
