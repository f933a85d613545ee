#pragma once
// Statistics over ensemble members: quantiles (Hyndman & Fan 1996 type 7, the linear
// interpolation of R's and NumPy's default), probabilities of events, and the first year an
// event's probability reaches a level. Members are equally likely. NaN members are left out
// (a member that stopped, e.g. a sea below the bathymetry, is not silently counted).
#include <cstdint>
#include <map>
#include <span>
#include <vector>

namespace caspian::ensemble {

// The p-quantile (0 <= p <= 1) of the finite values; NaN when there is none. Throws
// std::invalid_argument for p outside [0, 1].
double quantile(std::span<const double> values, double p);

// Several quantiles at once (values sorted once).
std::vector<double> quantiles(std::span<const double> values, std::span<const double> ps);

// Share of the finite values for which the event holds (below: value < threshold; else
// value > threshold); NaN when there is no finite value.
double probability_below(std::span<const double> values, double threshold);
double probability_above(std::span<const double> values, double threshold);

// Share of the members whose flag is set (flags: 0 or 1 per member).
double probability_of(std::span<const std::uint8_t> flags);

// The first year whose probability is at least level, from a (year -> probability) series;
// 0 when it never is.
int first_year_reaching(const std::map<int, double>& probability_by_year, double level);

}  // namespace caspian::ensemble
