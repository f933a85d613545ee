// Issue 3, item 6: the coupled hindcast 1979-2018 (catchment -> sea) from the observed level of
// 1 January 1979, against the continuous records in inputs/:
// - levels: the whole-sea annual means (sea_level/caspian_level_annual_1921-2025.csv, column
//   level_whole_sea_m_bs): RMSE and bias of the annual means over every year, the 1979-1995 and
//   1996-2015 linear trends, the year of the maximum against 1995, the correlation of the annual
//   level changes;
// - the Volga: the modelled annual inflow (river_inflow_annual.csv) against the recorded one
//   (hydrology/caspian_river_inflow_annual_1936-2023.csv, volga_km3, blank in some years): bias,
//   correlation and standard-deviation ratio over the years with a record;
// - every river's mean against the CEP_WL 1936-1996 means, and the total against the recorded
//   total (total_river_inflow_km3).
// No parameter is fitted to the levels; the one calibration is the precipitation factor fitted to
// the Volga's long-term mean (228.6 km3/yr, CEP_WL 1936-1996). The thresholds are loose on
// purpose: the sea's evaporation is being rewritten and the level figures will move. They fail
// only what would be a broken run: a level RMSE above 2 m, a Volga mean more than 10% off the
// record of the same years, or the calibration to the long-term mean no longer holding (3%).
#include <gtest/gtest.h>
#include <netcdf.h>

#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <vector>

#include "science/level_record.hpp"

