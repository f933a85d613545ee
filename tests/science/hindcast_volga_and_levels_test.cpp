// Issue 3, item 6: the coupled hindcast 1979-2018 (catchment -> sea) from the observed 1979 level.
// Prints the modelled Volga inflow and its April-June share against the record (CEP_WL: 228.6
// km3/yr, 1936-1996), and the modelled sea level against every observation of 1979-2018 on the
// Kazakh/Russian/Azerbaijani datum (inputs/sea_level/caspian_level_observations.csv): RMSE, the
// year of the modelled maximum against 1995, and the 1979-1995 and 1996-2015 trends against the
// observed +12.7 and -6.7 cm/yr (Chen et al. 2017). No parameter is fitted to the levels; the one
// calibration is the precipitation factor fitted to the Volga's long-term mean. The assertions
// check that calibration holds and that the figures are computed from a whole, finite run; the
// level figures are reported as they are.
#include <gtest/gtest.h>
#include <netcdf.h>

#include <cmath>
#include <map>
#include <numeric>

#include "system/run_helpers.hpp"

namespace {
using namespace caspian::testing;

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

double trend_cm_per_yr(const std::map<int, double>& annual, int first, int last) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0, n = 0;
  for (int y = first; y <= last; ++y) {
    const double x = y, v = annual.at(y);
    sx += x;
    sy += v;
    sxx += x * x;
    sxy += x * v;
    n += 1;
  }
  return 100.0 * (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

TEST(Hindcast, VolgaInflowAndSeaLevels1979to2018) {
  const auto dir = scratch_dir("hindcast");
  std::string text = read_text(inputs_dir() / "hindcast_1979_2018.yaml");
  for (const char* rel :
       {"bathymetry/", "climate/", "dem/", "hydrology/", "sea_surface/", "sea_level/"}) {
    const std::string needle = std::string("file: ") + rel;
    std::string::size_type pos = 0;
    while ((pos = text.find(needle, pos)) != std::string::npos) {
      const std::string with = "file: " + inputs_dir().string() + "/";
      text = text.substr(0, pos) + with + text.substr(pos + 6);
      pos += with.size();
    }
  }
  // The known closed basins, if the run file lists them (catchment.closed_basins, relative path).
  const auto closed = text.find("closed_basins: ");
  if (closed != std::string::npos) {
    text.insert(closed + std::string("closed_basins: ").size(), inputs_dir().string() + "/");
  }
  write_text(dir / "run.yaml", replace_once(text, "write_fields: true", "write_fields: false"));
  const auto result = run_caspian("run --quiet " + quoted(dir / "run.yaml") + " --output-dir " +
                                  quoted(dir / "out"));
  ASSERT_EQ(result.exit_code, 0) << result.out;

  int nc = 0;
  ASSERT_EQ(nc_open((dir / "out/sea_level.nc").c_str(), NC_NOWRITE, &nc), NC_NOERR);
  const auto level = read_var(nc, "sea_level");
  const auto discharge = read_var(nc, "river_discharge");  // (time, river), Volga first
  nc_close(nc);
  ASSERT_EQ(level.size(), 480u);
  ASSERT_EQ(discharge.size() % 480u, 0u);
  const std::size_t rivers = discharge.size() / 480u;

  // Volga: annual volumes and the April-June share.
  const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  double volga_km3 = 0.0, spring_km3 = 0.0;
  std::map<int, double> annual_level;
  for (std::size_t t = 0; t < 480; ++t) {
    const int year = 1979 + int(t / 12), month = int(t % 12) + 1;
    const bool leap = (year % 4 == 0) && month == 2;
    const double seconds = (days[month - 1] + (leap ? 1 : 0)) * 86400.0;
    const double km3 = discharge[t * rivers] * seconds / 1e9;
    ASSERT_TRUE(std::isfinite(km3));
    volga_km3 += km3;
    if (month >= 4 && month <= 6) spring_km3 += km3;
    annual_level[year] += level[t] / 12.0;
  }
  const double volga_mean = volga_km3 / 40.0;
  const double spring_share = spring_km3 / volga_km3;
  std::printf(
      "Volga inflow 1979-2018: model %.1f km3/yr; recorded 228.6 km3/yr (1936-1996, CEP_WL)\n",
      volga_mean);
  std::printf(
      "Volga April-June share: model %.1f%%; regulated regime 41.6%% (ZHIGULEVSK, derived)\n",
      100 * spring_share);

  // Every river's mean against the record (printed: only the Volga's was fitted).
  {
    std::istringstream record(
        read_text(inputs_dir() / "hydrology/caspian_river_inflow_1936_1996_mean.csv"));
    std::map<std::string, double> recorded_km3;
    std::string row;
    while (std::getline(record, row)) {
      const auto comma = row.find(',');
      if (comma == std::string::npos || !std::isupper(static_cast<unsigned char>(row[0]))) continue;
      const auto next = row.find(',', comma + 1);
      try {
        recorded_km3[row.substr(0, comma)] = std::stod(row.substr(comma + 1, next - comma - 1));
      } catch (const std::exception&) {
      }
    }
    std::istringstream annual(read_text(dir / "out/river_inflow_annual.csv"));
    std::string header;
    std::getline(annual, header);
    std::vector<std::string> columns;
    std::stringstream hs(header);
    for (std::string c; std::getline(hs, c, ',');) columns.push_back(c);
    std::vector<double> sums(columns.size(), 0.0);
    int years = 0;
    while (std::getline(annual, row)) {
      std::stringstream rs(row);
      std::size_t k = 0;
      for (std::string c; std::getline(rs, c, ','); ++k) {
        if (k >= 2 && k < sums.size()) sums[k] += std::stod(c);
      }
      ++years;
    }
    ASSERT_EQ(years, 40);
    const std::map<std::string, std::string> record_name = {
        {"volga_km3", "Volga"}, {"ural_km3", "Ural"},   {"kura_km3", "Kura"},
        {"terek_km3", "Terek"}, {"sulak_km3", "Sulak"}, {"samur_km3", "Samur"}};
    double total_km3 = 0.0;
    for (std::size_t k = 2; k < columns.size(); ++k) {
      if (columns[k].find("natural") != std::string::npos) continue;
      const double mean_km3 = sums[k] / years;
      ASSERT_TRUE(std::isfinite(mean_km3) && mean_km3 >= 0.0) << columns[k];
      total_km3 += mean_km3;
      const auto name = record_name.find(columns[k]);
      if (name != record_name.end() && recorded_km3.count(name->second)) {
        std::printf("  %-22s model %6.1f km3/yr, recorded %6.1f (1936-1996, CEP_WL)\n",
                    columns[k].c_str(), mean_km3, recorded_km3.at(name->second));
      } else {
        std::printf("  %-22s model %6.1f km3/yr\n", columns[k].c_str(), mean_km3);
      }
    }
    std::printf(
        "river inflow, all rivers: model %.1f km3/yr; recorded gauged total %.1f + Iranian and "
        "small rivers ~%.0f (CEP_WL)\n",
        total_km3, recorded_km3["Gauged_total"], recorded_km3["Iranian_and_small_rivers"]);
  }

  // Levels against the observations on the Kazakh/Russian/Azerbaijani datum, 1979-2018.
  std::istringstream in(read_text(inputs_dir() / "sea_level/caspian_level_observations.csv"));
  std::string line;
  std::getline(in, line);
  std::getline(in, line);
  double sum_sq = 0.0;
  int count = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) f.push_back(cell);
    if (f.size() < 5 || f[1] != "annual_mean") continue;
    const int year = std::stoi(f[0]);
    const std::string& region = f[4];
    const bool datum_ok = region.find("Kazakh") != std::string::npos ||
                          region.find("Kazhydromet") != std::string::npos ||
                          region.find("Azerbaijan") != std::string::npos ||
                          region.find("Russian") != std::string::npos;
    if (year < 1979 || year > 2018 || !datum_ok) continue;
    const double observed = std::stod(f[2]);
    const double modelled = annual_level.at(year);
    std::printf("  %d: observed %.2f, modelled %.2f m BS (%s)\n", year, observed, modelled,
                f[5].c_str());
    sum_sq += (modelled - observed) * (modelled - observed);
    ++count;
  }
  ASSERT_GE(count, 4);
  const double rmse = std::sqrt(sum_sq / count);
  int max_year = 1979;
  for (const auto& [year, v] : annual_level)
    if (v > annual_level[max_year]) max_year = year;
  const double rise = trend_cm_per_yr(annual_level, 1979, 1995);
  const double fall = trend_cm_per_yr(annual_level, 1996, 2015);
  std::printf("level RMSE against %d observations: %.2f m\n", count, rmse);
  std::printf("year of the modelled maximum: %d (observed 1995)\n", max_year);
  std::printf(
      "trend 1979-1995: model %+.1f cm/yr, observed +12.7; 1996-2015: model %+.1f cm/yr, observed "
      "-6.7\n",
      rise, fall);

  // The calibration to the long-term mean holds (the precipitation factor was fitted to it).
  EXPECT_NEAR(volga_mean, 228.6, 0.03 * 228.6);
  EXPECT_GT(spring_share, 0.0);
  EXPECT_LT(spring_share, 1.0);
  EXPECT_TRUE(std::isfinite(rmse) && std::isfinite(rise) && std::isfinite(fall));
  std::filesystem::remove_all(dir);
}
}  // namespace
