#include <gtest/gtest.h>
#include <netcdf.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "caspian/assembly/gcm_change.hpp"
#include "caspian/core/error.hpp"
#include "caspian/io/gcm_fields.hpp"

namespace {
namespace fs = std::filesystem;
using caspian::core::InputError;
using caspian::core::Quantity;
using caspian::core::YearMonth;
using caspian::io::read_gcm_monthly_means;

// A (time, lat, lon) file of monthly values: value(t, i, j) in the file's own row order.
struct Synthetic {
  std::string calendar = "360_day";
  std::string time_units = "days since 2000-01-01";
  std::vector<double> times;
  std::vector<double> lat = {60.0, 40.0};  // north to south
  std::vector<double> lon = {0.0, 120.0, 240.0};
  std::string units = "K";
  std::string name = "tas";
  float fill = 1.0e20f;
  std::vector<float> values;  // [t][i][j]
};

fs::path write(const Synthetic& s, const std::string& file) {
  const fs::path path = fs::temp_directory_path() / ("caspian-gcm-" + file + ".nc");
  int ncid = 0, dt = 0, dy = 0, dx = 0, vt = 0, vy = 0, vx = 0, v = 0;
  EXPECT_EQ(nc_create(path.c_str(), NC_NETCDF4 | NC_CLOBBER, &ncid), NC_NOERR);
  nc_def_dim(ncid, "time", NC_UNLIMITED, &dt);
  nc_def_dim(ncid, "lat", s.lat.size(), &dy);
  nc_def_dim(ncid, "lon", s.lon.size(), &dx);
  nc_def_var(ncid, "time", NC_DOUBLE, 1, &dt, &vt);
  nc_put_att_text(ncid, vt, "units", s.time_units.size(), s.time_units.c_str());
  nc_put_att_text(ncid, vt, "calendar", s.calendar.size(), s.calendar.c_str());
  nc_put_att_text(ncid, vt, "standard_name", 4, "time");
  nc_def_var(ncid, "lat", NC_DOUBLE, 1, &dy, &vy);
  nc_put_att_text(ncid, vy, "units", 13, "degrees_north");
  nc_def_var(ncid, "lon", NC_DOUBLE, 1, &dx, &vx);
  nc_put_att_text(ncid, vx, "units", 12, "degrees_east");
  const int dims[3] = {dt, dy, dx};
  nc_def_var(ncid, s.name.c_str(), NC_FLOAT, 3, dims, &v);
  nc_put_att_text(ncid, v, "units", s.units.size(), s.units.c_str());
  nc_put_att_float(ncid, v, "_FillValue", NC_FLOAT, 1, &s.fill);
  nc_put_att_float(ncid, v, "missing_value", NC_FLOAT, 1, &s.fill);
  nc_enddef(ncid);
  const std::size_t nt = s.times.size();
  std::size_t start[3] = {0, 0, 0}, count[3] = {nt, s.lat.size(), s.lon.size()};
  nc_put_vara_double(ncid, vt, start, count, s.times.data());
  nc_put_var_double(ncid, vy, s.lat.data());
  nc_put_var_double(ncid, vx, s.lon.data());
  nc_put_vara_float(ncid, v, start, count, s.values.data());
  EXPECT_EQ(nc_close(ncid), NC_NOERR);
  return path;
}

// Monthly values (t + 1) * 10 + cell-in-file-order, mid-month stamps at the given days.
Synthetic monthly(const std::string& calendar, const std::vector<double>& mid_days) {
  Synthetic s;
  s.calendar = calendar;
  s.times = mid_days;
  for (std::size_t t = 0; t < mid_days.size(); ++t)
    for (std::size_t c = 0; c < 6; ++c) s.values.push_back(float((t + 1) * 10 + c));
  return s;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(GcmFields, Assigns360DayStampsToTheirMonths) {
  // 360_day: month m's middle is day 30 (m - 1) + 15 from 2000-01-01; 24 months.
  std::vector<double> days;
  for (int k = 0; k < 24; ++k) days.push_back(30.0 * k + 15.0);
  const auto path = write(monthly("360_day", days), "360day");
  const auto m = read_gcm_monthly_means(path.string(), "tas", Quantity::temperature_degC, {2000, 1},
                                        {2001, 12});
  EXPECT_EQ(m.steps_used, 24u);
  EXPECT_EQ(m.calendar, caspian::core::Calendar::day360);
  // January: steps 0 and 12 -> (10 + 130) / 2 = 70, in degC. Row 0 of the result is the file's
  // southern row (file row 1: cells 3..5).
  EXPECT_NEAR(m.mean[0][0], 70.0 + 3.0 - 273.15, 1e-4);
  EXPECT_NEAR(m.mean[11][5], (120.0 + 240.0) / 2.0 + 2.0 - 273.15, 1e-4);
  EXPECT_DOUBLE_EQ(m.grid.lat_deg.front(), 40.0);
  // A period of the second year only.
  const auto y2 = read_gcm_monthly_means(path.string(), "tas", Quantity::temperature_degC,
                                         {2001, 1}, {2001, 12});
  EXPECT_NEAR(y2.mean[1][0], 140.0 + 3.0 - 273.15, 1e-4);
}

TEST(GcmFields, AssignsNoleapStampsToTheirMonths) {
  // 365_day mid-months of 2001 (days since 2000-01-01 = 365 + day of year - 1 + 0.5).
  const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::vector<double> days;
  double first = 365.0;
  for (int len : lengths) {
    days.push_back(first + len / 2.0);
    first += len;
  }
  // Starts 2000-12 (a stamp mid-December 2000) to check the month of each boundary.
  days.insert(days.begin(), 365.0 - 15.5);
  const auto path = write(monthly("noleap", days), "noleap");
  const auto m = read_gcm_monthly_means(path.string(), "tas", Quantity::temperature_degC, {2001, 1},
                                        {2001, 12});
  EXPECT_EQ(m.steps_used, 12u);
  EXPECT_NEAR(m.mean[0][0], 20.0 + 3.0 - 273.15, 1e-4);    // step 1 = January 2001
  EXPECT_NEAR(m.mean[1][0], 30.0 + 3.0 - 273.15, 1e-4);    // February (mid-day 14 of 28)
  EXPECT_NEAR(m.mean[11][0], 130.0 + 3.0 - 273.15, 1e-4);  // December 2001
  const auto dec = read_gcm_monthly_means(path.string(), "tas", Quantity::temperature_degC,
                                          {2000, 12}, {2001, 11});
  EXPECT_NEAR(dec.mean[11][0], 10.0 + 3.0 - 273.15, 1e-4);  // December 2000
}

TEST(GcmFields, ConvertsPrecipitationFluxToMmPerDayAndDropsFillValues) {
  std::vector<double> days;
  for (int k = 0; k < 12; ++k) days.push_back(30.0 * k + 15.0);
  Synthetic s = monthly("360_day", days);
  s.name = "pr";
  s.units = "kg m-2 s-1";
  for (auto& v : s.values) v = float(v * 1.0e-6);
  s.values[3] = s.fill;  // January, file row 1 column 0
  const auto path = write(s, "pr");
  const auto m = read_gcm_monthly_means(path.string(), "pr", Quantity::water_flux_m_per_s,
                                        {2000, 1}, {2000, 12});
  // 1 kg m-2 s-1 = 86400 mm/day.
  EXPECT_NEAR(m.mean[0][1], 14.0e-6 * 86400.0, 1e-6);
  EXPECT_TRUE(std::isnan(m.mean[0][0]));
}

TEST(GcmFields, RefusesBadInputsByName) {
  std::vector<double> days;
  for (int k = 0; k < 12; ++k) days.push_back(30.0 * k + 15.0);
  const auto good = write(monthly("360_day", days), "good");
  const auto t = Quantity::temperature_degC;
  EXPECT_NE(message_of([&] {
              read_gcm_monthly_means(good.string(), "pr", t, {2000, 1}, {2000, 12});
            }).find("'pr' not found"),
            std::string::npos);
  const std::string outside = message_of([&] {
    read_gcm_monthly_means(good.string(), "tas", t, {2000, 1}, {2001, 12});
  });
  EXPECT_NE(outside.find("outside the file, which covers 2000-01..2000-12"), std::string::npos)
      << outside;
  EXPECT_NE(message_of([&] {
              read_gcm_monthly_means(good.string(), "tas", Quantity::water_flux_m_per_s, {2000, 1},
                                     {2000, 12});
            }).find("units 'K' are not a precipitation flux"),
            std::string::npos);
  const auto julian = write(monthly("julian", days), "julian");
  const std::string cal = message_of([&] {
    read_gcm_monthly_means(julian.string(), "tas", t, {2000, 1}, {2000, 12});
  });
  EXPECT_NE(cal.find("julian"), std::string::npos) << cal;
  EXPECT_NE(cal.find(julian.string()), std::string::npos) << cal;
  // Eleven months: a calendar month is missing from the period.
  std::vector<double> eleven(days.begin(), days.end() - 1);
  const auto short_file = write(monthly("360_day", eleven), "eleven");
  EXPECT_NE(message_of([&] {
              read_gcm_monthly_means(short_file.string(), "tas", t, {2000, 1}, {2000, 11});
            }).find("calendar month 12 does not occur"),
            std::string::npos);
}

// The whole chain on a target grid across the 0/360 seam: tas +2 K and pr x 1.5 everywhere, with
// the reference in 360_day and the future in noleap on a north-to-south grid.
TEST(GcmFields, DeltaChangeOnATargetGridAcrossTheSeam) {
  auto file = [](const std::string& calendar, const std::vector<double>& days,
                 const std::string& name, const std::string& units, float value,
                 const std::string& tag) {
    Synthetic s = monthly(calendar, days);
    s.name = name;
    s.units = units;
    for (auto& v : s.values) v = value;
    return write(s, tag);
  };
  std::vector<double> d360, d365;
  const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  double first = 0.0;
  for (int k = 0; k < 12; ++k) {
    d360.push_back(30.0 * k + 15.0);
    d365.push_back(first + lengths[k] / 2.0);
    first += lengths[k];
  }
  caspian::io::GcmFieldsConfig c;
  c.reference.temperature = {file("360_day", d360, "tas", "K", 280.0f, "ref-tas"), "tas"};
  c.reference.precipitation = caspian::io::VariableSource{
      file("360_day", d360, "pr", "kg m-2 s-1", 2.0e-5f, "ref-pr"), "pr"};
  c.future.temperature = {file("noleap", d365, "tas", "degC", 8.85f, "fut-tas"), "tas"};
  c.future.precipitation = caspian::io::VariableSource{
      file("noleap", d365, "pr", "mm/day", float(1.5 * 2.0e-5 * 86400.0), "fut-pr"), "pr"};
  c.reference.first = c.future.first = {2000, 1};
  c.reference.last = c.future.last = {2000, 12};
  const caspian::core::LatLonGrid target({45.0, 50.0}, {-10.0, -5.0, 0.0, 5.0, 10.0});
  const auto delta = caspian::assembly::gcm_delta_change(c, target);
  for (std::size_t m = 0; m < 12; ++m)
    for (std::size_t k = 0; k < target.size(); ++k) {
      EXPECT_NEAR(delta.temperature_K[m][k], 2.0, 1e-4);
      EXPECT_NEAR(delta.precipitation_ratio[m][k], 1.5, 1e-5);
    }
}

// The real CMIP5 samples (inputs/climate/cmip5_samples): the reader's mean at a cell near the
// Caspian against a direct read of the file with netCDF-C.
struct Direct {
  std::vector<double> lat, lon;
  std::vector<float> tas;  // [t][lat][lon] as in the file
};
Direct read_direct(const fs::path& path) {
  Direct d;
  int ncid = 0, v = 0, dim = 0;
  std::size_t nlat = 0, nlon = 0, nt = 0;
  EXPECT_EQ(nc_open(path.c_str(), NC_NOWRITE, &ncid), NC_NOERR);
  nc_inq_dimid(ncid, "lat", &dim);
  nc_inq_dimlen(ncid, dim, &nlat);
  nc_inq_dimid(ncid, "lon", &dim);
  nc_inq_dimlen(ncid, dim, &nlon);
  nc_inq_dimid(ncid, "time", &dim);
  nc_inq_dimlen(ncid, dim, &nt);
  d.lat.resize(nlat);
  d.lon.resize(nlon);
  d.tas.resize(nt * nlat * nlon);
  nc_inq_varid(ncid, "lat", &v);
  nc_get_var_double(ncid, v, d.lat.data());
  nc_inq_varid(ncid, "lon", &v);
  nc_get_var_double(ncid, v, d.lon.data());
  nc_inq_varid(ncid, "tas", &v);
  nc_get_var_float(ncid, v, d.tas.data());
  nc_close(ncid);
  return d;
}

std::size_t nearest(const std::vector<double>& axis, double x) {
  std::size_t best = 0;
  for (std::size_t k = 1; k < axis.size(); ++k)
    if (std::fabs(axis[k] - x) < std::fabs(axis[best] - x)) best = k;
  return best;
}

const fs::path samples = fs::path(CASPIAN_SOURCE_DIR) / "inputs/climate/cmip5_samples";

TEST(GcmFieldsCmip5, MpiEsmLrJulyAtTheMiddleCaspianMatchesTheFile) {
  const auto path = samples / "cmip5_tas_Amon_MPI-ESM-LR_historical_r1i1p1_200501-200512.nc";
  const auto m = read_gcm_monthly_means(path.string(), "tas", Quantity::temperature_degC, {2005, 1},
                                        {2005, 12});
  EXPECT_EQ(m.steps_used, 12u);
  EXPECT_EQ(m.grid.lat_deg.size(), 96u);
  EXPECT_EQ(m.grid.lon_deg.size(), 192u);
  const Direct d = read_direct(path);
  // The file's own row and column nearest 42 N 51 E; July is the 7th step of 2005.
  const std::size_t i = nearest(d.lat, 42.0), j = nearest(d.lon, 51.0);
  const double july_K = d.tas[(6 * d.lat.size() + i) * d.lon.size() + j];
  const std::size_t row = nearest(m.grid.lat_deg, d.lat[i]);  // the reader's ascending row
  EXPECT_NEAR(m.mean[6][row * 192 + j], july_K - 273.15, 1e-4);
  EXPECT_GT(july_K, 290.0);  // a Caspian summer, not a fill value or the wrong month
}

TEST(GcmFieldsCmip5, CanEsm2CoversDecember2006ToNovember2007) {
  const auto path = samples / "cmip5_tas_Amon_CanESM2_rcp85_r1i1p1_200701-200712.nc";
  const auto t = Quantity::temperature_degC;
  const auto m = read_gcm_monthly_means(path.string(), "tas", t, {2006, 12}, {2007, 11});
  EXPECT_EQ(m.calendar, caspian::core::Calendar::noleap);
  const Direct d = read_direct(path);
  const std::size_t i = nearest(d.lat, 42.0), j = nearest(d.lon, 51.0);
  // December is the file's first step (2006-12-16); January its second.
  const std::size_t cells = d.lat.size() * d.lon.size();
  const std::size_t row = nearest(m.grid.lat_deg, d.lat[i]);
  EXPECT_NEAR(m.mean[11][row * d.lon.size() + j], d.tas[i * d.lon.size() + j] - 273.15, 1e-4);
  EXPECT_NEAR(m.mean[0][row * d.lon.size() + j], d.tas[cells + i * d.lon.size() + j] - 273.15,
              1e-4);
  // The calendar year 2007 named in the file name is not all there.
  const std::string e = message_of([&] {
    read_gcm_monthly_means(path.string(), "tas", t, {2007, 1}, {2007, 12});
  });
  EXPECT_NE(e.find("covers 2006-12..2007-11"), std::string::npos) << e;
}

}  // namespace
