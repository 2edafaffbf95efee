#include <stdexcept>

#include "optim/gradient_descent.hpp"
#include "optim/lbfgs.hpp"
#include "optim/optimizer.hpp"
#include "optim/owlqn.hpp"
#include "optim/trust_region_newton.hpp"

namespace dlogit::optim {

std::unique_ptr<Optimizer> make_optimizer(const std::string& method, const OptimizerOptions& options) {
  if (method == "gd") return make_gradient_descent(options);
  if (method == "lbfgs") return make_lbfgs(options);
  if (method == "owlqn") return make_owlqn(options);
  if (method == "newton") return make_trust_region_newton(options);
  throw std::invalid_argument("unknown optimizer '" + method + "' (expected gd, lbfgs, owlqn or newton)");
}

}  // namespace dlogit::optim
