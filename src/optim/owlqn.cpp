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
// After the probe along the fully sign-constrained direction fails, the next iterations use the
// relaxed direction directly, without probing (each failed probe costs a pass).
constexpr int kRelaxedIterations = 20;

// How the quasi-Newton direction d = -H v is constrained before the line search.
enum class Constraint {
  kAll,     // Andrew & Gao: every penalized d_j whose sign disagrees with -v_j is zeroed
  kAtZero,  // only the penalized coordinates at zero (where the sign of d_j picks the orthant)
};

// Zeroes the components of d that `constraint` forbids; returns false when d is unusable
// (non-finite, or not a descent direction: d'v >= 0).
bool constrain(Eigen::VectorXd& d, const Eigen::VectorXd& x, const Eigen::VectorXd& pg, const Eigen::VectorXd& c,
               Constraint constraint) {
  for (Eigen::Index i = 0; i < d.size(); ++i) {
    if (c[i] > 0.0 && (constraint == Constraint::kAll || x[i] == 0.0) && d[i] * pg[i] >= 0.0) d[i] = 0.0;
  }
  return d.allFinite() && d.dot(pg) < 0.0;
}
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
  state.scalars["relaxed_left"] = loop_.relaxed_left;
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
  // Optional: a state saved before the field existed resumes with probing enabled.
  const auto relaxed = state.scalars.find("relaxed_left");
  if (relaxed != state.scalars.end()) {
    const double r = relaxed->second;
    if (!(r >= 0.0 && r <= kRelaxedIterations && r == std::floor(r))) {
      throw std::invalid_argument("optimizer state for 'owlqn' has an invalid 'relaxed_left'");
    }
    loop.relaxed_left = static_cast<int>(r);
  }
  loop_ = std::move(loop);
  counted_.reset_counts(function_evals, hessian_evals);
  resume_pending_ = true;
}

OptimizerResult Owlqn::minimize(Objective& objective, const L1Term& l1, Eigen::VectorXd x0,
                                const IterationCallback& on_iteration) {
  const bool resuming = detail::begin_minimize(resume_pending_, counted_, objective, l1, loop_.x, x0);
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
  StagnationGuard& stagnation = loop_.stagnation;

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
    loop_.initial_norm = detail::stopping_reference(options_, pgnorm);
    stagnation = StagnationGuard(pgnorm);
    if (run.report(0, F, pgnorm, 0.0)) return run.result(x, F, pgnorm);
  }

  Eigen::VectorXd dq(n), d(n), orthant(n), x_new(n), g_new(n), pg_new(n), s_new(n), y_new(n);
  for (;;) {
    if (stagnation.stalled()) {
      run.fail(StagnationGuard::reason());
      return run.result(x, F, pgnorm);
    }
    const int iter = loop_.iteration + 1;
    bool accepted = false;
    bool saw_nonfinite = false;
    // The memory is cleared when its direction is unusable or fails; `cleared` defers that until a
    // step is accepted, so that after a failure the state is still the last completed iteration's
    // (likewise relaxed_left, the probe schedule).
    bool cleared = false;
    int relaxed_left = loop_.relaxed_left > 0 ? loop_.relaxed_left - 1 : 0;
    double a = 1.0;
    double F_new = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      orthant[i] = x[i] > 0.0 ? 1.0 : x[i] < 0.0 ? -1.0 : (pg[i] < 0.0 ? 1.0 : pg[i] > 0.0 ? -1.0 : 0.0);
    }
    // Stages: 0 the probe: the fully constrained direction (Andrew & Gao), the unit step only;
    // 1 the relaxed direction (constrained at zero only), backtracking; 2 steepest descent (-v),
    // backtracking from 1/||v||, which clears the memory. The probe is skipped while relaxed_left > 0,
    // and when it would be the relaxed direction anyway (no nonzero coordinate to freeze).
    if (!history.empty()) dq = -history.apply_inverse(pg);
    const int first_stage = history.empty() ? 2 : loop_.relaxed_left > 0 ? 1 : 0;
    for (int stage = first_stage; stage <= 2 && !accepted; ++stage) {
      double step0 = 1.0;
      int max_backtracks = kMaxBacktracks;
      if (stage < 2) {
        d = dq;
        if (!constrain(d, x, pg, c, stage == 0 ? Constraint::kAll : Constraint::kAtZero)) {
          if (stage == 0) relaxed_left = kRelaxedIterations;
          continue;
        }
        if (stage == 0) {
          bool frozen = false;
          for (Eigen::Index i = 0; i < n && !frozen; ++i) frozen = d[i] == 0.0 && dq[i] != 0.0 && x[i] != 0.0;
          if (frozen) {
            max_backtracks = 0;
          } else {
            stage = 1;  // the same direction: search it fully
          }
        }
      } else {
        cleared = true;
        d = -pg;
        step0 = 1.0 / pgnorm;
      }
      a = step0;
      for (int k = 0; k <= max_backtracks; ++k, a *= 0.5) {
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
      if (!accepted && stage == 0) relaxed_left = kRelaxedIterations;
    }
    if (!accepted) {
      run.fail(saw_nonfinite ? "line search failed: objective or gradient NaN/Inf along the search direction"
                             : "line search failed: no decrease along the steepest descent direction");
      return run.result(x, F, pgnorm);
    }
    if (cleared) history.clear();
    // The pair describes the curvature among the coordinates that moved: y is zeroed where a
    // penalized coordinate stayed at zero (s'y is unchanged), so that the gradient changes of
    // inactive coordinates, which the direction never uses, do not distort H (and its scaling s'y/y'y).
    s_new = x_new - x;
    y_new = g_new - g;
    for (Eigen::Index i = 0; i < n; ++i) {
      if (c[i] > 0.0 && x_new[i] == 0.0 && x[i] == 0.0) y_new[i] = 0.0;
    }
    history.update(s_new, y_new);
    loop_.relaxed_left = relaxed_left;
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
