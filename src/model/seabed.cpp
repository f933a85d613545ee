#include "caspian/model/seabed.hpp"

#include <cmath>
#include <cstddef>
#include <exception>
#include <limits>
#include <numeric>

#include "caspian/sea/seabed.hpp"

namespace caspian::model {

std::vector<SeabedResult> assess_seabed(const SeabedSetup& setup,
                                        const std::vector<SeabedLevel>& levels) {
  const sea::Hypsometry& hyps = *setup.hypsometry;
  const std::size_t n_states = setup.state_names.size();
  const std::size_t n_basins = setup.sub_basin_names.size();
  const double ref = setup.reference_level_m_bs;
  const double ref_area = hyps.area_m2(ref);
  const auto ref_states = sea::region_sea_areas_m2(hyps, setup.state, n_states, ref);
  const auto ref_basins = sea::region_sea_areas_m2(hyps, setup.sub_basin, n_basins, ref);
  const auto ref_depth = sea::sea_water_depth_m(hyps, ref);
  // Along the port's approach route where it has one, else over the sea grid from its position.
  const auto distances = [&](const SeabedPort& port, std::span<const double> depth) {
    return port.route.empty()
               ? sea::shore_distances(hyps.grid(), depth, port.lat_deg, port.lon_deg,
                                      port.required_depth_m)
               : sea::route_distances(hyps.grid(), depth, port.route, port.required_depth_m);
  };
  std::vector<sea::ShoreDistances> ref_distances;
  for (const auto& port : setup.ports) ref_distances.push_back(distances(port, ref_depth));
  // Levels are independent: side by side on threads, each written to its own slot. The first
  // error (a level above the hypsometry) is rethrown after the loop, as the serial loop would.
  std::vector<SeabedResult> out(levels.size());
  std::vector<std::exception_ptr> errors(levels.size());
#pragma omp parallel for schedule(dynamic, 1)
  for (std::ptrdiff_t l = 0; l < std::ptrdiff_t(levels.size()); ++l) {
    try {
      const SeabedLevel& level = levels[std::size_t(l)];
      SeabedResult& r = out[std::size_t(l)];
      r.sea_area_m2 = hyps.area_m2(level.level_m_bs);
      r.exposed_m2 = ref_area - r.sea_area_m2;
      r.sea_area_state_m2 = sea::region_sea_areas_m2(hyps, setup.state, n_states, level.level_m_bs);
      r.sea_area_basin_m2 =
          sea::region_sea_areas_m2(hyps, setup.sub_basin, n_basins, level.level_m_bs);
      for (std::size_t k = 0; k < n_states; ++k)
        r.exposed_state_m2.push_back(ref_states[k] - r.sea_area_state_m2[k]);
      for (std::size_t k = 0; k < n_basins; ++k)
        r.exposed_basin_m2.push_back(ref_basins[k] - r.sea_area_basin_m2[k]);
      const auto depth = sea::sea_water_depth_m(hyps, level.level_m_bs);
      for (std::size_t p = 0; p < setup.ports.size(); ++p) {
        const auto& port = setup.ports[p];
        const auto d = distances(port, depth);
        r.shore_m.push_back(d.shore_m);
        r.shore_retreat_m.push_back(d.shore_m - ref_distances[p].shore_m);
        std::vector<double> retreat;
        for (std::size_t c = 0; c < d.deep_water_m.size(); ++c)
          retreat.push_back(d.deep_water_m[c] - ref_distances[p].deep_water_m[c]);
        r.deep_water_retreat_m.push_back(std::move(retreat));
        std::vector<double> extension;
        for (double deep : d.deep_water_m) {
          extension.push_back(port.channel_length_m && std::isfinite(deep)
                                  ? std::max(0.0, deep - *port.channel_length_m)
                                  : std::numeric_limits<double>::quiet_NaN());
        }
        r.deep_water_m.push_back(d.deep_water_m);
        r.channel_extension_m.push_back(std::move(extension));
      }
    } catch (...) {
      errors[std::size_t(l)] = std::current_exception();
    }
  }
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  return out;
}

}  // namespace caspian::model
