#pragma once
// Pieces shared by the optimizers (internal to src/optim): call counting, finiteness checks,
// L1 helpers (pseudo-gradient, soft thresholding) and the bookkeeping of reports and results.
#include <string>

#include "optim/objective.hpp"
#include "optim/optimizer.hpp"

namespace dlogit::optim::detail {

// Forwards to the objective and counts the calls (each one is a pass over the data in production).
// The optimizers keep one as a member, so that the cumulative counts are part of their state and a
// resumed run continues them (attach() binds the objective of the current minimize() call).
class CountedObjective {
 public:
  CountedObjective() = default;
  explicit CountedObjective(Objective& objective) : objective_(&objective) {}
  // Binds the objective of the current minimize() call (the counts are kept).
  void attach(Objective& objective) { objective_ = &objective; }
  // Sets the counts the next calls add to (0 for a fresh run, the saved counts when resuming).
  void reset_counts(long function_evals, long hessian_evals) {
    function_evals_ = function_evals;
    hessian_evals_ = hessian_evals;
  }
  Eigen::Index dimension() const { return objective_->dimension(); }
  double value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) {
    ++function_evals_;
    return objective_->value_and_gradient(x, gradient);
  }
  void hessian_vector(const Eigen::VectorXd& x, const Eigen::VectorXd& v, Eigen::VectorXd& hv) {
    ++hessian_evals_;
    objective_->hessian_vector(x, v, hv);
  }
  // A diagonal is one pass over the data, like a Hessian-vector product, and is counted as one.
  bool hessian_diagonal(const Eigen::VectorXd& x, Eigen::VectorXd& diagonal) {
    const bool available = objective_->hessian_diagonal(x, diagonal);
    if (available) ++hessian_evals_;
    return available;
  }
  // A Hessian block is one pass too.
  bool hessian_block(const Eigen::VectorXd& x, const std::vector<Eigen::Index>& set, double* block) {
    const bool available = objective_->hessian_block(x, set, block);
    if (available) ++hessian_evals_;
    return available;
  }
  void linearize_dual_from(const Eigen::VectorXd* anchor) { objective_->linearize_dual_from(anchor); }
  double relative_gap_bound(const Eigen::VectorXd& x, const Eigen::VectorXd& gradient, double value) const {
    return objective_->relative_gap_bound(x, gradient, value);
  }
  long function_evals() const { return function_evals_; }
  long hessian_evals() const { return hessian_evals_; }

 private:
  Objective* objective_ = nullptr;
  long function_evals_ = 0;
  long hessian_evals_ = 0;
};

inline bool all_finite(const Eigen::VectorXd& v) { return v.allFinite(); }

// Checks x0 against the objective and the L1 weights; throws std::invalid_argument when they disagree.
void validate_problem(const Objective& objective, const L1Term& l1, const Eigen::VectorXd& x0);

void validate_options(const OptimizerOptions& options);

// The L1 weights as a full vector (zeros when the term is empty).
Eigen::VectorXd l1_weights(const L1Term& l1, Eigen::Index n);

// The L1 weights a run reads, bound without a copy: the term's own vector, or, for an empty term, zeros
// held here. bind() at every minimize() (the term may change between calls).
class BoundL1Weights {
 public:
  void bind(const L1Term& l1, Eigen::Index n) {
    if (l1.weights.size() == 0) {
      zeros_ = l1_weights(l1, n);
      weights_ = &zeros_;
    } else {
      zeros_.resize(0);
      weights_ = &l1.weights;
    }
  }
  const Eigen::VectorXd& operator*() const { return *weights_; }

 private:
  const Eigen::VectorXd* weights_ = nullptr;
  Eigen::VectorXd zeros_;
};

// Andrew & Gao's pseudo-gradient of f + Σ c_j |x_j| (the minimum-norm subgradient); equals g where c_j = 0.
void pseudo_gradient(const Eigen::VectorXd& x, const Eigen::VectorXd& g, const Eigen::VectorXd& c,
                     Eigen::VectorXd& out);

// sign(v) max(|v| - t, 0), element-wise; the second form overwrites v (no allocation).
Eigen::VectorXd soft_threshold(const Eigen::VectorXd& v, const Eigen::VectorXd& t);
void soft_threshold_in_place(Eigen::VectorXd& v, const Eigen::VectorXd& t);

// Iteration bookkeeping common to all methods: reports to the callback, decides when to stop and
// fills the result.
// What the stopping rule multiplies by tol: options.reference_norm when set, else ||G(x_0)||.
double stopping_reference(const OptimizerOptions& options, double initial_gradient_norm);

class RunState {
 public:
  RunState(const OptimizerOptions& options, const IterationCallback& on_iteration, const CountedObjective& counter)
      : options_(options), on_iteration_(on_iteration), counter_(counter) {}

  // Reports iteration `iteration` at the current point (`gap_bound`: its certificate, NaN if none).
  // Returns true when the run must stop; the reason is then recorded. A certified gap <= gap_tol comes
  // first, then convergence (||G|| <= tol ||G0||, or ||G|| == 0), then a callback stop, then max_iter.
  bool report(int iteration, double objective, double gradient_norm, double step, double gap_bound);

  // Continues a run whose iteration `iteration` was reported before (and saved in a state) without
  // reporting it again: applies the stopping rules that report() would have applied to it apart from
  // the callback (convergence, then max_iter). Returns true when the run must stop.
  bool resume(int iteration, double gradient_norm, double initial_norm, double gap_bound);

  // Records a stop for a reason other than the above (no progress possible).
  void fail(const std::string& reason) {
    reason_ = reason;
    converged_ = false;
  }

  OptimizerResult result(const Eigen::VectorXd& x, double objective, double gradient_norm, double gap_bound) const;

 private:
  const OptimizerOptions& options_;
  const IterationCallback& on_iteration_;
  const CountedObjective& counter_;
  bool decide(int iteration, double gradient_norm, double gap_bound, bool keep_going);

  double initial_norm_ = 0.0;
  int iterations_ = 0;
  bool converged_ = false;
  std::string reason_;
};

}  // namespace dlogit::optim::detail
