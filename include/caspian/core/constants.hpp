#pragma once
// Physical and calendar constants used across parts.

namespace caspian::core {

// IUGG mean Earth radius R1 (Moritz 2000, Geodetic Reference System 1980), metres.
inline constexpr double earth_radius_m = 6371008.8;
inline constexpr double standard_gravity_m_per_s2 = 9.80665;
inline constexpr double seconds_per_day = 86400.0;
inline constexpr double m3_per_km3 = 1.0e9;
inline constexpr double m2_per_km2 = 1.0e6;
// The Julian year, for km3/yr <-> m3/s.
inline constexpr double seconds_per_julian_year = 365.25 * 86400.0;
inline constexpr double pi = 3.14159265358979323846;
inline constexpr double degrees_to_radians = pi / 180.0;

}  // namespace caspian::core
