#pragma once
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "optim/objective.hpp"
#include "optim/optimizer_state.hpp"

namespace dlogit::optim {

struct OptimizerOptions {
  int max_iter = 1000;
  // Stop when ||g(x_k)|| <= tol * ||g(x_0)|| (g: gradient, or the pseudo-/proximal gradient when an
  // L1 term is active). tol = 0 runs exactly max_iter iterations.
  double tol = 1e-6;
  // When > 0, the stopping rule compares with tol * reference_norm instead of ||g(x_0)||: a warm start
  // (a regularization path) then stops where a cold start from the reference point would, and a start
  // that already meets the rule stops at iteration 0.
  double reference_norm = 0.0;
  // Stop when the objective's certificate (Objective::relative_gap_bound) is <= gap_tol: the relative
  // gap (F − F*)/F is then certainly below it. 0 = off. Checked before tol.
  double gap_tol = 0.0;
  int history = 10;  // L-BFGS / OWL-QN memory
  // "pqn": the largest working set on which it asks the objective for the exact Hessian block (one pass
  // per iteration, |A|² doubles on rank 0); beyond it, or at 0, it uses its quasi-Newton model.
  int hessian_block = 1024;
  // "newton": memory (bytes) for keeping the conjugate gradient path of the last trust-region
  // subproblem, so that a rejected step is retried with a smaller radius without new
  // hessian_vector calls (no pass over the data). Beyond it, a rejection costs one
  // value_and_gradient call at the current point plus a new CG solve.
  long newton_cg_path_bytes = 64L << 20;
  // "newton": precondition the conjugate gradients with the Hessian's diagonal when the objective
  // provides it (one extra pass per iteration, usually far fewer Hessian-vector passes).
  bool newton_preconditioner = true;
};

// What an optimizer reports after each iteration (iteration 0 is the starting point).
struct IterationReport {
  int iteration = 0;
  double objective = 0.0;      // f(x) + L1 term
  double gradient_norm = 0.0;  // the norm the stopping rule uses
  double step = 0.0;           // step length taken (line search) or trust radius (newton)
  long function_evals = 0;     // cumulative value_and_gradient calls
  long hessian_evals = 0;      // cumulative hessian_vector calls
  double gap_bound = std::numeric_limits<double>::quiet_NaN();  // Objective::relative_gap_bound (NaN: none)
};

// Called after each iteration; return false to stop early (e.g. on a signal).
using IterationCallback = std::function<bool(const IterationReport&)>;

struct OptimizerResult {
  Eigen::VectorXd x;           // the best point found; never contains NaN
  double objective = 0.0;
  double gradient_norm = 0.0;
  int iterations = 0;
  bool converged = false;      // stopped by gap_tol or tol
  // "gap" (certificate <= gap_tol), "converged" (gradient norm <= tol), "max_iter", "stopped by callback",
  // or why no progress was possible.
  std::string stop_reason;
  double gap_bound = std::numeric_limits<double>::quiet_NaN();  // at x (NaN: no certificate)
  long function_evals = 0;
  long hessian_evals = 0;
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual std::string name() const = 0;
  // Minimizes f + l1 from x0, or, after resume_from(), from the resumed state (x0 is then ignored).
  virtual OptimizerResult minimize(Objective& objective, const L1Term& l1, Eigen::VectorXd x0,
                                   const IterationCallback& on_iteration) = 0;

  // The complete state after the last completed iteration, as the optimizer holds it (no copy: a
  // checkpoint is written straight from it, so that the history is never held twice). Valid inside the
  // iteration callback and after minimize() returns, until the next call that changes the optimizer
  // (minimize, resume_from). (After resume_from() and before minimize() it is the resumed state.)
  virtual const OptimizerState& current_state() const = 0;
  // A copy of current_state(), for a caller that keeps it across iterations (tests).
  OptimizerState state() const { return current_state(); }

  // Makes the next minimize() continue from `state` (saved by state() of the same method with the same
  // options) instead of starting at x0: it does not re-report the saved iteration, continues the
  // iteration numbering and the cumulative counters, and proceeds exactly as the uninterrupted run would
  // have (bitwise the same iterates, given a deterministic objective). Throws std::invalid_argument if the
  // state is for another method (by name or by its fields) or does not fit (vectors of a size other than
  // x's, an L-BFGS memory of another capacity than options.history); minimize() throws std::invalid_argument
  // when x's dimension is not the objective's. The state's f and g are used as they are: resuming
  // costs no value_and_gradient call. It applies to the next minimize() only.
  // Taken by value: a caller that moves its state in (the driver, from a checkpoint it read) costs no
  // copy of the vectors.
  virtual void resume_from(OptimizerState state) = 0;
};

// method: "gd", "lbfgs", "owlqn", "newton". Throws std::invalid_argument for an unknown name.
// (Which methods accept an L1 term is checked by the caller's configuration validation; as a
// safeguard "lbfgs" and "newton" also throw std::invalid_argument from minimize() for an active one.)
// Invalid options (max_iter < 0, tol < 0, history < 1) throw std::invalid_argument here.
std::unique_ptr<Optimizer> make_optimizer(const std::string& method, const OptimizerOptions& options);
// The names make_optimizer knows, in registry order.
std::vector<std::string> optimizer_names();

}  // namespace dlogit::optim
