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
// State: LbfgsState (optimizer_state.hpp).
#include "optim/optimizer.hpp"

namespace dlogit::optim {

std::unique_ptr<Optimizer> make_lbfgs(const OptimizerOptions& options);

}  // namespace dlogit::optim
