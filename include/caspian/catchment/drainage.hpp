#pragma once
// The drainage network of the Caspian basin on a DEM: pits filled by priority-flood, D8 flow
// directions, upstream areas, each cell's entry point into the sea, a routing order in waves, and
// named basins by entry region. Plain functions over arrays: no I/O.
//
// Outlets (cells that end a flow path):
//   sea       the Caspian at the current level (a boolean mask, e.g. wet fraction >= 0.5);
//   external  water that leaves the Caspian drainage: every grid-boundary cell (drains off the
//             grid) and the open ocean, i.e. cells below `ocean_level_m` connected to the grid
//             edge through such cells (Black Sea, Azov, Mediterranean, Baltic, Onega/Ladoga do
//             not matter: all are outside the Caspian drainage);
//   internal  the lowest cell of a closed depression kept as an endorheic sink (see below).
// Pit filling (Barnes et al. 2014, Priority-Flood): one flood from all outlets gives each cell
// the lowest level at which water standing on it can leave through an outlet (the minimax
// height over paths). Flats drain by tie-breaking, not by an epsilon: cells of equal height are
// flooded first-in first-out, and a cell with no strictly lower neighbour on the filled surface
// flows to the cell that flooded it. Cells are popped in non-decreasing filled height, so every
// cell's downstream was popped before it and the network has no cycles.
//
// Endorheic depressions: a first flood from the sea and external outlets finds every closed
// depression (a connected set of raised cells; all share one spill level). A depression becomes
// an internal sink when it is at least `endorheic_min_depth_m` deep (spill level minus its lowest
// cell) AND spills at or below `endorheic_max_spill_m` (a lowland basin). Why both: on the
// smoothed 10' DEM the plains' river valleys and reservoirs (Kuibyshev, Rybinsk, Volgograd) show
// as false pits up to ~50 m deep, and mountain gorges are blocked by hundreds of metres (Aras at
// Ordubad ~700 m, Sefid Rud at Manjil ~390 m, Ural at Orsk ~90 m with spill ~300 m); the real
// closed basins of the Turan lowland (Aral-Sarykamysh, where the Amu Darya ends; Karynzharyk) are
// 80-90 m deep and spill below ~80 m. Highland closed basins (Lake Urmia, Lake Van, central Iran)
// are therefore filled and routed wherever the smoothed DEM spills (Urmia into the Aras): a
// known error of this rule. A second flood, seeded from all outlets, gives the network.
//
// Known closed basins: `NetworkOptions::closed_basin_cells` lists cells (the lowest cells of
// terminal lakes such as Lake Urmia, from a sourced list of real endorheic basins) that are
// internal sinks from the start: seeded in both floods like the other outlets, so every cell
// whose minimax path to them is lower than to any other outlet (up to the divide where their
// flood meets the others') drains to them and is endorheic; D8 does not cross that divide. One
// exception: a depression whose bottom is lower than the sink it would spill into cannot drain
// to it (water does not run up into a terminal lake); it is excluded from the closed basins'
// floods and left to the other outlets. On the smoothed DEM these are blocked gorges: without
// the exception the Aras above its Ordubad gorge (bottom ~710 m) would spill into Lake Urmia
// (~1200 m). The depth/spill rule then applies to the depressions that remain. A listed cell the
// sea or the ocean covers stays a sea or external outlet (a shoreline rebuilt at a high level
// may reach a lowland closed basin).
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "caspian/core/grid.hpp"

namespace caspian::catchment {

inline constexpr std::size_t no_cell = std::numeric_limits<std::size_t>::max();

enum class OutletKind : std::uint8_t { none = 0, sea = 1, external = 2, internal = 3 };

// D8 codes (ESRI convention): 1 E, 2 SE, 4 S, 8 SW, 16 W, 32 NW, 64 N, 128 NE; 0 = outlet.
inline constexpr std::array<std::uint8_t, 8> d8_codes{1, 2, 4, 8, 16, 32, 64, 128};

struct NetworkOptions {
  double ocean_level_m = 0.0;            // registry catchment.ocean_level_m
  double endorheic_min_depth_m = 60.0;   // registry catchment.endorheic_min_depth_m
  double endorheic_max_spill_m = 200.0;  // registry catchment.endorheic_max_spill_m
  // Cells (row-major indices) that are internal sinks before any flood: known closed basins.
  std::vector<std::size_t> closed_basin_cells;
};

// A closed depression of the first flood (before internal sinks are chosen).
struct Depression {
  std::size_t lowest_cell = no_cell;
  double bottom_m = 0.0;  // elevation of the lowest cell
  double spill_m = 0.0;   // filled level of the whole depression
  std::size_t cell_count = 0;
  double area_m2 = 0.0;
  bool internal_sink = false;  // kept as an endorheic sink by the rule above
};

struct DrainageNetwork {
  core::LatLonGrid grid;
  std::vector<double> elevation_m;  // as given
  NetworkOptions options;
  std::vector<std::uint8_t> sea_mask;    // 1 = Caspian cell at the level the network is for
  std::vector<std::uint8_t> ocean;       // 1 = open-ocean cell (an external outlet)
  std::vector<OutletKind> outlet;        // per cell
  std::vector<double> filled_m;          // pit-filled surface (no epsilon)
  std::vector<std::size_t> downstream;   // no_cell for outlets
  std::vector<std::uint8_t> d8;          // D8 code, 0 for outlets
  std::vector<double> cell_area_m2;      // exact spherical cell areas
  std::vector<double> upstream_area_m2;  // the cell and everything draining through it
  std::vector<std::size_t> entry;        // the outlet each cell's path ends in (itself if one)
  // Routing order, upstream first: order[wave_offsets[k] .. wave_offsets[k+1]) is wave k. A
  // cell's upstream neighbours are all in earlier waves, so the cells of one wave can be
  // processed in parallel. Wave 0 holds the cells nothing flows into.
  std::vector<std::size_t> order;
  std::vector<std::size_t> wave_offsets;
  std::vector<std::size_t> wave;        // per cell, its wave index
  std::vector<Depression> depressions;  // all closed depressions of the first flood
  // The listed closed-basin cells that are internal sinks (not covered by the sea or ocean).
  std::vector<std::size_t> closed_basin_sinks;

