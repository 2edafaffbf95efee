#include "config/config.hpp"

namespace dlogit::config {

Method Config::resolved_method() const { return resolve_method(optimizer.method, regularization.penalty); }

}  // namespace dlogit::config
