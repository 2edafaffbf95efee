#include "optim/gradient_descent.hpp"

#include <cmath>

#include "optim/line_search.hpp"
#include "optim/optimizer_skeleton.hpp"

namespace dlogit::optim {

namespace {
constexpr double kArmijo = 1e-4;
constexpr int kMaxBacktracks = 60;

class GradientDescent final : public detail::OptimizerSkeleton {
 public:
  explicit GradientDescent(const OptimizerOptions& options) : OptimizerSkeleton("gd", options, true) {}

 private:
  MethodState fresh_state(Eigen::Index /*n*/) const override { return GradientDescentState(); }
  void prepare(const L1Term& l1, Eigen::Index n) override {
    proximal_ = l1.active();
    c_ = detail::l1_weights(l1, n);
  }
  double start(double smooth_value) override;
  detail::IterationOutcome iterate() override;
  void release_work() override {
    for (Eigen::VectorXd* v : {&pg_, &x_new_, &g_new_, &dx_, &threshold_}) *v = Eigen::VectorXd();
  }
  // ||G(x)||: of the gradient, or with an active L1 term of the pseudo-gradient.
  double stationarity();

  bool proximal_ = false;
  Eigen::VectorXd c_;  // the L1 weights
  // Work vectors kept across iterations: the trial point and its gradient, its step x+ - x, and the
  // proximal step's thresholds t c.
  Eigen::VectorXd pg_, x_new_, g_new_, dx_, threshold_;
};

double GradientDescent::start(double smooth_value) {
  GradientDescentState& gd = method_state<GradientDescentState>();
  gd.f = smooth_value;
  state_.gradient_norm = stationarity();
  const double g0 = state_.g.norm();
  gd.step = g0 > 0.0 ? 1.0 / g0 : 1.0;
  gd.next_step = gd.step;
  return 0.0;
}

double GradientDescent::stationarity() {
  if (!proximal_) return state_.g.norm();
  detail::pseudo_gradient(state_.x, state_.g, c_, pg_);
  return pg_.norm();
}

detail::IterationOutcome GradientDescent::iterate() {
  GradientDescentState& gd = method_state<GradientDescentState>();
  Eigen::VectorXd& x = state_.x;
  Eigen::VectorXd& g = state_.g;
  const double f = gd.f;
  const double F = state_.objective;
  bool accepted = false;
  bool saw_nonfinite = false;
  double f_new = 0.0;
  double F_new = 0.0;
  double trial = gd.next_step;
  const double gg = g.squaredNorm();
  for (int k = 0; k <= kMaxBacktracks; ++k, trial *= 0.5) {
    if (proximal_) {
      x_new_ = x - trial * g;
      threshold_ = trial * c_;
      detail::soft_threshold_in_place(x_new_, threshold_);
    } else {
      x_new_ = x - trial * g;
    }
    if (x_new_ == x) break;  // the step no longer moves x: no progress possible
    f_new = counted_.value_and_gradient(x_new_, g_new_);
    if (!std::isfinite(f_new) || !g_new_.allFinite()) {
      saw_nonfinite = true;
      continue;
    }
    // When f cannot resolve the change (|f+ - f| <= kValuePrecision |f|), the step is judged by
    // gradients instead (as TFOCS does): accepted when the curvature along it is at most 1/t,
    // (g+ - g)'dx <= ||dx||^2 / t, the condition of the quadratic upper bound.
    Eigen::VectorXd& dx = dx_;
    dx = x_new_ - x;
    const bool unresolved = std::abs(f_new - f) <= kValuePrecision * std::abs(f);
    F_new = f_new + (proximal_ ? l1().value(x_new_) : 0.0);
    if (unresolved) {
      accepted = (g_new_ - g).dot(dx) <= dx.squaredNorm() / trial;
    } else if (proximal_) {
      accepted = f_new <= f + g.dot(dx) + dx.squaredNorm() / (2.0 * trial) && F_new <= F;
    } else {
      accepted = f_new <= f - kArmijo * trial * gg;
    }
    if (accepted) break;
  }
  if (!accepted) {
    return detail::IterationOutcome::failed(
        saw_nonfinite ? "line search failed: objective or gradient NaN/Inf along the gradient step"
                      : "line search failed: no decrease along the gradient step");
  }
  const Eigen::VectorXd& s = dx_;  // x+ - x of the accepted trial
  const double sy = s.dot(g_new_ - g);
  gd.next_step = sy > 0.0 ? s.squaredNorm() / sy : 2.0 * trial;
  std::swap(x, x_new_);
  std::swap(g, g_new_);
  gd.f = f_new;
  state_.objective = F_new;
  gd.step = trial;
  state_.gradient_norm = stationarity();
  return detail::IterationOutcome::moved(gd.step);
}

}  // namespace

std::unique_ptr<Optimizer> make_gradient_descent(const OptimizerOptions& options) {
  return std::make_unique<GradientDescent>(options);
}

}  // namespace dlogit::optim