  std::size_t wave_count() const { return wave_offsets.empty() ? 0 : wave_offsets.size() - 1; }
};

// 1 where wet_fraction >= min_fraction.
std::vector<std::uint8_t> sea_mask_from_wet_fraction(std::span<const double> wet_fraction,
                                                     double min_fraction = 0.5);

// Cells below ocean_level_m connected (4-connectivity) to the grid edge through such cells,
// never crossing a sea-mask cell.
std::vector<std::uint8_t> ocean_mask(const core::LatLonGrid& grid,
                                     std::span<const double> elevation_m,
                                     std::span<const std::uint8_t> sea_mask, double ocean_level_m);

// Priority-Flood from seed cells (8-connectivity): filled[c] = min over paths to a seed of the
// highest elevation on the path (seeds keep their elevation). parent[c] is the cell that flooded
// c (no_cell for seeds), pop_rank[c] the order in which c left the queue, owner[c] the seed whose
// flood reached c.
struct FloodResult {
  std::vector<double> filled_m;
  std::vector<std::size_t> parent;
  std::vector<std::size_t> pop_rank;
  std::vector<std::size_t> owner;
};
FloodResult priority_flood(const core::LatLonGrid& grid, std::span<const double> elevation_m,
                           std::span<const std::uint8_t> is_seed);

// The network for a sea mask. Throws std::invalid_argument for arrays of the wrong size,
// non-finite elevations or a closed-basin cell outside the grid (the driver checks user input
// first).
DrainageNetwork build_network(const core::LatLonGrid& grid, std::span<const double> elevation_m,
                              std::span<const std::uint8_t> sea_mask,
                              const NetworkOptions& options);

// The same DEM and options with a new sea mask (e.g. the shoreline at a new level): cells that
// left the sea are land and drain to the new shore; cells the sea covered become outlets. The
// closed-basin cells of the options stay sinks.
DrainageNetwork rebuild_network(const DrainageNetwork& network,
                                std::span<const std::uint8_t> new_sea_mask);

// Great-circle distance between the centres of two cells, m.
double centre_distance_m(const core::LatLonGrid& grid, std::size_t a, std::size_t b);

// The lowest cell (ties: the nearest, then the lowest index) whose centre lies within radius_m of
// the point's cell centre, among cells with usable[c] != 0 (empty: all); no_cell if the point is
// off the grid or no usable cell is in reach. Places a closed basin's sink on its terminal lake.
std::size_t lowest_cell_within(const core::LatLonGrid& grid, std::span<const double> elevation_m,
                               double lat_deg, double lon_deg, double radius_m,
                               std::span<const std::uint8_t> usable = {});

// ---- Named basins ----------------------------------------------------------------------------

enum class BasinId : std::uint8_t {
  caspian_sea = 0,
  volga = 1,
  ural = 2,
  kura = 3,
  terek = 4,
  sulak = 5,
  samur = 6,
  iranian_rivers = 7,
  other_caspian = 8,  // drains to the Caspian, entry outside every named region
  endorheic = 9,      // drains to an internal sink
  external = 10,      // drains off the grid or to the ocean
};
inline constexpr std::size_t basin_count = 11;
// Short names for flag_meanings ("caspian_sea", "volga", ...).
std::string basin_name(BasinId id);

// An entry region: a box around a river mouth on the model's coast. all_entries: every entry
// cell in the box belongs to the river (a delta with several arms); otherwise only the entry cell
// with the largest upstream area does (the box is ambiguous: it may also hold coastal streams or
// a neighbouring river). Earlier regions take precedence where boxes overlap.
struct EntryRegion {
  BasinId basin;
  double lat_min_deg, lat_max_deg, lon_min_deg, lon_max_deg;
  bool all_entries;
};
// The default regions for the Caspian at levels near today's (-26..-30 m BS), see drainage.cpp.
std::vector<EntryRegion> default_entry_regions();

struct BasinSummary {
  BasinId id;
  double land_area_m2 = 0.0;         // land cells (not Caspian, not ocean) labelled so
  std::size_t entry_cells = 0;       // sea cells receiving this basin's water
  std::size_t main_entry = no_cell;  // the entry cell with the largest inflow
};

struct Basins {
  std::vector<BasinId> cell_basin;      // per cell
  std::vector<BasinSummary> summaries;  // indexed by BasinId
  double sea_area_m2 = 0.0;
  double caspian_land_area_m2 = 0.0;  // named + other_caspian
};

// Labels every cell by where its water ends: sea cells are caspian_sea; land draining to a sea
// cell takes the region of that entry cell; endorheic and external by outlet kind.
Basins label_basins(const DrainageNetwork& network, std::span<const EntryRegion> regions);

}  // namespace caspian::catchment
