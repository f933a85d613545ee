#pragma once
// Private to src/io: the fields of one line of a simple CSV file (no quoted commas), for the
// level-series and inflow-series readers.
#include <sstream>
#include <string>
#include <vector>

namespace caspian::io::detail {

// The text without surrounding blanks, carriage returns and double quotes.
inline std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\"");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\"");
  return s.substr(b, e - b + 1);
}

// The comma-separated fields of a line, each trimmed; a trailing comma gives a last empty field.
inline std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) out.push_back(trim(field));
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

}  // namespace caspian::io::detail
