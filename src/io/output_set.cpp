#include "caspian/io/output_set.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>

#include "caspian/core/error.hpp"
#include "caspian/io/atomic_file.hpp"

namespace caspian::io {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view staging_prefix = ".caspian-staging-";
constexpr std::string_view swap_prefix = ".caspian-swap-";
// In a swap folder: the previous set's top-level entries, one a line (what the swap removes).
constexpr const char* previous_entries_name = ".previous-entries";

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20) {
      out += fmt::format("\\u{:04x}", unsigned(c));
    } else {
      out += char(c);
    }
  }
  return out + "\"";
}

// The JSON string starting at text[pos] == '"'; nullopt when malformed. Only the escapes
// json_string writes (and \n, \t, \/) are decoded.
std::optional<std::string> parse_json_string(const std::string& text, std::size_t& pos) {
  if (pos >= text.size() || text[pos] != '"') return std::nullopt;
  std::string out;
  for (++pos; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '"') {
      ++pos;
      return out;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++pos >= text.size()) return std::nullopt;
    switch (text[pos]) {
      case '"':
      case '\\':
      case '/':
        out += text[pos];
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        unsigned value = 0;
        if (pos + 4 >= text.size()) return std::nullopt;
        const auto r = std::from_chars(text.data() + pos + 1, text.data() + pos + 5, value, 16);
        if (r.ec != std::errc() || r.ptr != text.data() + pos + 5 || value > 0x7f)
          return std::nullopt;
        out += char(value);
        pos += 4;
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return std::nullopt;
}

// The value of "key": "..." after from; nullopt when absent.
std::optional<std::string> string_after(const std::string& text, const std::string& key,
                                        std::size_t& from) {
  const auto at = text.find(json_string(key) + ":", from);
  if (at == std::string::npos) return std::nullopt;
  std::size_t pos = text.find_first_not_of(" \t\r\n", at + key.size() + 3);
  if (pos == std::string::npos) return std::nullopt;
  auto value = parse_json_string(text, pos);
  if (value) from = pos;
  return value;
}

// A top-level entry the swap may create or remove: one plain name, none of ours.
bool is_safe_entry(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
         name.find('\\') == std::string::npos && !name.starts_with(".caspian-") &&
         name != manifest_file_name;
}

std::string top_level(const std::string& relative) {
  return relative.substr(0, relative.find('/'));
}

std::set<std::string> top_level_entries(const Manifest& m) {
  std::set<std::string> out;
  for (const auto& f : m.files) {
    const auto name = top_level(f.path);
    if (is_safe_entry(name)) out.insert(name);
  }
  return out;
}

// The pid at the end of a temporary's name ("<prefix><pid>" or "<name>.tmp.<pid>"), if any.
std::optional<pid_t> pid_suffix(const std::string& name, std::string_view marker) {
  const auto at = name.rfind(marker);
  if (at == std::string::npos) return std::nullopt;
  const std::string digits = name.substr(at + marker.size());
  if (digits.empty() || digits.size() > 9 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return pid_t(std::stol(digits));
}

// A process that may still write there (EPERM: alive, another user's). Our own pid counts as
// dead: it is only called before this process made any temporary.
bool is_alive(pid_t pid) {
  if (pid <= 0 || pid == ::getpid()) return false;
  if (::kill(pid, 0) != 0 && errno != EPERM) return false;
  // A zombie (killed, not yet reaped, e.g. by a container's init) writes nothing any more.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  std::getline(stat, text);
  const auto close = text.rfind(')');
  return !(close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'Z');
}

void rename_or_throw(const fs::path& from, const fs::path& to, const std::string& what) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) {
    throw core::Error(fmt::format("{}: cannot {} (rename from '{}'): {}", to.string(), what,
                                  from.string(), ec.message()));
  }
}

