#pragma once
// Helpers for whole-program tests: run the caspian executable, capture its output and exit code,
// and make scratch folders and run files.
#include <sys/wait.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace caspian::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

inline CommandResult run_shell(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

inline std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

inline CommandResult run_caspian(const std::string& arguments) {
  return run_shell(std::string("'") + CASPIAN_EXECUTABLE + "' " + arguments);
}

// As run_caspian, stopped after `seconds` (exit 124): for inputs that once made it hang.
inline CommandResult run_caspian_within(int seconds, const std::string& arguments) {
  return run_shell("timeout " + std::to_string(seconds) + " '" + CASPIAN_EXECUTABLE + "' " +
                   arguments);
}

inline std::filesystem::path source_dir() { return CASPIAN_SOURCE_DIR; }
inline std::filesystem::path inputs_dir() { return source_dir() / "inputs"; }

// A fresh, empty scratch folder under the system temp folder.
inline std::filesystem::path scratch_dir(const std::string& name) {
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("caspian-test-" + name + "-" + std::to_string(rd()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p);
  out << text;
}

// The default run file with absolute input paths, optionally edited by replacing text.
inline std::string default_run_file_text() {
  std::string text = read_text(inputs_dir() / "projection_prescribed_inflow.yaml");
  for (const char* rel :
       {"bathymetry/", "climate/", "ports/", "sea_surface/", "sea_level/", "hydrology/"}) {
    std::string::size_type pos = 0;
    const std::string needle = std::string("file: ") + rel;
    while ((pos = text.find(needle, pos)) != std::string::npos) {
      const std::string with = "file: " + inputs_dir().string() + "/";
      text = text.substr(0, pos) + with + text.substr(pos + 6);
      pos += with.size();
    }
  }
  return text;
}

inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  if (pos == std::string::npos) return text + "\n# replace failed: " + from + "\n";
  return text.substr(0, pos) + to + text.substr(pos + from.size());
}

// A run file from inputs/ with every relative input path (the values of `file:`, `atlas:` and
// `closed_basins:`, `parameter_sets:`) made absolute against the run file's folder, so that it runs
// from a scratch folder.
inline std::string inputs_run_file_text(const std::string& name) {
  const auto folder = (inputs_dir() / name).parent_path().string() + "/";
  std::string text = read_text(inputs_dir() / name);
  for (const std::string key : {"file: ", "closed_basins: ", "atlas: ", "parameter_sets: "}) {
    std::string::size_type pos = 0;
    while ((pos = text.find(key, pos)) != std::string::npos) {
      pos += key.size();
      if (text[pos] != '/') text.insert(pos, folder);
    }
  }
  return text;
}

// The rows of a CSV text whose first field is a year >= first_year.
inline std::vector<std::string> rows_from(const std::string& csv, int first_year) {
  std::vector<std::string> rows;
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0])) &&
        std::stoi(line) >= first_year)
      rows.push_back(line);
  }
  return rows;
}

inline bool folder_is_empty(const std::filesystem::path& dir) {
  return !std::filesystem::exists(dir) || std::filesystem::is_empty(dir);
}

}  // namespace caspian::testing
