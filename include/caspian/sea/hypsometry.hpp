#pragma once
// Hypsometry of the sea on a bathymetry grid: wet area A(h) and volume V(h) as exact functions of
// the level h for that grid, and the inverse h(V).
//
// The sea is the set of cells connected (4-connectivity) to a seed cell below the level. One
// priority-flood pass from the seed gives every cell its join level J_c: the lowest level at
// which it is connected to the seed (min over paths of the max bed along the path). Sub-grid
// relief spreads each cell's bed uniformly over a band of width delta centred on J_c, so the wet
// fraction is r_c(h) = clamp((h - (J_c - delta/2)) / delta, 0, 1) (delta = 0: wet iff J_c < h).
//   A(h) = sum_c a_c r_c(h)
//   V(h) = sum_c a_c [ integral_{-inf}^{h} r_c + r_c(h) (J_c - bed_c) ]
// The second term is the water standing in a depression below its sill, which spills into the
// sea as the cell joins (for delta = 0 V is the brute-force sum over J_c < h of a_c (h - bed_c)).
// Cells are sorted by join level and prefix sums make every evaluation exact and O(log n).
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

#include "caspian/core/grid.hpp"

namespace caspian::sea {

struct HypsometryTable {
  std::vector<double> level_m_bs;
  std::vector<double> area_m2;
  std::vector<double> volume_m3;
};

class Hypsometry {
 public:
  // bed_m_bs: one bed height per grid cell, row-major. Non-finite beds (NaN, +-inf) are walls
  // that are never flooded. seed_index must be a cell with a finite bed. subgrid_relief_m >= 0.
  // Throws std::invalid_argument for inconsistent arguments (a programming error; use
  // build_hypsometry for user input).
  Hypsometry(core::LatLonGrid grid, std::span<const double> bed_m_bs, std::size_t seed_index,
             double subgrid_relief_m);

  const core::LatLonGrid& grid() const { return grid_; }
  std::size_t seed_index() const { return seed_index_; }
  double subgrid_relief_m() const { return relief_m_; }
  // Per cell, row-major: the level at which the cell joins the sea (+inf: never connected).
  std::span<const double> join_level_m_bs() const { return join_m_bs_; }
  std::span<const double> bed_m_bs() const { return bed_m_bs_; }
  std::span<const double> cell_area_m2() const { return cell_area_m2_; }

  // Below this level the sea is empty (A = V = 0): the seed's bed minus delta/2.
  double min_level_m_bs() const;
  // The highest level the grid can hold: the lowest join level of any grid-boundary cell (above
  // it the sea would spill out of the grid), bounded by the highest finite join level.
  double max_level_m_bs() const { return max_level_m_bs_; }
  double max_volume_m3() const { return max_volume_m3_; }

  // Throw core::RangeError if level_m_bs > max_level_m_bs() (or is NaN); 0 below the bottom.
  double area_m2(double level_m_bs) const;
  double volume_m3(double level_m_bs) const;
  // The level whose volume is volume_m3 (exact inverse; within a jump of V, which happens for
  // delta = 0 when a depression spills in, the jump's level). Throws core::RangeError if the
  // volume is negative, NaN or above max_volume_m3().
  double level_for_volume(double volume_m3) const;

  // Wet fraction of one cell at a level (0 for cells never connected); no range check.
  double wet_fraction(std::size_t cell, double level_m_bs) const {
    const double join = join_m_bs_[cell];
    if (relief_m_ == 0.0) return join < level_m_bs ? 1.0 : 0.0;
    const double r = (level_m_bs - (join - 0.5 * relief_m_)) / relief_m_;
    return r <= 0.0 ? 0.0 : (r >= 1.0 ? 1.0 : r);
  }
  // Wet fraction of every cell, row-major. Throws core::RangeError above max_level_m_bs().
  std::vector<double> wet_fraction(double level_m_bs) const;

  // Levels lo, lo + step, ... up to hi (included when it falls on the grid of steps, to 1e-9 of
  // a step). Throws std::invalid_argument for step <= 0 or hi < lo; core::RangeError above the
  // max level.
  HypsometryTable make_table(double lo_m_bs, double hi_m_bs, double step_m) const;

 private:
  // Sums over cells [begin, end) of the join-sorted order, in long double to keep differences
  // of prefix sums accurate.
  struct Sums {
    long double a = 0, az = 0, aj = 0, ajj = 0, ad = 0, ajd = 0;
  };
  Sums range_sums(std::size_t begin, std::size_t end) const;
  // V and A when cells [0, n_full) are fully wet and [n_full, n_end) are in their ramp.
  long double piece_volume(std::size_t n_full, std::size_t n_end, double level_m_bs) const;
  long double piece_area(std::size_t n_full, std::size_t n_end, double level_m_bs) const;
  void check_level(double level_m_bs, const char* what) const;

  core::LatLonGrid grid_;
  std::vector<double> bed_m_bs_;
  std::vector<double> join_m_bs_;
  std::vector<double> cell_area_m2_;
  std::size_t seed_index_ = 0;
  double relief_m_ = 0.0;
  // Heights are stored relative to the seed's bed (the lowest join level) to limit cancellation.
  double ref_m_bs_ = 0.0;
  std::vector<double> sorted_join_m_bs_;  // finite join levels, ascending
  // Prefix sums over the sorted cells (size n + 1): a, a z, a j, a j^2, a d, a j d with
  // j = join - ref, z = bed - ref, d = join - bed.
  std::vector<long double> p_a_, p_az_, p_aj_, p_ajj_, p_ad_, p_ajd_;
  // Breakpoints of the piecewise-quadratic V(h) below the max level: the level, and how many
  // sorted cells are full and how many have started to wet just above it.
  struct Breakpoint {
    double level_m_bs;
    std::size_t n_full;
    std::size_t n_end;
  };
  std::vector<Breakpoint> breakpoints_;
  double max_level_m_bs_ = std::numeric_limits<double>::quiet_NaN();
  double max_volume_m3_ = 0.0;
};

// Builds the hypsometry for user input: finds the seed cell containing (seed_lat_deg,
// seed_lon_deg) and checks that its bed is below seed_max_bed_m_bs. Throws
// core::InputError("seed", "lat/lon", ...) if the point is outside the grid or on land, and
// core::InputError for a bed array of the wrong size or a negative relief.
Hypsometry build_hypsometry(const core::LatLonGrid& grid, std::span<const double> bed_m_bs,
                            double seed_lat_deg, double seed_lon_deg, double seed_max_bed_m_bs,
                            double subgrid_relief_m);

}  // namespace caspian::sea
