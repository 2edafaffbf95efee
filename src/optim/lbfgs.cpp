#include "optim/lbfgs.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "optim/lbfgs_history.hpp"
#include "optim/line_search.hpp"
#include "optim/optim_common.hpp"

namespace dlogit::optim {

Lbfgs::Lbfgs(const OptimizerOptions& options) : options_(options) { detail::validate_options(options_); }

OptimizerResult Lbfgs::minimize(Objective& objective, const L1Term& l1, Eigen::VectorXd x0,
                                const IterationCallback& on_iteration) {
  detail::validate_problem(objective, l1, x0);
  if (l1.active()) {
    throw std::invalid_argument(
        "optimizer 'lbfgs' cannot handle an L1 penalty (it is not differentiable); use 'owlqn' or 'gd'");
  }
  detail::CountedObjective counted(objective);
  detail::RunState run(options_, on_iteration, counted);

  Eigen::VectorXd x = std::move(x0);
  Eigen::VectorXd g;
  double f = counted.value_and_gradient(x, g);
  if (!std::isfinite(f) || !g.allFinite()) {
    run.report(0, f, std::numeric_limits<double>::quiet_NaN(), 0.0);
    run.fail("objective or gradient is NaN/Inf at the starting point");
    return run.result(x, f, std::numeric_limits<double>::quiet_NaN());
  }
  double gnorm = g.norm();
  if (run.report(0, f, gnorm, 0.0)) return run.result(x, f, gnorm);

  LbfgsHistory history(options_.history);
  detail::StagnationGuard stagnation(gnorm);
  for (int iter = 1;; ++iter) {
    LineSearchResult ls;
    for (int attempt = 0; attempt < 2; ++attempt) {
      Eigen::VectorXd d = -history.apply_inverse(g);
      double step0 = 1.0;
      if (history.empty() || !(g.dot(d) < 0.0) || !d.allFinite()) {
        history.clear();
        d = -g;
        step0 = 1.0 / gnorm;
      }
      ls = strong_wolfe_line_search(counted, x, f, g, d, step0);
      if (ls.accepted() || history.empty()) break;
      history.clear();  // the quasi-Newton direction failed: retry once along -g
    }
    if (!ls.accepted()) {
      run.fail(ls.saw_nonfinite ? "line search failed: objective or gradient NaN/Inf along the search direction"
                                : "line search failed: no decrease along the steepest descent direction");
      return run.result(x, f, gnorm);
    }
    history.update(ls.x - x, ls.gradient - g);
    x = std::move(ls.x);
    g = std::move(ls.gradient);
    const double f_old = f;
    f = ls.value;
    gnorm = g.norm();
    if (run.report(iter, f, gnorm, ls.step)) return run.result(x, f, gnorm);
    if (stagnation.update(f_old, f, gnorm)) {
      run.fail(detail::StagnationGuard::reason());
      return run.result(x, f, gnorm);
    }
  }
}

}  // namespace dlogit::optim
