#pragma once
// Checks on an input file before it is read, for io's readers: it must exist, be a regular file
// (a folder reads as an empty file, and a device such as /dev/zero never ends) and, for a text
// file read whole, be no larger than a stated limit. Each failure is an InputError naming it.
#include <cstdint>
#include <filesystem>
#include <string>

#include "caspian/core/error.hpp"

namespace caspian::io::detail {

// Text files read whole (run files, port data, calibration files, closed-basin lists): the
// largest in inputs/ is under 30 kB.
constexpr std::uintmax_t max_yaml_bytes = 4u << 20;

// what: "run file", "level file" ...; max_bytes: 0 for no size limit.
inline void check_input_file(const std::filesystem::path& path, const std::string& what,
                             std::uintmax_t max_bytes) {
  const std::string file = path.string();
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw core::InputError(file, "", "cannot open the " + what + " (does it exist?)");
  }
  if (std::filesystem::is_directory(status)) {
    throw core::InputError(file, "", "is a folder; expected the " + what + " (a file)");
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw core::InputError(
        file, "",
        "is not a regular file (a device, a pipe or a socket); expected the " + what + " (a file)");
  }
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (max_bytes > 0 && !ec && size > max_bytes) {
    throw core::InputError(file, "",
                           "is " + std::to_string(size) + " bytes; expected a " + what +
                               " of at most " + std::to_string(max_bytes >> 20) + " MiB");
  }
}

}  // namespace caspian::io::detail
