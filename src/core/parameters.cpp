#include "caspian/core/parameters.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "caspian/core/error.hpp"

namespace caspian::core {

namespace {
// Sources: ids refer to inputs/PROVENANCE.md.
constexpr std::array registry{
    ParameterSpec{"sea.datum_offset_m", "m", 0.0, -5.0, 5.0,
                  "Added to bathymetry heights to express them in the Baltic height system (m BS).",
                  "assumption: ETOPO1 heights are above mean sea level; the Baltic (Kronstadt) "
                  "datum is within a few decimetres of it, and ETOPO1 puts the Caspian near -28 m "
                  "(shared PROVENANCE.md)"},
    ParameterSpec{"sea.subgrid_relief_m", "m", 1.0, 0.0, 50.0,
                  "Full width of the uniform spread of bed heights within a cell; a cell's wet "
                  "fraction rises linearly from 0 to 1 across it, centred on the level at which "
                  "the cell joins the sea. 0 gives all-or-nothing cells.",
                  "ETOPO1 10' heights are whole metres, so the true mean bed lies within +-0.5 m "
                  "of the stored value (shared PROVENANCE.md, bathymetry caveats)"},
    ParameterSpec{"sea.evaporation_mean_mm_per_yr", "mm yr-1", 960.0, 800.0, 1200.0,
                  "Calibration target: long-term mean open-water evaporation over the sea at "
                  "the calibration level; the temperature formula is scaled to give it.",
                  "GRIDA: evaporation from the sea 350-375 km3/yr; over 375,000-392,000 km2 "
                  "(KZH2025, 2006 area) that is 900-1000 mm/yr"},
    ParameterSpec{"sea.evaporation_calibration_level_m_bs", "m", -28.0, -32.0, -24.0,
                  "Reference sea level: its wet cells define the Linacre scheme's calibration "
                  "area; the bulk scheme's ice slabs take their depths, and its dew-point "
                  "estimate its elevation, at this level.",
                  "assumption: about the mean level of 1936-1996 (-26.6 m in 1995, -29.0 m in "
                  "1977, KZH2021), the period of the inflow figures (CEP_WL)"},
    ParameterSpec{"sea.evaporation_daily_temperature_range_K", "K", 7.0, 0.0, 25.0,
                  "Mean daily air-temperature range R in the Linacre (1977) dew-point estimate "
                  "T - Td = 0.0023 h + 0.37 T + 0.53 R + 0.35 R_ann - 10.9.",
                  "assumption: a maritime daily range, smaller than the 10-15 K of the "
                  "surrounding steppe; only shapes the seasonal cycle since the total is "
                  "calibrated"},
    ParameterSpec{"climate.lapse_rate_K_per_m", "K m-1", 0.0065, 0.003, 0.010,
                  "Decrease of air temperature with height, used to move forcing temperatures "
                  "from the forcing grid's mean elevation to each cell's own.",
                  "ICAO standard atmosphere (ISO 2533:1975), 6.5 K/km in the troposphere"},
    ParameterSpec{"sea.kbg_sill_level_m_bs", "m", -31.0, -40.0, -24.0,
                  "Level of the Kara-Bogaz-Gol strait sill; no outflow below it.",
                  "assumption: strait a few metres deep at the 1990s level; no measured sill "
                  "height in the collected sources"},
    ParameterSpec{"sea.kbg_reference_outflow_km3_per_yr", "km3 yr-1", 18.0, 0.0, 40.0,
                  "Kara-Bogaz-Gol outflow at the reference level; fixes the weir coefficient "
                  "of Q = Q_ref * ((h - h_sill) / (h_ref - h_sill))^1.5.",
                  "GRIDA: 18 km3/yr after the dam removal (1990s)"},
    ParameterSpec{"sea.kbg_reference_level_m_bs", "m", -26.6, -30.0, -24.0,
                  "Sea level at which the reference Kara-Bogaz-Gol outflow was observed.",
                  "KZH2021: -26.62 m BS in 1995, the start of the post-dam period"},
    ParameterSpec{"sea.kbg_culvert_capacity_km3_per_yr", "km3 yr-1", 1.5, 0.0, 5.0,
                  "Most the culverts through the Kara-Bogaz-Gol dam passed (autumn 1984 - June "
                  "1992); the weir law is capped at it while the regime says culverts.",
                  "assumption: the culverts 'did not give the expected effect: the bay filled "
                  "slowly' (ibirzha.kz, in caspian_evaporation_kbg_ice_published_values.csv); no "
                  "discharge figure was found, 1-2 km3/yr is the order quoted in the literature"},
    ParameterSpec{"sea.evaporation_scale", "1", 1.0146, 0.5, 1.5,
                  "The one calibrated factor of the bulk-aerodynamic evaporation: multiplies "
                  "rho_a C_E U (q_s - q_a) in every cell and month.",
                  "fitted to the annual whole-sea levels of 1936-1977 ONLY by "
                  "scripts/fit_evaporation_scale.py (water balance of 1936-1977 closed: the 1977 "
                  "level reproduced, 2026-12-01; "
                  "docs/science.md); 1978-2023 is validation"},
    ParameterSpec{"sea.bulk_transfer_coefficient", "1", 1.15e-3, 0.8e-3, 1.6e-3,
                  "Dalton number C_E of the bulk-aerodynamic evaporation at 10 m.",
                  "Large & Pond (1982), J. Phys. Oceanogr. 12:464-482: C_E = 1.15e-3 for winds "
                  "4-14 m/s in neutral to unstable conditions"},
    ParameterSpec{"sea.air_pressure_hPa", "hPa", 1016.0, 980.0, 1040.0,
                  "Surface air pressure over the sea, for air density and specific humidity.",
                  "standard atmosphere (1013.25 hPa) brought down to the Caspian surface ~28 m "
                  "below sea level (+3.4 hPa); NCEP R1 winter highs over the sea reach 1025 hPa"},
    ParameterSpec{"sea.salinity_psu", "psu", 12.5, 0.0, 20.0,
                  "Salinity of the open sea: lowers the saturation vapour pressure at the "
                  "surface (Raoult, 0.000537 per psu).",
                  "Caspian open-sea salinity 12-13 g/kg (Kosarev & Yablonskaya 1994, The Caspian "
                  "Sea); the North Caspian is fresher near the Volga"},
    ParameterSpec{"sea.sst_warming_ratio", "1", 1.0, 0.5, 1.5,
                  "Warming of the sea surface per kelvin of air-temperature change (scenario "
                  "deltas and the observed anomalies).",
                  "assumption: the sea surface warms with the air, 1:1; the air keeps its "
                  "relative humidity"},
    ParameterSpec{"sea.ice_heat_exchange_W_per_m2_K", "W m-2 K-1", 35.0, 10.0, 60.0,
                  "Linearised surface heat exchange between water (or ice top) and air in the "
                  "slab model of winter ice.",
                  "Haney (1971), J. Phys. Oceanogr. 1:241-248: 30-50 W m-2 K-1 for mid-latitude "
                  "seas"},
    ParameterSpec{"sea.ice_max_mixed_depth_m", "m", 50.0, 5.0, 300.0,
                  "Deepest water column that cools as one slab in winter (deeper water mixes "
                  "only this deep).",
                  "assumption: winter convection of the Middle Caspian reaches some tens of "
                  "metres; only matters for cells deeper than the North Caspian's few metres"},
    ParameterSpec{"sea.freezing_point_degC", "degC", -0.3, -1.0, 0.0,
                  "Freezing point of North Caspian water.",
                  "-0.054 K per psu (UNESCO 1983) at the North Caspian's ~5 psu (fresher than "
                  "the open sea's 12.5 near the Volga and Ural mouths; assumption)"},
    ParameterSpec{"catchment.channel_velocity_m_per_s", "m s-1", 1.0, 0.2, 3.0,
                  "Flow velocity in the channel network; a cell's channel store empties with the "
                  "time constant distance-to-downstream / velocity.",
                  "assumption: mean velocities of large lowland rivers are 0.5-1.5 m/s; 1 m/s "
                  "takes the Volga's flood ~35 days from the upper basin to the delta"},
    ParameterSpec{"catchment.volga_reservoir_useful_storage_km3", "km3", 40.0, 0.0, 90.0,
                  "Useful (regulating) storage of the lumped Volga-Kama reservoir cascade.",
                  "assumption: under half of the cascade's ~90 km3 total storage (Pavlov & "
                  "Vilenkin 1989 via rivernet.org/volga)"},
    ParameterSpec{"catchment.volga_reservoir_area_km2", "km2", 26000.0, 0.0, 40000.0,
                  "Water surface of the Volga-Kama reservoirs, over which open water evaporates.",
                  "rivernet.org/volga: reservoirs cover more than 26,000 km2 (Pavlov & Vilenkin "
                  "1989)"},
    ParameterSpec{"catchment.volga_reservoir_spring_capture_fraction", "1", 0.5, 0.0, 1.0,
                  "Share of the Volga's flow above the reference flow that the cascade keeps in "
                  "April-June (until full); it is released evenly until the next April.",
                  "assumption: the regulated regime still passes a spring high water of 8.7-19.6 "
                  "thousand m3/s (ZHIGULEVSK)"},
    ParameterSpec{
        "catchment.volga_reservoir_reference_flow_m3_per_s", "m3 s-1", 7700.0, 1000.0, 20000.0,
        "Flow above which the cascade keeps spring water.",
        "ZHIGULEVSK: mean discharge 7,700 m3/s at the Zhigulevsk hydro complex, 1958-2019"},
    ParameterSpec{"catchment.ocean_level_m", "m", 0.0, -50.0, 50.0,
                  "Cells of the DEM below this height that connect to the grid edge through such "
                  "cells are open ocean (Black Sea, Azov, Mediterranean, Baltic): outlets that "
                  "leave the Caspian drainage.",
                  "ETOPO1 heights are above mean sea level, so the ocean surface is 0 m; the "
                  "Caspian depression below 0 m is closed by the Manych divide (~+20 m) and "
                  "never reaches the edge of the 30-65E 35-63N grid (inputs/PROVENANCE.md, dem)"},
    ParameterSpec{"catchment.endorheic_min_depth_m", "m", 60.0, 0.0, 2000.0,
                  "A closed depression of the DEM (after filling from the sea and the grid edge) "
                  "is an endorheic sink only if it is at least this deep (spill level minus its "
                  "lowest cell), and spills no higher than catchment.endorheic_max_spill_m; "
                  "shallower or higher depressions are filled and drain on.",
                  "assumption, from the depressions of the 10' DEM: river valleys and reservoirs "
                  "of the plains (Kuibyshev, Rybinsk, Volgograd) appear as false pits up to ~50 m "
                  "deep; the real Turan closed basins (Aral-Sarykamysh, Karynzharyk) are 80-90 m "
                  "deep (docs/catchment.md)"},
    ParameterSpec{"catchment.endorheic_max_spill_m", "m", 200.0, -100.0, 9000.0,
                  "Highest spill level of a depression kept as an endorheic sink: only lowland "
                  "depressions qualify.",
                  "assumption: the smoothed DEM blocks mountain gorges by hundreds of metres "
                  "(Aras ~700 m, Sefid Rud ~390 m, Ural at Orsk ~90 m deep, spilling at ~300 m "
                  "and above), while the Aral-Sarykamysh basin spills at ~75 m "
                  "(docs/catchment.md)"},
    // Catchment (HBV-type, daily). Bounds are the ranges commonly searched with HBV-light, so a
    // calibration can use them as they are.
    ParameterSpec{"catchment.precipitation_correction", "1", 1.0, 0.5, 1.5,
                  "Multiplier on all precipitation of the forcing (gauge undercatch or "
                  "reanalysis bias).",
                  "assumption: no bias by default; +-50% spans ERA5 biases over the East "
                  "European Plain"},
    ParameterSpec{"catchment.pet_correction", "1", 1.0, 0.5, 1.5,
                  "Multiplier on the Oudin potential evapotranspiration.",
                  "assumption: Oudin et al. (2005) used as published by default"},
    ParameterSpec{"catchment.tt_degC", "degC", 0.0, -2.5, 2.5,
                  "Threshold temperature TT: precipitation falls as snow below it.",
                  "Bergstrom (1992); Seibert & Vis (2012) HBV-light; range as in Seibert (1997)"},
    ParameterSpec{"catchment.melt_threshold_degC", "degC", 0.0, -2.5, 2.5,
                  "Temperature above which snow melts (melt = CFMAX x (T - Tmelt)) and below "
                  "which held liquid water refreezes.",
                  "Bergstrom (1992), where it equals TT by default; range as TT"},
    ParameterSpec{"catchment.cfmax_mm_per_degC_day", "mm degC-1 day-1", 3.5, 1.0, 10.0,
                  "Degree-day factor CFMAX of snowmelt.",
                  "Bergstrom (1992); Seibert & Vis (2012); range as in Seibert (1997)"},
    ParameterSpec{"catchment.sfcf", "1", 0.8, 0.4, 1.2,
                  "Snowfall correction factor SFCF (undercatch, sublimation, interception).",
                  "Seibert & Vis (2012); range as in Seibert (1997) widened to 1.2 for a "
                  "reanalysis forcing that may underestimate snowfall"},
    ParameterSpec{"catchment.cfr", "1", 0.05, 0.0, 0.1,
                  "Refreezing coefficient CFR: refreezing = CFR x CFMAX x (Tmelt - T).",
                  "Seibert & Vis (2012); range as in Seibert (1997)"},
    ParameterSpec{"catchment.cwh", "1", 0.1, 0.0, 0.2,
                  "Water holding capacity CWH of the snow pack, as a fraction of its water "
                  "equivalent.",
                  "Seibert & Vis (2012); range as in Seibert (1997)"},
    ParameterSpec{"catchment.snow_temperature_spread_degC", "degC", 0.0, 0.0, 6.0,
                  "Temperature spread of a cell's five equal-area snow zones: zone temperatures "
                  "are the cell's mean + {-1, -0.5, 0, 0.5, 1} x this, so melt starts on "
                  "different days across the cell (aspect, forest and field, relief).",
                  "Bergstrom (1992) and Seibert & Vis (2012) elevation and vegetation zones, here "
                  "as temperature zones; 0 = one pack per cell (default); bounds an assumption; "
                  "the Protva value, 2 K, was chosen by split-sample skill (docs/calibration.md)"},
    ParameterSpec{"catchment.fc_mm", "mm", 250.0, 50.0, 500.0, "Maximum soil moisture storage FC.",
                  "Bergstrom (1992); Seibert & Vis (2012); range as in Seibert (1997)"},
    ParameterSpec{"catchment.lp", "1", 0.7, 0.3, 1.0,
                  "Soil moisture above which actual ET equals PET, as a fraction LP of FC.",
                  "Bergstrom (1992); Seibert & Vis (2012); range as in Seibert (1997)"},
    ParameterSpec{"catchment.beta", "1", 2.0, 1.0, 6.0,
                  "Shape exponent BETA of recharge = input x (SM/FC)^BETA.",
                  "Bergstrom (1992); Seibert & Vis (2012); range as in Seibert (1997)"},
    ParameterSpec{"catchment.perc_mm_per_day", "mm day-1", 1.0, 0.0, 6.0,
                  "Maximum percolation PERC from the upper to the lower groundwater store.",
                  "Seibert & Vis (2012); range as in Seibert (1997), widened to 6"},
    ParameterSpec{"catchment.uzl_mm", "mm", 20.0, 0.0, 100.0,
                  "Threshold UZL of the upper store above which the quick flow (K0) starts.",
                  "Seibert & Vis (2012); range as in Seibert (2000)"},
    ParameterSpec{"catchment.k0_per_day", "day-1", 0.2, 0.05, 0.5,
                  "Recession coefficient K0 of quick flow from the upper store above UZL.",
                  "Seibert & Vis (2012); range as in Seibert (2000)"},
    ParameterSpec{"catchment.k1_per_day", "day-1", 0.1, 0.01, 0.3,
                  "Recession coefficient K1 of interflow from the upper store.",
                  "Seibert & Vis (2012); range as in Seibert (2000)"},
    ParameterSpec{"catchment.k2_per_day", "day-1", 0.01, 0.001, 0.1,
                  "Recession coefficient K2 of baseflow from the lower store.",
                  "Seibert & Vis (2012); range as in Seibert (2000)"},
    ParameterSpec{"catchment.maxbas_days", "day", 2.5, 1.0, 7.0,
                  "Base MAXBAS of the triangular weighting function routing a cell's runoff.",
                  "Seibert & Vis (2012); range as in Seibert (1997)"},
    ParameterSpec{"catchment.transmission_loss_bed_infiltration_mm_per_h", "mm h-1", 25.0, 0.0,
                  127.0,
                  "Effective infiltration rate K_eff of a channel's bed where the upstream "
                  "catchment is arid (aridity index at or above "
                  "catchment.transmission_loss_aridity_full); the reach loses K_eff x wetted "
                  "width x length (catchment/transmission_loss.hpp). 0 turns the losses off.",
                  "Lane (1983), USDA NRCS National Engineering Handbook part 630 ch. 19, table of "
                  "bed-material loss rates: 25 mm/h is the top of the moderate class (sand and "
                  "gravel with much silt and clay, 6-25 mm/h) and the bottom of the moderately "
                  "high class (little silt and clay, 25-76 mm/h); bounds: 0 to the very high "
                  "class (clean gravel and coarse sand, > 127 mm/h). Which class the beds of the "
                  "Turan deserts and the Caspian steppe are in is an assumption: no bed survey "
                  "was collected"},
    ParameterSpec{"catchment.channel_width_coefficient_m", "m", 7.2, 2.0, 20.0,
                  "Coefficient a of the wetted channel width w = a (Q / 1 m3 s-1)^b used for "
                  "transmission losses.",
                  "Moody & Troutman (2002) downstream hydraulic geometry, w = 7.2 Q^0.50 for "
                  "mean flow, as used for global river widths by Andreadis et al. (2013, Water "
                  "Resour. Res. 49), quoted from memory of those papers and not re-checked against "
                  "them; bounds an assumption"},
    ParameterSpec{"catchment.channel_width_exponent", "1", 0.5, 0.3, 0.7,
                  "Exponent b of the wetted channel width w = a (Q / 1 m3 s-1)^b.",
                  "Leopold & Maddock (1953, USGS Prof. Paper 252): b ~ 0.5 downstream; bounds "
                  "span published downstream fits"},
    ParameterSpec{
        "catchment.transmission_loss_aridity_onset", "1", 2.0, 1.0, 10.0,
        "Aridity index (annual PET / P of a cell's upstream catchment, Oudin PET and "
        "the corrected precipitation of the climatologies) at and below which a "
        "channel loses nothing to its bed (a perennial, groundwater-fed river).",
        "UNEP (1992) aridity classes: P/PET 0.5 (PET/P 2) is the boundary between dry "
        "sub-humid and semi-arid land; that channels start to lose there, and that "
        "Oudin PET stands in for the Penman PET of the classes, is an assumption "
        "(Messager et al. 2021: aridity is among the strongest predictors of non-perennial flow)"},
    ParameterSpec{"catchment.transmission_loss_aridity_full", "1", 5.0, 1.0, 30.0,
                  "Aridity index (upstream PET / P) from which a channel loses at the full bed "
                  "infiltration rate; between the onset and this the rate rises linearly.",
                  "UNEP (1992) aridity classes: P/PET 0.2 (PET/P 5) is the boundary between "
                  "semi-arid and arid land, where channels are ephemeral; the linear rise is an "
                  "assumption"},
    ParameterSpec{"ports.min_load_factor", "1", 0.25, 0.0, 1.0,
                  "Load factor below which a vessel class no longer calls at a port (its "
                  "capacity there counts as zero and its cargo moves to classes that can call).",
                  "assumption: a call carrying under a quarter of the class's cargo does not pay; "
                  "no operator threshold was found"},
};
}  // namespace

std::span<const ParameterSpec> parameter_registry() { return registry; }

const ParameterSpec* find_parameter(std::string_view name) {
  const auto it = std::find_if(registry.begin(), registry.end(),
                               [name](const ParameterSpec& p) { return p.name == name; });
  return it == registry.end() ? nullptr : &*it;
}

ParameterSet::ParameterSet() {
  for (const auto& p : registry) values_.emplace(std::string(p.name), p.default_value);
}

void ParameterSet::set(std::string_view name, double value, const std::string& source) {
  const ParameterSpec* spec = find_parameter(name);
  if (spec == nullptr) {
    std::string known;
    for (const auto& p : registry) known += (known.empty() ? "" : ", ") + std::string(p.name);
    throw InputError(source, std::string(name), "unknown parameter (known: " + known + ")");
  }
  if (!(value >= spec->min_value && value <= spec->max_value)) {
    throw InputError(source, std::string(name),
                     "value " + std::to_string(value) + " " + std::string(spec->units) +
                         " is outside the allowed range [" + std::to_string(spec->min_value) +
                         ", " + std::to_string(spec->max_value) + "]");
  }
  values_[std::string(name)] = value;
}

double ParameterSet::get(std::string_view name) const {
  const auto it = values_.find(name);
  if (it == values_.end())
    throw std::out_of_range("parameter not registered: " + std::string(name));
  return it->second;
}

}  // namespace caspian::core
