// Units of input files with UDUNITS-2 (io/units): conversions against hand-computed factors,
// time units with their zone offsets applied, and bad strings refused (by the readers with the
// file and the variable named).
#include <gtest/gtest.h>
#include <netcdf.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "caspian/core/error.hpp"
#include "caspian/io/level_series.hpp"
#include "caspian/io/units.hpp"

namespace {
using caspian::core::Quantity;
using caspian::io::conversion_to_model_units;
using caspian::io::parse_time_units;

TEST(IoUnits, ConvertsToTheModelsUnits) {
  const auto mm_day = conversion_to_model_units(Quantity::water_flux_m_per_s, "mm/day");
  ASSERT_TRUE(mm_day);
  EXPECT_NEAR(mm_day->apply(86.4), 1e-6, 1e-18);  // 86.4 mm/day = 86.4e-3 m / 86400 s
  EXPECT_EQ(mm_day->offset, 0.0);
  // A mass flux of water: 1 kg m-2 s-1 = 1 mm s-1 at 1000 kg m-3.
  const auto kg = conversion_to_model_units(Quantity::water_flux_m_per_s, "kg m-2 s-1");
  ASSERT_TRUE(kg);
  EXPECT_DOUBLE_EQ(kg->apply(1.0), 1e-3);
  const auto kg_day = conversion_to_model_units(Quantity::water_flux_m_per_s, "kg m-2 d-1");
  ASSERT_TRUE(kg_day);
  EXPECT_NEAR(kg_day->apply(86.4), 1e-6, 1e-18);
  const auto kelvin = conversion_to_model_units(Quantity::temperature_degC, "K");
  ASSERT_TRUE(kelvin);
  EXPECT_EQ(kelvin->scale, 1.0);
  EXPECT_EQ(kelvin->apply(273.15), 0.0);
  EXPECT_NEAR(kelvin->apply(300.0), 26.85, 1e-12);
  const auto fahrenheit = conversion_to_model_units(Quantity::temperature_degC, "degF");
  ASSERT_TRUE(fahrenheit);
  EXPECT_NEAR(fahrenheit->apply(212.0), 100.0, 1e-9);
  EXPECT_NEAR(fahrenheit->apply(32.0), 0.0, 1e-9);
  EXPECT_TRUE(conversion_to_model_units(Quantity::temperature_degC, " degC "));
  // UDUNITS-2's year is 365.242198781 days: 1 km3/yr = 1e9 / 31556925.9747 m3 s-1.
  const auto km3 = conversion_to_model_units(Quantity::volume_flux_m3_per_s, "km3/yr");
  ASSERT_TRUE(km3);
  EXPECT_NEAR(km3->apply(1.0), 1e9 / (365.242198781 * 86400.0), 1e-9);
  const auto m3 = conversion_to_model_units(Quantity::volume_flux_m3_per_s, "m^3/s");
  ASSERT_TRUE(m3);
  EXPECT_EQ(m3->apply(8000.0), 8000.0);
  const auto feet = conversion_to_model_units(Quantity::height_m, "ft");
  ASSERT_TRUE(feet);
  EXPECT_DOUBLE_EQ(feet->apply(10.0), 3.048);
  const auto cm = conversion_to_model_units(Quantity::height_m, "cm");
  ASSERT_TRUE(cm);
  EXPECT_DOUBLE_EQ(cm->apply(-2915.0), -29.15);
  const auto knots = conversion_to_model_units(Quantity::speed_m_per_s, "knots");
  ASSERT_TRUE(knots);
  EXPECT_DOUBLE_EQ(knots->apply(3600.0), 1852.0);
  // Older files' capitals (COADS: "Deg C", "M/S").
  for (const char* u : {"DEG C", "Deg C", "M/S", "MM/DAY"}) {
    EXPECT_TRUE(conversion_to_model_units(u[0] == 'M' && u[1] == '/' ? Quantity::speed_m_per_s
                                          : u[0] == 'M'              ? Quantity::water_flux_m_per_s
                                                                     : Quantity::temperature_degC,
                                          u))
        << u;
  }
}

TEST(IoUnits, RefusesUnitsOfOtherQuantitiesAndBadStrings) {
  EXPECT_FALSE(conversion_to_model_units(Quantity::water_flux_m_per_s, "mm"));
  EXPECT_FALSE(conversion_to_model_units(Quantity::temperature_degC, "C"));  // coulomb
  EXPECT_FALSE(conversion_to_model_units(Quantity::height_m, "bananas"));
  EXPECT_FALSE(conversion_to_model_units(Quantity::height_m, ""));
  EXPECT_FALSE(conversion_to_model_units(Quantity::height_m, "m/s"));
  EXPECT_FALSE(conversion_to_model_units(Quantity::volume_flux_m3_per_s, "m3"));
  EXPECT_FALSE(conversion_to_model_units(Quantity::speed_m_per_s, "m s-1 )("));
}

TEST(IoUnits, VolumesPerYearOrMonthOfRecordedSeries) {
  using caspian::core::RecordPeriod;
  using caspian::io::km3_per_period;
  for (const char* u : {"km3/yr", "km3 yr-1", "KM3/Year", "km3/a", "km3  a-1", "1e9 m3/yr"})
    EXPECT_EQ(km3_per_period(u), RecordPeriod::year) << u;
  for (const char* u : {"km3/month", "km3 month-1"})
    EXPECT_EQ(km3_per_period(u), RecordPeriod::month) << u;
  for (const char* u : {"m3/s", "km3", "km3/day", "", "bananas"})
    EXPECT_FALSE(km3_per_period(u)) << u;
}

TEST(IoUnits, TimeUnitsWithTheirZoneOffsets) {
  const auto hours = parse_time_units("hours since 1800-01-01 00:00:0.0");
  EXPECT_EQ(hours.seconds_per_unit, 3600.0);
  EXPECT_EQ(hours.epoch.year, 1800);
  EXPECT_EQ(hours.epoch.seconds, 0.0);
  const auto days = parse_time_units("days since 1-1-1 00:00:0.0");
  EXPECT_EQ(days.seconds_per_unit, 86400.0);
  EXPECT_EQ(days.epoch.year, 1);
  EXPECT_EQ(parse_time_units("Days Since 2000-01-01").epoch.month, 1);
  EXPECT_EQ(parse_time_units("minutes since 2000-01-01").seconds_per_unit, 60.0);
  EXPECT_EQ(parse_time_units("s since 2000-01-01").seconds_per_unit, 1.0);
  EXPECT_EQ(parse_time_units("days since 1850-01-01T12:00:00Z").epoch.seconds, 43200.0);
  EXPECT_EQ(parse_time_units("days since 1850-01-01 12:00:00 UTC").epoch.seconds, 43200.0);
  // 00:00 at UTC+3 is 21:00 UTC the day before: 3 hours before the day's 00:00 UTC.
  EXPECT_EQ(parse_time_units("days since 2000-01-01 00:00:00 +03:00").epoch.seconds, -10800.0);
  EXPECT_EQ(parse_time_units("days since 2000-01-01 00:00:00 +3").epoch.seconds, -10800.0);
  EXPECT_EQ(parse_time_units("days since 2000-01-01 00:00 -0530").epoch.seconds, 19800.0);
  // 12:00 at UTC-5 is 17:00 UTC.
  EXPECT_EQ(parse_time_units("hours since 1990-06-15 12:00:00 -05:00").epoch.seconds, 61200.0);
  EXPECT_EQ(parse_time_units("days since -100000-01-01").epoch.year, -100000);
  // The date is the file's calendar's, not UDUNITS-2's: 30 February of a 360-day year stays.
  const auto day360 = parse_time_units("days since 2000-02-30 06:00:00");
  EXPECT_EQ(day360.epoch.month, 2);
  EXPECT_EQ(day360.epoch.day, 30);
  EXPECT_EQ(day360.epoch.seconds, 21600.0);
}

TEST(IoUnits, RefusesTimeUnitsItCannotApply) {
  const auto refused = [](const std::string& units, const std::string& words) {
    try {
      (void)parse_time_units(units);
      ADD_FAILURE() << units << ": no error";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(units), std::string::npos) << e.what();
    }
  };
  // Once dropped silently.
  refused("days since 2000-01-01 00:00:00 EST", "time zone 'EST'");
  refused("days since 2000-01-01 00:00:00 +25:00", "time zone '+25:00'");
  refused("days since 2000-01-01 00:00:00 +03:75", "time zone '+03:75'");
  refused("months since 2000-01-01", "longer than a day");
  refused("fortnights since 2000-01-01", "longer than a day");
  refused("bananas since 2000-01-01", "is not a unit of time UDUNITS-2 reads");
  refused("days after 2000-01-01", "are not of the form '<unit> since <date>'");
  refused("days since 2000-13-01", "reference date out of range");
  // Issue 12: a reference year of 2147483647 overflowed a signed int in the day arithmetic.
  refused("days since 2147483647-01-01", "reference date out of range");
  refused("days since 100001-01-01", "reference date out of range");
  refused("days since 99999999999-01-01", "cannot read the reference date");
  refused("days since 2000-01-01 noon", "UDUNITS-2 cannot read the reference time");
}