namespace {
using namespace caspian::testing;

constexpr int first_year = 1979, last_year = 2018, years = last_year - first_year + 1;
const double nan = std::numeric_limits<double>::quiet_NaN();

std::vector<double> read_var(int nc, const char* name) {
  int var = 0;
  if (nc_inq_varid(nc, name, &var) != NC_NOERR) return {};
  int ndims = 0;
  nc_inq_varndims(nc, var, &ndims);
  std::vector<int> dims(static_cast<std::size_t>(ndims));
  nc_inq_vardimid(nc, var, dims.data());
  std::size_t n = 1;
  for (int d : dims) {
    std::size_t len = 0;
    nc_inq_dimlen(nc, d, &len);
    n *= len;
  }
  std::vector<double> values(n);
  nc_get_var_double(nc, var, values.data());
  return values;
}

// The fields of a CSV line (CRLF or LF); a trailing comma is a last, empty field.
std::vector<std::string> split(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> fields;
  std::stringstream ls(line);
  std::string cell;
  while (std::getline(ls, cell, ',')) fields.push_back(cell);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

// An annual CSV: a header row of names, optionally a units row, then one row per year (first
// column). Blank cells are NaN.
using AnnualTable = std::map<int, std::map<std::string, double>>;
AnnualTable read_annual_csv(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  const auto names = split(line);
  AnnualTable table;
  while (std::getline(in, line)) {
    if (line.empty() || !std::isdigit(static_cast<unsigned char>(line[0]))) continue;  // units
    const auto fields = split(line);
    const int year = std::stoi(fields[0]);
    for (std::size_t k = 1; k < names.size(); ++k) {
      table[year][names[k]] = k < fields.size() && !fields[k].empty() ? std::stod(fields[k]) : nan;
    }
  }
  return table;
}

double mean(const std::vector<double>& x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / double(x.size());
}

double standard_deviation(const std::vector<double>& x) {
  const double m = mean(x);
  double s = 0.0;
  for (double v : x) s += (v - m) * (v - m);
  return std::sqrt(s / double(x.size() - 1));
}

double correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double mx = mean(x), my = mean(y);
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

TEST(Hindcast, VolgaInflowAndSeaLevels1979to2018) {
  const auto dir = scratch_dir("hindcast");
  std::string text = inputs_run_file_text("hindcast_1979_2018.yaml");
  write_text(dir / "run.yaml", replace_once(text, "write_fields: true", "write_fields: false"));
  const auto result = run_caspian("run --quiet " + quoted(dir / "run.yaml") + " --output-dir " +
                                  quoted(dir / "out"));
  ASSERT_EQ(result.exit_code, 0) << result.out;

  int nc = 0;
  ASSERT_EQ(nc_open((dir / "out/sea_level.nc").c_str(), NC_NOWRITE, &nc), NC_NOERR);
  const auto level = read_var(nc, "sea_level");
  const auto discharge = read_var(nc, "river_discharge");  // (time, river), Volga first
  nc_close(nc);
  const std::size_t months = 12u * years;
  ASSERT_EQ(level.size(), months);
  ASSERT_EQ(discharge.size() % months, 0u);
  const std::size_t rivers = discharge.size() / months;

  // Annual mean levels and the Volga's April-June share, from the monthly series.
  const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  double volga_km3 = 0.0, spring_km3 = 0.0;
  std::map<int, double> model_level;
  for (std::size_t t = 0; t < months; ++t) {
    const int year = first_year + int(t / 12), month = int(t % 12) + 1;
    const bool leap = (year % 4 == 0) && month == 2;
    const double seconds = (days[month - 1] + (leap ? 1 : 0)) * 86400.0;
    const double km3 = discharge[t * rivers] * seconds / 1e9;
    ASSERT_TRUE(std::isfinite(km3) && std::isfinite(level[t]));
    volga_km3 += km3;
    if (month >= 4 && month <= 6) spring_km3 += km3;
    model_level[year] += level[t] / 12.0;
  }
  const double spring_share = spring_km3 / volga_km3;

  // The records.
  const auto level_record =
      read_annual_csv(read_text(inputs_dir() / "sea_level/caspian_level_annual_1921-2025.csv"));
  const auto inflow_record = read_annual_csv(
      read_text(inputs_dir() / "hydrology/caspian_river_inflow_annual_1936-2023.csv"));
  const auto modelled = read_annual_csv(read_text(dir / "out/river_inflow_annual.csv"));
  ASSERT_EQ(modelled.size(), std::size_t(years));

  // ---- Levels against the whole-sea annual means, every year.
  std::map<int, double> observed_level;
  for (int y = first_year; y <= last_year; ++y) {
    ASSERT_TRUE(level_record.count(y)) << y;
    observed_level[y] = level_record.at(y).at("level_whole_sea_m_bs");
    ASSERT_TRUE(std::isfinite(observed_level[y])) << y;
  }
  std::printf("year  level model  observed (m BS)   Volga model  recorded (km3/yr)\n");
  double sum_sq = 0.0, sum_diff = 0.0;
  for (int y = first_year; y <= last_year; ++y) {
    const double d = model_level[y] - observed_level[y];
    sum_sq += d * d;
    sum_diff += d;
    const double volga_record = inflow_record.at(y).at("volga_km3");
    std::printf("%d  %11.2f  %8.2f          %11.1f  %8.1f\n", y, model_level[y], observed_level[y],
                modelled.at(y).at("volga_km3"), volga_record);
  }
  const double rmse = std::sqrt(sum_sq / years);
  const double bias = sum_diff / years;
  const double rise_model = trend_cm_per_yr(model_level, 1979, 1995);
  const double rise_observed = trend_cm_per_yr(observed_level, 1979, 1995);
  const double fall_model = trend_cm_per_yr(model_level, 1996, 2015);
  const double fall_observed = trend_cm_per_yr(observed_level, 1996, 2015);
  std::vector<double> change_model, change_observed;
  for (int y = first_year + 1; y <= last_year; ++y) {
    change_model.push_back(model_level[y] - model_level[y - 1]);
    change_observed.push_back(observed_level[y] - observed_level[y - 1]);
  }
  const double change_correlation = correlation(change_model, change_observed);
  std::printf(
      "level 1979-2018 against the whole-sea annual means (%d years): RMSE %.2f m, bias "
      "%+.2f m\n",
      years, rmse, bias);
  std::printf(
      "trend 1979-1995: model %+.1f cm/yr, observed %+.1f; 1996-2015: model %+.1f cm/yr, "
      "observed %+.1f\n",
      rise_model, rise_observed, fall_model, fall_observed);
  std::printf("year of the highest annual level: model %d, observed %d\n",
              year_of_maximum(model_level, 1979, 2018),
              year_of_maximum(observed_level, 1979, 2018));
  std::printf("correlation of the annual level changes (%zu pairs): %.2f\n", change_model.size(),
              change_correlation);

  // ---- The Volga against its record, over the years with one.
  std::vector<double> volga_model, volga_observed;
  for (int y = first_year; y <= last_year; ++y) {
    const double recorded = inflow_record.at(y).at("volga_km3");
    if (!std::isfinite(recorded)) continue;
    volga_model.push_back(modelled.at(y).at("volga_km3"));
    volga_observed.push_back(recorded);
  }
  ASSERT_GE(volga_model.size(), 30u);
  const double volga_mean = mean(volga_model), volga_record_mean = mean(volga_observed);
  const double volga_bias = volga_mean - volga_record_mean;
  const double volga_correlation = correlation(volga_model, volga_observed);
  const double volga_sd_ratio =
      standard_deviation(volga_model) / standard_deviation(volga_observed);
  double volga_all_years = 0.0;
  for (const auto& [year, row] : modelled) volga_all_years += row.at("volga_km3") / years;
  std::printf(
      "Volga inflow, %zu years with a record: model %.1f km3/yr, recorded %.1f; bias %+.1f "
      "km3/yr (%+.1f%%), correlation %.2f, sd ratio %.2f (model sd %.1f, recorded %.1f)\n",
      volga_model.size(), volga_mean, volga_record_mean, volga_bias,
      100.0 * volga_bias / volga_record_mean, volga_correlation, volga_sd_ratio,
      standard_deviation(volga_model), standard_deviation(volga_observed));
  std::printf(
      "Volga inflow 1979-2018, all years: model %.1f km3/yr; calibration target 228.6 "
      "km3/yr (1936-1996 mean, CEP_WL)\n",
      volga_all_years);
  std::printf(
      "Volga April-June share: model %.1f%%; regulated regime 41.6%% (ZHIGULEVSK, "
      "derived)\n",
      100 * spring_share);

  // ---- Every river's mean against the CEP_WL 1936-1996 means; the total against the record.
  {
    std::istringstream record(
        read_text(inputs_dir() / "hydrology/caspian_river_inflow_1936_1996_mean.csv"));
    std::map<std::string, double> recorded_km3;
    std::string row;
    while (std::getline(record, row)) {
      const auto f = split(row);
      if (f.size() < 2 || f[0].empty() || !std::isupper(static_cast<unsigned char>(f[0][0])))
        continue;
      try {
        recorded_km3[f[0]] = std::stod(f[1]);
      } catch (const std::exception&) {
      }
    }
    const std::map<std::string, std::string> record_name = {
        {"volga_km3", "Volga"}, {"ural_km3", "Ural"},   {"kura_km3", "Kura"},
        {"terek_km3", "Terek"}, {"sulak_km3", "Sulak"}, {"samur_km3", "Samur"}};
    double total_km3 = 0.0;
    // The columns in the file's order (the model's river order).
    std::string header = read_text(dir / "out/river_inflow_annual.csv");
    header = header.substr(0, header.find('\n'));
    for (const auto& column : split(header)) {
      if (column == "year" || column == "months" || column.find("natural") != std::string::npos)
        continue;
      double mean_km3 = 0.0;
      for (const auto& [year, r] : modelled) mean_km3 += r.at(column) / years;
      ASSERT_TRUE(std::isfinite(mean_km3) && mean_km3 >= 0.0) << column;
      total_km3 += mean_km3;
      const auto name = record_name.find(column);
      if (name != record_name.end() && recorded_km3.count(name->second)) {
        std::printf("  %-22s model %6.1f km3/yr, recorded %6.1f (1936-1996, CEP_WL)\n",
                    column.c_str(), mean_km3, recorded_km3.at(name->second));
      } else {
        std::printf("  %-22s model %6.1f km3/yr\n", column.c_str(), mean_km3);
      }
    }
    double recorded_total = 0.0;
    for (int y = first_year; y <= last_year; ++y)
      recorded_total += inflow_record.at(y).at("total_river_inflow_km3") / years;
    std::printf(
        "river inflow, all rivers 1979-2018: model %.1f km3/yr; recorded %.1f "
        "(total_river_inflow_km3), %+.1f%%; CEP_WL 1936-1996: gauged %.1f + Iranian and "
        "small rivers ~%.0f\n",
        total_km3, recorded_total, 100.0 * (total_km3 - recorded_total) / recorded_total,
        recorded_km3["Gauged_total"], recorded_km3["Iranian_and_small_rivers"]);
    EXPECT_TRUE(std::isfinite(total_km3) && total_km3 > 0.0);
  }

  // Loose and honest: a broken run fails, a worse evaporation scheme does not.
  EXPECT_LT(rmse, 2.0) << "level RMSE against the whole-sea annual means";
  EXPECT_LT(std::abs(volga_bias), 0.10 * volga_record_mean) << "Volga mean against its record";
  EXPECT_NEAR(volga_all_years, 228.6, 0.03 * 228.6) << "the calibration to the long-term mean";
  EXPECT_GT(spring_share, 0.0);
  EXPECT_LT(spring_share, 1.0);
  EXPECT_TRUE(std::isfinite(change_correlation) && std::isfinite(volga_correlation) &&
              std::isfinite(volga_sd_ratio) && std::isfinite(rise_model) &&
              std::isfinite(fall_model));
  std::filesystem::remove_all(dir);
}
}  // namespace
