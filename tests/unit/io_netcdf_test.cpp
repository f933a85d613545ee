// CF reading and writing against small NetCDF files built here with the netCDF-C API.
#include <gtest/gtest.h>
#include <netcdf.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "caspian/core/error.hpp"
#include "caspian/io/atomic_file.hpp"
#include "caspian/io/level_series.hpp"
#include "caspian/io/netcdf.hpp"

namespace {

namespace fs = std::filesystem;
using caspian::core::Calendar;
using caspian::core::Date;
using caspian::core::InputError;
using caspian::core::Quantity;
using caspian::io::BoundingBox;

void ok(int status) {
  if (status != NC_NOERR) throw std::runtime_error(nc_strerror(status));
}

// A NetCDF file under construction; closed on destruction.
class NcBuilder {
 public:
  explicit NcBuilder(const fs::path& path) {
    ok(nc_create(path.c_str(), NC_NETCDF4 | NC_CLOBBER, &ncid_));
  }
  ~NcBuilder() { nc_close(ncid_); }
  NcBuilder(const NcBuilder&) = delete;
  NcBuilder& operator=(const NcBuilder&) = delete;

  int dim(const std::string& name, std::size_t length) {
    int id = -1;
    ok(nc_def_dim(ncid_, name.c_str(), length, &id));
    return id;
  }
  int var(const std::string& name, nc_type type, const std::vector<int>& dims) {
    int id = -1;
    ok(nc_def_var(ncid_, name.c_str(), type, int(dims.size()), dims.data(), &id));
    return id;
  }
  void text(int varid, const std::string& name, const std::string& value) {
    ok(nc_put_att_text(ncid_, varid, name.c_str(), value.size(), value.c_str()));
  }
  void number(int varid, const std::string& name, nc_type type, std::vector<double> values) {
    ok(nc_put_att_double(ncid_, varid, name.c_str(), type, values.size(), values.data()));
  }
  void put(int varid, const std::vector<double>& values) {
    ok(nc_put_var_double(ncid_, varid, values.data()));
  }
  // A coordinate variable of the same name as its dimension.
  int coordinate(const std::string& name, const std::vector<double>& values,
                 const std::string& units, nc_type type = NC_DOUBLE) {
    const int d = dim(name, values.size());
    const int v = var(name, type, {d});
    if (!units.empty()) text(v, "units", units);
    pending_.push_back({v, values});
    return d;
  }
  void end() {
    ok(nc_enddef(ncid_));
    for (const auto& [v, values] : pending_) put(v, values);
    pending_.clear();
  }
  int id() const { return ncid_; }

