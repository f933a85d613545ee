#pragma once
// A run's outputs as one set: every file is written into a staging folder inside the output
// folder (OUT/.caspian-staging-<pid>/) and commit() swaps the whole set in. The previous set's
// entries (as listed in OUT/caspian_manifest.json) are removed, the new ones renamed in, and the
// new manifest (command, version, files and sizes) is renamed in last. A run that fails or is
// killed before commit() leaves the previous set as it was. The commit point is one rename of the
// staging folder to OUT/.caspian-swap-<pid>/ (it then holds the new manifest and the previous
// set's entries): a run killed during the swap is finished by the next one that opens the folder,
// and until then the folder has no manifest, so readers can tell that it is not a whole set.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace caspian::io {

inline constexpr const char* manifest_file_name = "caspian_manifest.json";

struct ManifestEntry {
  std::string path;  // relative to the output folder, '/'-separated
  std::uintmax_t bytes = 0;
};

struct Manifest {
  std::string command;
  std::string version;
  std::vector<ManifestEntry> files;
};

// The manifest's JSON text, and back. read_manifest returns an empty manifest when the file is
// missing or not one we wrote (a folder from before manifests, or a hand-edited one).
std::string manifest_json(const Manifest& manifest);
Manifest read_manifest(const std::filesystem::path& file);

// Finishes swaps interrupted by a kill and removes staging folders and "*.tmp.<pid>" files of
// processes that no longer run. Safe to call on a folder in use by another live run.
void clean_stale_outputs(const std::filesystem::path& dir);

class OutputSet {
 public:
  // Cleans stale temporaries (clean_stale_outputs) and creates the staging folder. Throws
  // core::Error naming the folder when it cannot.
  OutputSet(std::filesystem::path out_dir, std::string command);
  ~OutputSet();  // without commit(): removes the staging folder; the previous set stays
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  // Where the writers put the new files (the staging folder).
  const std::filesystem::path& dir() const { return staging_; }
  const std::filesystem::path& output_dir() const { return out_dir_; }
  // Swaps the staged files in and writes the manifest; throws core::Error (the previous set then
  // stays, unless the commit point was passed: then the next run finishes the swap).
  void commit();

 private:
  std::filesystem::path out_dir_;
  std::string command_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

}  // namespace caspian::io
