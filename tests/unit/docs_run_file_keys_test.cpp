// docs/run_file.md documents every key the run-file reader accepts, and no other: the first
// column of its key table against io::run_file_keys().
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "caspian/io/run_config.hpp"

namespace {

// The keys of the table's first column: each `a.b.c` in backticks; `.d` after it stands for
// a.b.d (the same mapping).
std::set<std::string> documented_keys(const std::filesystem::path& markdown) {
  std::ifstream in(markdown);
  std::set<std::string> keys;
  std::string line;
  bool in_table = false;
  const std::regex quoted("`([^`]+)`");
  while (std::getline(in, line)) {
    if (line.rfind("| key |", 0) == 0) {
      in_table = true;
      continue;
    }
    if (!in_table) continue;
    if (line.rfind("|", 0) != 0) break;  // the end of the table
    if (line.rfind("|---", 0) == 0) continue;
    const auto second_bar = line.find('|', 1);
    const std::string first_column = line.substr(1, second_bar - 1);
    std::string full;
    for (auto it = std::sregex_iterator(first_column.begin(), first_column.end(), quoted);
         it != std::sregex_iterator(); ++it) {
      const std::string item = (*it)[1];
      if (item.front() == '.' && !full.empty()) {
        keys.insert(full.substr(0, full.rfind('.')) + item);
      } else {
        full = item;
        keys.insert(item);
      }
    }
  }
  return keys;
}

TEST(Docs, RunFileKeyTableMatchesTheReader) {
  const auto doc = std::filesystem::path(CASPIAN_SOURCE_DIR) / "docs/run_file.md";
  const std::set<std::string> documented = documented_keys(doc);
  ASSERT_FALSE(documented.empty()) << "no key table found in " << doc;
  const auto accepted_list = caspian::io::run_file_keys();
  const std::set<std::string> accepted(accepted_list.begin(), accepted_list.end());
  for (const auto& key : accepted) {
    EXPECT_TRUE(documented.contains(key)) << key << " is read but not in the table of " << doc;
  }
  for (const auto& key : documented) {
    EXPECT_TRUE(accepted.contains(key))
        << key << " is in the table of " << doc << " but the reader does not accept it";
  }
}
}  // namespace
