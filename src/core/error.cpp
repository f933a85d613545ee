#include "caspian/core/error.hpp"

#include <utility>

namespace caspian::core {

namespace {
std::string compose(const std::string& source, const std::string& item, const std::string& reason) {
  std::string message = source;
  if (!item.empty()) message += ": " + item;
  message += ": " + reason;
  return message;
}
}  // namespace

InputError::InputError(std::string source, std::string item, std::string reason)
    : Error(compose(source, item, reason)),
      source_(std::move(source)),
      item_(std::move(item)),
      reason_(std::move(reason)) {}

}  // namespace caspian::core
