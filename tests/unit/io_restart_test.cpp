// Restart files: a state written is read back; every dataset's size, type and values are checked
// and a bad one named with the file and the dataset.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <random>
#include <string>

#include "caspian/core/error.hpp"
#include "caspian/io/restart.hpp"
#include "system/hdf5_edit.hpp"

namespace {
namespace fs = std::filesystem;
using caspian::io::CatchmentRestart;
using caspian::io::RestartShape;
using caspian::io::RestartState;

constexpr std::size_t cells = 6, zones = 5, days = 16;
const RestartShape shape{cells, zones, days};

RestartState sample_state() {
  RestartState s;
  s.next_month = {2026, 1};
  s.config_hash = 18446744073709551615ULL;
  s.grid_hash = 12345;
  s.version = "0.1.0";
  s.sea_level_m_bs = -29.1;
  s.sea_volume_m3 = 7.8e13;
  CatchmentRestart c;
  c.snowpack_mm.assign(cells * zones, 10.0);
  c.snow_liquid_mm.assign(cells * zones, 0.5);
  c.soil_moisture_mm.assign(cells, 80.0);
  c.upper_zone_mm.assign(cells, 1.0);
  c.lower_zone_mm.assign(cells, 30.0);
  c.routing_pending_mm.assign(cells * days, 0.1);
  c.channel_storage_m3.assign(cells, 5e6);
  c.volga_reservoir_storage_m3 = 1.3e10;
  s.catchment = c;
  return s;
}

class IoRestart : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("caspian-restart-" + std::to_string(rd()));
    fs::create_directories(dir_);
    path_ = dir_ / "state.h5";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The message of reading the sample state after an edit (of the state, or of the file).
  std::string error_after(const std::function<void(RestartState&)>& edit_state,
                          const std::function<bool(const fs::path&)>& edit_file = {},
                          const RestartShape& read_shape = shape) const {
    RestartState s = sample_state();
    edit_state(s);
    caspian::io::write_restart(path_, s);
    if (edit_file) {
      EXPECT_TRUE(edit_file(path_));
    }
    try {
      caspian::io::read_restart(path_, read_shape);
    } catch (const caspian::core::InputError& e) {
      return e.what();
    }
    return "no error";
  }
  void expect_error(const std::string& message, const std::vector<std::string>& words) const {
    EXPECT_NE(message.find(path_.string()), std::string::npos) << message;
    for (const auto& w : words)
      EXPECT_NE(message.find(w), std::string::npos) << w << " in " << message;
  }

  fs::path dir_;
  fs::path path_;
};

TEST_F(IoRestart, RoundTrip) {
  caspian::io::write_restart(path_, sample_state());
  const auto s = caspian::io::read_restart(path_, shape);
  EXPECT_EQ(s.next_month, (caspian::core::YearMonth{2026, 1}));
  EXPECT_EQ(s.config_hash, 18446744073709551615ULL);
  EXPECT_EQ(s.catchment->routing_pending_mm.size(), cells * days);
  EXPECT_DOUBLE_EQ(s.catchment->volga_reservoir_storage_m3, 1.3e10);
  RestartState sea = sample_state();
  sea.catchment.reset();
  caspian::io::write_restart(path_, sea);
  EXPECT_FALSE(caspian::io::read_restart(path_, RestartShape{}).catchment.has_value());
}

// Issue 12: only 3 of the 8 catchment datasets' sizes were checked, and a short one was read out
// of bounds.
TEST_F(IoRestart, EveryDatasetHasTheSizeOfTheGrid) {
  using Field = std::vector<double> CatchmentRestart::*;
  const std::vector<std::pair<const char*, Field>> fields = {
      {"snowpack_mm", &CatchmentRestart::snowpack_mm},
      {"snow_liquid_mm", &CatchmentRestart::snow_liquid_mm},
      {"soil_moisture_mm", &CatchmentRestart::soil_moisture_mm},
      {"upper_zone_mm", &CatchmentRestart::upper_zone_mm},
      {"lower_zone_mm", &CatchmentRestart::lower_zone_mm},
      {"routing_pending_mm", &CatchmentRestart::routing_pending_mm},
      {"channel_storage_m3", &CatchmentRestart::channel_storage_m3}};
  for (const auto& [name, field] : fields) {
    const auto message = error_after([&](RestartState& s) { ((*s.catchment).*field).pop_back(); });
    expect_error(message,
                 {std::string(name) + ": holds ", "; expected ", "a state saved on another grid?"});
  }
  expect_error(error_after([](RestartState&) {},
                           [](const fs::path& p) {
                             return caspian::testing::replace_dataset(
                                 p, "volga_reservoir_storage_m3", {});
                           }),
               {"volga_reservoir_storage_m3: holds 0 value(s); expected one value"});
  expect_error(error_after([](RestartState&) {}, {}, RestartShape{cells + 1, zones, days}),
               {"snowpack_mm: holds 30 value(s); expected 35 (7 cells x 5 snow zones"});
  expect_error(error_after([](RestartState&) {}, {}, RestartShape{}),
               {"snowpack_mm", "holds a catchment, and this run has none"});
  expect_error(error_after([](RestartState& s) { s.catchment.reset(); }),
               {"snowpack_mm", "holds no catchment, and this run has one"});
  expect_error(error_after([](RestartState&) {},
                           [](const fs::path& p) {
                             return caspian::testing::delete_dataset(p, "upper_zone_mm");
                           }),
               {"upper_zone_mm", "dataset missing"});
}

