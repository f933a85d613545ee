#include "caspian/catchment/drainage.hpp"

#include <algorithm>
#include <cmath>
#include <queue>
#include <stdexcept>
#include <tuple>

#include "caspian/core/constants.hpp"

namespace caspian::catchment {

namespace {
// Neighbour offsets (row, column) in the order of d8_codes: E, SE, S, SW, W, NW, N, NE. Rows run
// south to north, so "N" is row + 1.
constexpr std::array<std::array<int, 2>, 8> d8_offsets{
    {{0, 1}, {-1, 1}, {-1, 0}, {-1, -1}, {0, -1}, {1, -1}, {1, 0}, {1, 1}}};

// The neighbour of c in direction k, or no_cell outside the grid.
std::size_t neighbour(const core::LatLonGrid& grid, std::size_t c, std::size_t k) {
  const auto i = static_cast<long long>(c / grid.nlon()) + d8_offsets[k][0];
  const auto j = static_cast<long long>(c % grid.nlon()) + d8_offsets[k][1];
  if (i < 0 || j < 0 || i >= static_cast<long long>(grid.nlat()) ||
      j >= static_cast<long long>(grid.nlon())) {
    return no_cell;
  }
  return grid.index(static_cast<std::size_t>(i), static_cast<std::size_t>(j));
}

bool on_edge(const core::LatLonGrid& grid, std::size_t c) {
  const std::size_t i = c / grid.nlon();
  const std::size_t j = c % grid.nlon();
  return i == 0 || j == 0 || i + 1 == grid.nlat() || j + 1 == grid.nlon();
}

void check_sizes(const core::LatLonGrid& grid, std::size_t n_elevation, std::size_t n_mask,
                 const char* what) {
  if (grid.size() == 0 || n_elevation != grid.size() || n_mask != grid.size()) {
    throw std::invalid_argument(std::string(what) +
                                ": elevation and sea mask must have one value per grid cell");
  }
}

// Closed depressions of a flood: connected (8-neighbour) sets of raised cells. Adjacent raised
// cells always share their filled level, so each set has a single spill level.
std::vector<Depression> find_depressions(const core::LatLonGrid& grid,
                                         std::span<const double> elevation_m,
                                         std::span<const double> filled_m,
                                         std::span<const double> cell_area_m2) {
  std::vector<Depression> out;
  std::vector<std::uint8_t> seen(grid.size(), 0);
  std::vector<std::size_t> stack;
  for (std::size_t start = 0; start < grid.size(); ++start) {
    if (seen[start] != 0 || !(filled_m[start] > elevation_m[start])) continue;
    Depression d;
    d.lowest_cell = start;
    d.spill_m = filled_m[start];
    seen[start] = 1;
    stack.push_back(start);
    while (!stack.empty()) {
      const std::size_t c = stack.back();
      stack.pop_back();
      ++d.cell_count;
      d.area_m2 += cell_area_m2[c];
      if (elevation_m[c] < elevation_m[d.lowest_cell] ||
          (elevation_m[c] == elevation_m[d.lowest_cell] && c < d.lowest_cell)) {
        d.lowest_cell = c;
      }
      for (std::size_t k = 0; k < 8; ++k) {
        const std::size_t n = neighbour(grid, c, k);
        if (n != no_cell && seen[n] == 0 && filled_m[n] > elevation_m[n]) {
          seen[n] = 1;
          stack.push_back(n);
        }
      }
    }
    d.bottom_m = elevation_m[d.lowest_cell];
    out.push_back(d);
  }
  return out;
}
}  // namespace

std::vector<std::uint8_t> sea_mask_from_wet_fraction(std::span<const double> wet_fraction,
                                                     double min_fraction) {
  std::vector<std::uint8_t> mask(wet_fraction.size(), 0);
  for (std::size_t c = 0; c < wet_fraction.size(); ++c) {
    mask[c] = wet_fraction[c] >= min_fraction ? 1 : 0;
  }
  return mask;
}

std::vector<std::uint8_t> ocean_mask(const core::LatLonGrid& grid,
                                     std::span<const double> elevation_m,
                                     std::span<const std::uint8_t> sea_mask, double ocean_level_m) {
  check_sizes(grid, elevation_m.size(), sea_mask.size(), "ocean_mask");
  std::vector<std::uint8_t> ocean(grid.size(), 0);
  std::queue<std::size_t> queue;
  const auto admit = [&](std::size_t c) {
    if (ocean[c] == 0 && sea_mask[c] == 0 && elevation_m[c] < ocean_level_m) {
      ocean[c] = 1;
      queue.push(c);
    }
  };
  for (std::size_t c = 0; c < grid.size(); ++c) {
    if (on_edge(grid, c)) admit(c);
  }
  while (!queue.empty()) {
    const std::size_t c = queue.front();
    queue.pop();
    for (std::size_t k = 0; k < 8; k += 2) {  // E, S, W, N: 4-connectivity
      const std::size_t n = neighbour(grid, c, k);
      if (n != no_cell) admit(n);
    }
  }
  return ocean;
}

namespace {
// Priority-Flood with owners: owner[c] is the seed c's path ends in. Cells with closed[] set are
// known closed-basin seeds; the flood of a closed basin does not enter cells with excluded[] set
// (empty spans: no closed basins). Cells no flood reached keep pop_rank == no_cell.
FloodResult flood(const core::LatLonGrid& grid, std::span<const double> elevation_m,
                  std::span<const std::uint8_t> is_seed, std::span<const std::uint8_t> closed,
                  std::span<const std::uint8_t> excluded) {
  FloodResult r;
  r.filled_m.assign(grid.size(), std::numeric_limits<double>::infinity());
  r.parent.assign(grid.size(), no_cell);
  r.pop_rank.assign(grid.size(), no_cell);
  r.owner.assign(grid.size(), no_cell);
  // (level, insertion count, cell): the count makes equal levels first-in first-out, so flats
  // are crossed breadth-first from where the flood entered them.
  using Entry = std::tuple<double, std::size_t, std::size_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
  std::size_t pushed = 0;
  for (std::size_t c = 0; c < grid.size(); ++c) {
    if (is_seed[c] != 0) {
      r.filled_m[c] = elevation_m[c];
      r.owner[c] = c;
      queue.emplace(elevation_m[c], pushed++, c);
    }
  }
  std::size_t rank = 0;
  while (!queue.empty()) {
    const auto [level, count, c] = queue.top();
    queue.pop();
    if (r.pop_rank[c] != no_cell) continue;  // a stale entry
    r.pop_rank[c] = rank++;
    const bool closed_flood = !closed.empty() && closed[r.owner[c]] != 0;
    for (std::size_t k = 0; k < 8; ++k) {
      const std::size_t n = neighbour(grid, c, k);
      if (n == no_cell || r.pop_rank[n] != no_cell) continue;
      if (closed_flood && excluded[n] != 0) continue;
      const double v = std::max(level, elevation_m[n]);
      if (v < r.filled_m[n]) {
        r.filled_m[n] = v;
        r.parent[n] = c;
        r.owner[n] = r.owner[c];
        queue.emplace(v, pushed++, n);
      }
    }
  }
  return r;
}

// The flood with known closed basins. A closed basin's sink is its terminal lake: a depression
// whose bottom is lower than the sink it would drain to cannot belong to it (water does not
// run up into a lake), so it is excluded from every closed basin's flood and the flood is
// repeated until no such depression is left. On the smoothed DEM these are blocked gorges (the
// Aras above Ordubad would otherwise spill into Lake Urmia). An excluded depression no other
// flood can reach (enclosed in a closed basin) is given back to the closed basin.
FloodResult flood_with_closed_basins(const core::LatLonGrid& grid,
                                     std::span<const double> elevation_m,
                                     std::span<const std::uint8_t> is_seed,
                                     std::span<const std::uint8_t> closed,
                                     std::span<const double> cell_area_m2) {
  const std::size_t n = grid.size();
  if (std::find(closed.begin(), closed.end(), std::uint8_t{1}) == closed.end()) {
    return flood(grid, elevation_m, is_seed, {}, {});
  }
  std::vector<std::uint8_t> excluded(n, 0);
  std::vector<std::uint8_t> given_back(n, 0);
  for (std::size_t pass = 0;; ++pass) {
    FloodResult r = flood(grid, elevation_m, is_seed, closed, excluded);
    bool changed = false;
    for (std::size_t c = 0; c < n; ++c) {
      if (r.pop_rank[c] == no_cell && excluded[c] != 0) {
        excluded[c] = 0;
        given_back[c] = 1;
        changed = true;
      }
    }
    if (!changed) {
      for (const auto& d : find_depressions(grid, elevation_m, r.filled_m, cell_area_m2)) {
        const std::size_t sink = r.owner[d.lowest_cell];
        if (closed[sink] == 0 || !(d.bottom_m < elevation_m[sink]) ||
            given_back[d.lowest_cell] != 0) {
          continue;
        }
        // Exclude the whole raised set (it shares one filled level).
        std::vector<std::size_t> stack{d.lowest_cell};
        excluded[d.lowest_cell] = 1;
        while (!stack.empty()) {
          const std::size_t c = stack.back();
          stack.pop_back();
          for (std::size_t k = 0; k < 8; ++k) {
            const std::size_t m = neighbour(grid, c, k);
            if (m != no_cell && excluded[m] == 0 && given_back[m] == 0 &&
                r.filled_m[m] > elevation_m[m]) {
              excluded[m] = 1;
              stack.push_back(m);
            }
          }
        }
        changed = true;
      }
    }
    if (!changed) return r;
    if (pass > n) throw std::logic_error("build_network: closed basins do not settle");
  }
}
}  // namespace

FloodResult priority_flood(const core::LatLonGrid& grid, std::span<const double> elevation_m,
                           std::span<const std::uint8_t> is_seed) {
  check_sizes(grid, elevation_m.size(), is_seed.size(), "priority_flood");
  return flood(grid, elevation_m, is_seed, {}, {});
}

double centre_distance_m(const core::LatLonGrid& grid, std::size_t a, std::size_t b) {
  const double lat1 = grid.lat_deg()[a / grid.nlon()] * core::degrees_to_radians;
  const double lat2 = grid.lat_deg()[b / grid.nlon()] * core::degrees_to_radians;
  const double dlon = (grid.lon_deg()[b % grid.nlon()] - grid.lon_deg()[a % grid.nlon()]) *
                      core::degrees_to_radians;
  // Haversine: accurate for the short distances between neighbours.
  const double s1 = std::sin(0.5 * (lat2 - lat1));
  const double s2 = std::sin(0.5 * dlon);
  const double h = s1 * s1 + std::cos(lat1) * std::cos(lat2) * s2 * s2;
  return 2.0 * core::earth_radius_m * std::asin(std::min(1.0, std::sqrt(h)));
}

std::size_t lowest_cell_within(const core::LatLonGrid& grid, std::span<const double> elevation_m,
                               double lat_deg, double lon_deg, double radius_m,
                               std::span<const std::uint8_t> usable) {
  if (elevation_m.size() != grid.size() || (!usable.empty() && usable.size() != grid.size())) {
    throw std::invalid_argument("lowest_cell_within: one value per grid cell expected");
  }
  const auto ij = grid.locate(lat_deg, lon_deg);
  if (!ij) return no_cell;
  const std::size_t centre = grid.index(ij->first, ij->second);
  std::size_t best = no_cell;
  double best_distance = 0.0;
  for (std::size_t c = 0; c < grid.size(); ++c) {
    if (!usable.empty() && usable[c] == 0) continue;
    const double distance = centre_distance_m(grid, centre, c);
    if (distance > radius_m) continue;
    if (best == no_cell || elevation_m[c] < elevation_m[best] ||
        (elevation_m[c] == elevation_m[best] && distance < best_distance)) {
      best = c;
      best_distance = distance;
    }
  }
  return best;
}

DrainageNetwork build_network(const core::LatLonGrid& grid, std::span<const double> elevation_m,
                              std::span<const std::uint8_t> sea_mask,
                              const NetworkOptions& options) {
  check_sizes(grid, elevation_m.size(), sea_mask.size(), "build_network");
  for (double z : elevation_m) {
    if (!std::isfinite(z)) throw std::invalid_argument("build_network: non-finite elevation");
  }
  const std::size_t n = grid.size();
  DrainageNetwork net;
  net.grid = grid;
  net.elevation_m.assign(elevation_m.begin(), elevation_m.end());
  net.options = options;
  net.sea_mask.resize(n);
  for (std::size_t c = 0; c < n; ++c) net.sea_mask[c] = sea_mask[c] != 0 ? 1 : 0;
  net.cell_area_m2 = grid.cell_areas_m2();
  net.ocean = ocean_mask(grid, elevation_m, net.sea_mask, options.ocean_level_m);

  net.outlet.assign(n, OutletKind::none);
  std::vector<std::uint8_t> seed(n, 0);
  for (std::size_t c = 0; c < n; ++c) {
    if (net.sea_mask[c] != 0) {
      net.outlet[c] = OutletKind::sea;
    } else if (net.ocean[c] != 0 || on_edge(grid, c)) {
      net.outlet[c] = OutletKind::external;
    }
    seed[c] = net.outlet[c] != OutletKind::none ? 1 : 0;
  }
  // Known closed basins: sinks before either flood, unless the sea or the ocean covers them.
  std::vector<std::uint8_t> closed(n, 0);
  for (std::size_t c : options.closed_basin_cells) {
    if (c >= n) throw std::invalid_argument("build_network: a closed-basin cell outside the grid");
    if (net.outlet[c] == OutletKind::none) {
      net.outlet[c] = OutletKind::internal;
      seed[c] = 1;
      closed[c] = 1;
      net.closed_basin_sinks.push_back(c);
    }
  }

  // First flood: which closed depressions are endorheic sinks.
  {
    const FloodResult first =
        flood_with_closed_basins(grid, elevation_m, seed, closed, net.cell_area_m2);
    net.depressions = find_depressions(grid, elevation_m, first.filled_m, net.cell_area_m2);
    for (auto& d : net.depressions) {
      d.internal_sink = d.spill_m - d.bottom_m >= options.endorheic_min_depth_m &&
                        d.spill_m <= options.endorheic_max_spill_m;
      if (d.internal_sink) {
        net.outlet[d.lowest_cell] = OutletKind::internal;
        seed[d.lowest_cell] = 1;
      }
    }
  }

  // Second flood from every outlet: the filled surface of the network.
  FloodResult flood = flood_with_closed_basins(grid, elevation_m, seed, closed, net.cell_area_m2);
  net.filled_m = std::move(flood.filled_m);

  // D8: steepest descent on the filled surface with great-circle distances; a cell on a flat
  // (no strictly lower neighbour) flows to the cell that flooded it. A cell a known closed basin
  // flooded flows only to cells of the same closed basin, and other cells never flow into a
  // closed basin: its divide is where its flood met the others' (the cell's flood parent is
  // always a candidate, so a cell always has somewhere to flow).
  const auto closed_basin_of = [&](std::size_t c) {
    return closed[flood.owner[c]] != 0 ? flood.owner[c] : no_cell;
  };
  net.downstream.assign(n, no_cell);
  net.d8.assign(n, 0);
  for (std::size_t c = 0; c < n; ++c) {
    if (net.outlet[c] != OutletKind::none) continue;
    std::size_t best = no_cell;
    std::size_t best_k = 0;
    double best_slope = 0.0;
    for (std::size_t k = 0; k < 8; ++k) {
      const std::size_t m = neighbour(grid, c, k);
      if (m == no_cell || !(net.filled_m[m] < net.filled_m[c])) continue;
      if (closed_basin_of(c) != closed_basin_of(m)) continue;
      const double slope = (net.filled_m[c] - net.filled_m[m]) / centre_distance_m(grid, c, m);
      if (slope > best_slope) {
        best_slope = slope;
        best = m;
        best_k = k;
      }
    }
    if (best == no_cell) {
      best = flood.parent[c];
      if (best == no_cell) throw std::logic_error("build_network: a cell the flood never reached");
      for (std::size_t k = 0; k < 8; ++k) {
        if (neighbour(grid, c, k) == best) best_k = k;
      }
    }
    net.downstream[c] = best;
    net.d8[c] = d8_codes[best_k];
  }

  // Routing waves (Kahn's algorithm, one frontier at a time).
  std::vector<std::size_t> inflows(n, 0);
  for (std::size_t c = 0; c < n; ++c) {
    if (net.downstream[c] != no_cell) ++inflows[net.downstream[c]];
  }
  net.order.clear();
  net.order.reserve(n);
  net.wave.assign(n, 0);
  net.wave_offsets = {0};
  for (std::size_t c = 0; c < n; ++c) {
    if (inflows[c] == 0) net.order.push_back(c);
  }
  std::size_t begin = 0;
  std::size_t wave = 0;
  while (begin < net.order.size()) {
    const std::size_t end = net.order.size();
    for (std::size_t p = begin; p < end; ++p) {
      const std::size_t c = net.order[p];
      net.wave[c] = wave;
      const std::size_t d = net.downstream[c];
      if (d != no_cell && --inflows[d] == 0) net.order.push_back(d);
    }
    net.wave_offsets.push_back(end);
    begin = end;
    ++wave;
  }
  if (net.order.size() != n) throw std::logic_error("build_network: the network has a cycle");

  net.upstream_area_m2 = net.cell_area_m2;
  for (std::size_t c : net.order) {
    if (net.downstream[c] != no_cell)
      net.upstream_area_m2[net.downstream[c]] += net.upstream_area_m2[c];
  }
  net.entry.assign(n, no_cell);
  for (auto it = net.order.rbegin(); it != net.order.rend(); ++it) {
    const std::size_t c = *it;
    net.entry[c] = net.downstream[c] == no_cell ? c : net.entry[net.downstream[c]];
  }
  return net;
}

DrainageNetwork rebuild_network(const DrainageNetwork& network,
                                std::span<const std::uint8_t> new_sea_mask) {
  return build_network(network.grid, network.elevation_m, new_sea_mask, network.options);
}

std::string basin_name(BasinId id) {
  switch (id) {
    case BasinId::caspian_sea:
      return "caspian_sea";
    case BasinId::volga:
      return "volga";
    case BasinId::ural:
      return "ural";
    case BasinId::kura:
      return "kura";
    case BasinId::terek:
      return "terek";
    case BasinId::sulak:
      return "sulak";
    case BasinId::samur:
      return "samur";
    case BasinId::iranian_rivers:
      return "iranian_rivers";
    case BasinId::other_caspian:
      return "other_caspian";
    case BasinId::endorheic:
      return "endorheic";
    case BasinId::external:
      return "external";
  }
  return "unknown";
}

std::vector<EntryRegion> default_entry_regions() {
  // Boxes around the mouths, stretched seaward to the model coast: at -29 m BS the smoothed DEM
  // puts the North Caspian shore at about 46.7 N, 30-40 km south of the real one. Checked by
  // tracing the model's main stems (Volgograd, Orsk, Mozdok, Buynaksk, Tbilisi, Yerevan) to their
  // entry cells; see docs/catchment.md.
  return {
      // Volga delta (Astrakhan, 45.5-46.8 N, 47.0-49.7 E): many arms, every entry counts.
      {BasinId::volga, 45.5, 46.8, 47.0, 49.7, true},
      // Ural mouth 47.0 N 51.9 E (Atyrau); the model's Ural enters at ~46.7 N 51.0 E. The box
      // stops west of 52.3 E, where the Uil, Sagiz and Emba (not Ural) enter in the model.
      {BasinId::ural, 46.4, 47.4, 50.6, 52.3, false},
      // Kura mouth 39.3 N 49.4 E (Neftchala).
      {BasinId::kura, 38.9, 39.7, 48.9, 49.9, false},
      // Terek delta, 43.5-44.5 N (old arms into Kizlyar Bay; modern mouth ~43.6 N 47.5 E).
      {BasinId::terek, 43.45, 44.5, 46.9, 47.8, true},
      // Sulak mouth 43.3 N 47.6 E (Sulak Bay); box south of the Terek delta.
      {BasinId::sulak, 42.8, 43.45, 47.3, 47.9, false},
      // Samur mouth 41.9 N 48.5 E (Russia-Azerbaijan border).
      {BasinId::samur, 41.6, 42.1, 48.2, 48.9, false},
      // Iranian rivers: the south coast (Sefid Rud, Atrek on the border, Gorgan, ...).
      {BasinId::iranian_rivers, -90.0, 38.5, -360.0, 360.0, true},
  };
}

Basins label_basins(const DrainageNetwork& net, std::span<const EntryRegion> regions) {
  const core::LatLonGrid& grid = net.grid;
  const std::size_t n = grid.size();
  // Land inflow of each sea cell.
  std::vector<double> inflow_m2(n, 0.0);
  std::vector<std::uint8_t> is_entry(n, 0);
  for (std::size_t c = 0; c < n; ++c) {
    if (net.outlet[c] == OutletKind::sea) {
      inflow_m2[c] = net.upstream_area_m2[c] - net.cell_area_m2[c];
      is_entry[c] = inflow_m2[c] > 0.0 ? 1 : 0;
    }
  }
  // Region of each entry cell by location (first matching box).
  // Stored as bytes: GCC 12 reports a false -Wfree-nonheap-object for a local vector<BasinId>.
  std::vector<std::uint8_t> entry_basin(n, static_cast<std::uint8_t>(BasinId::other_caspian));
  std::vector<std::size_t> region_of(n, no_cell);
  std::vector<std::size_t> region_best(regions.size(), no_cell);
  for (std::size_t c = 0; c < n; ++c) {
    if (is_entry[c] == 0) continue;
    const double lat = grid.lat_deg()[c / grid.nlon()];
    const double lon = grid.lon_deg()[c % grid.nlon()];
    for (std::size_t r = 0; r < regions.size(); ++r) {
      const auto& g = regions[r];
      if (lat >= g.lat_min_deg && lat <= g.lat_max_deg && lon >= g.lon_min_deg &&
          lon <= g.lon_max_deg) {
        region_of[c] = r;
        if (region_best[r] == no_cell || inflow_m2[c] > inflow_m2[region_best[r]]) {
          region_best[r] = c;
        }
        break;
      }
    }
  }
  for (std::size_t c = 0; c < n; ++c) {
    const std::size_t r = region_of[c];
    if (r == no_cell) continue;
    if (regions[r].all_entries || region_best[r] == c) {
      entry_basin[c] = static_cast<std::uint8_t>(regions[r].basin);
    }
  }

  Basins out;
  out.cell_basin.assign(n, BasinId::external);
  out.summaries.resize(basin_count);
  for (std::size_t b = 0; b < basin_count; ++b) out.summaries[b].id = static_cast<BasinId>(b);
  for (std::size_t c = 0; c < n; ++c) {
    BasinId id = BasinId::external;
    if (net.outlet[c] == OutletKind::sea) {
      id = BasinId::caspian_sea;
      out.sea_area_m2 += net.cell_area_m2[c];
    } else {
      switch (net.outlet[net.entry[c]]) {
        case OutletKind::sea:
          id = static_cast<BasinId>(entry_basin[net.entry[c]]);
          break;
        case OutletKind::internal:
          id = BasinId::endorheic;
          break;
        default:
          id = BasinId::external;
          break;
      }
      if (net.ocean[c] == 0) {
        out.summaries[static_cast<std::size_t>(id)].land_area_m2 += net.cell_area_m2[c];
      }
    }
    out.cell_basin[c] = id;
  }
  for (std::size_t c = 0; c < n; ++c) {
    if (is_entry[c] == 0) continue;
    auto& s = out.summaries[entry_basin[c]];
    ++s.entry_cells;
    if (s.main_entry == no_cell || inflow_m2[c] > inflow_m2[s.main_entry]) s.main_entry = c;
  }
  for (std::size_t b = 1; b <= static_cast<std::size_t>(BasinId::other_caspian); ++b) {
    out.caspian_land_area_m2 += out.summaries[b].land_area_m2;
  }
  return out;
}

}  // namespace caspian::catchment
