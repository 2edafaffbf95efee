#include "optim/lbfgs.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "optim/lbfgs_history.hpp"
#include "optim/line_search.hpp"
#include "optim/optim_common.hpp"

namespace dlogit::optim {

Lbfgs::Lbfgs(const OptimizerOptions& options) : options_(options), loop_(1) {
  detail::validate_options(options_);
  loop_ = Loop(options_.history);
}

OptimizerState Lbfgs::state() const {
  OptimizerState state = detail::save_loop(name(), loop_, counted_, true);
  state.sequences["s"] = loop_.history.s_in_order();
  state.sequences["y"] = loop_.history.y_in_order();
  state.vectors["rho"] = loop_.history.rho_in_order();
  return state;
}

void Lbfgs::resume_from(const OptimizerState& state) {
  long function_evals = 0, hessian_evals = 0;
  Loop loop(options_.history);
  static_cast<detail::LoopState&>(loop) = detail::load_loop(state, name(), true, function_evals, hessian_evals);
  const Eigen::Index n = loop.x.size();
  const auto& s = detail::state_sequence(state, "s", n);
  const auto& y = detail::state_sequence(state, "y", n);
  const auto rho = state.vectors.find("rho");
  if (rho == state.vectors.end()) throw std::invalid_argument("optimizer state for 'lbfgs' lacks the vector 'rho'");
  loop.history.restore(s, y, rho->second, n);
  loop_ = std::move(loop);
  counted_.reset_counts(function_evals, hessian_evals);
  resume_pending_ = true;
}

OptimizerResult Lbfgs::minimize(Objective& objective, const L1Term& l1, Eigen::VectorXd x0,
                                const IterationCallback& on_iteration) {
  const bool resuming = detail::begin_minimize(resume_pending_, counted_, objective, l1, loop_.x, x0);
  if (l1.active()) {
    throw std::invalid_argument(
        "optimizer 'lbfgs' cannot handle an L1 penalty (it is not differentiable); use 'owlqn' or 'gd'");
  }
  detail::RunState run(options_, on_iteration, counted_);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // The loop state lives in loop_ so that state() can be taken from the callback.
  Eigen::VectorXd& x = loop_.x;
  Eigen::VectorXd& g = loop_.g;
  double& f = loop_.objective;
  double& gnorm = loop_.gradient_norm;
  LbfgsHistory& history = loop_.history;
  StagnationGuard& stagnation = loop_.stagnation;

  if (resuming) {
    if (!std::isfinite(f) || !g.allFinite()) {  // a state saved by a run that failed at its start
      run.resume(loop_.iteration, nan, loop_.initial_norm);
      run.fail("objective or gradient is NaN/Inf at the starting point");
      return run.result(x, f, nan);
    }
    if (run.resume(loop_.iteration, gnorm, loop_.initial_norm)) return run.result(x, f, gnorm);
  } else {
    loop_ = Loop(options_.history);
    x = std::move(x0);
    f = counted_.value_and_gradient(x, g);
    if (!std::isfinite(f) || !g.allFinite()) {
      gnorm = nan;
      loop_.initial_norm = nan;
      run.report(0, f, nan, 0.0);
      run.fail("objective or gradient is NaN/Inf at the starting point");
      return run.result(x, f, nan);
    }
    gnorm = g.norm();
    loop_.initial_norm = detail::stopping_reference(options_, gnorm);
    stagnation = StagnationGuard(gnorm);
    if (run.report(0, f, gnorm, 0.0)) return run.result(x, f, gnorm);
  }

  for (;;) {
    if (stagnation.stalled()) {
      run.fail(StagnationGuard::reason());
      return run.result(x, f, gnorm);
    }
    const int iter = loop_.iteration + 1;
    // The memory is cleared when its direction is unusable or fails; `cleared` defers that until a
    // step is accepted, so that after a failure the state is still the last completed iteration's.
    LineSearchResult ls;
    bool cleared = false;
    for (int attempt = 0; attempt < 2; ++attempt) {
      const bool memory = !cleared && !history.empty();
      Eigen::VectorXd d;
      double step0 = 1.0;
      if (memory) d = -history.apply_inverse(g);
      if (!memory || !(g.dot(d) < 0.0) || !d.allFinite()) {
        cleared = true;
        d = -g;
        step0 = 1.0 / gnorm;
      }
      ls = strong_wolfe_line_search(counted_, x, f, g, d, step0);
      if (ls.accepted() || cleared) break;
      cleared = true;  // the quasi-Newton direction failed: retry once along -g
    }
    if (!ls.accepted()) {
      run.fail(ls.saw_nonfinite ? "line search failed: objective or gradient NaN/Inf along the search direction"
                                : "line search failed: no decrease along the steepest descent direction");
      return run.result(x, f, gnorm);
    }
    if (cleared) history.clear();
    history.update(ls.x - x, ls.gradient - g);
    x = std::move(ls.x);
    g = std::move(ls.gradient);
    const double f_old = f;
    f = ls.value;
    gnorm = g.norm();
    loop_.iteration = iter;
    stagnation.update(f_old, f, gnorm);  // its verdict applies after the report (top of the loop)
    if (run.report(iter, f, gnorm, ls.step)) return run.result(x, f, gnorm);
  }
}

}  // namespace dlogit::optim
