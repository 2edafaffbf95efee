#include "optim/owlqn.hpp"

#include <cmath>
#include <limits>

#include "optim/lbfgs_history.hpp"
#include "optim/line_search.hpp"
#include "optim/optimizer_skeleton.hpp"

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

class Owlqn final : public detail::OptimizerSkeleton {
 public:
  explicit Owlqn(const OptimizerOptions& options) : OptimizerSkeleton("owlqn", options, true) {}

 private:
  MethodState fresh_state(Eigen::Index n) const override {
    return OwlqnState{Eigen::VectorXd::Constant(n, std::numeric_limits<double>::quiet_NaN()),
                      LbfgsHistory(options_.history), 0, StagnationGuard()};
  }
  void prepare(const L1Term& l1, Eigen::Index n) override;
  double start(double /*smooth_value*/) override {
    OwlqnState& owlqn = method_state<OwlqnState>();
    detail::pseudo_gradient(state_.x, state_.g, *c_, owlqn.pg);
    state_.gradient_norm = owlqn.pg.norm();
    return 0.0;
  }
  detail::IterationOutcome iterate() override;
  void release_work() override {
    for (Eigen::VectorXd* v : {&dq_, &d_, &x_new_, &g_new_, &s_new_, &y_new_}) *v = Eigen::VectorXd();
  }

  detail::BoundL1Weights c_;
  // Work vectors kept across iterations. The trial's pseudo-gradient (approximate Armijo) goes into
  // y_new_, which is only written after the search.
  Eigen::VectorXd dq_, d_, x_new_, g_new_, s_new_, y_new_;
};

void Owlqn::prepare(const L1Term& l1, Eigen::Index n) {
  c_.bind(l1, n);
  for (Eigen::VectorXd* v : {&dq_, &d_, &x_new_, &g_new_, &s_new_, &y_new_}) v->resize(n);
}

detail::IterationOutcome Owlqn::iterate() {
  OwlqnState& owlqn = method_state<OwlqnState>();
  Eigen::VectorXd& x = state_.x;
  Eigen::VectorXd& g = state_.g;
  Eigen::VectorXd& pg = owlqn.pg;
  const Eigen::VectorXd& c = *c_;
  const double F = state_.objective;
  LbfgsHistory& history = owlqn.history;
  const Eigen::Index n = x.size();
  bool accepted = false;
  bool saw_nonfinite = false;
  // The memory is cleared when its direction is unusable or fails; `cleared` defers that until a
  // step is accepted, so that after a failure the state is still the last completed iteration's
  // (likewise relaxed_left, the probe schedule).
  bool cleared = false;
  int relaxed_left = owlqn.relaxed_left > 0 ? owlqn.relaxed_left - 1 : 0;
  double a = 1.0;
  double F_new = 0.0;
  // The orthant of coordinate i, xi_i (x and pg do not change until the step is taken).
  const auto orthant = [&](Eigen::Index i) {
    return x[i] > 0.0 ? 1.0 : x[i] < 0.0 ? -1.0 : (pg[i] < 0.0 ? 1.0 : pg[i] > 0.0 ? -1.0 : 0.0);
  };
  // Stages: 0 the probe: the fully constrained direction (Andrew & Gao), the unit step only;
  // 1 the relaxed direction (constrained at zero only), backtracking; 2 steepest descent (-v),
  // backtracking from 1/||v||, which clears the memory. The probe is skipped while relaxed_left > 0,
  // and when it would be the relaxed direction anyway (no nonzero coordinate to freeze).
  if (!history.empty()) {
    history.apply_inverse(pg, dq_);
    dq_ = -dq_;
  }
  const int first_stage = history.empty() ? 2 : owlqn.relaxed_left > 0 ? 1 : 0;
  for (int stage = first_stage; stage <= 2 && !accepted; ++stage) {
    double step0 = 1.0;
    int max_backtracks = kMaxBacktracks;
    if (stage < 2) {
      d_ = dq_;
      if (!constrain(d_, x, pg, c, stage == 0 ? Constraint::kAll : Constraint::kAtZero)) {
        if (stage == 0) relaxed_left = kRelaxedIterations;
        continue;
      }
      if (stage == 0) {
        bool frozen = false;
        for (Eigen::Index i = 0; i < n && !frozen; ++i) frozen = d_[i] == 0.0 && dq_[i] != 0.0 && x[i] != 0.0;
        if (frozen) {
          max_backtracks = 0;
        } else {
          stage = 1;  // the same direction: search it fully
        }
      }
    } else {
      cleared = true;
      d_ = -pg;
      step0 = 1.0 / state_.gradient_norm;
    }
    a = step0;
    for (int k = 0; k <= max_backtracks; ++k, a *= 0.5) {
      x_new_ = x + a * d_;
      for (Eigen::Index i = 0; i < n; ++i) {
        if (c[i] > 0.0 && x_new_[i] * orthant(i) <= 0.0) x_new_[i] = 0.0;
      }
      if (x_new_ == x) break;
      F_new = counted_.value_and_gradient(x_new_, g_new_) + l1().value(x_new_);
      if (!std::isfinite(F_new) || !g_new_.allFinite()) {
        saw_nonfinite = true;
        continue;
      }
      Eigen::VectorXd& dx = s_new_;  // x+ - x: the pair's s when accepted
      dx = x_new_ - x;
      const double decrease = pg.dot(dx);  // < 0
      if (F_new <= F + kSufficientDecrease * decrease) {
        accepted = true;
        break;
      }
      if (std::abs(F_new - F) <= kValuePrecision * std::abs(F)) {
        // F cannot resolve the change: approximate Armijo on the pseudo-gradient at x+ instead.
        Eigen::VectorXd& pg_new = y_new_;
        detail::pseudo_gradient(x_new_, g_new_, c, pg_new);
        if (pg_new.dot(dx) <= -(1.0 - 2.0 * kSufficientDecrease) * decrease) {
          accepted = true;
          break;
        }
      }
    }
    if (!accepted && stage == 0) relaxed_left = kRelaxedIterations;
  }
  if (!accepted) {
    return detail::IterationOutcome::failed(
        saw_nonfinite ? "line search failed: objective or gradient NaN/Inf along the search direction"
                      : "line search failed: no decrease along the steepest descent direction");
  }
  if (cleared) history.clear();
  // The pair describes the curvature among the coordinates that moved: y is zeroed where a
  // penalized coordinate stayed at zero (s'y is unchanged), so that the gradient changes of
  // inactive coordinates, which the direction never uses, do not distort H (and its scaling s'y/y'y).
  // s_new_ already holds x+ - x (the accepted trial's dx).
  y_new_ = g_new_ - g;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (c[i] > 0.0 && x_new_[i] == 0.0 && x[i] == 0.0) y_new_[i] = 0.0;
  }
  history.update_by_swap(s_new_, y_new_);
  owlqn.relaxed_left = relaxed_left;
  std::swap(x, x_new_);
  std::swap(g, g_new_);
  state_.objective = F_new;
  detail::pseudo_gradient(x, g, c, pg);
  state_.gradient_norm = pg.norm();
  return detail::IterationOutcome::moved(a);
}

}  // namespace

std::unique_ptr<Optimizer> make_owlqn(const OptimizerOptions& options) { return std::make_unique<Owlqn>(options); }

}  // namespace dlogit::optim
