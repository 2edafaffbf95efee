#include "config/config.hpp"

namespace dlogit::config {

Method Config::resolved_method() const { return resolve_method(optimizer.method, regularization.penalty); }

std::string Config::where(const std::string& key) const {
  const auto found = origins.find(key);
  return found == origins.end() ? source : found->second;
}

}  // namespace dlogit::config
