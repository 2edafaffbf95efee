#include <stdexcept>

#include "optim/gradient_descent.hpp"
#include "optim/lbfgs.hpp"
#include "optim/optimizer.hpp"
#include "optim/owlqn.hpp"
#include "optim/proximal_quasi_newton.hpp"
#include "optim/trust_region_newton.hpp"

namespace dlogit::optim {
namespace {

struct Registered {
  const char* name;
  std::unique_ptr<Optimizer> (*make)(const OptimizerOptions&);
};

// The registry: one line per optimizer. config::method_names() offers these names (and "auto").
const Registered kOptimizers[] = {
    {"gd", &make_gradient_descent},
    {"lbfgs", &make_lbfgs},
    {"owlqn", &make_owlqn},
    {"newton", &make_trust_region_newton},
    {"pqn", &make_proximal_quasi_newton},
};

}  // namespace

std::vector<std::string> optimizer_names() {
  std::vector<std::string> names;
  for (const Registered& optimizer : kOptimizers) names.emplace_back(optimizer.name);
  return names;
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& method, const OptimizerOptions& options) {
  for (const Registered& optimizer : kOptimizers)
    if (method == optimizer.name) return optimizer.make(options);
  throw std::invalid_argument("unknown optimizer '" + method + "' (expected gd, lbfgs, owlqn, newton or pqn)");
}

}  // namespace dlogit::optim
