#pragma once
// Error types shared by every part. An InputError always names where the bad input came from
// (a file, a run-file key, a command-line option), what was wrong with it, and what was expected.
#include <stdexcept>
#include <string>

namespace caspian::core {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad input: a file, variable, key or option that is missing, malformed or out of range.
class InputError : public Error {
 public:
  // source: file path or option name; item: variable, key or field ("" if none); reason: what is
  // wrong and what was expected.
  InputError(std::string source, std::string item, std::string reason);
  const std::string& source() const { return source_; }
  const std::string& item() const { return item_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string source_;
  std::string item_;
  std::string reason_;
};

// A value outside the range a table or model covers (e.g. a level outside the hypsometry table).
class RangeError : public Error {
 public:
  using Error::Error;
};

}  // namespace caspian::core
