#include "optim/owlqn.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "optim/lbfgs_history.hpp"
#include "optim/line_search.hpp"
#include "optim/optim_common.hpp"

namespace dlogit::optim {

namespace {
constexpr double kSufficientDecrease = 1e-4;
constexpr int kMaxBacktracks = 60;
}  // namespace

Owlqn::Owlqn(const OptimizerOptions& options) : options_(options), loop_(1) {
  detail::validate_options(options_);
  loop_ = Loop(options_.history);
}

OptimizerState Owlqn::state() const {
  OptimizerState state = detail::save_loop(name(), loop_, counted_, true);
  state.vectors["pg"] = loop_.pg;
  state.sequences["s"] = loop_.history.s_in_order();
  state.sequences["y"] = loop_.history.y_in_order();
  state.vectors["rho"] = loop_.history.rho_in_order();
  return state;
}

void Owlqn::resume_from(const OptimizerState& state) {
  long function_evals = 0, hessian_evals = 0;
  Loop loop(options_.history);
  static_cast<detail::LoopState&>(loop) = detail::load_loop(state, name(), true, function_evals, hessian_evals);
  const Eigen::Index n = loop.x.size();
  loop.pg = detail::state_vector(state, "pg", n);
  const auto& s = detail::state_sequence(state, "s", n);
  const auto& y = detail::state_sequence(state, "y", n);
  const auto rho = state.vectors.find("rho");
  if (rho == state.vectors.end()) throw std::invalid_argument("optimizer state for 'owlqn' lacks the vector 'rho'");
  loop.history.restore(s, y, rho->second, n);
  loop_ = std::move(loop);
  counted_.reset_counts(function_evals, hessian_evals);
  resume_pending_ = true;
}

OptimizerResult Owlqn::minimize(Objective& objective, const L1Term& l1, Eigen::VectorXd x0,
                                const IterationCallback& on_iteration) {
  const bool resuming = resume_pending_;
  resume_pending_ = false;
  detail::validate_problem(objective, l1, resuming ? loop_.x : x0);
  counted_.attach(objective);
  if (!resuming) counted_.reset_counts(0, 0);
  detail::RunState run(options_, on_iteration, counted_);
  const Eigen::Index n = objective.dimension();
  const Eigen::VectorXd c = detail::l1_weights(l1, n);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // The loop state lives in loop_ so that state() can be taken from the callback.
  Eigen::VectorXd& x = loop_.x;
  Eigen::VectorXd& g = loop_.g;
  Eigen::VectorXd& pg = loop_.pg;
  double& F = loop_.objective;
  double& pgnorm = loop_.gradient_norm;
  LbfgsHistory& history = loop_.history;
  detail::StagnationGuard& stagnation = loop_.stagnation;

  if (resuming) {
    if (!std::isfinite(F) || !g.allFinite()) {  // a state saved by a run that failed at its start
      run.resume(loop_.iteration, nan, loop_.initial_norm);
      run.fail("objective or gradient is NaN/Inf at the starting point");
      return run.result(x, F, nan);
    }
    if (run.resume(loop_.iteration, pgnorm, loop_.initial_norm)) return run.result(x, F, pgnorm);
  } else {
    loop_ = Loop(options_.history);
    x = std::move(x0);
    const double f0 = counted_.value_and_gradient(x, g);
    F = f0 + l1.value(x);
    if (!std::isfinite(F) || !g.allFinite()) {
      pg = Eigen::VectorXd::Constant(n, nan);
      pgnorm = nan;
      loop_.initial_norm = nan;
      run.report(0, F, nan, 0.0);
      run.fail("objective or gradient is NaN/Inf at the starting point");
      return run.result(x, F, nan);
    }
    detail::pseudo_gradient(x, g, c, pg);
    pgnorm = pg.norm();
    loop_.initial_norm = pgnorm;
    stagnation = detail::StagnationGuard(pgnorm);
    if (run.report(0, F, pgnorm, 0.0)) return run.result(x, F, pgnorm);
  }

  Eigen::VectorXd d(n), orthant(n), x_new(n), g_new(n), pg_new(n);
  for (;;) {
    if (stagnation.stalled()) {
      run.fail(detail::StagnationGuard::reason());
      return run.result(x, F, pgnorm);
    }
    const int iter = loop_.iteration + 1;
    bool accepted = false;
    bool saw_nonfinite = false;
    // The memory is cleared when its direction is unusable or fails; `cleared` defers that until a
    // step is accepted, so that after a failure the state is still the last completed iteration's.
    bool cleared = false;
    double a = 1.0;
    double F_new = 0.0;
    for (int attempt = 0; attempt < 2 && !accepted; ++attempt) {
      double step0 = 1.0;
      bool steepest = cleared || history.empty();
      if (!steepest) {
        d = -history.apply_inverse(pg);
        for (Eigen::Index i = 0; i < n; ++i) {
          if (c[i] > 0.0 && d[i] * pg[i] >= 0.0) d[i] = 0.0;
        }
        if (!d.allFinite() || !(d.dot(pg) < 0.0)) steepest = true;
      }
      if (steepest) {
        cleared = true;
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
        F_new = counted_.value_and_gradient(x_new, g_new) + l1.value(x_new);
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
      if (!accepted && cleared) break;
      if (!accepted) cleared = true;  // retry along -v
    }
    if (!accepted) {
      run.fail(saw_nonfinite ? "line search failed: objective or gradient NaN/Inf along the search direction"
                             : "line search failed: no decrease along the steepest descent direction");
      return run.result(x, F, pgnorm);
    }
    if (cleared) history.clear();
    history.update(x_new - x, g_new - g);
    std::swap(x, x_new);
    std::swap(g, g_new);
    const double F_old = F;
    F = F_new;
    detail::pseudo_gradient(x, g, c, pg);
    pgnorm = pg.norm();
    loop_.iteration = iter;
    stagnation.update(F_old, F, pgnorm);  // its verdict applies after the report (top of the loop)
    if (run.report(iter, F, pgnorm, a)) return run.result(x, F, pgnorm);
  }
}

}  // namespace dlogit::optim
