#include <gtest/gtest.h>

#include "caspian/core/error.hpp"
#include "caspian/core/parameters.hpp"

namespace {
using namespace caspian::core;

TEST(ParameterRegistry, EveryParameterHasUnitsBoundsAndSource) {
  for (const auto& p : parameter_registry()) {
    EXPECT_FALSE(p.units.empty()) << p.name;
    EXPECT_FALSE(p.source.empty()) << p.name;
    EXPECT_FALSE(p.description.empty()) << p.name;
    EXPECT_LE(p.min_value, p.default_value) << p.name;
    EXPECT_GE(p.max_value, p.default_value) << p.name;
  }
  ParameterSet set;
  EXPECT_THROW(set.set("sea.kbg_sill_level_m_bs", 100.0, "test"), InputError);
  EXPECT_THROW(set.set("sea.nonexistent", 1.0, "test"), InputError);
  set.set("sea.kbg_sill_level_m_bs", -33.0, "test");
  EXPECT_DOUBLE_EQ(set.get("sea.kbg_sill_level_m_bs"), -33.0);
}
}  // namespace
