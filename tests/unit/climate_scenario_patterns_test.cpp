#include <gtest/gtest.h>

#include <cmath>

#include "caspian/climate/scenario_patterns.hpp"
#include "caspian/core/error.hpp"
#include "caspian/io/cmip6_atlas.hpp"

namespace {
using namespace caspian;
const std::filesystem::path atlas =
    std::filesystem::path(CASPIAN_SOURCE_DIR) / "inputs/climate/cmip6_atlas_regional";

TEST(WarmingPath, AssessedShapeThroughTheModelsCrossings) {
  const double nan = std::nan("");
  const auto ssp585 = climate::ar6_assessed_path("ssp585");
  EXPECT_DOUBLE_EQ(ssp585.at(2004.5), 0.85);
  EXPECT_DOUBLE_EQ(ssp585.at(2090.5), 4.4);
  // MIROC6 SSP5-8.5 in the Atlas table: 1.5 K in 2040, 2 in 2052, 3 in 2076, 4 not by 2100.
  const climate::WarmingPath p({{2040, 2052, 2076, nan}}, ssp585, 2004.5, 0.85);
  EXPECT_NEAR(p.at(2040), 1.5, 1e-12);
  EXPECT_NEAR(p.at(2052), 2.0, 1e-12);
  EXPECT_NEAR(p.at(2076), 3.0, 1e-12);
  // By hand: the assessed path is 2.475 K in 2052 and 3.675 K in 2076, so the scale is
  // 1.15/1.625 and 2.15/2.825 there; at 2064 (half-way) 2.48399 K; after 2076 it is held:
  // 0.85 + 0.76106 x (4.4 - 0.85) = 3.55177 K at 2090.5, below the 4 K not reached.
  EXPECT_NEAR(p.at(2064), 2.483989, 1e-6);
  EXPECT_NEAR(p.at(2090.5), 3.551770, 1e-6);
  EXPECT_LT(p.at(2100.5), 4.0);
  // SSP1-2.6 levels off: a model crossing 2 K in 2042 does not run on to 3 K.
  const climate::WarmingPath flat({{2022, 2042, nan, nan}}, climate::ar6_assessed_path("ssp126"),
                                  2004.5, 0.85);
  EXPECT_LT(flat.at(2100.5), 2.6);
  EXPECT_GT(flat.at(2100.5), 2.0);
  // No level crossed: the assessed path held below 1.5 K.
  const climate::WarmingPath none({{nan, nan, nan, nan}}, climate::ar6_assessed_path("ssp126"),
                                  2004.5, 0.85);
  EXPECT_LT(none.at(2100.5), 1.5);
  EXPECT_GT(none.at(2050), 0.85);
  EXPECT_THROW(climate::ar6_assessed_path("ssp999"), std::invalid_argument);
}

TEST(ScalingPattern, MiroC6AgainstHandComputedValuesFromTheAtlasFiles) {
  const auto table = io::read_warming_levels_csv(atlas / "CMIP6_Atlas_WarmingLevels.csv");
  const auto m = io::load_model_pattern(atlas, "MIROC6", table);
  // Global warming between the windows: G(2090.5) - 0.85 = 2.70177 K (above).
  EXPECT_NEAR(m.pattern.global_warming_K, 2.701770, 1e-6);
  // From the files by hand (means of the sampled months): EEU January +8.2713 K between the
  // windows -> 3.06144 K per K; WCA July 2.46890 K per K; EEU January precipitation ratio
  // 1.24202.
  EXPECT_NEAR(m.pattern.temperature_K_per_K[0][0], 3.061438, 1e-5);
  EXPECT_NEAR(m.pattern.temperature_K_per_K[1][6], 2.468900, 1e-5);
  EXPECT_NEAR(std::exp(m.pattern.log_precipitation_ratio_per_K[0][0] * 2.701770), 1.242016, 1e-5);
  // The scaled change reproduces the model's own window change at its global warming.
  const auto c = climate::scaled_change(m.pattern, 0, 0, m.pattern.global_warming_K);
  EXPECT_NEAR(c.precipitation_factor, 1.242016, 1e-5);
  EXPECT_NEAR(c.temperature_K, 8.2713, 1e-3);
  // SSP2-4.5 path of MIROC6 (1.5 K in 2046, 2 K in 2073): 1.58261 K in 2050.
  EXPECT_NEAR(m.paths.at("ssp245").at(2050), 1.582609, 1e-6);
  ASSERT_EQ(m.paths.count("ssp126"), 1u);
}

TEST(ScalingPattern, BadFilesAndModelsNameWhatIsMissing) {
  const auto table = io::read_warming_levels_csv(atlas / "CMIP6_Atlas_WarmingLevels.csv");
  try {
    io::load_model_pattern(atlas, "NoSuchModel", table);
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("NoSuchModel"), std::string::npos);
  }
  // ACCESS-CM2 is in the warming table but has no regional files here.
  try {
    io::load_model_pattern(atlas, "ACCESS-CM2", table);
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("tas_ACCESS-CM2_historical.csv"), std::string::npos)
        << e.what();
  }
}

TEST(ScalingPattern, RegionBlendAtTheAr6Boundary) {
  EXPECT_EQ(climate::eeu_weight(40.0), 0.0);
  EXPECT_DOUBLE_EQ(climate::eeu_weight(45.0), 0.5);
  EXPECT_EQ(climate::eeu_weight(50.0), 1.0);
}

}  // namespace
