#include "optim/lbfgs.hpp"

#include "optim/lbfgs_history.hpp"
#include "optim/line_search.hpp"
#include "optim/optimizer_skeleton.hpp"

namespace dlogit::optim {

namespace {

class Lbfgs final : public detail::OptimizerSkeleton {
 public:
  explicit Lbfgs(const OptimizerOptions& options) : OptimizerSkeleton("lbfgs", options, false) {}

 private:
  MethodState fresh_state(Eigen::Index /*n*/) const override {
    return LbfgsState{LbfgsHistory(options_.history), StagnationGuard()};
  }
  double start(double /*smooth_value*/) override {
    state_.gradient_norm = state_.g.norm();
    return 0.0;
  }
  detail::IterationOutcome iterate() override;
  void release_work() override {
    d_ = Eigen::VectorXd();
    search_ = LineSearchWorkspace();
    ls_ = LineSearchResult();
  }

  // Work vectors kept across iterations (sized at the first one): the direction, the line search's
  // trial points and result (the accepted x and g, swapped with the state's).
  Eigen::VectorXd d_;
  LineSearchWorkspace search_;
  LineSearchResult ls_;
};

detail::IterationOutcome Lbfgs::iterate() {
  Eigen::VectorXd& x = state_.x;
  Eigen::VectorXd& g = state_.g;
  LbfgsHistory& history = method_state<LbfgsState>().history;
  // The memory is cleared when its direction is unusable or fails; `cleared` defers that until a
  // step is accepted, so that after a failure the state is still the last completed iteration's.
  LineSearchResult& ls = ls_;
  Eigen::VectorXd& d = d_;
  bool cleared = false;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool memory = !cleared && !history.empty();
    double step0 = 1.0;
    if (memory) {
      history.apply_inverse(g, d);
      d = -d;
    }
    if (!memory || !(g.dot(d) < 0.0) || !d.allFinite()) {
      cleared = true;
      d = -g;
      step0 = 1.0 / state_.gradient_norm;
    }
    strong_wolfe_line_search(counted_, x, state_.objective, g, d, step0, StrongWolfeParams(), search_, ls);
    if (ls.accepted() || cleared) break;
    cleared = true;  // the quasi-Newton direction failed: retry once along -g
  }
  if (!ls.accepted()) {
    return detail::IterationOutcome::failed(
        ls.saw_nonfinite ? "line search failed: objective or gradient NaN/Inf along the search direction"
                         : "line search failed: no decrease along the steepest descent direction");
  }
  if (cleared) history.clear();
  history.update(ls.x, x, ls.gradient, g);
  x.swap(ls.x);
  g.swap(ls.gradient);
  state_.objective = ls.value;
  state_.gradient_norm = g.norm();
  return detail::IterationOutcome::moved(ls.step);
}

}  // namespace

std::unique_ptr<Optimizer> make_lbfgs(const OptimizerOptions& options) { return std::make_unique<Lbfgs>(options); }

}  // namespace dlogit::optim
