#include "caspian/sea/hypsometry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <utility>

#include "caspian/core/constants.hpp"
#include "caspian/core/error.hpp"

namespace caspian::sea {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// Priority flood from the seed (Barnes et al. 2014): cells leave a binary min-heap in
// non-decreasing order of their join level, so a cell's join level is fixed when first reached.
std::vector<double> flood_join_levels(const core::LatLonGrid& grid, std::span<const double> bed,
                                      std::size_t seed) {
  const std::size_t nlat = grid.nlat();
  const std::size_t nlon = grid.nlon();
  std::vector<double> join(bed.size(), infinity);
  std::vector<char> reached(bed.size(), 0);
  using Entry = std::pair<double, std::size_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  join[seed] = bed[seed];
  reached[seed] = 1;
  heap.emplace(bed[seed], seed);
  while (!heap.empty()) {
    const auto [level, cell] = heap.top();
    heap.pop();
    const std::size_t i = cell / nlon;
    const std::size_t j = cell % nlon;
    const auto visit = [&](std::size_t next) {
      if (reached[next] || !std::isfinite(bed[next])) return;
      reached[next] = 1;
      join[next] = std::max(level, bed[next]);
      heap.emplace(join[next], next);
    };
    if (i > 0) visit(cell - nlon);
    if (i + 1 < nlat) visit(cell + nlon);
    if (j > 0) visit(cell - 1);
    if (j + 1 < nlon) visit(cell + 1);
  }
  return join;
}

std::vector<long double> prefix(const std::vector<long double>& values) {
  std::vector<long double> sums(values.size() + 1, 0.0L);
  for (std::size_t k = 0; k < values.size(); ++k) sums[k + 1] = sums[k] + values[k];
  return sums;
}

}  // namespace

Hypsometry::Hypsometry(core::LatLonGrid grid, std::span<const double> bed_m_bs,
                       std::size_t seed_index, double subgrid_relief_m)
    : grid_(std::move(grid)),
      bed_m_bs_(bed_m_bs.begin(), bed_m_bs.end()),
      seed_index_(seed_index),
      relief_m_(subgrid_relief_m) {
  if (bed_m_bs_.size() != grid_.size() || grid_.size() == 0)
    throw std::invalid_argument("Hypsometry: bed heights do not match the grid size");
  if (seed_index_ >= bed_m_bs_.size() || !std::isfinite(bed_m_bs_[seed_index_]))
    throw std::invalid_argument("Hypsometry: the seed cell is outside the grid or has no bed");
  if (!(relief_m_ >= 0.0) || !std::isfinite(relief_m_))
    throw std::invalid_argument("Hypsometry: subgrid relief must be finite and >= 0");

  cell_area_m2_ = grid_.cell_areas_m2();
  join_m_bs_ = flood_join_levels(grid_, bed_m_bs_, seed_index_);
  ref_m_bs_ = bed_m_bs_[seed_index_];

  // The max level: lowest join on the grid boundary, bounded by the highest finite join.
  const std::size_t nlat = grid_.nlat();
  const std::size_t nlon = grid_.nlon();
  double boundary_min = infinity;
  double finite_max = -infinity;
  for (std::size_t i = 0; i < nlat; ++i) {
    for (std::size_t j = 0; j < nlon; ++j) {
      const double join = join_m_bs_[grid_.index(i, j)];
      if (!std::isfinite(join)) continue;
      finite_max = std::max(finite_max, join);
      if (i == 0 || j == 0 || i + 1 == nlat || j + 1 == nlon)
        boundary_min = std::min(boundary_min, join);
    }
  }
  max_level_m_bs_ = std::min(boundary_min, finite_max);

  // Connected cells sorted by join level (ties by index, so the order is deterministic).
  std::vector<std::size_t> order;
  for (std::size_t c = 0; c < join_m_bs_.size(); ++c)
    if (std::isfinite(join_m_bs_[c])) order.push_back(c);
  std::sort(order.begin(), order.end(), [this](std::size_t x, std::size_t y) {
    return join_m_bs_[x] < join_m_bs_[y] || (join_m_bs_[x] == join_m_bs_[y] && x < y);
  });
  const std::size_t n = order.size();
  sorted_join_m_bs_.resize(n);
  std::vector<long double> a(n), az(n), aj(n), ajj(n), ad(n), ajd(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t c = order[k];
    sorted_join_m_bs_[k] = join_m_bs_[c];
    const long double area = cell_area_m2_[c];
    const long double jr = static_cast<long double>(join_m_bs_[c]) - ref_m_bs_;
    const long double zr = static_cast<long double>(bed_m_bs_[c]) - ref_m_bs_;
    const long double d = jr - zr;
    a[k] = area;
    az[k] = area * zr;
    aj[k] = area * jr;
    ajj[k] = area * jr * jr;
    ad[k] = area * d;
    ajd[k] = area * jr * d;
  }
  p_a_ = prefix(a);
  p_az_ = prefix(az);
  p_aj_ = prefix(aj);
  p_ajj_ = prefix(ajj);
  p_ad_ = prefix(ad);
  p_ajd_ = prefix(ajd);

  // Breakpoints of V(h): for delta = 0 each join level (a cell becomes wet); otherwise each ramp
  // start J - delta/2 (the cell starts to wet) and ramp end J + delta/2 (it is full), merged.
  // Ramp starts go first on ties so that n_full <= n_end always holds.
  const double half = 0.5 * relief_m_;
  if (relief_m_ == 0.0) {
    for (std::size_t k = 0; k < n; ++k) {
      if (sorted_join_m_bs_[k] >= max_level_m_bs_) break;
      breakpoints_.push_back({sorted_join_m_bs_[k], k + 1, k + 1});
    }
  } else {
    std::size_t n_full = 0;
    std::size_t n_end = 0;
    while (n_full < n) {
      const double start = n_end < n ? sorted_join_m_bs_[n_end] - half : infinity;
      const double full = sorted_join_m_bs_[n_full] + half;
      const double level = std::min(start, full);
      if (level >= max_level_m_bs_) break;
      if (start <= full)
        ++n_end;
      else
        ++n_full;
      breakpoints_.push_back({level, n_full, std::max(n_full, n_end)});
    }
  }
  max_volume_m3_ = volume_m3(max_level_m_bs_);
}

