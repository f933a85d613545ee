// PET against published values: FAO-56 Example 8 (Ra) and a hand-computed Oudin value.
#include <gtest/gtest.h>

#include "caspian/catchment/pet.hpp"

namespace {
using namespace caspian::catchment;

TEST(CatchmentPet, Fao56Example8ExtraterrestrialRadiation) {
  // Allen et al. (1998), FAO-56 chapter 3, Example 8: 20 deg S on 3 September (J = 246):
  // Ra = 32.2 MJ m-2 day-1.
  EXPECT_NEAR(extraterrestrial_radiation_MJ_per_m2_day(-20.0, 246), 32.2, 0.05);
}

TEST(CatchmentPet, PolarNightAndDay) {
  EXPECT_EQ(extraterrestrial_radiation_MJ_per_m2_day(80.0, 355), 0.0);
  // Midsummer at 80 N: 24 h of sun; more than at the equator.
  EXPECT_GT(extraterrestrial_radiation_MJ_per_m2_day(80.0, 172),
            extraterrestrial_radiation_MJ_per_m2_day(0.0, 172));
}

TEST(CatchmentPet, OudinHandComputedValue) {
  // Hand computation for the Example 8 day at 15 degC: PET = Ra / (lambda rho) x (T + 5) / 100.
  // With Ra = 32.19 MJ m-2 day-1 (eq. 21 by hand, 4 digits), lambda = 2.45 MJ kg-1 and
  // rho = 1000 kg m-3: 32.19 / 2.45 = 13.139 mm of water; x 20 / 100 = 2.628 mm/day.
  EXPECT_NEAR(oudin_pet_mm_per_day(15.0, -20.0, 246), 2.628, 0.001);
  // At or below -5 degC: none.
  EXPECT_EQ(oudin_pet_mm_per_day(-5.0, -20.0, 246), 0.0);
  EXPECT_EQ(oudin_pet_mm_per_day(-12.0, 55.0, 180), 0.0);
  // Linear in T + 5 above it.
  EXPECT_NEAR(oudin_pet_mm_per_day(25.0, 55.0, 180), 2.0 * oudin_pet_mm_per_day(10.0, 55.0, 180),
              1e-12);
}

}  // namespace
