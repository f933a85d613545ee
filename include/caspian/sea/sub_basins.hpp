#pragma once
// The Caspian's three sub-basins, split at its two sills: the North Caspian (a shelf a few
// metres deep) north of the line from Chechen Island (43.97 N, 47.75 E) to Cape Tyub-Karagan
// (44.62 N, 50.33 E); the South Caspian south of the Apsheron sill from the Apsheron peninsula
// (40.40 N, 50.35 E) to Cape Kuuli (40.25 N, 52.90 E); the Middle Caspian between (Kosarev &
// Yablonskaya 1994, The Caspian Sea; positions of the capes from their charts, rounded). East and
// west of the capes the lines are continued at their end latitudes.
namespace caspian::sea {

enum class SubBasin { north, middle, south };

SubBasin caspian_sub_basin(double lat_deg, double lon_deg);
const char* sub_basin_name(SubBasin basin);

}  // namespace caspian::sea