 private:
  int ncid_ = -1;
  std::vector<std::pair<int, std::vector<double>>> pending_;
};

std::vector<double> range(double first, double step, std::size_t n) {
  std::vector<double> out(n);
  for (std::size_t k = 0; k < n; ++k) out[k] = first + double(k) * step;
  return out;
}

// A value that identifies its cell whatever the longitude convention or latitude order.
double signature(double lat, double lon) {
  const double lon360 = std::fmod(std::fmod(lon, 360.0) + 360.0, 360.0);
  return 1000.0 * lat + lon360;
}

class IoNetcdf : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("caspian_io_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string file(const std::string& name) const { return (dir_ / name).string(); }

  // (time, lat, lon) "t" holding signature(lat, lon) + 0.5 * step, K units.
  std::string make_grid(const std::string& name, const std::vector<double>& lats,
                        const std::vector<double>& lons, std::size_t ntime = 1,
                        nc_type type = NC_DOUBLE) {
    const std::string path = file(name);
    NcBuilder b(path);
    const int t = b.coordinate("time", range(0.0, 1.0, ntime), "days since 2000-01-01");
    const int y = b.coordinate("lat", lats, "degrees_north");
    const int x = b.coordinate("lon", lons, "degrees_east");
    const int v = b.var("t", type, {t, y, x});
    b.text(v, "units", "K");
    b.end();
    std::vector<double> data;
    for (std::size_t s = 0; s < ntime; ++s) {
      for (double lat : lats) {
        for (double lon : lons) data.push_back(signature(lat, lon) + 0.5 * double(s));
      }
    }
    b.put(v, data);
    return path;
  }

  static void expect_signatures(const caspian::core::GridField& field, double offset = 0.0) {
    const auto& g = field.grid;
    ASSERT_EQ(field.values.size(), g.size());
    for (std::size_t i = 0; i < g.nlat(); ++i) {
      for (std::size_t j = 0; j < g.nlon(); ++j) {
        EXPECT_NEAR(field.values[g.index(i, j)], signature(g.lat_deg()[i], g.lon_deg()[j]) + offset,
                    1e-6)
            << "at " << g.lat_deg()[i] << "N " << g.lon_deg()[j] << "E";
      }
    }
  }

  template <typename F>
  static std::string error_of(F&& f) {
    try {
      f();
    } catch (const InputError& e) {
      return e.what();
    } catch (const std::exception& e) {
      return std::string("WRONG TYPE: ") + e.what();
    }
    return "NO ERROR";
  }

  fs::path dir_;
};

TEST_F(IoNetcdf, AscendingLatitude) {
  const auto path = make_grid("asc.nc", range(-10, 5, 5), range(0, 10, 36));
  const auto field = caspian::io::read_grid_field(path, "t", std::nullopt);
  EXPECT_EQ(field.grid.nlat(), 5u);
  EXPECT_EQ(field.grid.nlon(), 36u);
  EXPECT_DOUBLE_EQ(field.grid.lat_deg().front(), -10.0);
  EXPECT_DOUBLE_EQ(field.grid.lon_deg().back(), 350.0);
  expect_signatures(field);
}

TEST_F(IoNetcdf, DescendingLatitudeIsFlipped) {
  const auto path = make_grid("desc.nc", range(10, -5, 5), range(0, 10, 36));
  const auto field = caspian::io::read_grid_field(path, "t", std::nullopt);
  ASSERT_EQ(field.grid.nlat(), 5u);
  EXPECT_DOUBLE_EQ(field.grid.lat_deg().front(), -10.0);
  EXPECT_DOUBLE_EQ(field.grid.lat_deg().back(), 10.0);
  expect_signatures(field);
}

TEST_F(IoNetcdf, Lon0To360WithBoxCrossingZero) {
  const auto path = make_grid("g360.nc", range(88.75, -2.5, 72), range(1.25, 2.5, 144));
  const BoundingBox box{30.0, 50.0, -10.0, 10.0};
  const auto field = caspian::io::read_grid_field(path, "t", std::nullopt, box);
  ASSERT_EQ(field.grid.nlon(), 8u);  // centres -8.75 .. 8.75
  EXPECT_NEAR(field.grid.lon_deg().front(), -8.75, 1e-9);
  EXPECT_NEAR(field.grid.lon_deg().back(), 8.75, 1e-9);
  EXPECT_EQ(field.grid.nlat(), 8u);  // 31.25 .. 48.75
  EXPECT_NEAR(field.grid.lat_deg().front(), 31.25, 1e-9);
  expect_signatures(field);
}

TEST_F(IoNetcdf, Lon0To360WithBoxInWesternHemisphere) {
  const auto path = make_grid("g360w.nc", range(-88.75, 2.5, 72), range(1.25, 2.5, 144));
  const auto field =
      caspian::io::read_grid_field(path, "t", std::nullopt, BoundingBox{-5.0, 5.0, -60.0, -40.0});
  ASSERT_EQ(field.grid.nlon(), 8u);
  EXPECT_NEAR(field.grid.lon_deg().front(), -58.75, 1e-9);
  expect_signatures(field);
}

TEST_F(IoNetcdf, LonMinus180WithBoxIn0To360CrossingDateline) {
  const auto path = make_grid("g180.nc", range(-89.0, 2.0, 90), range(-180.0, 2.0, 180));
  const auto field =
      caspian::io::read_grid_field(path, "t", std::nullopt, BoundingBox{0.0, 10.0, 170.0, 190.0});
  // Cells overlapping 170..190 (edges at odd degrees): centres 170 .. 190 in the box's convention.
  ASSERT_EQ(field.grid.nlon(), 11u);
  EXPECT_NEAR(field.grid.lon_deg().front(), 170.0, 1e-9);
  EXPECT_NEAR(field.grid.lon_deg().back(), 190.0, 1e-9);
  expect_signatures(field);
  // The same box written across the seam of the 0..360 convention.
  const auto wrapped =
      caspian::io::read_grid_field(path, "t", std::nullopt, BoundingBox{0.0, 10.0, 350.0, 10.0});
  EXPECT_NEAR(wrapped.grid.lon_deg().front(), 350.0, 1e-9);
  EXPECT_NEAR(wrapped.grid.lon_deg().back(), 370.0, 1e-9);
  expect_signatures(wrapped);
}

TEST_F(IoNetcdf, FileWithSeamInsideIsJoined) {
  // A regional file stored 350, 352, ..., 358, 0, 2, ..., 10.
  std::vector<double> lons;
  for (double lon = 350; lon <= 370; lon += 2) lons.push_back(std::fmod(lon, 360.0));
  const auto path = make_grid("seam.nc", range(40, 1, 3), lons);
  const auto field = caspian::io::read_grid_field(path, "t", std::nullopt);
  ASSERT_EQ(field.grid.nlon(), 11u);
  EXPECT_NEAR(field.grid.lon_deg().front(), 350.0, 1e-9);
  expect_signatures(field);
  const auto boxed =
      caspian::io::read_grid_field(path, "t", std::nullopt, BoundingBox{39.0, 42.0, -5.0, 5.0});
  EXPECT_NEAR(boxed.grid.lon_deg().front(), -4.0, 1e-9);
  EXPECT_NEAR(boxed.grid.lon_deg().back(), 4.0, 1e-9);
  expect_signatures(boxed);
}

TEST_F(IoNetcdf, BoxSubsetEqualsCutOfFullRead) {
  const auto path = make_grid("cut.nc", range(50.0, -0.5, 41), range(40.0, 0.5, 41), 3);
  const auto full = caspian::io::read_grid_field(path, "t", Quantity::temperature_degC, {}, 2);
  const auto cut = caspian::io::read_grid_field(path, "t", Quantity::temperature_degC,
                                                BoundingBox{36.3, 44.1, 46.9, 52.2}, 2);
  EXPECT_EQ(cut.grid.nlat(), 16u);  // cells overlapping 36.3..44.1: centres 36.5 .. 44.0
  ASSERT_GT(cut.grid.size(), 0u);
  for (std::size_t i = 0; i < cut.grid.nlat(); ++i) {
    for (std::size_t j = 0; j < cut.grid.nlon(); ++j) {
      const auto cell = full.grid.locate(cut.grid.lat_deg()[i], cut.grid.lon_deg()[j]);
      ASSERT_TRUE(cell.has_value());
      EXPECT_EQ(cut.values[cut.grid.index(i, j)],
                full.values[full.grid.index(cell->first, cell->second)]);
      EXPECT_NEAR(cut.grid.lat_deg()[i], full.grid.lat_deg()[cell->first], 1e-9);
    }
  }
  EXPECT_NEAR(cut.grid.lat_deg().front(), 36.5, 1e-9);
  EXPECT_NEAR(cut.grid.lat_deg().back(), 44.0, 1e-9);
  EXPECT_NEAR(cut.grid.lon_deg().front(), 47.0, 1e-9);
  EXPECT_NEAR(cut.grid.lon_deg().back(), 52.0, 1e-9);
}

TEST_F(IoNetcdf, KelvinConvertedToCelsius) {
  const auto path = make_grid("k.nc", range(-10, 5, 5), range(0, 10, 36), 2, NC_FLOAT);
  const auto field = caspian::io::read_grid_field(path, "t", Quantity::temperature_degC, {}, 1);
  const auto raw = caspian::io::read_grid_field(path, "t", std::nullopt, {}, 1);
  for (std::size_t k = 0; k < field.values.size(); ++k) {
    EXPECT_NEAR(field.values[k], raw.values[k] - 273.15, 1e-9);
  }
  expect_signatures(raw, 0.5);
}

TEST_F(IoNetcdf, PackedShortWithScaleOffsetAndFill) {
  const std::string path = file("packed.nc");
  {
    NcBuilder b(path);
    const int y = b.coordinate("latitude", range(40, 1, 2), "degrees_north", NC_FLOAT);
    const int x = b.coordinate("longitude", range(50, 1, 3), "degrees_east", NC_FLOAT);
    const int v = b.var("h", NC_SHORT, {y, x});
    b.text(v, "units", "cm");
    b.number(v, "scale_factor", NC_FLOAT, {0.5});
    b.number(v, "add_offset", NC_DOUBLE, {100.0});
    b.number(v, "_FillValue", NC_SHORT, {-999});
    b.end();
    b.put(v, {0, 2, -999, -4, 10, 32767});
  }
  const auto field = caspian::io::read_grid_field(path, "h", Quantity::height_m);
  ASSERT_EQ(field.values.size(), 6u);
  EXPECT_NEAR(field.values[0], 1.00, 1e-12);  // (0*0.5 + 100) cm
  EXPECT_NEAR(field.values[1], 1.01, 1e-12);
  EXPECT_TRUE(std::isnan(field.values[2]));
  EXPECT_NEAR(field.values[3], 0.98, 1e-12);
  EXPECT_NEAR(field.values[4], 1.05, 1e-12);
  EXPECT_NEAR(field.values[5], (32767 * 0.5 + 100) / 100.0,
              1e-9);  // an explicit fill replaces the default
}

TEST_F(IoNetcdf, FloatWithMissingValueAndValidRange) {
  const std::string path = file("missing.nc");
  {
    NcBuilder b(path);
    const int y = b.coordinate("y", range(40, -1, 2), "degrees_N");
    const int x = b.coordinate("x", range(50, 1, 3), "degree_east");
    const int v = b.var("precip", NC_FLOAT, {y, x});
    b.text(v, "units", "mm/day");
    b.number(v, "missing_value", NC_FLOAT, {-9.96921e+36});
    b.number(v, "valid_range", NC_FLOAT, {0.0, 70.0});
    b.end();
    b.put(v, {1.0, -9.96921e+36, 86.4, -1.0, 0.0, 70.0});
  }
  const auto field = caspian::io::read_grid_field(path, "precip", Quantity::water_flux_m_per_s);
  // Rows flipped: file row 0 (40N) is output row 1.
  const auto& v = field.values;
  EXPECT_TRUE(std::isnan(v[3 + 0]) == false);
  EXPECT_NEAR(v[3 + 0], 1.0e-3 / 86400.0, 1e-15);
  EXPECT_TRUE(std::isnan(v[3 + 1]));  // missing_value
  EXPECT_TRUE(std::isnan(v[3 + 2]));  // above valid_range
  EXPECT_TRUE(std::isnan(v[0]));      // below valid_range
  EXPECT_EQ(v[1], 0.0);
  EXPECT_NEAR(v[2], 70.0e-3 / 86400.0, 1e-15);
}

TEST_F(IoNetcdf, DefaultFillWithoutFillValueAttribute) {
  const std::string path = file("default_fill.nc");
  {
    NcBuilder b(path);
    const int y = b.coordinate("lat", range(40, 1, 2), "");
    const int x = b.coordinate("lon", range(50, 1, 2), "");
    const int v = b.var("v", NC_INT, {y, x});
    b.end();
    b.put(v, {1, double(NC_FILL_INT), 3, 4});
  }
  const auto field = caspian::io::read_grid_field(path, "v", std::nullopt);
  EXPECT_EQ(field.values[0], 1.0);
  EXPECT_TRUE(std::isnan(field.values[1]));
}

TEST_F(IoNetcdf, TransposedAndExtraSingletonDimensions) {
  const std::string path = file("transposed.nc");
  const auto lats = range(40, 1, 3);
  const auto lons = range(50, 2, 4);
  {
    NcBuilder b(path);
    const int lev = b.coordinate("lev", {1000.0}, "hPa");
    const int x = b.coordinate("lon", lons, "degrees_east");
    const int y = b.coordinate("lat", lats, "degrees_north");
    const int v = b.var("t", NC_DOUBLE, {lev, x, y});
    b.end();
    std::vector<double> data;
    for (double lon : lons) {
      for (double lat : lats) data.push_back(signature(lat, lon));
    }
    b.put(v, data);
  }
  expect_signatures(caspian::io::read_grid_field(path, "t", std::nullopt));
  expect_signatures(
      caspian::io::read_grid_field(path, "t", std::nullopt, BoundingBox{40.5, 42, 51.5, 54.5}));
}

TEST_F(IoNetcdf, ErrorsNameFileVariableAndExpectation) {
  const auto path = make_grid("err.nc", range(-10, 5, 5), range(0, 10, 36));
  auto message = error_of([&] { caspian::io::read_grid_field(path, "precip", std::nullopt); });
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("variable 'precip' not found (variables: time, lat, lon, t)"),
            std::string::npos)
      << message;

