#pragma once
// Calibration run files (YAML) for `caspian calibrate`: which gauge table, basin, periods,
// excluded spans, parameters to fit and how. Every key is known: an unknown or misspelt key is
// an error naming the file, the line and the valid keys. Paths are resolved against the run
// file's folder. See docs/calibration.md for every key.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "caspian/core/parameters.hpp"
#include "caspian/core/time.hpp"

namespace caspian::io {

struct DateSpan {
  core::Date first;
  core::Date last;  // inclusive
  std::string reason;
  bool contains(const core::Date& d) const { return !(d < first) && !(last < d); }
};

struct FitParameter {
  std::string name;  // a registry name, e.g. catchment.fc_mm
  double min_value = 0.0;
  double max_value = 0.0;
};

struct DataQualityConfig {
  int repeated_discharge_min_days = 14;
  int repeated_discharge_min_distinct = 6;
  double precipitation_min_ratio = 0.65;  // of the median annual total
  double precipitation_max_ratio = 1.6;
  bool exclude_flagged = true;  // leave detected spans out of the objective and the scores
};

struct CalibrationConfig {
  std::filesystem::path run_file;
  std::string name;
  std::filesystem::path observations_file;
  double basin_area_km2 = 0.0;
  double latitude_deg = 0.0;
  DataQualityConfig quality;

  bool has_warmup = false;
  DateSpan warmup;  // simulated, never scored (when has_warmup)
  // The warm-up is run this many times in a row before the whole window (state carried over),
  // so slow stores (the lower groundwater box, K2 down to 0.001/day) start near equilibrium
  // instead of empty.
  int warmup_cycles = 1;
  DateSpan calibration;  // scored by the objective
  DateSpan validation;   // scored after fitting, never seen by the optimiser
  std::vector<DateSpan> exclusions;

  // What is maximised: the mean of these terms (kge, nse, kge_log, kge_monthly; see
  // docs/calibration.md), each computed on every block of the calibration period, averaged.
  std::vector<std::string> objective_terms{"kge"};
  std::string objective = "kge";  // the terms joined by '+', for labels
  int blocks = 1;                 // consecutive parts of the calibration period scored apart
  int iterations = 1000;          // objective evaluations per DDS run, including the start
  int restarts = 1;               // independent DDS runs (seeds from `seed`); the best is kept
  std::uint64_t seed = 1;
  double perturbation = 0.2;  // DDS r
  int batch_size = 8;         // DDS candidates per parallel batch
  std::vector<FitParameter> fit;

  core::ParameterSet parameters;  // fixed values (defaults, overridden by `parameters:`)
  std::filesystem::path output_directory = "outputs/calibration";
  std::string yaml_text;
};

// Throws core::InputError naming the file, the key (with line) and what was expected.
CalibrationConfig load_calibration_config(const std::filesystem::path& run_file);

// "YYYY-MM-DD" -> Date (proleptic Gregorian); false if malformed.
bool parse_iso_date(const std::string& text, core::Date& date);

}  // namespace caspian::io