double Hypsometry::min_level_m_bs() const { return ref_m_bs_ - 0.5 * relief_m_; }

Hypsometry::Sums Hypsometry::range_sums(std::size_t begin, std::size_t end) const {
  Sums s;
  if (end <= begin) return s;
  s.a = p_a_[end] - p_a_[begin];
  s.az = p_az_[end] - p_az_[begin];
  s.aj = p_aj_[end] - p_aj_[begin];
  s.ajj = p_ajj_[end] - p_ajj_[begin];
  s.ad = p_ad_[end] - p_ad_[begin];
  s.ajd = p_ajd_[end] - p_ajd_[begin];
  return s;
}

// Full cells hold a (h - bed); a ramping cell with x = h + delta/2 - J in (0, delta) holds
// a (x^2 / (2 delta) + (x / delta) (J - bed)), expanded in powers of J for the prefix sums.
long double Hypsometry::piece_volume(std::size_t n_full, std::size_t n_end,
                                     double level_m_bs) const {
  const long double eta = static_cast<long double>(level_m_bs) - ref_m_bs_;
  const Sums full = range_sums(0, n_full);
  long double volume = eta * full.a - full.az;
  if (n_end > n_full && relief_m_ > 0.0) {
    const Sums ramp = range_sums(n_full, n_end);
    const long double delta = relief_m_;
    const long double h = eta + 0.5L * delta;
    volume += (h * h * ramp.a - 2.0L * h * ramp.aj + ramp.ajj) / (2.0L * delta) +
              (h * ramp.ad - ramp.ajd) / delta;
  }
  return volume;
}

