// Google Benchmark: the catchment part's hot paths on real inputs (the Protva's daily weather,
// the 10' DEM of the Caspian drainage). Built with the sea benchmarks (see sea_benchmarks.cpp).
#include <benchmark/benchmark.h>

#include <vector>

#include "caspian/catchment/drainage.hpp"
#include "caspian/catchment/hbv.hpp"
#include "caspian/catchment/network_routing.hpp"
#include "caspian/catchment/pet.hpp"
#include "caspian/core/parameters.hpp"
#include "caspian/io/cf_reader.hpp"
#include "caspian/io/gauge_table.hpp"

namespace {
using namespace caspian;

const io::DailyGaugeTable& protva() {
  static const io::DailyGaugeTable table =
      io::read_daily_gauge_csv(std::string(CASPIAN_SOURCE_DIR) +
                               "/inputs/hydrology/protva_spas-zagorye_daily_q_t_p_1956-2020.csv");
  return table;
}

// One cell through the whole Protva record (65 years), day by day: snow zones, soil, response,
// MAXBAS. The argument is the snow zones' temperature spread in K (0: the zones move together).
void BM_CellStepProtvaRecord(benchmark::State& state) {
  const auto& t = protva();
  core::ParameterSet set;
  set.set("catchment.snow_temperature_spread_degC", double(state.range(0)), "benchmark");
  const auto p = catchment::hbv_parameters_from(set);
  std::vector<double> pet(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    pet[i] = catchment::oudin_pet_mm_per_day(t.temperature_degC[i], 55.0, int(i % 365) + 1);
  }
  std::vector<double> q(t.size());
  for (auto _ : state) {
    auto cell = catchment::initial_cell_state(p);
    catchment::simulate_cell(p, t.precipitation_mm, t.temperature_degC, pet, cell, q);
    benchmark::DoNotOptimize(q.back());
  }
  state.counters["cell-days/s"] = benchmark::Counter(double(t.size()) * double(state.iterations()),
                                                     benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CellStepProtvaRecord)->Arg(0)->Arg(2)->Unit(benchmark::kMillisecond);

// A year of the gridded catchment's cell steps: 20,000 cells started from one state, each day
// the Protva's weather shifted by a fixed -10..+9 K per cell (so some cells are snow-covered,
// some bare, some melting), with the hindcast's calibrated parameters (snow zones 2 K apart).
// This is the memory-bound loop of the gridded run: snow zones, soil recharge, MAXBAS per cell.
void BM_GridCellsYear(benchmark::State& state) {
  const auto& t = protva();
  core::ParameterSet set;
  set.set("catchment.snow_temperature_spread_degC", 2.0, "benchmark");
  set.set("catchment.tt_degC", 2.44506, "benchmark");
  set.set("catchment.melt_threshold_degC", 1.11856, "benchmark");
  set.set("catchment.cfmax_mm_per_degC_day", 9.99256, "benchmark");
  set.set("catchment.fc_mm", 117.059, "benchmark");
  set.set("catchment.beta", 1.80681, "benchmark");
  set.set("catchment.maxbas_days", 6.40531, "benchmark");
  const auto p = catchment::hbv_parameters_from(set);
  constexpr std::size_t cells = 20000;
  constexpr std::size_t days = 365;
  const std::size_t first_day = 365 * 30;  // 1986
  std::vector<catchment::CellState> grid(cells, catchment::initial_cell_state(p));
  double sum = 0.0;
  for (auto _ : state) {
    for (std::size_t d = 0; d < days; ++d) {
      const std::size_t i = first_day + d;
      for (std::size_t c = 0; c < cells; ++c) {
        const double temperature = t.temperature_degC[i] + double(c % 20) - 10.0;
        const double pet = catchment::oudin_pet_mm_per_day(temperature, 45.0, int(d) + 1);
        sum +=
            catchment::cell_step(p, t.precipitation_mm[i], temperature, pet, grid[c]).discharge_mm;
      }
    }
    benchmark::DoNotOptimize(sum);
  }
  state.counters["cell-days/s"] = benchmark::Counter(
      double(cells * days) * double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GridCellsYear)->Unit(benchmark::kMillisecond);

struct RealNetwork {
  core::GridField dem = io::read_grid_field(
      std::string(CASPIAN_SOURCE_DIR) + "/inputs/dem/caspian_basin_etopo1_10arcmin.nc",
      "topography", core::Quantity::height_m);
  std::vector<std::uint8_t> sea = std::vector<std::uint8_t>(dem.values.size(), 0);
  catchment::DrainageNetwork network =
      catchment::build_network(dem.grid, dem.values, sea, catchment::NetworkOptions{});
};
const RealNetwork& real_network() {
  static const RealNetwork n;
  return n;
}

// The drainage network of the whole DEM (priority flood, D8, areas, waves).
void BM_BuildNetwork(benchmark::State& state) {
  const auto& n = real_network();
  for (auto _ : state) {
    auto net = catchment::build_network(n.dem.grid, n.dem.values, n.sea, {});
    benchmark::DoNotOptimize(net.order.size());
  }
  state.counters["cells/s"] = benchmark::Counter(
      double(n.dem.values.size()) * double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BuildNetwork)->Unit(benchmark::kMillisecond);

// One daily step of cell-to-cell channel routing over every land cell of the DEM.
void BM_NetworkRoutingDay(benchmark::State& state) {
  const auto& n = real_network();
  std::vector<std::uint8_t> routed(n.dem.values.size());
  for (std::size_t c = 0; c < routed.size(); ++c) {
    routed[c] = n.network.outlet[c] == catchment::OutletKind::none ? 1 : 0;
  }
  catchment::NetworkRouting routing(n.network, routed, 1.0);
  const std::vector<double> runoff_m3_per_s(routed.size(), 1.0);
  std::vector<double> outlets(routed.size());
  for (auto _ : state) {
    routing.step(runoff_m3_per_s, 86400.0, outlets);
    benchmark::DoNotOptimize(outlets.data());
  }
  state.counters["cell-days/s"] = benchmark::Counter(
      double(routed.size()) * double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NetworkRoutingDay)->Unit(benchmark::kMicrosecond);
}  // namespace
