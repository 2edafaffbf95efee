#pragma once
// "owlqn": orthant-wise limited-memory quasi-Newton (Andrew & Gao 2007) for f + Σ c_j |x_j|.
//
// Each iteration: pseudo-gradient v of f + L1 (see optim_common.hpp); direction d = -H v from the
// L-BFGS two-loop recursion; for coordinates with c_j > 0, d_j is zeroed where its sign disagrees with
// -v_j; orthant xi_j = sign(x_j), or sign(-v_j) where x_j = 0; backtracking from a = 1 (a = 1/||v||
// when the memory is empty), halving, on the projected point x+ = P(x + a d) (P zeroes coordinates
// with c_j > 0 that leave the orthant xi), accepted when
//   F(x+) <= F(x) + 1e-4 v'(x+ - x),  F = f + L1.
// The memory stores s = x+ - x, y = g(x+) - g(x) (smooth gradients), skipping s'y <= 1e-10||s|| ||y||.
// Coordinates with c_j = 0 (the intercept) are neither constrained nor projected: plain L-BFGS.
// With an inactive L1 term this is L-BFGS with backtracking (Armijo) instead of a Wolfe search.
// If the backtracking fails along the quasi-Newton direction, the memory is cleared and -v is tried.
//
// Stopping: ||v(x_k)|| <= tol ||v(x_0)|| ("converged"; also when v is exactly zero), max_iter, the
// callback, or no decrease possible (backtracking failed along -v, or NaN/Inf objective).
// IterationReport.step is the accepted a.
//
// State (see Optimizer::state): x, the smooth gradient "g", the pseudo-gradient "pg" (a function
// of x, g and the L1 weights, kept so that a resumed run uses the same bits), "objective" (f + L1),
// "gradient_norm" (||pg||), "initial_norm", the stagnation detector ("stagnation_best_norm",
// "stagnation_count") and the memory: sequences "s", "y" (oldest pair first) with the vector "rho".
#include "optim/lbfgs_history.hpp"
#include "optim/optim_common.hpp"
#include "optim/optimizer.hpp"

namespace dlogit::optim {

class Owlqn : public Optimizer {
 public:
  explicit Owlqn(const OptimizerOptions& options);
  std::string name() const override { return "owlqn"; }
  OptimizerResult minimize(Objective& objective, const L1Term& l1, Eigen::VectorXd x0,
                           const IterationCallback& on_iteration) override;
  OptimizerState state() const override;
  void resume_from(const OptimizerState& state) override;

 private:
  struct Loop : detail::LoopState {
    explicit Loop(int capacity) : history(capacity) {}
    Eigen::VectorXd pg;  // the pseudo-gradient at x
    LbfgsHistory history;
  };
  OptimizerOptions options_;
  detail::CountedObjective counted_;
  Loop loop_;
  bool resume_pending_ = false;
};

}  // namespace dlogit::optim
