// The ensemble's parameter-set reader: a good file, and bad inputs named by file, key and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "caspian/core/error.hpp"
#include "caspian/io/parameter_sets.hpp"

namespace {
namespace fs = std::filesystem;

const char* good = R"(source: "two DDS runs"
sets:
  - name: run-1
    source: "run 1"
    parameters:
      catchment.tt_degC: 2.1
      catchment.precipitation_correction: 0.93
  - name: run-2
    source: "run 2"
    parameters:
      catchment.fc_mm: 166.5
)";

std::string error_of(const std::string& text, caspian::io::ParameterSetFile* out = nullptr) {
  std::random_device rd;
  const auto dir = fs::temp_directory_path() / ("caspian-sets-" + std::to_string(rd()));
  fs::create_directories(dir);
  const auto path = dir / "sets.yaml";
  std::ofstream(path) << text;
  std::string message;
  try {
    const auto sets = caspian::io::load_parameter_sets(path);
    if (out != nullptr) *out = sets;
  } catch (const caspian::core::InputError& e) {
    message = e.what();
  }
  fs::remove_all(dir);
  return message;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(ParameterSets, ReadsNamesSourcesAndValues) {
  caspian::io::ParameterSetFile file;
  ASSERT_EQ(error_of(good, &file), "");
  ASSERT_EQ(file.sets.size(), 2u);
  EXPECT_EQ(file.sets[0].name, "run-1");
  EXPECT_DOUBLE_EQ(file.sets[0].values.at("catchment.precipitation_correction"), 0.93);
  EXPECT_DOUBLE_EQ(file.sets[1].values.at("catchment.fc_mm"), 166.5);
}

TEST(ParameterSets, BadInputsNameTheKey) {
  const std::string text = good;
  EXPECT_NE(error_of(replaced(text, "catchment.fc_mm", "sea.evaporation_scale"))
                .find("sea.evaporation_scale"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(text, "166.5", "9999")).find("sets[1].parameters.catchment.fc_mm"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(text, "name: run-2", "name: run-1")).find("listed twice"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(text, "    source: \"run 2\"\n", "")).find("sets[1].source"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(text, "2.1", "warm")).find("catchment.tt_degC"), std::string::npos);
  EXPECT_NE(error_of("source: x\nsets: []\n").find("sets"), std::string::npos);
}

}  // namespace
