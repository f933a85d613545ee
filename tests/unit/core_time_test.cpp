#include <gtest/gtest.h>

#include <cmath>

#include "caspian/core/time.hpp"

namespace {
using namespace caspian::core;

TEST(Calendar, MonthLengths) {
  EXPECT_EQ(days_in_month(Calendar::proleptic_gregorian, 2024, 2), 29);
  EXPECT_EQ(days_in_month(Calendar::proleptic_gregorian, 2100, 2), 28);
  EXPECT_EQ(days_in_month(Calendar::proleptic_gregorian, 2000, 2), 29);
  EXPECT_EQ(days_in_month(Calendar::noleap, 2024, 2), 28);
  EXPECT_EQ(days_in_month(Calendar::day360, 2024, 2), 30);
  EXPECT_EQ(days_in_year(Calendar::day360, 2023), 360);
}

TEST(Calendar, DaysBetweenAndAddDaysRoundTrip) {
  // 1800-01-01 to 2024-01-01: 224 years with 54 leap days (1800 and 1900 are not leap).
  EXPECT_DOUBLE_EQ(days_between(Calendar::proleptic_gregorian, {1800, 1, 1}, {2024, 1, 1}),
                   224.0 * 365.0 + 54.0);
  EXPECT_DOUBLE_EQ(days_between(Calendar::noleap, {1850, 1, 1}, {2007, 1, 1}), 157.0 * 365.0);
  EXPECT_DOUBLE_EQ(days_between(Calendar::day360, {2000, 1, 1}, {2001, 3, 1}), 420.0);
  for (Calendar c : {Calendar::proleptic_gregorian, Calendar::noleap, Calendar::day360}) {
    const Date start{1979, 1, 1};
    for (double d : {0.0, 31.0, 59.5, 365.0, 10000.25, -400.0}) {
      const Date end = add_days(c, start, d);
      EXPECT_NEAR(days_between(c, start, end), d, 1e-9) << calendar_name(c) << " " << d;
    }
  }
}

TEST(Calendar, RefusesUnknownCalendars) {
  EXPECT_THROW(parse_calendar("julian"), std::invalid_argument);
}

// Issue 12: 1e300 days was cast to long long out of range (a year of about 671 million).
TEST(Calendar, AddDaysRefusesDatesOutsideTheSupportedYears) {
  for (Calendar c : {Calendar::proleptic_gregorian, Calendar::noleap, Calendar::day360}) {
    for (double days : {1e300, -1e300, 1e14, 4e7, std::nan(""), HUGE_VAL}) {
      EXPECT_THROW(add_days(c, {2000, 1, 1}, days), std::invalid_argument)
          << calendar_name(c) << " " << days;
    }
    EXPECT_EQ(add_days(c, {2000, 1, 1}, 3e7).year / 1000, c == Calendar::day360 ? 85 : 84);
  }
}
}  // namespace

#include "caspian/core/trajectory.hpp"

namespace {
TEST(YearTrajectory, InterpolatesAndHoldsEnds) {
  const caspian::core::YearTrajectory t{{2024, 0.8}, {2050, 1.9}, {2100, 2.6}};
  EXPECT_DOUBLE_EQ(caspian::core::interpolate_trajectory(t, 2000.0), 0.8);
  EXPECT_DOUBLE_EQ(caspian::core::interpolate_trajectory(t, 2050.0), 1.9);
  EXPECT_NEAR(caspian::core::interpolate_trajectory(t, 2075.0), 2.25, 1e-12);
  EXPECT_NEAR(caspian::core::interpolate_trajectory(t, 2037.0), 0.8 + 1.1 * 13.0 / 26.0, 1e-12);
  EXPECT_DOUBLE_EQ(caspian::core::interpolate_trajectory(t, 2200.0), 2.6);
  EXPECT_DOUBLE_EQ(caspian::core::interpolate_trajectory({}, 2030.0), 0.0);
}
}  // namespace
