#include "config/config.hpp"

namespace dlogit::config {

std::string Config::resolved_method() const {
  if (optimizer.method != "auto") return optimizer.method;
  const std::string& penalty = regularization.penalty;
  return penalty == "l1" || penalty == "elasticnet" ? "owlqn" : "newton";
}

}  // namespace dlogit::config
