// Google Benchmark: the sea part's hot paths on the real default bathymetry.
//   cmake -S . -B build-bench -DCASPIAN_BENCHMARKS=ON -DCMAKE_BUILD_TYPE=Release
//   cmake --build build-bench --target caspian_benchmarks &&
//   build-bench/tests/benchmarks/caspian_benchmarks
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "caspian/core/parameters.hpp"
#include "caspian/io/cf_reader.hpp"
#include "caspian/sea/hypsometry.hpp"
#include "caspian/sea/kara_bogaz_gol.hpp"
#include "caspian/sea/water_balance.hpp"

namespace {
using namespace caspian;

struct RealBathymetry {
  core::GridField field = io::read_grid_field(
      std::string(CASPIAN_SOURCE_DIR) + "/inputs/bathymetry/caspian_etopo1_10arcmin.nc",
      "topography", core::Quantity::height_m);
};
const RealBathymetry& bathymetry() {
  static const RealBathymetry b;  // read once per benchmark process
  return b;
}

void BM_HypsometryBuild(benchmark::State& state) {
  const auto& b = bathymetry().field;
  for (auto _ : state) {
    auto h = sea::build_hypsometry(b.grid, b.values, 42.0, 51.0, -29.2, 1.0);
    benchmark::DoNotOptimize(h.max_level_m_bs());
  }
  state.counters["cells/s"] = benchmark::Counter(
      double(b.values.size()) * double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HypsometryBuild)->Unit(benchmark::kMillisecond);

void BM_VolumeToLevel(benchmark::State& state) {
  const auto& b = bathymetry().field;
  const auto h = sea::build_hypsometry(b.grid, b.values, 42.0, 51.0, -29.2, 1.0);
  const double v_lo = h.volume_m3(-35.0), v_hi = h.volume_m3(-25.0);
  double v = v_lo;
  for (auto _ : state) {
    benchmark::DoNotOptimize(h.level_for_volume(v));
    v += (v_hi - v_lo) * 1e-4;
    if (v > v_hi) v = v_lo;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VolumeToLevel);

void BM_SeaStep(benchmark::State& state) {
  const auto& b = bathymetry().field;
  const auto h = sea::build_hypsometry(b.grid, b.values, 42.0, 51.0, -29.2, 1.0);
  const std::vector<double> p(b.values.size(), 1e-8), e(b.values.size(), 3e-8);
  const auto kbg = sea::kbg_parameters(core::ParameterSet());
  sea::SeaFluxes fluxes;
  fluxes.precipitation_m_per_s = p;
  fluxes.evaporation_m_per_s = e;
  fluxes.river_inflow_m3_per_s = 8800.0;
  sea::SeaState s{-29.2, h.volume_m3(-29.2)};
  for (auto _ : state) {
    auto terms = sea::step_sea(h, h.cell_area_m2(), kbg, fluxes, 30.0 * 86400.0, s);
    benchmark::DoNotOptimize(terms.net_m3_per_s);
    if (s.level_m_bs > -27.0 || s.level_m_bs < -31.0) s = {-29.2, h.volume_m3(-29.2)};
  }
  state.counters["cell-steps/s"] = benchmark::Counter(
      double(b.values.size()) * double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SeaStep);
}  // namespace