  const std::string missing = file("nope.nc");
  message = error_of([&] { caspian::io::read_grid_field(missing, "t", std::nullopt); });
  EXPECT_NE(message.find(missing), std::string::npos) << message;
  EXPECT_NE(message.find("not found"), std::string::npos) << message;

  const std::string text = file("text.nc");
  std::ofstream(text) << "not a netcdf file\n";
  message = error_of([&] { caspian::io::read_grid_field(text, "t", std::nullopt); });
  EXPECT_NE(message.find(text), std::string::npos) << message;
  EXPECT_NE(message.find("NetCDF"), std::string::npos) << message;
  EXPECT_FALSE(caspian::io::is_netcdf_file(text));
  EXPECT_FALSE(caspian::io::is_netcdf_file(missing));
  EXPECT_TRUE(caspian::io::is_netcdf_file(path));

  message =
      error_of([&] { caspian::io::read_grid_field(path, "t", Quantity::water_flux_m_per_s); });
  EXPECT_NE(message.find(path + ": t: units 'K' are not "), std::string::npos) << message;
  EXPECT_NE(message.find("mm/day"), std::string::npos) << message;

  message = error_of([&] {
    caspian::io::read_grid_field(path, "t", std::nullopt, BoundingBox{60, 70, 0, 10});
  });
  EXPECT_NE(message.find(path + ": t: bounding box"), std::string::npos) << message;
  EXPECT_NE(message.find("does not overlap latitude coordinate 'lat'"), std::string::npos)
      << message;

