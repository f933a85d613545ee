// Basin areas of the drainage network on the default DEM (inputs/dem, ETOPO1 10') with the sea at
// the 2024 level (-29.20 m BS), against published figures:
//  - the Volga basin, 1.36-1.38 million km2 (DESIGN.md, issue 3); fail beyond 5%;
//  - the whole Caspian drainage, 3.5-3.7 million km2 (Rodionov 1994: "approximately 3.5 million";
//    Britannica: 3,625,000 km2); fail beyond 10%.
// The whole-drainage figure is taken to include the sea surface: the basin of a terminal lake is
// everything whose water ends in it, and none of the sources deducts the sea (whose own area,
// ~371,000 km2, is listed separately next to it). The test prints both land-only and land + sea.
// Error: distance to the nearer end of the published range, relative to it (0 inside the range);
// the error against the middle of the range is printed too.
// The network uses the known closed basins of inputs/catchment/closed_basins.yaml, as the default
// runs do. Also checked:
//  - Lake Urmia's closed basin, 51,876 km2 (inputs/PROVENANCE.md); fail beyond 20%: a basin of
//    this size has a ~1,000 km divide, and misplacing it by half a 10' cell (~8 km) either way
//    moves ~8,000 km2 (15%). Fails outright if the basin is routed into the Aras again (0 km2);
//  - the Kura with the Aras, 188,000-198,300 km2 (198,300: Wikipedia, AzerNews 2024; 188,000: the
//    figure docs/catchment.md used before); fail beyond 15% of the nearer end: published figures
//    differ by 5%, and on the smoothed DEM the Aras gorge is blocked and the Kura-Terek-Sulak
//    divides are smoothed (see docs/catchment.md).
// Printed against published figures without assertions (known errors of the DEM, see
// docs/catchment.md): Ural 231,000 km2 (Wikipedia; 237,000 all-about-russia.ru), Terek 43,200
// (Wikipedia; 43,700 Brockhaus), Sulak 15,200 (Wikipedia), Samur 5,000-7,330 (Wikipedia, citing
// the Great Soviet Encyclopedia for 7,330).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "caspian/catchment/drainage.hpp"
#include "caspian/core/constants.hpp"
#include "caspian/core/parameters.hpp"
#include "caspian/io/cf_reader.hpp"
#include "caspian/io/closed_basins.hpp"
#include "caspian/sea/hypsometry.hpp"

