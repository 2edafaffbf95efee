#pragma once
// "lbfgs": limited-memory BFGS for a smooth objective (Nocedal & Wright, Algorithm 7.5).
//
// Direction d = -H g from the two-loop recursion over the last `options.history` pairs; the step
// satisfies the strong Wolfe conditions (c1 = 1e-4, c2 = 0.9, see line_search.hpp), tried first at
// a = 1, or a = 1/||g|| when the memory is empty (first iteration, or after a reset). Pairs with
// s'y <= 1e-10 ||s|| ||y|| are not stored. If the line search finds no decrease along the
// quasi-Newton direction, the memory is cleared and steepest descent is tried once before giving up.
//
// Stopping: ||g(x_k)|| <= tol ||g(x_0)|| ("converged"; also when g is exactly zero), max_iter,
// the callback, or no decrease possible along -g (line search failure, e.g. at machine precision
// or when the objective is NaN/Inf around x). IterationReport.step is the accepted a
// (x_{k+1} = x_k + a d_k). An active L1 term is rejected with std::invalid_argument (use "owlqn").
//
// State (see Optimizer::state): x, the gradient "g", "objective" (f), "gradient_norm",
// "initial_norm", the stagnation detector ("stagnation_best_norm", "stagnation_count") and the memory:
// sequences "s" and "y" (oldest pair first) with the vector "rho" (1 / s'y of each pair, same order).
// The initial step of an iteration follows from the memory (1, or 1/||g|| when it is empty).
#include "optim/lbfgs_history.hpp"
#include "optim/optim_common.hpp"
#include "optim/optimizer.hpp"

namespace dlogit::optim {

class Lbfgs : public Optimizer {
 public:
  explicit Lbfgs(const OptimizerOptions& options);
  std::string name() const override { return "lbfgs"; }
  OptimizerResult minimize(Objective& objective, const L1Term& l1, Eigen::VectorXd x0,
                           const IterationCallback& on_iteration) override;
  OptimizerState state() const override;
  void resume_from(const OptimizerState& state) override;

 private:
  struct Loop : detail::LoopState {
    explicit Loop(int capacity) : history(capacity) {}
    LbfgsHistory history;
  };
  OptimizerOptions options_;
  detail::CountedObjective counted_;
  Loop loop_;
  bool resume_pending_ = false;
};

}  // namespace dlogit::optim
