#pragma once
// Shared by the libFuzzer harnesses: writes the input bytes to a per-process temporary file,
// calls a reader on it and treats the readers' documented failures as expected outcomes.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "caspian/core/error.hpp"

namespace caspian::fuzz {

// A file named after the process id, removed when the object goes out of scope.
class TempInput {
 public:
  TempInput(const std::uint8_t* data, std::size_t size, const std::string& extension)
      : path_(std::filesystem::temp_directory_path() /
              ("caspian_fuzz_" + std::to_string(::getpid()) + extension)) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) throw std::runtime_error("fuzz harness: cannot write " + path_.string());
  }
  ~TempInput() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempInput(const TempInput&) = delete;
  TempInput& operator=(const TempInput&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Runs `read(path)` on the input; core::Error (InputError, RangeError) and std::invalid_argument
// are rejections of bad input, anything else escapes and libFuzzer reports it as a crash.
template <class Reader>
int run_reader(const std::uint8_t* data, std::size_t size, const std::string& extension,
               Reader&& read) {
  const TempInput input(data, size, extension);
  try {
    read(input.path());
  } catch (const caspian::core::Error&) {
  } catch (const std::invalid_argument&) {
  }
  return 0;
}

}  // namespace caspian::fuzz
