#pragma once
// Open-water evaporation from air temperature alone: Linacre (1977), "A simple formula for
// estimating evaporation rates in various climates, using temperature data alone", Agricultural
// Meteorology 18:409-424. Used where forcing gives no evaporation; the result is scaled by a
// calibration factor so the long-term total matches the observed 350-375 km3/yr.
#include <cstddef>
#include <span>
#include <vector>

namespace caspian::sea {

inline constexpr std::size_t months_per_year = 12;

// Linacre's regression for the dew-point depression T - Td (K):
// 0.0023 h + 0.37 T + 0.53 R + 0.35 R_ann - 10.9 (Linacre states it for months with at least
// 5 mm of rain and T - Td >= 4 K; it is applied here as given).
double linacre_dewpoint_depression_K(double temperature_degC, double elevation_m,
                                     double daily_range_K, double annual_range_K);

// Lake evaporation E0 = (700 Tm / (100 - A) + 15 (T - Td)) / (80 - T) in mm/day, with
// Tm = T + 0.006 h, A = |latitude| in degrees, T - Td from linacre_dewpoint_depression_K;
// clamped at >= 0. NaN temperature gives NaN.
double linacre_evaporation_mm_per_day(double temperature_degC, double elevation_m,
                                      double latitude_deg, double daily_range_K,
                                      double annual_range_K);

// Uncalibrated monthly evaporation per cell in m/s. monthly_temperature_degC holds 12 fields of
// n cells, month-major (month m, cell c at m * n + c). R_ann per cell is the difference between
// its warmest and coldest monthly temperature. elevation_m has n values or one for all cells
// (the sea surface), latitude_deg has n values. Cells with any NaN month give NaN in every
// month. Throws std::invalid_argument for inconsistent sizes. Result: same layout.
std::vector<double> linacre_monthly_evaporation_m_per_s(
    std::span<const double> monthly_temperature_degC, std::span<const double> elevation_m,
    std::span<const double> latitude_deg, double daily_range_K);

// Annual evaporation depth (mm/yr) averaged over the wet area (cell area x wet fraction) of 12
// monthly fields (m/s, month-major): sum over months of rate x month length. month_length_days:
// 12 values, or empty for 365.25/12 days each. Cells with zero wet fraction are skipped (NaN
// allowed there). Throws core::RangeError if the wet area is zero or a wet cell has no value.
double wet_area_mean_evaporation_mm_per_yr(std::span<const double> monthly_evaporation_m_per_s,
                                           std::span<const double> cell_area_m2,
                                           std::span<const double> wet_fraction,
                                           std::span<const double> month_length_days = {});

// The factor by which to multiply the monthly fields so that
// wet_area_mean_evaporation_mm_per_yr equals target_mm_per_yr. Throws core::RangeError if the
// uncalibrated mean is not positive.
double evaporation_calibration_factor(std::span<const double> monthly_evaporation_m_per_s,
                                      std::span<const double> cell_area_m2,
                                      std::span<const double> wet_fraction, double target_mm_per_yr,
                                      std::span<const double> month_length_days = {});

}  // namespace caspian::sea
