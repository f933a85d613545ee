#include "caspian/io/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "caspian/core/error.hpp"

namespace caspian::io {

std::filesystem::path temporary_path_for(const std::filesystem::path& final_path) {
  std::filesystem::path temp = final_path;
  temp += ".tmp." + std::to_string(::getpid());
  return temp;
}

void replace_file(const std::filesystem::path& temp, const std::filesystem::path& final_path) {
  std::error_code ec;
  std::filesystem::rename(temp, final_path, ec);
  if (ec) {
    throw core::Error(final_path.string() + ": cannot rename '" + temp.string() +
                      "' onto it: " + ec.message());
  }
}

AtomicTextFile::AtomicTextFile(std::filesystem::path final_path)
    : final_path_(std::move(final_path)), temp_path_(temporary_path_for(final_path_)) {
  out_.open(temp_path_, std::ios::out | std::ios::trunc);
  if (!out_) {
    throw core::Error(final_path_.string() + ": cannot create temporary file '" +
                      temp_path_.string() + "': " + std::strerror(errno));
  }
}

AtomicTextFile::~AtomicTextFile() {
  if (committed_) return;
  out_.close();
  std::error_code ec;
  std::filesystem::remove(temp_path_, ec);
}

void AtomicTextFile::commit() {
  if (committed_) throw core::Error(final_path_.string() + ": commit called twice");
  out_.flush();
  const bool written = out_.good();
  out_.close();
  if (!written || out_.fail()) {
    throw core::Error(final_path_.string() + ": cannot write temporary file '" +
                      temp_path_.string() + "'");
  }
  replace_file(temp_path_, final_path_);
  committed_ = true;
}

}  // namespace caspian::io
