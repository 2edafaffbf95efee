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

OptimizerState GradientDescent::state() const {
  OptimizerState state = detail::save_loop(name(), loop_, counted_, true);
  state.scalars["f"] = loop_.f;
  state.scalars["step"] = loop_.step;
  state.scalars["next_step"] = loop_.next_step;
  return state;
}

void GradientDescent::resume_from(const OptimizerState& state) {
  long function_evals = 0, hessian_evals = 0;
  Loop loop;
  static_cast<detail::LoopState&>(loop) = detail::load_loop(state, name(), true, function_evals, hessian_evals);
  loop.f = detail::state_scalar(state, "f");
  loop.step = detail::state_scalar(state, "step");
  loop.next_step = detail::state_scalar(state, "next_step");
  loop_ = std::move(loop);
  counted_.reset_counts(function_evals, hessian_evals);
  resume_pending_ = true;
}

OptimizerResult GradientDescent::minimize(Objective& objective, const L1Term& l1, Eigen::VectorXd x0,
                                          const IterationCallback& on_iteration) {
  const bool resuming = detail::begin_minimize(resume_pending_, counted_, objective, l1, loop_.x, x0);
  detail::RunState run(options_, on_iteration, counted_);
  const bool proximal = l1.active();
  const Eigen::VectorXd c = detail::l1_weights(l1, objective.dimension());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // The loop state lives in loop_ so that state() can be taken from the callback.
  Eigen::VectorXd& x = loop_.x;
  Eigen::VectorXd& g = loop_.g;
  double& f = loop_.f;
  double& F = loop_.objective;
  double& gnorm = loop_.gradient_norm;
  double& t = loop_.step;
  StagnationGuard& stagnation = loop_.stagnation;

  Eigen::VectorXd pg;
  auto stationarity = [&]() {
    if (!proximal) return g.norm();
    detail::pseudo_gradient(x, g, c, pg);
    return pg.norm();
  };
  if (resuming) {
    if (!std::isfinite(F) || !g.allFinite()) {  // a state saved by a run that failed at its start
      run.resume(loop_.iteration, nan, loop_.initial_norm);
      run.fail("objective or gradient is NaN/Inf at the starting point");
      return run.result(x, F, nan);
    }
    if (run.resume(loop_.iteration, gnorm, loop_.initial_norm)) return run.result(x, F, gnorm);
  } else {
    loop_ = Loop();
    x = std::move(x0);
    f = counted_.value_and_gradient(x, g);
    F = f + l1.value(x);
    if (!std::isfinite(F) || !g.allFinite()) {
      gnorm = nan;
      loop_.initial_norm = nan;
      run.report(0, F, nan, 0.0);
      run.fail("objective or gradient is NaN/Inf at the starting point");
      return run.result(x, F, nan);
    }
    gnorm = stationarity();
    const double g0 = g.norm();
    t = g0 > 0.0 ? 1.0 / g0 : 1.0;
    loop_.next_step = t;
    loop_.initial_norm = detail::stopping_reference(options_, gnorm);
    stagnation = StagnationGuard(gnorm);
    if (run.report(0, F, gnorm, 0.0)) return run.result(x, F, gnorm);
  }

  Eigen::VectorXd x_new, g_new;
  for (;;) {
    if (stagnation.stalled()) {
      run.fail(StagnationGuard::reason());
      return run.result(x, F, gnorm);
    }
    const int iter = loop_.iteration + 1;
    bool accepted = false;
    bool saw_nonfinite = false;
    double f_new = 0.0;
    double F_new = 0.0;
    double trial = loop_.next_step;
    const double gg = g.squaredNorm();
    for (int k = 0; k <= kMaxBacktracks; ++k, trial *= 0.5) {
      if (proximal) {
        x_new = detail::soft_threshold(x - trial * g, trial * c);
      } else {
        x_new = x - trial * g;
      }
      if (x_new == x) break;  // the step no longer moves x: no progress possible
      f_new = counted_.value_and_gradient(x_new, g_new);
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
        accepted = (g_new - g).dot(dx) <= dx.squaredNorm() / trial;
      } else if (proximal) {
        accepted = f_new <= f + g.dot(dx) + dx.squaredNorm() / (2.0 * trial) && F_new <= F;
      } else {
        accepted = f_new <= f - kArmijo * trial * gg;
      }
      if (accepted) break;
    }
    if (!accepted) {
      run.fail(saw_nonfinite ? "line search failed: objective or gradient NaN/Inf along the gradient step"
                             : "line search failed: no decrease along the gradient step");
      return run.result(x, F, gnorm);
    }
    const Eigen::VectorXd s = x_new - x;
    const double sy = s.dot(g_new - g);
    loop_.next_step = sy > 0.0 ? s.squaredNorm() / sy : 2.0 * trial;
    std::swap(x, x_new);
    std::swap(g, g_new);
    f = f_new;
    const double F_old = F;
    F = F_new;
    t = trial;
    gnorm = stationarity();
    loop_.iteration = iter;
    stagnation.update(F_old, F, gnorm);  // its verdict applies after the report (top of the loop)
    if (run.report(iter, F, gnorm, t)) return run.result(x, F, gnorm);
  }
}

}  // namespace dlogit::optim
