#include <stdexcept>

#include "optim/gradient_descent.hpp"
#include "optim/lbfgs.hpp"
#include "optim/optimizer.hpp"
#include "optim/owlqn.hpp"
#include "optim/trust_region_newton.hpp"

namespace dlogit::optim {

std::unique_ptr<Optimizer> make_optimizer(const std::string& method, const OptimizerOptions& options) {
  if (method == "gd") return std::make_unique<GradientDescent>(options);
  if (method == "lbfgs") return std::make_unique<Lbfgs>(options);
  if (method == "owlqn") return std::make_unique<Owlqn>(options);
  if (method == "newton") return std::make_unique<TrustRegionNewton>(options);
  throw std::invalid_argument("unknown optimizer '" + method + "' (expected gd, lbfgs, owlqn or newton)");
}

}  // namespace dlogit::optim