  message = error_of([&] { caspian::io::read_grid_field(path, "t", std::nullopt, {}, 5); });
  EXPECT_NE(message.find("time index 5"), std::string::npos) << message;

  message = error_of([&] { caspian::io::read_grid_field(path, "lat", std::nullopt); });
  EXPECT_NE(message.find("no longitude coordinate"), std::string::npos) << message;
}

TEST_F(IoNetcdf, MissingUnitsAndIrregularCoordinatesAreInputErrors) {
  const std::string path = file("irregular.nc");
  {
    NcBuilder b(path);
    const int t = b.coordinate("time", {0.0, 1.0}, "");
    const int y = b.coordinate("lat", {40.0, 41.0, 43.0}, "degrees_north");
    const int x = b.coordinate("lon", range(50, 1, 2), "degrees_east");
    const int y2 = b.coordinate("lat2", range(40, 1, 3), "degrees_north");
    b.var("irregular", NC_FLOAT, {y, x});
    b.var("no_units", NC_FLOAT, {t, y2, x});
    b.end();
  }
  auto message = error_of([&] { caspian::io::read_grid_field(path, "irregular", std::nullopt); });
  EXPECT_NE(message.find(
                path + ": irregular: latitude coordinate 'lat' is not monotonic and evenly spaced"),
            std::string::npos)
      << message;
  message =
      error_of([&] { caspian::io::read_grid_field(path, "no_units", Quantity::temperature_degC); });
  EXPECT_NE(message.find(path + ": no_units: has no units attribute"), std::string::npos)
      << message;
  // The data read fine; only decoding the time axis fails.
  EXPECT_NO_THROW(caspian::io::read_grid_field(path, "no_units", std::nullopt, {}, 1));
  message = error_of([&] { caspian::io::read_grid_series(path, "no_units", std::nullopt); });
  EXPECT_NE(message.find(path + ": no_units: time coordinate 'time' has no units attribute"),
            std::string::npos)
      << message;
}

struct TimeCase {
  std::string units;
  std::string calendar;  // "" = no attribute
  std::vector<double> values;
  std::vector<Date> expected;
  Calendar calendar_enum;
};

