// The closed-basin list reader: a good list, and every bad input named by file, key and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "caspian/core/error.hpp"
#include "caspian/io/closed_basins.hpp"

namespace {
namespace fs = std::filesystem;

const char* good = R"(sources:
  A: "an atlas"
closed_basins:
  - name: lake_one
    lat_deg: 37.7
    lon_deg: 45.3
    sources: [A]
  - name: lake_two
    lat_deg: 49.1
    lon_deg: 46.7
    search_radius_km: 20
    sources: [A]
    note: "a note"
)";

fs::path write_list(const std::string& text) {
  std::random_device rd;
  const auto dir = fs::temp_directory_path() / ("caspian-closed-" + std::to_string(rd()));
  fs::create_directories(dir);
  const auto path = dir / "closed.yaml";
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::string& text) {
  const auto path = write_list(text);
  std::string message;
  try {
    caspian::io::load_closed_basins(path);
  } catch (const caspian::core::InputError& e) {
    message = e.what();
  }
  fs::remove_all(path.parent_path());
  return message;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(ClosedBasinList, ReadsNamesPointsRadiiAndSources) {
  const auto path = write_list(good);
  const auto list = caspian::io::load_closed_basins(path);
  fs::remove_all(path.parent_path());
  ASSERT_EQ(list.basins.size(), 2u);
  EXPECT_EQ(list.basins[0].name, "lake_one");
  EXPECT_DOUBLE_EQ(list.basins[0].lat_deg, 37.7);
  EXPECT_DOUBLE_EQ(list.basins[0].search_radius_km, 0.0);
  EXPECT_DOUBLE_EQ(list.basins[1].search_radius_km, 20.0);
  EXPECT_EQ(list.basins[1].sources, std::vector<std::string>{"A"});
  EXPECT_NE(list.basins[1].where.find("closed_basins[lake_two] (line 8)"), std::string::npos)
      << list.basins[1].where;
}

TEST(ClosedBasinList, BadInputNamesFileKeyAndLine) {
  const auto unknown = error_of(replaced(good, "    note:", "    colour: red\n    note:"));
  EXPECT_NE(unknown.find("closed.yaml"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("closed_basins[lake_two].colour"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("line 13"), std::string::npos) << unknown;
  const auto missing = error_of(replaced(good, "    sources: [A]\n  - name", "  - name"));
  EXPECT_NE(missing.find("closed_basins[lake_one].sources"), std::string::npos) << missing;
  EXPECT_NE(missing.find("needs a source"), std::string::npos) << missing;
  const auto unlisted =
      error_of(replaced(good, "sources: [A]\n    note", "sources: [B]\n    note"));
  EXPECT_NE(unlisted.find("'B' is not listed"), std::string::npos) << unlisted;
  const auto lat = error_of(replaced(good, "lat_deg: 37.7", "lat_deg: 97.7"));
  EXPECT_NE(lat.find("closed_basins[lake_one].lat_deg"), std::string::npos) << lat;
  const auto twice = error_of(replaced(good, "name: lake_two", "name: lake_one"));
  EXPECT_NE(twice.find("listed twice"), std::string::npos) << twice;
  const auto empty = error_of("sources: {A: x}\nclosed_basins: []\n");
  EXPECT_NE(empty.find("expected a list of closed basins"), std::string::npos) << empty;
}

}  // namespace
