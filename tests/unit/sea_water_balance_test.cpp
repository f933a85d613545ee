#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "caspian/core/error.hpp"
#include "caspian/core/parameters.hpp"
#include "caspian/sea/hypsometry.hpp"
#include "caspian/sea/kara_bogaz_gol.hpp"
#include "caspian/sea/water_balance.hpp"

namespace {
namespace sea = caspian::sea;
using caspian::core::LatLonGrid;

std::vector<double> centres(double first, double step, std::size_t n) {
  std::vector<double> v(n);
  for (std::size_t k = 0; k < n; ++k) v[k] = first + step * static_cast<double>(k);
  return v;
}

TEST(SeaKaraBogazGol, WeirLaw) {
  const sea::KbgParameters kbg{-31.0, 570.0, -26.6};
  EXPECT_EQ(sea::kbg_outflow_m3_per_s(kbg, -35.0), 0.0);
  EXPECT_EQ(sea::kbg_outflow_m3_per_s(kbg, -31.0), 0.0);
  EXPECT_DOUBLE_EQ(sea::kbg_outflow_m3_per_s(kbg, -26.6), 570.0);
  // Four times the reference head gives 4^1.5 = 8 times the flow; a quarter gives 1/8.
  EXPECT_NEAR(sea::kbg_outflow_m3_per_s(kbg, -31.0 + 4 * 4.4), 8 * 570.0, 1e-9);
  EXPECT_NEAR(sea::kbg_outflow_m3_per_s(kbg, -31.0 + 0.25 * 4.4), 570.0 / 8, 1e-12);
  EXPECT_THROW(sea::kbg_outflow_m3_per_s({-26.0, 570.0, -27.0}, -25.0), caspian::core::InputError);
  const auto from_registry = sea::kbg_parameters(caspian::core::ParameterSet());
  EXPECT_EQ(from_registry.sill_level_m_bs, -31.0);
  EXPECT_EQ(from_registry.reference_level_m_bs, -26.6);
  EXPECT_NEAR(from_registry.reference_outflow_m3_per_s, 18e9 / (365.25 * 86400), 1e-9);
}

struct Basin {
  LatLonGrid grid = LatLonGrid(centres(38.0, 0.25, 12), centres(49.0, 0.25, 10));
  std::vector<double> bed;
  std::vector<double> area;
  explicit Basin(unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> noise(-3.0, 3.0);
    bed.resize(grid.size());
    for (std::size_t i = 0; i < grid.nlat(); ++i)
      for (std::size_t j = 0; j < grid.nlon(); ++j)
        bed[grid.index(i, j)] =
            -60.0 + 2.0 * (std::pow(double(i) - 5.5, 2) + std::pow(double(j) - 4.5, 2)) +
            noise(rng);
    area = grid.cell_areas_m2();
  }
};

TEST(SeaWaterBalance, ConservesMassAndUsesOnlyWetCells) {
  const Basin b(11);
  const sea::Hypsometry hyps(b.grid, b.bed, b.grid.index(6, 5), 1.0);
  const sea::KbgParameters kbg{-31.0, 100.0, -26.6};
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> rate(0.0, 1e-7);
  sea::SeaState state{-28.0, hyps.volume_m3(-28.0)};
  const double dt = 30.4375 * 86400.0;
  for (int step = 0; step < 120; ++step) {
    std::vector<double> p(b.grid.size()), e(b.grid.size());
    for (std::size_t c = 0; c < p.size(); ++c) {
      p[c] = rate(rng);
      e[c] = rate(rng);
      if (hyps.wet_fraction(c, state.level_m_bs) == 0.0) p[c] = e[c] = std::nan("");
    }
    const sea::SeaFluxes fluxes{p, e, 300.0 * rate(rng) * 1e7, 50.0, 10.0};
    const sea::SeaState before = state;
    const sea::BalanceTerms terms = sea::step_sea(hyps, b.area, kbg, fluxes, dt, state);
    // Fluxes over the wet area at the start level, cell by cell.
    double wet = 0.0, precipitation = 0.0, evaporation = 0.0;
    for (std::size_t c = 0; c < p.size(); ++c) {
      const double f = hyps.wet_fraction(c, before.level_m_bs);
      if (f == 0.0) continue;
      wet += f * b.area[c];
      precipitation += f * b.area[c] * p[c];
      evaporation += f * b.area[c] * e[c];
    }
    EXPECT_NEAR(terms.area_m2, hyps.area_m2(before.level_m_bs), 1e-9 * terms.area_m2);
    EXPECT_NEAR(terms.area_m2, wet, 1e-12 * wet);
    EXPECT_NEAR(terms.precipitation_m3_per_s, precipitation, 1e-12 * precipitation);
    EXPECT_NEAR(terms.evaporation_m3_per_s, evaporation, 1e-12 * evaporation);
    EXPECT_DOUBLE_EQ(terms.kbg_outflow_m3_per_s, sea::kbg_outflow_m3_per_s(kbg, before.level_m_bs));
    EXPECT_DOUBLE_EQ(terms.net_m3_per_s,
                     fluxes.river_inflow_m3_per_s + fluxes.groundwater_inflow_m3_per_s +
                         terms.precipitation_m3_per_s - terms.evaporation_m3_per_s -
                         terms.kbg_outflow_m3_per_s - fluxes.withdrawal_m3_per_s);
    // Mass conservation to round-off, and level consistent with the volume.
    EXPECT_LE(std::abs(state.volume_m3 - before.volume_m3 - terms.net_m3_per_s * dt),
              1e-12 * state.volume_m3);
    EXPECT_NEAR(hyps.volume_m3(state.level_m_bs), state.volume_m3, 1e-12 * state.volume_m3);
    EXPECT_EQ(terms.net_m3_per_s > 0.0, state.level_m_bs > before.level_m_bs);
  }
}

TEST(SeaWaterBalance, DryingOutThrowsAndLeavesStateUnchanged) {
  const Basin b(12);
  const sea::Hypsometry hyps(b.grid, b.bed, b.grid.index(6, 5), 0.0);
  const sea::KbgParameters kbg{-31.0, 100.0, -26.6};
  const std::vector<double> zero(b.grid.size(), 0.0);
  sea::SeaState state{-40.0, hyps.volume_m3(-40.0)};
  const sea::SeaState before = state;
  const sea::SeaFluxes fluxes{zero, zero, 0.0, 1e9, 0.0};
  EXPECT_THROW(sea::step_sea(hyps, b.area, kbg, fluxes, 86400.0 * 365, state),
               caspian::core::RangeError);
  EXPECT_EQ(state.level_m_bs, before.level_m_bs);
  EXPECT_EQ(state.volume_m3, before.volume_m3);
  // A NaN flux over a wet cell is an error.
  std::vector<double> bad(zero);
  bad[b.grid.index(6, 5)] = std::nan("");
  EXPECT_THROW(sea::step_sea(hyps, b.area, kbg, {bad, zero, 0.0, 0.0, 0.0}, 86400.0, state),
               caspian::core::Error);
}

}  // namespace