TEST_F(IoNetcdf, TimeDecoding) {
  const std::vector<TimeCase> cases = {
      // PSL long-term-mean style: year-1 dates in the mixed Julian/Gregorian standard calendar.
      {"hours since 1800-01-01 00:00:0.0",
       "",
       {-15769752.0, -15761736.0, 1753152.0, 1753164.0},
       {{1, 1, 1}, {1, 12, 1}, {2000, 1, 1}, {2000, 1, 1, 43200.0}},
       Calendar::proleptic_gregorian},
      {"hours since 1800-01-01",
       "standard",
       {0.0, 24.0 * 59.0, 1753152.0 + 24.0 * 59.0},
       {{1800, 1, 1}, {1800, 3, 1}, {2000, 2, 29}},
       Calendar::proleptic_gregorian},
      {"days since 1850-01-01",
       "noleap",
       {0.0, 59.0, 365.0, 150.0 * 365.0 + 59.0},
       {{1850, 1, 1}, {1850, 3, 1}, {1851, 1, 1}, {2000, 3, 1}},
       Calendar::noleap},
      {"days since 1850-01-01",
       "360_day",
       {359.0, 360.0, 390.0, 150.0 * 360.0 + 59.5},
       {{1850, 12, 30}, {1851, 1, 1}, {1851, 2, 1}, {2000, 2, 30, 43200.0}},
       Calendar::day360},
  };
  int n = 0;
  for (const auto& c : cases) {
    const std::string path = file("time" + std::to_string(n++) + ".nc");
    {
      NcBuilder b(path);
      const int t = b.dim("time", c.values.size());
      const int tv = b.var("time", NC_DOUBLE, {t});
      b.text(tv, "units", c.units);
      if (!c.calendar.empty()) b.text(tv, "calendar", c.calendar);
      const int y = b.coordinate("lat", range(40, 1, 2), "degrees_north");
      const int x = b.coordinate("lon", range(50, 1, 2), "degrees_east");
      const int v = b.var("tas", NC_FLOAT, {t, y, x});
      b.text(v, "units", "degC");
      b.end();
      b.put(tv, c.values);
      std::vector<double> data;
      for (std::size_t s = 0; s < c.values.size(); ++s) data.insert(data.end(), 4, double(s));
      b.put(v, data);
    }
    const auto series = caspian::io::read_grid_series(path, "tas", Quantity::temperature_degC);
    ASSERT_EQ(series.times.size(), c.expected.size()) << c.units;
    EXPECT_EQ(series.calendar, c.calendar_enum);
    for (std::size_t k = 0; k < c.expected.size(); ++k) {
      EXPECT_EQ(series.times[k], c.expected[k])
          << c.units << " " << c.calendar << " value " << c.values[k] << " gave "
          << caspian::core::format_date(series.times[k]);
      EXPECT_EQ(series.values[k][3], double(k));
    }
    const auto coordinate = caspian::io::read_time_coordinate(path, "tas");
    EXPECT_EQ(coordinate.times, series.times);
    EXPECT_EQ(coordinate.units, c.units);
    const auto part = caspian::io::read_grid_series(path, "tas", std::nullopt, std::nullopt, 1, 2);
    ASSERT_EQ(part.times.size(), 2u);
    EXPECT_EQ(part.times[0], c.expected[1]);
    EXPECT_EQ(part.values[1][0], 2.0);
  }
}

// Issue 12: a time of 1e14 days gave a year of about 671 million (an out-of-range cast), and a
// reference year of 2147483647 overflowed the day arithmetic.
TEST_F(IoNetcdf, TimesOutsideTheSupportedYearsNameFileAndTime) {
  struct Case {
    std::string units;
    double value;
  };
  int n = 0;
  for (const auto& c :
       {Case{"days since 2000-01-01", 1e14}, Case{"days since 2000-01-01", -1e300},
        Case{"seconds since 2000-01-01", 1e300}, Case{"days since 2147483647-01-01", 0.0},
        Case{"days since -2147483648-01-01", 0.0}, Case{"days since 99999-12-31", 1000.0}}) {
    const std::string path = file("years" + std::to_string(n++) + ".nc");
    {
      NcBuilder b(path);
      const int t = b.coordinate("time", {0.0, c.value}, c.units);
      const int y = b.coordinate("lat", range(40, 1, 2), "degrees_north");
      const int x = b.coordinate("lon", range(50, 1, 2), "degrees_east");
      b.text(b.var("tas", NC_FLOAT, {t, y, x}), "units", "degC");
      const int level = b.var("sea_level", NC_DOUBLE, {t});
      b.text(level, "units", "m");
      b.end();
      b.put(level, {-28.0, -28.1});
    }
    for (const auto& message :
         {error_of([&] { caspian::io::read_grid_series(path, "tas", std::nullopt); }),
          error_of([&] { caspian::io::read_level_series(path); })}) {
      EXPECT_NE(message.find(path), std::string::npos) << message;
      EXPECT_NE(message.find("time"), std::string::npos) << message;
      EXPECT_NE(message.find("-100000..100000"), std::string::npos) << c.units << ": " << message;
    }
  }
}

// Issue 12: a header declaring 20000 x 20000 cells (a few kB on disk) ended in std::bad_alloc.
TEST_F(IoNetcdf, HugeDeclaredGridsAreRefusedBeforeAllocating) {
  const std::string path = file("huge.nc");
  {
    NcBuilder b(path);
    const int y = b.coordinate("lat", range(-89.995, 0.009, 20000), "degrees_north");
    const int x = b.coordinate("lon", range(-179.99, 0.018, 20000), "degrees_east");
    b.text(b.var("topography", NC_FLOAT, {y, x}), "units", "m");
    b.end();
  }
  ASSERT_LT(fs::file_size(path), 1u << 20);
  const auto message =
      error_of([&] { caspian::io::read_grid_field(path, "topography", std::nullopt); });
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("topography"), std::string::npos) << message;
  EXPECT_NE(message.find("20000 x 20000"), std::string::npos) << message;
  EXPECT_NE(message.find("at most 50000000 cells"), std::string::npos) << message;
  // A box of the same file is read.
  const auto box = caspian::io::read_grid_field(path, "topography", std::nullopt,
                                                caspian::io::BoundingBox{40, 41, 50, 51});
  EXPECT_LT(box.grid.size(), 20000u);
}

TEST_F(IoNetcdf, FileHelpers) {
  const auto path = make_grid("helpers.nc", range(-10, 5, 5), range(0, 10, 36), 4);
  EXPECT_EQ(caspian::io::list_variables(path),
            (std::vector<std::string>{"time", "lat", "lon", "t"}));
  EXPECT_EQ(caspian::io::read_text_attribute(path, "t", "units"), "K");
  EXPECT_EQ(caspian::io::read_text_attribute(path, "t", "long_name"), std::nullopt);
  EXPECT_THROW(caspian::io::read_text_attribute(path, "x", "units"), InputError);
  const auto info = caspian::io::describe_variable(path, "t");
  EXPECT_EQ(info.dim_names, (std::vector<std::string>{"time", "lat", "lon"}));
  EXPECT_EQ(info.dim_lengths, (std::vector<std::size_t>{4, 5, 36}));
  EXPECT_EQ(info.units, "K");
  EXPECT_THROW(caspian::io::list_variables(file("absent.nc")), InputError);
}

