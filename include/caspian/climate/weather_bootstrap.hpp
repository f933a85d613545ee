#pragma once
// Future weather with real year-to-year swings: whole observed years of the daily anomaly series
// drawn in blocks of consecutive years (a moving-block bootstrap, Kunsch 1989, Ann. Stat.
// 17:1217), seeded per member, from the years allowed (flagged years are never drawn). Land and
// sea take the same drawn years, so their weather stays consistent.
#include <cstdint>
#include <map>
#include <set>

#include "caspian/climate/anomaly_forcing.hpp"
#include "caspian/core/time.hpp"

namespace caspian::climate {

// For every simulated year first..last, the observed year whose weather it gets: blocks of
// block_years consecutive allowed years, each block starting at a uniformly drawn allowed start
// (a start whose whole block is allowed), laid end to end. Deterministic for a seed. Throws
// std::invalid_argument if no block of block_years consecutive allowed years exists.
std::map<int, int> bootstrap_years(int first_year, int last_year, const std::set<int>& allowed,
                                   int block_years, std::uint64_t seed);

// A daily series over the simulated years made of the observed days of the drawn years, in the
// simulated calendar: 29 February of a simulated leap year repeats the drawn year's 28 February
// when that year has none; a drawn 29 February is dropped in a common simulated year. Throws
// std::invalid_argument if the series lacks a day of a drawn year.
DailySeries resampled_series(const DailySeries& observed, const std::map<int, int>& year_map,
                             core::Calendar calendar);

}  // namespace caspian::climate
