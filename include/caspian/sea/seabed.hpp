#pragma once
// Exposed seabed and shoreline distances on the bathymetry grid: the sea area of each region
// (littoral state sector, sub-basin) at a level, and how far a point (a port) is from the
// shoreline and from water of a given depth, along the wet cells of the grid.
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "caspian/core/grid.hpp"
#include "caspian/sea/hypsometry.hpp"

namespace caspian::sea {

// Sea area of each region at a level: sum over the cells c of region k of a_c r_c(h), with the
// hypsometry's wet fraction r_c, so the regions add up to Hypsometry::area_m2(h) when every
// connected cell has a region. region[c] in 0..n_regions-1, or negative: counted in no region.
// Throws std::invalid_argument when region has the wrong size or an index >= n_regions, and
// core::RangeError above the hypsometry's max level.
std::vector<double> region_sea_areas_m2(const Hypsometry& hypsometry, std::span<const int> region,
                                        std::size_t n_regions, double level_m_bs);

// Water depth of every cell at a level (level - bed) where the cell belongs to the sea, that is
// its join level is below the level (wet fraction above one half); NaN where it is dry or never
// connected. Throws core::RangeError above the max level.
std::vector<double> sea_water_depth_m(const Hypsometry& hypsometry, double level_m_bs);

// Great-circle distance on the sphere of core::earth_radius_m (haversine).
double great_circle_m(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg);

// Distance from a point to a grid cell: 0 inside it, else to the nearest point of its
// latitude-longitude rectangle (the point's latitude and longitude clamped to the cell's edges:
// exact along a meridian or parallel, within a fraction of a per cent for cells of a degree or
// less).
double point_to_cell_m(const core::LatLonGrid& grid, std::size_t cell, double lat_deg,
                       double lon_deg);

struct ShoreDistances {
  // From the point to the edge of the nearest sea cell (0 when the point is in one); NaN when no
  // cell is wet.
  double shore_m = 0.0;
  std::size_t shore_cell = 0;  // that nearest sea cell
  // Per required depth: the shortest path from the point to the edge of a cell whose water
  // depth is at least the required depth: straight over land to any sea cell of the shore zone
  // (its edge within one cell diagonal of the shore distance) and its centre, then through sea
  // cells (8 neighbours, great circles between centres), entering the deep cell half-way between
  // the last two centres. The shore distance when the shore cell is deep enough; NaN when no
  // reachable cell is.
  std::vector<double> deep_water_m;
};

// water_depth_m: per cell, > 0 in the sea (NaN or <= 0: dry). A path enters a shore-zone cell at
// its point nearest to the origin (or at the origin itself inside it).
ShoreDistances shore_distances(const core::LatLonGrid& grid, std::span<const double> water_depth_m,
                               double lat_deg, double lon_deg,
                               std::span<const double> required_depth_m);

// A point of an approach route (a port's channel to the open sea): its position and its distance
// along the route from the port.
struct RoutePoint {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  double along_m = 0.0;
};

// A point of a route as a data file gives it: its position and, where published, its chainage
// (distance mark along the channel, m).
struct RouteMark {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  std::optional<double> chainage_m;
};

// Each mark's distance along the route from the first: differences of the published chainages
// where given; a point between two given ones placed by its share of the straight-line length
// between them; points before the first or after the last given chainage (or all, when none is
// given) by straight-line distance. Throws std::invalid_argument for fewer than 2 marks or
// chainages that do not increase.
std::vector<RoutePoint> route_from_marks(std::span<const RouteMark> marks);

// As shore_distances, but along a route first: the route (the port's point first, along_m 0,
// increasing) is followed in steps of at most a quarter of a cell; shore_m is the distance along
// it to the first step in a sea cell, deep_water_m[r] to the first step in a cell at least
// required_depth_m[r] deep. What the route does not reach is reached from its end over the sea
// grid (shore_distances from the last point, plus the route's length). shore_cell: the cell
// where shore_m ends. Steps outside the grid count as land.
ShoreDistances route_distances(const core::LatLonGrid& grid, std::span<const double> water_depth_m,
                               std::span<const RoutePoint> route,
                               std::span<const double> required_depth_m);

}  // namespace caspian::sea