namespace {
using namespace caspian;

double range_error(double value, double lo, double hi) {
  if (value < lo) return (value - lo) / lo;
  if (value > hi) return (value - hi) / hi;
  return 0.0;
}

TEST(CatchmentBasinAreas, VolgaAndWholeDrainageAgainstPublished) {
  const std::string path =
      std::string(CASPIAN_SOURCE_DIR) + "/inputs/dem/caspian_basin_etopo1_10arcmin.nc";
  const core::ParameterSet params;
  core::GridField dem = io::read_grid_field(path, "topography", core::Quantity::height_m);
  for (double& z : dem.values) z += params.get("sea.datum_offset_m");
  const double level_m_bs = -29.20;
  const auto hyps = sea::build_hypsometry(dem.grid, dem.values, 42.0, 51.0, level_m_bs,
                                          params.get("sea.subgrid_relief_m"));
  const auto sea_mask = catchment::sea_mask_from_wet_fraction(hyps.wet_fraction(level_m_bs));
  catchment::NetworkOptions options;
  options.ocean_level_m = params.get("catchment.ocean_level_m");
  options.endorheic_min_depth_m = params.get("catchment.endorheic_min_depth_m");
  options.endorheic_max_spill_m = params.get("catchment.endorheic_max_spill_m");
  // The known closed basins, placed as `caspian network --closed-basins` places them.
  const auto list = io::load_closed_basins(std::string(CASPIAN_SOURCE_DIR) +
                                           "/inputs/catchment/closed_basins.yaml");
  const auto ocean = catchment::ocean_mask(dem.grid, dem.values, sea_mask, options.ocean_level_m);
  std::vector<std::uint8_t> land(dem.grid.size(), 0);
  for (std::size_t i = 1; i + 1 < dem.grid.nlat(); ++i) {
    for (std::size_t j = 1; j + 1 < dem.grid.nlon(); ++j) {
      const std::size_t c = dem.grid.index(i, j);
      land[c] = sea_mask[c] == 0 && ocean[c] == 0 ? 1 : 0;
    }
  }
  std::size_t urmia_sink = catchment::no_cell;
  for (const auto& b : list.basins) {
    const std::size_t c = catchment::lowest_cell_within(dem.grid, dem.values, b.lat_deg, b.lon_deg,
                                                        b.search_radius_km * 1.0e3, land);
    ASSERT_NE(c, catchment::no_cell) << b.name;
    options.closed_basin_cells.push_back(c);
    if (b.name == "lake_urmia") urmia_sink = c;
  }
  ASSERT_NE(urmia_sink, catchment::no_cell);
  const auto net = catchment::build_network(dem.grid, dem.values, sea_mask, options);
  const auto basins = catchment::label_basins(net, catchment::default_entry_regions());

  const double km2 = core::m2_per_km2;
  for (const auto& s : basins.summaries) {
    std::printf(
        "  %-16s %10.0f km2\n", catchment::basin_name(s.id).c_str(),
        (s.id == catchment::BasinId::caspian_sea ? basins.sea_area_m2 : s.land_area_m2) / km2);
  }
  const double volga_km2 =
      basins.summaries[static_cast<std::size_t>(catchment::BasinId::volga)].land_area_m2 / km2;
  const double land_km2 = basins.caspian_land_area_m2 / km2;
  const double whole_km2 = land_km2 + basins.sea_area_m2 / km2;
  const double volga_error = range_error(volga_km2, 1.36e6, 1.38e6);
  const double whole_error = range_error(whole_km2, 3.5e6, 3.7e6);
  std::printf(
      "Volga basin: model %.0f km2, published 1,360,000-1,380,000: error %+.1f%% "
      "(%+.1f%% against 1,370,000)\n",
      volga_km2, 100.0 * volga_error, 100.0 * (volga_km2 / 1.37e6 - 1.0));
  std::printf(
      "Caspian drainage incl. sea: model %.0f km2 (land %.0f + sea %.0f), published "
      "3,500,000-3,700,000: error %+.1f%% (%+.1f%% against 3,600,000; land only %+.1f%%)\n",
      whole_km2, land_km2, basins.sea_area_m2 / km2, 100.0 * whole_error,
      100.0 * (whole_km2 / 3.6e6 - 1.0), 100.0 * range_error(land_km2, 3.5e6, 3.7e6));
  EXPECT_LE(std::abs(volga_error), 0.05);
  EXPECT_LE(std::abs(whole_error), 0.10);

  const auto area_km2 = [&](catchment::BasinId id) {
    return basins.summaries[static_cast<std::size_t>(id)].land_area_m2 / km2;
  };
  double urmia_km2 = 0.0;
  for (std::size_t c = 0; c < net.grid.size(); ++c) {
    if (net.entry[c] == urmia_sink) urmia_km2 += net.cell_area_m2[c] / km2;
  }
  const double urmia_error = urmia_km2 / 51876.0 - 1.0;
  const double kura_error = range_error(area_km2(catchment::BasinId::kura), 188000.0, 198300.0);
  std::printf("Lake Urmia closed basin: model %.0f km2, published 51,876: error %+.1f%%\n",
              urmia_km2, 100.0 * urmia_error);
  std::printf("Kura with the Aras: model %.0f km2, published 188,000-198,300: error %+.1f%%\n",
              area_km2(catchment::BasinId::kura), 100.0 * kura_error);
  struct Published {
    catchment::BasinId id;
    double lo_km2, hi_km2;
    const char* text;
  };
  for (const auto& p : {Published{catchment::BasinId::ural, 231000.0, 237000.0, "231,000-237,000"},
                        Published{catchment::BasinId::terek, 43200.0, 43700.0, "43,200-43,700"},
                        Published{catchment::BasinId::sulak, 15200.0, 15200.0, "15,200"},
                        Published{catchment::BasinId::samur, 5000.0, 7330.0, "5,000-7,330"}}) {
    std::printf("%s: model %.0f km2, published %s: error %+.1f%% (not asserted)\n",
                catchment::basin_name(p.id).c_str(), area_km2(p.id), p.text,
                100.0 * range_error(area_km2(p.id), p.lo_km2, p.hi_km2));
  }
  EXPECT_LE(std::abs(urmia_error), 0.20);
  EXPECT_LE(std::abs(kura_error), 0.15);
}

}  // namespace