long double Hypsometry::piece_area(std::size_t n_full, std::size_t n_end, double level_m_bs) const {
  const long double eta = static_cast<long double>(level_m_bs) - ref_m_bs_;
  long double area = range_sums(0, n_full).a;
  if (n_end > n_full && relief_m_ > 0.0) {
    const Sums ramp = range_sums(n_full, n_end);
    const long double h = eta + 0.5L * static_cast<long double>(relief_m_);
    area += (h * ramp.a - ramp.aj) / static_cast<long double>(relief_m_);
  }
  return area;
}

void Hypsometry::check_level(double level_m_bs, const char* what) const {
  if (std::isnan(level_m_bs)) throw core::RangeError(fmt::format("sea {}: the level is NaN", what));
  if (level_m_bs > max_level_m_bs_)
    throw core::RangeError(fmt::format(
        "level {:.3f} m BS is above the highest level the bathymetry grid can hold ({:.3f} m BS): "
        "the sea would spill over the edge of the grid (sea {}); use a bathymetry grid that "
        "extends further or a lower level",
        level_m_bs, max_level_m_bs_, what));
}

namespace {
// Counts of sorted cells that are full and that have started to wet at a level.
std::pair<std::size_t, std::size_t> wet_counts(const std::vector<double>& sorted_join,
                                               double relief_m, double level_m_bs) {
  if (relief_m == 0.0) {
    const auto n = static_cast<std::size_t>(
        std::lower_bound(sorted_join.begin(), sorted_join.end(), level_m_bs) - sorted_join.begin());
    return {n, n};
  }
  const double half = 0.5 * relief_m;
  const auto n_full = static_cast<std::size_t>(
      std::upper_bound(sorted_join.begin(), sorted_join.end(), level_m_bs - half) -
      sorted_join.begin());
  const auto n_end = static_cast<std::size_t>(
      std::lower_bound(sorted_join.begin(), sorted_join.end(), level_m_bs + half) -
      sorted_join.begin());
  return {n_full, std::max(n_full, n_end)};
}
}  // namespace

double Hypsometry::area_m2(double level_m_bs) const {
  check_level(level_m_bs, "area");
  const auto [n_full, n_end] = wet_counts(sorted_join_m_bs_, relief_m_, level_m_bs);
  return static_cast<double>(piece_area(n_full, n_end, level_m_bs));
}

double Hypsometry::volume_m3(double level_m_bs) const {
  check_level(level_m_bs, "volume");
  const auto [n_full, n_end] = wet_counts(sorted_join_m_bs_, relief_m_, level_m_bs);
  if (n_end == 0) return 0.0;
  return static_cast<double>(piece_volume(n_full, n_end, level_m_bs));
}

double Hypsometry::level_for_volume(double volume_m3) const {
  if (!(volume_m3 >= 0.0) || volume_m3 > max_volume_m3_)
    throw core::RangeError(fmt::format(
        "sea volume {:.6f} km3 is outside the range the bathymetry grid can hold ({:.6f} to "
        "{:.6f} km3, levels {:.3f} to {:.3f} m BS)",
        volume_m3 / core::m3_per_km3, 0.0, max_volume_m3_ / core::m3_per_km3, min_level_m_bs(),
        max_level_m_bs_));
  if (breakpoints_.empty()) return max_level_m_bs_;
  const long double target = volume_m3;
  // Volume at breakpoint k from the piece below it (continuous for delta > 0; for delta = 0 the
  // value before a depression spills in). Non-decreasing in k, so binary search for the last
  // breakpoint at or below the target.
  const auto volume_at = [this](std::size_t k) -> long double {
    if (k == 0) return 0.0L;
    return piece_volume(breakpoints_[k - 1].n_full, breakpoints_[k - 1].n_end,
                        breakpoints_[k].level_m_bs);
  };
  std::size_t lo = 0;
  std::size_t hi = breakpoints_.size();  // volume_at(lo) <= target; answer in [lo, hi)
  while (hi - lo > 1) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (volume_at(mid) <= target)
      lo = mid;
    else
      hi = mid;
  }
  const Breakpoint& b = breakpoints_[lo];
  const double top_m_bs =
      lo + 1 < breakpoints_.size() ? breakpoints_[lo + 1].level_m_bs : max_level_m_bs_;
  // Within the piece V(p + t) = v0 + v1 t + v2 t^2; solve with the cancellation-free root.
  const long double v0 = piece_volume(b.n_full, b.n_end, b.level_m_bs);
  const long double dv = target - v0;
  if (dv <= 0.0L) return b.level_m_bs;
  long double v1 = piece_area(b.n_full, b.n_end, b.level_m_bs);
  long double v2 = 0.0L;
  if (relief_m_ > 0.0 && b.n_end > b.n_full) {
    const Sums ramp = range_sums(b.n_full, b.n_end);
    v1 += ramp.ad / static_cast<long double>(relief_m_);
    v2 = ramp.a / (2.0L * static_cast<long double>(relief_m_));
  }
  const long double denominator = v1 + std::sqrt(v1 * v1 + 4.0L * v2 * dv);
  const double span_m = top_m_bs - b.level_m_bs;
  const double t = denominator > 0.0L ? static_cast<double>(2.0L * dv / denominator) : span_m;
  return b.level_m_bs + std::clamp(t, 0.0, span_m);
}

