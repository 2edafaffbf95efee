#include "optim/owlqn.hpp"

#include <cmath>
#include <limits>

#include "optim/lbfgs_history.hpp"
#include "optim/line_search.hpp"
#include "optim/optim_common.hpp"

namespace dlogit::optim {

namespace {
constexpr double kSufficientDecrease = 1e-4;
constexpr int kMaxBacktracks = 60;
}  // namespace

Owlqn::Owlqn(const OptimizerOptions& options) : options_(options) { detail::validate_options(options_); }

OptimizerResult Owlqn::minimize(Objective& objective, const L1Term& l1, Eigen::VectorXd x0,
                                const IterationCallback& on_iteration) {
  detail::validate_problem(objective, l1, x0);
  detail::CountedObjective counted(objective);
  detail::RunState run(options_, on_iteration, counted);
  const Eigen::Index n = x0.size();
  const Eigen::VectorXd c = detail::l1_weights(l1, n);
  const double nan = std::numeric_limits<double>::quiet_NaN();

  Eigen::VectorXd x = std::move(x0);
  Eigen::VectorXd g;
  const double f0 = counted.value_and_gradient(x, g);
  double F = f0 + l1.value(x);
  if (!std::isfinite(F) || !g.allFinite()) {
    run.report(0, F, nan, 0.0);
    run.fail("objective or gradient is NaN/Inf at the starting point");
    return run.result(x, F, nan);
  }
  Eigen::VectorXd pg;
  detail::pseudo_gradient(x, g, c, pg);
  double pgnorm = pg.norm();
  if (run.report(0, F, pgnorm, 0.0)) return run.result(x, F, pgnorm);

  LbfgsHistory history(options_.history);
  detail::StagnationGuard stagnation(pgnorm);
  Eigen::VectorXd d(n), orthant(n), x_new(n), g_new(n), pg_new(n);
  for (int iter = 1;; ++iter) {
    bool accepted = false;
    bool saw_nonfinite = false;
    double a = 1.0;
    double F_new = 0.0;
    for (int attempt = 0; attempt < 2 && !accepted; ++attempt) {
      double step0 = 1.0;
      bool steepest = history.empty();
      if (!steepest) {
        d = -history.apply_inverse(pg);
        for (Eigen::Index i = 0; i < n; ++i) {
          if (c[i] > 0.0 && d[i] * pg[i] >= 0.0) d[i] = 0.0;
        }
        if (!d.allFinite() || !(d.dot(pg) < 0.0)) steepest = true;
      }
      if (steepest) {
        history.clear();
        d = -pg;
        step0 = 1.0 / pgnorm;
      }
      for (Eigen::Index i = 0; i < n; ++i) {
        orthant[i] = x[i] > 0.0 ? 1.0 : x[i] < 0.0 ? -1.0 : (pg[i] < 0.0 ? 1.0 : pg[i] > 0.0 ? -1.0 : 0.0);
      }
      a = step0;
      for (int k = 0; k <= kMaxBacktracks; ++k, a *= 0.5) {
        x_new = x + a * d;
        for (Eigen::Index i = 0; i < n; ++i) {
          if (c[i] > 0.0 && x_new[i] * orthant[i] <= 0.0) x_new[i] = 0.0;
        }
        if (x_new == x) break;
        F_new = counted.value_and_gradient(x_new, g_new) + l1.value(x_new);
        if (!std::isfinite(F_new) || !g_new.allFinite()) {
          saw_nonfinite = true;
          continue;
        }
        const Eigen::VectorXd dx = x_new - x;
        const double decrease = pg.dot(dx);  // < 0
        if (F_new <= F + kSufficientDecrease * decrease) {
          accepted = true;
          break;
        }
        if (std::abs(F_new - F) <= kValuePrecision * std::abs(F)) {
          // F cannot resolve the change: approximate Armijo on the pseudo-gradient at x+ instead.
          detail::pseudo_gradient(x_new, g_new, c, pg_new);
          if (pg_new.dot(dx) <= -(1.0 - 2.0 * kSufficientDecrease) * decrease) {
            accepted = true;
            break;
          }
        }
      }
      if (!accepted && history.empty()) break;
      if (!accepted) history.clear();  // retry along -v
    }
    if (!accepted) {
      run.fail(saw_nonfinite ? "line search failed: objective or gradient NaN/Inf along the search direction"
                             : "line search failed: no decrease along the steepest descent direction");
      return run.result(x, F, pgnorm);
    }
    history.update(x_new - x, g_new - g);
    std::swap(x, x_new);
    std::swap(g, g_new);
    const double F_old = F;
    F = F_new;
    detail::pseudo_gradient(x, g, c, pg);
    pgnorm = pg.norm();
    if (run.report(iter, F, pgnorm, a)) return run.result(x, F, pgnorm);
    if (stagnation.update(F_old, F, pgnorm)) {
      run.fail(detail::StagnationGuard::reason());
      return run.result(x, F, pgnorm);
    }
  }
}

}  // namespace dlogit::optim
