#pragma once
// The coupled monthly time loop of the sea: forcing (climatology + scenario) -> sea water balance.
// Knows nothing of files: the driver loads inputs into these types and writes what the observer
// receives.
#include <array>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "caspian/climate/delta_change.hpp"
#include "caspian/climate/scenario_patterns.hpp"
#include "caspian/core/grid.hpp"
#include "caspian/core/time.hpp"
#include "caspian/core/trajectory.hpp"
#include "caspian/sea/bulk_evaporation.hpp"
#include "caspian/sea/hypsometry.hpp"
#include "caspian/sea/ice.hpp"
#include "caspian/sea/kara_bogaz_gol.hpp"
#include "caspian/sea/water_balance.hpp"

namespace caspian::model {

using core::YearTrajectory;

// Monthly fields on the sea (bathymetry) grid, row-major, January first.
using MonthlyFields = std::array<std::vector<double>, 12>;

struct River {
  std::string name;
  double mean_m3_per_s = 0.0;  // long-term mean
};

enum class EvaporationScheme { linacre, bulk_aerodynamic };

// Winter ice fraction per cell and calendar month, tabulated on a grid of uniform air-temperature
// changes (linear in between, clamped at the ends): fraction[(k * 12 + month) * n + cell].
struct IceTable {
  std::vector<double> temperature_change_K;  // ascending
  std::vector<double> fraction;
  double at(std::size_t month, std::size_t cell, std::size_t ncell, double change_K) const;
};

struct SeaModel {
  const sea::Hypsometry* hypsometry = nullptr;
  MonthlyFields precipitation_m_per_s;
  MonthlyFields temperature_degC;
  // Evaporation climatology given directly (m/s); empty = the chosen scheme.
  MonthlyFields evaporation_m_per_s;
  EvaporationScheme scheme = EvaporationScheme::linacre;
  double evaporation_factor = 1.0;  // Linacre: calibration multiplier on the formula
  double daily_temperature_range_K = 0.0;
  // Bulk-aerodynamic scheme: climatologies on the sea grid, the baseline relative humidity (held
  // under warming), the one scale factor, the sea-surface warming per K of air, ice.
  MonthlyFields sea_surface_temperature_degC;
  MonthlyFields wind_speed_m_per_s;
  MonthlyFields relative_humidity;
  sea::BulkEvaporationParameters bulk;
  double evaporation_scale = 1.0;
  double sst_warming_ratio = 1.0;
  double freezing_point_degC = -0.3;
  sea::IceParameters ice_parameters;
  IceTable ice;
  sea::KbgParameters kbg;
  std::vector<sea::KbgRegimeChange> kbg_regime;  // empty: open throughout
  double kbg_culvert_capacity_m3_per_s = 0.0;
};

// Baseline relative humidity per cell and month from Linacre's (1977) dew-point depression on
// the air-temperature climatology (elevation = the sea surface, daily range as given).
MonthlyFields linacre_relative_humidity(const MonthlyFields& temperature_degC,
                                        double surface_level_m_bs, double daily_range_K);

// The ice table of every cell (water depth at surface_level_m_bs) for changes from lo to hi K in
// steps of step_K. Cells that never join the sea get no ice.
IceTable build_ice_table(const sea::Hypsometry& hypsometry, const MonthlyFields& temperature_degC,
                         double surface_level_m_bs, const sea::IceParameters& parameters,
                         double lo_K, double hi_K, double step_K);

// A CMIP6 model's pattern-scaled change over the sea for one SSP (climate::scaling_pattern):
// the sea takes EEU with the share eeu_share (its wet area's weight, climate::eeu_weight) and
// WCA with the rest; the global warming is counted from the climatology's centre year.
struct Cmip6SeaChange {
  climate::ScalingPattern pattern;
  std::optional<climate::WarmingPath> path;
  double eeu_share = 0.0;
  double climatology_centre_year = 1995.5;
  // Air-temperature change (K) and precipitation factor in a month.
  climate::MonthlyChange at(const core::YearMonth& month) const;
  // Each region's change (EEU, WCA) for calendar month (0-based) at a (fractional) year: what
  // the land blends cell by cell (climate::eeu_weight).
  std::array<climate::MonthlyChange, climate::region_count> regional(std::size_t month,
                                                                     double year) const;
};

// GCM fields' delta change over the sea (scenario.gcm_fields): the change of each calendar month
// as the wet-area-weighted mean of the GCM change regridded to the sea's own grid
// (climate::regrid_rectilinear), ramped in from start_year over ramp_years (climate::ramp_weight).
struct GcmSeaChange {
  std::array<double, 12> temperature_K{};
  std::array<double, 12> precipitation_ratio{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  double start_year = 0.0;  // the run's first month's start, as a fractional year
  double ramp_years = 0.0;
  climate::RampedChange at(const core::YearMonth& month) const;
};

struct Scenario {
  YearTrajectory temperature_delta_K;
  std::optional<Cmip6SeaChange> cmip6;     // added to the deltas (temperature) and factors
  std::optional<GcmSeaChange> gcm_fields;  // likewise; never together with cmip6
  // Observed annual air-temperature anomalies over the sea (K against the climatology), added to
  // the delta in the years they cover.
  std::map<int, double> annual_temperature_anomaly_K;
  YearTrajectory precipitation_factor;
  YearTrajectory inflow_factor;
  YearTrajectory withdrawal_m3_per_s;
};

// A recorded total river inflow (inflow.mode: recorded), one river in the outputs: the volume of
// each year, spread over its months with Inflow::monthly_share, or of each month.
struct RecordedInflow {
  std::string name = "all rivers (recorded)";
  core::YearMonth first;  // the first record (month 1 for an annual record)
  bool monthly = false;   // volumes per month, else per year
  // The recorded volume of each year (or month), m3, consecutive from first.
  std::vector<double> volume_m3;