std::vector<double> Hypsometry::wet_fraction(double level_m_bs) const {
  check_level(level_m_bs, "wet fraction");
  std::vector<double> fraction(join_m_bs_.size());
  for (std::size_t c = 0; c < fraction.size(); ++c) fraction[c] = wet_fraction(c, level_m_bs);
  return fraction;
}

HypsometryTable Hypsometry::make_table(double lo_m_bs, double hi_m_bs, double step_m) const {
  if (!(step_m > 0.0) || !(hi_m_bs >= lo_m_bs))
    throw std::invalid_argument("make_table: need step > 0 and hi >= lo");
  const auto count = static_cast<std::size_t>(std::floor((hi_m_bs - lo_m_bs) / step_m + 1e-9)) + 1;
  HypsometryTable table;
  table.level_m_bs.reserve(count);
  table.area_m2.reserve(count);
  table.volume_m3.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    const double level = lo_m_bs + static_cast<double>(k) * step_m;
    table.level_m_bs.push_back(level);
    table.area_m2.push_back(area_m2(level));
    table.volume_m3.push_back(volume_m3(level));
  }
  return table;
}

Hypsometry build_hypsometry(const core::LatLonGrid& grid, std::span<const double> bed_m_bs,
                            double seed_lat_deg, double seed_lon_deg, double seed_max_bed_m_bs,
                            double subgrid_relief_m) {
  if (bed_m_bs.size() != grid.size())
    throw core::InputError(
        "bathymetry", "bed",
        fmt::format("has {} values but the grid has {} cells", bed_m_bs.size(), grid.size()));
  if (!(subgrid_relief_m >= 0.0) || !std::isfinite(subgrid_relief_m))
    throw core::InputError("parameters", "sea.subgrid_relief_m",
                           fmt::format("is {}; expected a finite value >= 0", subgrid_relief_m));
  const auto cell = grid.locate(seed_lat_deg, seed_lon_deg);
  if (!cell || grid.size() == 0)
    throw core::InputError(
        "seed", "lat/lon",
        fmt::format("the seed at ({}, {}) is outside the bathymetry grid (cell centres lat {} to "
                    "{}, lon {} to {})",
                    seed_lat_deg, seed_lon_deg, grid.lat_deg().front(), grid.lat_deg().back(),
                    grid.lon_deg().front(), grid.lon_deg().back()));
  const std::size_t seed = grid.index(cell->first, cell->second);
  const double bed = bed_m_bs[seed];
  if (!(bed < seed_max_bed_m_bs))
    throw core::InputError("seed", "lat/lon",
                           fmt::format("the seed at ({}, {}) is on land: bed {} m BS is not below "
                                       "{} m BS",
                                       seed_lat_deg, seed_lon_deg, bed, seed_max_bed_m_bs));
  return Hypsometry(grid, bed_m_bs, seed, subgrid_relief_m);
}

}  // namespace caspian::sea
