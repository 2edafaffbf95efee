#include "optim/gradient_descent.hpp"

#include <cmath>
#include <limits>

#include "optim/line_search.hpp"
#include "optim/optim_common.hpp"

namespace dlogit::optim {

namespace {
constexpr double kArmijo = 1e-4;
constexpr int kMaxBacktracks = 60;
}  // namespace

GradientDescent::GradientDescent(const OptimizerOptions& options) : options_(options) {
  detail::validate_options(options_);
}

OptimizerResult GradientDescent::minimize(Objective& objective, const L1Term& l1, Eigen::VectorXd x0,
                                          const IterationCallback& on_iteration) {
  detail::validate_problem(objective, l1, x0);
  detail::CountedObjective counted(objective);
  detail::RunState run(options_, on_iteration, counted);
  const bool proximal = l1.active();
  const Eigen::VectorXd c = detail::l1_weights(l1, x0.size());

  Eigen::VectorXd x = std::move(x0);
  Eigen::VectorXd g;
  double f = counted.value_and_gradient(x, g);
  double F = f + l1.value(x);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!std::isfinite(F) || !g.allFinite()) {
    run.report(0, F, nan, 0.0);
    run.fail("objective or gradient is NaN/Inf at the starting point");
    return run.result(x, F, nan);
  }
  Eigen::VectorXd pg;
  auto stationarity = [&]() {
    if (!proximal) return g.norm();
    detail::pseudo_gradient(x, g, c, pg);
    return pg.norm();
  };
  double gnorm = stationarity();
  if (run.report(0, F, gnorm, 0.0)) return run.result(x, F, gnorm);

  const double g0 = g.norm();
  double t = g0 > 0.0 ? 1.0 / g0 : 1.0;
  Eigen::VectorXd x_new, g_new;
  detail::StagnationGuard stagnation(gnorm);
  for (int iter = 1;; ++iter) {
    bool accepted = false;
    bool saw_nonfinite = false;
    double f_new = 0.0;
    double F_new = 0.0;
    if (iter > 1) t *= 2.0;
    const double gg = g.squaredNorm();
    for (int k = 0; k <= kMaxBacktracks; ++k, t *= 0.5) {
      if (proximal) {
        x_new = detail::soft_threshold(x - t * g, t * c);
      } else {
        x_new = x - t * g;
      }
      if (x_new == x) break;  // the step no longer moves x: no progress possible
      f_new = counted.value_and_gradient(x_new, g_new);
      if (!std::isfinite(f_new) || !g_new.allFinite()) {
        saw_nonfinite = true;
        continue;
      }
      // When f cannot resolve the change (|f+ - f| <= kValuePrecision |f|), the step is judged by
      // gradients instead (as TFOCS does): accepted when the curvature along it is at most 1/t,
      // (g+ - g)'dx <= ||dx||^2 / t, the condition of the quadratic upper bound.
      const Eigen::VectorXd dx = x_new - x;
      const bool unresolved = std::abs(f_new - f) <= kValuePrecision * std::abs(f);
      F_new = f_new + (proximal ? l1.value(x_new) : 0.0);
      if (unresolved) {
        accepted = (g_new - g).dot(dx) <= dx.squaredNorm() / t;
      } else if (proximal) {
        accepted = f_new <= f + g.dot(dx) + dx.squaredNorm() / (2.0 * t) && F_new <= F;
      } else {
        accepted = f_new <= f - kArmijo * t * gg;
      }
      if (accepted) break;
    }
    if (!accepted) {
      run.fail(saw_nonfinite ? "line search failed: objective or gradient NaN/Inf along the gradient step"
                             : "line search failed: no decrease along the gradient step");
      return run.result(x, F, gnorm);
    }
    std::swap(x, x_new);
    std::swap(g, g_new);
    f = f_new;
    const double F_old = F;
    F = F_new;
    gnorm = stationarity();
    if (run.report(iter, F, gnorm, t)) return run.result(x, F, gnorm);
    if (stagnation.update(F_old, F, gnorm)) {
      run.fail(detail::StagnationGuard::reason());
      return run.result(x, F, gnorm);
    }
  }
}

}  // namespace dlogit::optim
