#pragma once
// A YAML map being read, for io's config readers: remembers its key path and rejects keys it
// does not know, naming the file, the line and the valid keys. Used by the run-file, port-data
// and calibration readers.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "caspian/core/error.hpp"

namespace caspian::io::detail {

class YamlSection {
 public:
  YamlSection(std::string file, YAML::Node node, std::string path,
              std::vector<std::string> valid_keys)
      : file_(std::move(file)),
        node_(std::move(node)),
        path_(std::move(path)),
        valid_(std::move(valid_keys)) {
    if (!node_.IsMap())
      fail_at(node_, path_.empty() ? "(document)" : path_, "expected a mapping of keys");
    for (const auto& entry : node_) {
      if (!entry.first.IsScalar())  // e.g. '? - item': as<std::string>() would throw YAML's error
        fail_at(entry.first, path_.empty() ? "(document)" : path_,
                "a key that is not a name (expected keys: " + valid_list() + ")");
      const auto key = entry.first.as<std::string>();
      if (std::find(valid_.begin(), valid_.end(), key) == valid_.end()) {
        fail_at(entry.first, join(key), "unknown key (valid keys here: " + valid_list() + ")");
      }
    }
  }

  bool has(const std::string& key) const { return bool(node_[key]); }
  YAML::Node raw(const std::string& key) const { return node_[key]; }
  const YAML::Node& node() const { return node_; }
  std::string join(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  std::string valid_list() const {
    std::string list;
    for (const auto& v : valid_) list += (list.empty() ? "" : ", ") + v;
    return list;
  }

  YAML::Node required(const std::string& key) const {
    const YAML::Node n = node_[key];
    if (!n)
      fail_at(node_, join(key), "missing required key (valid keys here: " + valid_list() + ")");
    return n;
  }

  template <typename T>
  T get(const std::string& key, const char* expected) const {
    return convert<T>(required(key), join(key), expected);
  }
  template <typename T>
  T get_or(const std::string& key, T fallback, const char* expected) const {
    const YAML::Node n = node_[key];
    return n ? convert<T>(n, join(key), expected) : fallback;
  }

  YamlSection section(const std::string& key, std::vector<std::string> valid_keys) const {
    return YamlSection(file_, required(key), join(key), std::move(valid_keys));
  }

  template <typename T>
  T convert(const YAML::Node& n, const std::string& where, const char* expected) const {
    try {
      if (!n.IsScalar()) throw YAML::Exception(n.Mark(), "not a scalar");
      T value = n.as<T>();
      if constexpr (std::is_floating_point_v<T>) {
        if (!std::isfinite(value)) throw YAML::Exception(n.Mark(), "not finite");
      }
      return value;
    } catch (const YAML::Exception&) {
      fail_at(n, where, std::string("expected ") + expected);
    }
  }

  [[noreturn]] void fail_at(const YAML::Node& n, const std::string& where,
                            const std::string& reason) const {
    const auto mark = n.Mark();
    const std::string line = mark.line >= 0 ? " (line " + std::to_string(mark.line + 1) + ")" : "";
    throw core::InputError(file_, where + line, reason);
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  YAML::Node node_;
  std::string path_;
  std::vector<std::string> valid_;
};

// A YAML file read whole: its text (kept for output metadata) and parsed root. A file that
// cannot be opened or parsed is an InputError naming it (what: "run file", "port data file" ...)
// and, for bad YAML, the line.
struct YamlDocument {
  std::string text;
  YAML::Node root;
};

inline YamlDocument load_yaml_document(const std::filesystem::path& path, const std::string& what) {
  const std::string file = path.string();
  std::ifstream in(path);
  if (!in) throw core::InputError(file, "", "cannot open the " + what + " (does it exist?)");
  std::stringstream buffer;
  buffer << in.rdbuf();
  YamlDocument doc;
  doc.text = buffer.str();
  try {
    doc.root = YAML::Load(doc.text);
  } catch (const YAML::Exception& e) {
    throw core::InputError(file, "line " + std::to_string(e.mark.line + 1),
                           "not valid YAML: " + e.msg);
  }
  return doc;
}

}  // namespace caspian::io::detail