// Serialises cleaning and swapping between caspian processes sharing an output folder.
class FolderLock {
 public:
  explicit FolderLock(const fs::path& dir) : fd_(::open(dir.c_str(), O_RDONLY | O_DIRECTORY)) {
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~FolderLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_;
};

// From the commit point on: the swap folder holds the new entries not yet moved, the new
// manifest and the previous entries' list. Every step can be repeated, so a swap cut short by a
// kill is finished by the next run.
void finish_swap(const fs::path& out_dir, const fs::path& swap_dir) {
  const fs::path new_manifest_path = swap_dir / manifest_file_name;
  std::error_code ec;
  if (!fs::exists(new_manifest_path, ec)) {  // the manifest was renamed in: only cleaning is left
    fs::remove_all(swap_dir, ec);
    return;
  }
  const Manifest next = read_manifest(new_manifest_path);
  const auto next_entries = top_level_entries(next);
  std::set<std::string> previous_entries;
  {
    std::ifstream in(swap_dir / previous_entries_name);
    for (std::string line; std::getline(in, line);)
      if (is_safe_entry(line)) previous_entries.insert(line);
  }
  // No manifest while the folder is between sets.
  fs::remove(out_dir / manifest_file_name, ec);
  for (const auto& name : previous_entries) {
    if (!next_entries.contains(name)) fs::remove_all(out_dir / name, ec);
  }
  const fs::path aside = swap_dir / ".caspian-previous";
  for (const auto& name : next_entries) {
    const fs::path staged = swap_dir / name;
    if (!fs::exists(fs::symlink_status(staged, ec))) continue;  // already moved in
    const fs::path target = out_dir / name;
    if (fs::is_directory(fs::symlink_status(target, ec))) {
      // A folder (report/) cannot be renamed onto a non-empty one: move the old one aside.
      fs::create_directories(aside, ec);
      fs::remove_all(aside / name, ec);
      rename_or_throw(target, aside / name, "move the previous set's folder aside");
    }
    rename_or_throw(staged, target, "move the new file into place");
  }
  rename_or_throw(new_manifest_path, out_dir / manifest_file_name, "write the manifest");
  fs::remove_all(swap_dir, ec);
}

void clean_stale_locked(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    entries.push_back(it->path());
  for (const auto& path : entries) {
    const std::string name = path.filename().string();
    if (name.starts_with(swap_prefix)) {
      const auto pid = pid_suffix(name, swap_prefix);
      if (pid && !is_alive(*pid)) finish_swap(dir, path);
      continue;
    }
    std::optional<pid_t> pid;
    for (std::string_view marker :
         {staging_prefix, std::string_view(".tmp."), std::string_view("report.old."),
          std::string_view(".caspian-write-probe.")}) {
      if (name.find(marker) == std::string::npos) continue;
      pid = pid_suffix(name, marker);
      if (pid) break;
    }
    if (pid && !is_alive(*pid)) fs::remove_all(path, ec);
  }
}

// Regular files under root, as '/'-separated paths relative to it, sorted.
std::vector<ManifestEntry> list_files(const fs::path& root) {
  std::vector<ManifestEntry> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    out.push_back({fs::relative(e.path(), root).generic_string(), e.file_size()});
  }
  std::sort(out.begin(), out.end(),
            [](const ManifestEntry& a, const ManifestEntry& b) { return a.path < b.path; });
  return out;
}

}  // namespace

std::string manifest_json(const Manifest& m) {
  std::string out = "{\n  \"format\": \"caspian output set 1\",\n";
  out += "  \"command\": " + json_string(m.command) + ",\n";
  out += "  \"version\": " + json_string(m.version) + ",\n";
  out += "  \"files\": [";
  for (std::size_t k = 0; k < m.files.size(); ++k) {
    out += fmt::format("{}\n    {{\"path\": {}, \"bytes\": {}}}", k == 0 ? "" : ",",
                       json_string(m.files[k].path), m.files[k].bytes);
  }
  out += m.files.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

Manifest read_manifest(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return {};
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  if (text.find("\"caspian output set 1\"") == std::string::npos) return {};
  Manifest m;
  std::size_t pos = 0;
  m.command = string_after(text, "command", pos).value_or("");
  m.version = string_after(text, "version", pos).value_or("");
  while (auto path = string_after(text, "path", pos)) {
    ManifestEntry e{*path, 0};
    const auto at = text.find("\"bytes\":", pos);
    if (at != std::string::npos) {
      std::size_t digits = text.find_first_not_of(' ', at + 8);
      if (digits != std::string::npos)
        std::from_chars(text.data() + digits, text.data() + text.size(), e.bytes);
    }
    m.files.push_back(std::move(e));
  }
  return m;
}

void clean_stale_outputs(const fs::path& dir) {
  const FolderLock lock(dir);
  clean_stale_locked(dir);
}

OutputSet::OutputSet(fs::path out_dir, std::string command)
    : out_dir_(std::move(out_dir)), command_(std::move(command)) {
  clean_stale_outputs(out_dir_);
  staging_ = out_dir_ / fmt::format("{}{}", staging_prefix, ::getpid());
  std::error_code ec;
  fs::remove_all(staging_, ec);
  fs::create_directory(staging_, ec);
  if (ec) {
    throw core::Error(fmt::format("{}: cannot create the staging folder '{}': {}",
                                  out_dir_.string(), staging_.string(), ec.message()));
  }
}

OutputSet::~OutputSet() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void OutputSet::commit() {
  if (committed_) throw core::Error(out_dir_.string() + ": output set committed twice");
  Manifest next;
  next.command = command_;
  next.version = CASPIAN_VERSION;
  next.files = list_files(staging_);
  {
    AtomicTextFile f(staging_ / manifest_file_name);
    f.stream() << manifest_json(next);
    f.commit();
  }
  const FolderLock lock(out_dir_);
  {
    AtomicTextFile f(staging_ / previous_entries_name);
    for (const auto& name : top_level_entries(read_manifest(out_dir_ / manifest_file_name)))
      f.stream() << name << '\n';
    f.commit();
  }
  const fs::path swap_dir = out_dir_ / fmt::format("{}{}", swap_prefix, ::getpid());
  std::error_code ec;
  fs::remove_all(swap_dir, ec);
  rename_or_throw(staging_, swap_dir, "commit the output set");  // the commit point
  committed_ = true;
  finish_swap(out_dir_, swap_dir);
}

}  // namespace caspian::io