// Issue 12: an empty level dataset gave "vector::_M_range_check", a text config hash "stoull",
// NaN storage ran to exit 0, and huge values failed later without naming the file.
TEST_F(IoRestart, TypesTextsAndValuesAreChecked) {
  using caspian::testing::replace_dataset;
  using caspian::testing::replace_text_attribute;
  expect_error(
      error_after([](RestartState&) {},
                  [](const fs::path& p) { return replace_dataset(p, "sea_level_m_bs", {}); }),
      {"sea_level_m_bs: holds 0 value(s); expected one value, a sea level in m BS"});
  expect_error(error_after([](RestartState&) {},
                           [](const fs::path& p) {
                             return replace_dataset(p, "sea_level_m_bs", {-29.0}, H5T_STD_I32LE);
                           }),
               {"sea_level_m_bs: has type integer; expected floating point"});
  expect_error(error_after([](RestartState&) {},
                           [](const fs::path& p) {
                             return replace_dataset(p, "sea_level_m_bs", {-29.0, -28.0});
                           }),
               {"sea_level_m_bs: holds 2 value(s)"});
  for (const char* attribute : {"config_hash", "grid_hash"}) {
    for (const char* text : {"abc", "", "-1", "18446744073709551616", "12 "}) {
      expect_error(error_after([](RestartState&) {},
                               [&](const fs::path& p) {
                                 return replace_text_attribute(p, attribute, text);
                               }),
                   {std::string(attribute) + ": '" + text + "' is not a hash"});
    }
  }
  for (const char* text : {"2026-13", "2026-01x", "abc", "2147483647-01"}) {
    expect_error(error_after([](RestartState&) {},
                             [&](const fs::path& p) {
                               return replace_text_attribute(p, "next_month", text);
                             }),
                 {std::string("next_month: '") + text + "' is not a month as YYYY-MM"});
  }
  const double nan = std::nan("");
  struct Bad {
    std::function<void(RestartState&)> edit;
    std::string words;
  };
  for (const auto& bad : {
           Bad{[&](RestartState& s) { s.sea_level_m_bs = nan; }, "sea_level_m_bs: value nan"},
           Bad{[](RestartState& s) { s.sea_level_m_bs = 1e300; }, "sea_level_m_bs: value 1e+300"},
           Bad{[](RestartState& s) { s.sea_volume_m3 = -1.0; }, "sea_volume_m3: value -1"},
           Bad{[](RestartState& s) { s.sea_volume_m3 = 1e300; }, "sea_volume_m3"},
           Bad{[&](RestartState& s) { s.catchment->channel_storage_m3[2] = nan; },
               "channel_storage_m3: value nan (index 2) is not a channel storage in m3"},
           Bad{[](RestartState& s) { s.catchment->lower_zone_mm[0] = -5.0; },
               "lower_zone_mm: value -5 (index 0)"},
           Bad{[](RestartState& s) { s.catchment->snowpack_mm[7] = 1e30; },
               "snowpack_mm: value 1e+30 (index 7)"},
           Bad{[](RestartState& s) { s.catchment->routing_pending_mm[3] = HUGE_VAL; },
               "routing_pending_mm: value inf (index 3)"},
           Bad{[](RestartState& s) { s.catchment->volga_reservoir_storage_m3 = -1.0; },
               "volga_reservoir_storage_m3: value -1"},
       }) {
    expect_error(error_after(bad.edit), {bad.words, "expected a finite value in"});
  }
}
}  // namespace
