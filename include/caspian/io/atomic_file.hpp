#pragma once
// Writes that never leave a file looking whole after a crash: data go to "<final>.tmp.<pid>" and
// are renamed onto the final path only when complete.
#include <filesystem>
#include <fstream>
#include <ostream>

namespace caspian::io {

// "<final>.tmp.<pid>": in the same directory, so the rename is atomic on POSIX file systems.
std::filesystem::path temporary_path_for(const std::filesystem::path& final_path);

// Renames temp onto final_path (replacing it). Throws core::Error naming both paths.
void replace_file(const std::filesystem::path& temp, const std::filesystem::path& final_path);

// A text file (CSV, Markdown, HTML) written through a stream. commit() renames the temporary file
// onto the final path; destruction without commit() deletes the temporary file.
class AtomicTextFile {
 public:
  // Throws core::Error when the temporary file cannot be created (e.g. missing directory).
  explicit AtomicTextFile(std::filesystem::path final_path);
  ~AtomicTextFile();
  AtomicTextFile(const AtomicTextFile&) = delete;
  AtomicTextFile& operator=(const AtomicTextFile&) = delete;

  std::ostream& stream() { return out_; }
  // Flushes, checks the stream and renames; throws core::Error on any failure. Afterwards the
  // object is inert.
  void commit();

  const std::filesystem::path& final_path() const { return final_path_; }
  const std::filesystem::path& temporary_path() const { return temp_path_; }

 private:
  std::filesystem::path final_path_;
  std::filesystem::path temp_path_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace caspian::io