// ---- writing ----

int open_nc(const std::string& path) {
  int ncid = -1;
  ok(nc_open(path.c_str(), NC_NOWRITE, &ncid));
  return ncid;
}

std::string att_text(int ncid, const std::string& var, const std::string& name) {
  int varid = NC_GLOBAL;
  if (!var.empty()) ok(nc_inq_varid(ncid, var.c_str(), &varid));
  std::size_t length = 0;
  if (nc_inq_attlen(ncid, varid, name.c_str(), &length) != NC_NOERR) return "<absent>";
  std::string value(length, '\0');
  ok(nc_get_att_text(ncid, varid, name.c_str(), value.data()));
  return value;
}

bool directory_empty_but(const fs::path& dir, const std::vector<std::string>& allowed) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto name = entry.path().filename().string();
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) return false;
  }
  return true;
}

TEST_F(IoNetcdf, CfWriterRoundTrip) {
  const caspian::core::LatLonGrid grid(range(36.5, 1.0, 3), range(46.5, 1.0, 4));
  const std::string path = file("out.nc");
  caspian::io::TimeAxis axis;
  axis.units = "days since 2025-01-01 00:00:00";
  axis.calendar = Calendar::noleap;
  for (int m = 0; m < 5; ++m) {
    axis.values.push_back(31.0 * m + 15.0);
    axis.bounds.push_back({31.0 * m, 31.0 * m + 31.0});
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  {
    caspian::io::CfWriter writer(path);
    writer.set_global_attribute("history", "unit test");
    writer.define_time(axis);
    writer.define_grid(grid);
    writer.define_labels("port", {"Aktau", "Baku"});
    writer.define_variable({"precip",
                            "precipitation",
                            "precipitation_flux",
                            "kg m-2 s-1",
                            "time: mean",
                            {{"comment", "test"}}},
                           {"time", "lat", "lon"}, true, -9999.0);
    writer.define_variable({"level", "sea level", "", "m", "time: mean", {}}, {"time"});
    writer.define_variable({"depth", "depth at port", "", "m", "", {}}, {"time", "port"});
    writer.end_definitions();
    for (std::size_t s = 0; s < 5; ++s) {
      std::vector<double> slice(grid.size());
      for (std::size_t k = 0; k < slice.size(); ++k) slice[k] = double(s) + 0.25 * double(k);
      slice[1] = nan;
      writer.write_time_slice("precip", s, slice);
    }
    writer.write("level", std::vector<double>{-28.0, -28.1, -28.2, -28.3, -28.4});
    writer.write("depth", std::vector<double>(10, 5.0));
    EXPECT_THROW(writer.write("level", std::vector<double>(3, 0.0)), caspian::core::Error);
    EXPECT_TRUE(fs::exists(writer.temporary_path()));
    EXPECT_FALSE(fs::exists(path));
    writer.commit();
    EXPECT_FALSE(fs::exists(writer.temporary_path()));
  }
  ASSERT_TRUE(fs::exists(path));
  EXPECT_TRUE(directory_empty_but(dir_, {"out.nc"}));

  const auto series = caspian::io::read_grid_series(path, "precip", Quantity::water_flux_m_per_s);
  ASSERT_EQ(series.times.size(), 5u);
  EXPECT_EQ(series.calendar, Calendar::noleap);
  EXPECT_EQ(series.times[1], (Date{2025, 2, 16}));
  EXPECT_EQ(series.grid.nlat(), 3u);
  EXPECT_EQ(series.grid.nlon(), 4u);
  EXPECT_NEAR(series.grid.lat_deg().front(), 36.5, 1e-12);
  EXPECT_TRUE(std::isnan(series.values[2][1]));
  EXPECT_NEAR(series.values[2][5], (2.0 + 1.25) * 1e-3, 1e-12);

  const int ncid = open_nc(path);
  int format = 0;
  ok(nc_inq_format(ncid, &format));
  EXPECT_EQ(format, NC_FORMAT_NETCDF4);
  EXPECT_EQ(att_text(ncid, "", "Conventions"), "CF-1.10");
  EXPECT_EQ(att_text(ncid, "", "history"), "unit test");
  EXPECT_EQ(att_text(ncid, "time", "units"), axis.units);
  EXPECT_EQ(att_text(ncid, "time", "calendar"), "noleap");
  EXPECT_EQ(att_text(ncid, "time", "standard_name"), "time");
  EXPECT_EQ(att_text(ncid, "time", "axis"), "T");
  EXPECT_EQ(att_text(ncid, "time", "bounds"), "time_bnds");
  EXPECT_EQ(att_text(ncid, "lat", "units"), "degrees_north");
  EXPECT_EQ(att_text(ncid, "lat", "standard_name"), "latitude");
  EXPECT_EQ(att_text(ncid, "lat", "axis"), "Y");
  EXPECT_EQ(att_text(ncid, "lon", "units"), "degrees_east");
  EXPECT_EQ(att_text(ncid, "lon", "bounds"), "lon_bnds");
  EXPECT_EQ(att_text(ncid, "precip", "standard_name"), "precipitation_flux");
  EXPECT_EQ(att_text(ncid, "precip", "units"), "kg m-2 s-1");
  EXPECT_EQ(att_text(ncid, "precip", "cell_methods"), "time: mean");
  EXPECT_EQ(att_text(ncid, "precip", "comment"), "test");
  EXPECT_EQ(att_text(ncid, "level", "standard_name"), "<absent>");
  EXPECT_EQ(att_text(ncid, "port", "_Encoding"), "utf-8");  // xarray decodes it as text
  int time_dim = -1, unlimited = -2;
  ok(nc_inq_dimid(ncid, "time", &time_dim));
  ok(nc_inq_unlimdim(ncid, &unlimited));
  EXPECT_EQ(unlimited, time_dim);  // time is the record dimension (NCO ncra/ncrcat)
  std::size_t steps = 0;
  ok(nc_inq_dimlen(ncid, time_dim, &steps));
  EXPECT_EQ(steps, 5u);

  int varid = -1;
  ok(nc_inq_varid(ncid, "precip", &varid));
  nc_type type = NC_NAT;
  ok(nc_inq_vartype(ncid, varid, &type));
  EXPECT_EQ(type, NC_FLOAT);
  float fill = 0;
  ok(nc_get_att_float(ncid, varid, "_FillValue", &fill));
  EXPECT_EQ(fill, -9999.0f);
  int shuffle = 0, deflate = 0, level = 0;
  ok(nc_inq_var_deflate(ncid, varid, &shuffle, &deflate, &level));
  EXPECT_EQ(shuffle, 1);
  EXPECT_EQ(deflate, 1);
  EXPECT_EQ(level, 4);
  int storage = 0;
  std::size_t chunks[3] = {};
  ok(nc_inq_var_chunking(ncid, varid, &storage, chunks));
  EXPECT_EQ(storage, NC_CHUNKED);
  EXPECT_EQ(chunks[0], 1u);
  EXPECT_EQ(chunks[1], 3u);
  EXPECT_EQ(chunks[2], 4u);
  ok(nc_inq_varid(ncid, "level", &varid));
  ok(nc_inq_var_chunking(ncid, varid, &storage, chunks));
  EXPECT_EQ(storage, NC_CHUNKED);
  EXPECT_EQ(chunks[0], 5u);  // a series is one chunk along time
  ok(nc_inq_var_deflate(ncid, varid, &shuffle, &deflate, &level));
  EXPECT_EQ(deflate, 1);

  std::vector<double> bounds(10);
  ok(nc_inq_varid(ncid, "time_bnds", &varid));
  ok(nc_get_var_double(ncid, varid, bounds.data()));
  EXPECT_EQ(bounds[2], 31.0);
  EXPECT_EQ(bounds[3], 62.0);
  std::vector<double> lat_bounds(6);
  ok(nc_inq_varid(ncid, "lat_bnds", &varid));
  ok(nc_get_var_double(ncid, varid, lat_bounds.data()));
  EXPECT_NEAR(lat_bounds[0], 36.0, 1e-12);
  EXPECT_NEAR(lat_bounds[5], 39.0, 1e-12);
  std::string names(10, 'x');              // 2 labels x port_strlen 5, NUL-padded
  ok(nc_inq_varid(ncid, "port", &varid));  // the dimension's coordinate
  ok(nc_get_var_text(ncid, varid, names.data()));
  EXPECT_EQ(names, std::string("AktauBaku\0", 10));
  nc_close(ncid);
}

// Flags are bytes with flag_values, NaN as the byte fill; the datum is a grid-mapping container;
// end-of-step states sit on an auxiliary time coordinate.
TEST_F(IoNetcdf, CfWriterFlagsDatumAndInstants) {
  const std::string path = file("flags.nc");
  caspian::io::TimeAxis axis;
  axis.units = "days since 2025-01-01 00:00:00";
  axis.values = {15.5, 45.0};
  axis.bounds = {{0.0, 31.0}, {31.0, 59.0}};
  {
    caspian::io::CfWriter writer(path);
    writer.define_time(axis);
    writer.define_time_instants("time_end", "end of the month", {31.0, 59.0});
    writer.define_height_datum("Baltic Height System (Kronstadt)");
    writer.define_labels("port", {"aktau", "baku", "olya"}, "timeseries_id");
    writer.define_flag({"can_call", "whether it can call", "", "", "", {}}, {"time", "port"},
                       {"cannot_call", "can call"});
    writer.define_variable({"level_end",
                            "level at the end",
                            "sea_surface_height_above_geopotential_datum",
                            "m",
                            "",
                            {{"grid_mapping", "crs"}, {"coordinates", "time_end"}}},
                           {"time"});
    EXPECT_THROW(writer.define_time_instants("bad", "bad", {1.0}), caspian::core::Error);
    writer.end_definitions();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    writer.write("can_call", std::vector<double>{1, 0, nan, 1, 1, 0});
    writer.write("level_end", std::vector<double>{-29.0, -29.1});
    writer.commit();
  }
  const int ncid = open_nc(path);
  int varid = -1;
  ok(nc_inq_varid(ncid, "can_call", &varid));
  nc_type type = NC_NAT;
  ok(nc_inq_vartype(ncid, varid, &type));
  EXPECT_EQ(type, NC_BYTE);
  signed char flags[6] = {};
  ok(nc_get_var_schar(ncid, varid, flags));
  EXPECT_EQ(flags[0], 1);
  EXPECT_EQ(flags[1], 0);
  EXPECT_EQ(flags[2], -127);  // NaN written as the fill value
  signed char fill = 0, values[2] = {9, 9};
  ok(nc_get_att_schar(ncid, varid, "_FillValue", &fill));
  EXPECT_EQ(fill, -127);
  ok(nc_inq_atttype(ncid, varid, "flag_values", &type));
  EXPECT_EQ(type, NC_BYTE);
  ok(nc_get_att_schar(ncid, varid, "flag_values", values));
  EXPECT_EQ(values[0], 0);
  EXPECT_EQ(values[1], 1);
  EXPECT_EQ(att_text(ncid, "can_call", "flag_meanings"), "cannot_call can_call");
  EXPECT_EQ(att_text(ncid, "crs", "geopotential_datum_name"), "Baltic Height System (Kronstadt)");
  EXPECT_EQ(att_text(ncid, "crs", "grid_mapping_name"), "latitude_longitude");
  EXPECT_EQ(att_text(ncid, "level_end", "grid_mapping"), "crs");
  EXPECT_EQ(att_text(ncid, "level_end", "geopotential_datum_name"), "<absent>");
  EXPECT_EQ(att_text(ncid, "port", "cf_role"), "timeseries_id");
  EXPECT_EQ(att_text(ncid, "time_end", "units"), axis.units);
  double ends[2] = {};
  ok(nc_inq_varid(ncid, "time_end", &varid));
  ok(nc_get_var_double(ncid, varid, ends));
  EXPECT_EQ(ends[1], 59.0);
  nc_close(ncid);
}

TEST_F(IoNetcdf, UncommittedWritersLeaveNothing) {
  {
    caspian::io::CfWriter writer(file("abandoned.nc"));
    writer.define_grid(caspian::core::LatLonGrid(range(40, 1, 2), range(50, 1, 2)));
    writer.define_variable({"x", "x", "", "m", "", {}}, {"lat", "lon"});
    writer.write("x", std::vector<double>(4, 1.0));
    EXPECT_TRUE(fs::exists(writer.temporary_path()));
  }
  {
    caspian::io::AtomicTextFile text(file("abandoned.csv"));
    text.stream() << "a,b\n1,2\n";
    EXPECT_TRUE(fs::exists(text.temporary_path()));
  }
  EXPECT_TRUE(fs::is_empty(dir_));

  {
    caspian::io::AtomicTextFile text(file("kept.csv"));
    text.stream() << "a,b\n1,2\n";
    EXPECT_FALSE(fs::exists(file("kept.csv")));
    text.commit();
  }
  std::ifstream in(file("kept.csv"));
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(all, "a,b\n1,2\n");
  EXPECT_TRUE(directory_empty_but(dir_, {"kept.csv"}));
}

TEST_F(IoNetcdf, WriterFailuresNameThePath) {
  const std::string bad = file("no/such/dir/out.nc");
  try {
    caspian::io::CfWriter writer(bad);
    FAIL() << "expected an error";
  } catch (const caspian::core::Error& e) {
    EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
  }
  EXPECT_THROW(caspian::io::AtomicTextFile(file("no/such/dir/out.csv")), caspian::core::Error);
  caspian::io::CfWriter writer(file("w.nc"));
  try {
    writer.define_variable({"x", "x", "", "m", "", {}}, {"lat"});
    FAIL() << "expected an error";
  } catch (const caspian::core::Error& e) {
    EXPECT_NE(std::string(e.what()).find("dimension 'lat'"), std::string::npos) << e.what();
  }
}

// ---- the real inputs shipped in inputs/ ----

TEST(IoNetcdfRealData, Bathymetry) {
  const std::string path =
      std::string(CASPIAN_SOURCE_DIR) + "/inputs/bathymetry/caspian_etopo1_10arcmin.nc";
  if (!fs::exists(path)) GTEST_SKIP() << path << " absent";
  const auto field = caspian::io::read_grid_field(path, "topography", Quantity::height_m);
  EXPECT_EQ(field.grid.nlat(), 73u);
  EXPECT_EQ(field.grid.nlon(), 67u);
  EXPECT_NEAR(field.grid.lat_deg().front(), 36.0, 1e-6);
  EXPECT_NEAR(field.grid.lat_deg().back(), 48.0, 1e-6);
  const auto cell = field.grid.locate(42.0, 51.0);
  ASSERT_TRUE(cell.has_value());
  EXPECT_LT(field.values[field.grid.index(cell->first, cell->second)], -300.0);
}

TEST(IoNetcdfRealData, CmapPrecipitationClimatology) {
  const std::string path =
      std::string(CASPIAN_SOURCE_DIR) + "/inputs/climate/cmap_precip_ltm_1981-2010_2.5deg.nc";
  if (!fs::exists(path)) GTEST_SKIP() << path << " absent";
  const BoundingBox box{35.0, 50.0, 44.0, 57.0};
  const auto field =
      caspian::io::read_grid_field(path, "precip", Quantity::water_flux_m_per_s, box);
  const auto cell = field.grid.locate(41.25, 51.25);
  ASSERT_TRUE(cell.has_value());
  const double mm_per_day = field.values[field.grid.index(cell->first, cell->second)] * 86400e3;
  EXPECT_GT(mm_per_day, 0.45);
  EXPECT_LT(mm_per_day, 1.3);
  const auto series =
      caspian::io::read_grid_series(path, "precip", Quantity::water_flux_m_per_s, box);
  ASSERT_EQ(series.times.size(), 12u);
  for (int m = 0; m < 12; ++m) {
    EXPECT_EQ(series.times[std::size_t(m)].year, 1);
    EXPECT_EQ(series.times[std::size_t(m)].month, m + 1);
  }
  EXPECT_EQ(series.values.front(), field.values);
}

}  // namespace