// The unit system is read once; readers on several threads get the same answers.
TEST(IoUnits, SafeFromSeveralThreads) {
  std::vector<std::thread> threads;
  std::vector<double> seconds(8, 0.0);
  for (std::size_t k = 0; k < seconds.size(); ++k) {
    threads.emplace_back([&seconds, k] {
      for (int i = 0; i < 50; ++i) {
        seconds[k] += parse_time_units("hours since 2000-01-01 00:00:00 +01:00").epoch.seconds;
        seconds[k] += conversion_to_model_units(Quantity::temperature_degC, "K")->offset;
      }
    });
  }
  for (auto& t : threads) t.join();
  double expected = 0.0;  // the same sums in the same order on one thread
  for (int i = 0; i < 50; ++i) {
    expected += -3600.0;
    expected += -273.15;
  }
  for (double s : seconds) EXPECT_EQ(s, expected);
}

// A reader names the file and the variable when units are bad.
TEST(IoUnits, ReadersNameTheFileAndTheVariable) {
  std::random_device rd;
  const auto dir =
      std::filesystem::temp_directory_path() / ("caspian-units-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& time_units, const std::string& level_units) {
    const auto path = dir / "levels.nc";
    int ncid = -1, dim = -1, time = -1, level = -1;
    nc_create(path.c_str(), NC_NETCDF4 | NC_CLOBBER, &ncid);
    nc_def_dim(ncid, "time", 12, &dim);
    nc_def_var(ncid, "time", NC_DOUBLE, 1, &dim, &time);
    nc_put_att_text(ncid, time, "units", time_units.size(), time_units.c_str());
    nc_def_var(ncid, "sea_level", NC_DOUBLE, 1, &dim, &level);
    nc_put_att_text(ncid, level, "units", level_units.size(), level_units.c_str());
    double t[12], v[12];
    for (int k = 0; k < 12; ++k) {
      t[k] = 15.0 + 30.5 * k;  // mid-month, 2000
      v[k] = -2900.0 - k;
    }
    nc_put_var_double(ncid, time, t);
    nc_put_var_double(ncid, level, v);
    nc_close(ncid);
    return path;
  };
  const auto message = [](const std::filesystem::path& path) {
    try {
      (void)caspian::io::read_level_series(path);
    } catch (const caspian::core::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const auto zone = write("days since 2000-01-01 00:00:00 EST", "m");
  EXPECT_NE(message(zone).find(zone.string() + ": time: time zone 'EST'"), std::string::npos)
      << message(zone);
  const auto feet_per_s = write("days since 2000-01-01", "ft/s");
  EXPECT_NE(message(feet_per_s).find(feet_per_s.string() + ": sea_level: units 'ft/s'"),
            std::string::npos)
      << message(feet_per_s);
  // Centimetres are read as such.
  write("days since 2000-01-01", "cm");
  EXPECT_NE(message(dir / "levels.nc").find("no error"), std::string::npos)
      << message(dir / "levels.nc");
  std::filesystem::remove_all(dir);
}
}  // namespace