  // Whether the record holds the year (annual) or the month (monthly) of ym.
  bool covers(const core::YearMonth& ym) const;
  // Annual record: the year's volume over the year's length in the calendar, so that the months
  // spread with shares summing to 1 add up to the recorded volume. Throws std::out_of_range for a
  // year outside the record.
  double annual_mean_m3_per_s(int year, core::Calendar calendar) const;
  // Monthly record: the month's volume over the month's length. Throws std::out_of_range for a
  // month outside the record.
  double month_mean_m3_per_s(const core::YearMonth& ym, core::Calendar calendar) const;
  // The recorded volume of the year (annual) or month (monthly) of ym, m3. Throws
  // std::out_of_range outside the record.
  double volume_m3_of(const core::YearMonth& ym) const;

 private:
  long offset_of(const core::YearMonth& ym) const;
};

struct Inflow {
  std::vector<River> rivers;               // empty when recorded is given
  std::array<double, 12> monthly_share{};  // sums to 1
  double groundwater_m3_per_s = 0.0;
  // The recorded total river inflow, replacing the rivers' means (inflow.mode: recorded).
  std::optional<RecordedInflow> recorded;
};

struct Period {
  core::YearMonth start;
  core::YearMonth end;  // inclusive
  core::Calendar calendar = core::Calendar::proleptic_gregorian;
};

// The bulk scheme's evaporation (m/s, scaled, zero under ice) and ice fraction of every cell in a
// calendar month (0-based) for an air-temperature change.
void bulk_evaporation_month(const SeaModel& model, std::size_t month, double temperature_change_K,
                            std::span<double> evaporation_m_per_s, std::span<double> ice_fraction);

// The air-temperature change of a month: the scenario's delta, plus the CMIP6 change, plus the
// year's observed anomaly.
double temperature_change_K(const Scenario& scenario, const core::YearMonth& month);
// The precipitation factor of a month: the scenario's factor times the CMIP6 change.
double precipitation_factor(const Scenario& scenario, const core::YearMonth& month);

struct MonthResult {
  core::YearMonth month;
  double days = 0.0;
  double ice_area_m2 = 0.0;  // wet area under ice, month mean
  double level_start_m_bs = 0.0;
  double level_end_m_bs = 0.0;
  double volume_end_m3 = 0.0;
  sea::BalanceTerms terms;                    // month means
  std::vector<double> river_inflow_m3_per_s;  // per river, month means
};

// Monthly evaporation fields (m/s, uncalibrated) from the formula for a temperature change.
MonthlyFields formula_evaporation_m_per_s(const SeaModel& model, double temperature_delta_K,
                                          double surface_level_m_bs);

// The factor that makes the formula's long-term mean over the wet area at calibration_level equal
// target_mm_per_yr (with no temperature change).
double calibrate_evaporation(const SeaModel& model, double calibration_level_m_bs,
                             double target_mm_per_yr);

// The sea stepped month by month: evaporation from the formula (or a climatology scaled by it)
// at the month's temperature change, precipitation times a factor, the given river inflows.
class SeaStepper {
 public:
  SeaStepper(const SeaModel& model, double initial_level_m_bs);
  // From a saved state (level and volume as they were, for exact restarts).
  SeaStepper(const SeaModel& model, const sea::SeaState& state);
  MonthResult step_month(const core::YearMonth& month, core::Calendar calendar,
                         std::span<const double> river_inflow_m3_per_s, double groundwater_m3_per_s,
                         double temperature_delta_K, double precipitation_factor,
                         double withdrawal_m3_per_s);
  const sea::SeaState& state() const { return state_; }

 private:
  const SeaModel* model_;
  sea::SeaState state_;
  bool use_formula_ = true;
  MonthlyFields baseline_formula_;
  std::vector<double> annual_range_K_, warmed_, precipitation_, evaporation_, ice_fraction_;
};

// Runs month by month from initial_level_m_bs, calling on_month after each month. The rivers'
// month means are their means (or the recorded year's mean) times the scenario's inflow factor
// times the month's share over the month's fraction of the year; a monthly record is used as it
// is, times the factor.
// Returns the state after the last month.
sea::SeaState run_projection(const SeaModel& model, const Inflow& inflow, const Scenario& scenario,
                             const Period& period, const sea::SeaState& initial,
                             const std::function<void(const MonthResult&)>& on_month);

}  // namespace caspian::model
