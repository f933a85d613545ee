#pragma once
// A YAML map being read, for io's config readers: remembers its key path and rejects keys it
// does not know, naming the file, the line and the valid keys; and the YAML document they read,
// whose mappings all have scalar keys given once. Used by the run-file, port-data, calibration
// and closed-basin readers.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "caspian/core/error.hpp"
#include "input_file.hpp"

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
    std::vector<std::pair<std::string, int>> seen;  // key and its line
    for (const auto& entry : node_) {
      if (!entry.first.IsScalar())
        fail_at(entry.first, path_.empty() ? "(document)" : path_,
                "a key must be a plain name, not a list or mapping");
      const auto key = entry.first.as<std::string>();
      if (std::find(valid_.begin(), valid_.end(), key) == valid_.end()) {
        fail_at(entry.first, join(key), "unknown key (valid keys here: " + valid_list() + ")");
      }
      // yaml-cpp keeps both entries of a repeated key and lookups see only the first.
      for (const auto& [other, line] : seen) {
        if (other == key)
          fail_at(entry.first, join(key),
                  "given twice (first at line " + std::to_string(line) + "); give it once");
      }
      seen.emplace_back(key, entry.first.Mark().line + 1);
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

inline std::string line_of(const YAML::Node& n) {
  return n.Mark().line >= 0 ? "line " + std::to_string(n.Mark().line + 1) : "line ?";
}

// Every mapping of a document, at any depth: each key must be a scalar (a name or a number) and
// given once. yaml-cpp keeps both entries of a repeated key and a lookup finds the first, so the
// second would be ignored without a word. `seen` holds the positions of the collections already
// checked: an alias shares its anchor's node, so a document of aliases is checked in linear time.
inline void check_mapping_keys(const std::string& file, const YAML::Node& node,
                               const std::string& path, std::set<int>& seen) {
  if (!node.IsMap() && !node.IsSequence()) return;
  const int pos = node.Mark().pos;
  if (pos >= 0 && !seen.insert(pos).second) return;
  if (node.IsSequence()) {
    for (std::size_t k = 0; k < node.size(); ++k) {
      check_mapping_keys(file, node[k], path + "[" + std::to_string(k) + "]", seen);
    }
    return;
  }
  std::map<std::string, YAML::Node> keys;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) {
      const std::string line = line_of(entry.first);
      throw core::InputError(file, path.empty() ? line : path + " (" + line + ")",
                             "a key that is not a name or a number (a list, a mapping or "
                             "empty); expected keys such as `start:`");
    }
    const std::string key = entry.first.Scalar();
    const std::string where = path.empty() ? key : path + "." + key;
    const auto [first, inserted] = keys.emplace(key, entry.first);
    if (!inserted) {
      throw core::InputError(file, where + " (" + line_of(entry.first) + ")",
                             "the key is given twice (first at " + line_of(first->second) +
                                 "); expected each key once");
    }
    check_mapping_keys(file, entry.second, where, seen);
  }
}

inline YamlDocument load_yaml_document(const std::filesystem::path& path, const std::string& what) {
  const std::string file = path.string();
  check_input_file(path, what, max_yaml_bytes);
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
  std::set<int> seen;
  check_mapping_keys(file, doc.root, "", seen);
  return doc;
}

}  // namespace caspian::io::detail
