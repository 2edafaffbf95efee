#pragma once
// "owlqn": orthant-wise limited-memory quasi-Newton (Andrew & Gao 2007) for f + Σ c_j |x_j|.
//
// Each iteration: pseudo-gradient v of f + L1 (see optim_common.hpp); q = -H v from the L-BFGS
// two-loop recursion; orthant xi_j = sign(x_j), or sign(-v_j) where x_j = 0; trial points are
// projected, x+ = P(x + a d) (P zeroes coordinates with c_j > 0 that leave the orthant xi), and
// accepted when F(x+) <= F(x) + 1e-4 v'(x+ - x), F = f + L1. The direction d is tried in stages:
//   0. the probe: Andrew & Gao's d, q with every penalized d_j whose sign disagrees with -v_j zeroed,
//      at a = 1 only (one pass). Skipped when it equals the relaxed direction, and for 20 iterations
//      after a probe fails ("relaxed_left").
//   1. the relaxed d: q zeroed only where x_j = 0 and the sign disagrees (the orthant choice);
//      nonzero coordinates keep their quasi-Newton component. Backtracking from a = 1, halving.
//      Still a descent direction (only terms d_j v_j >= 0 are removed from q'v < 0).
//   2. steepest descent -v, backtracking from a = 1/||v||; the memory is cleared.
// Why both: zeroing every sign-disagreeing component breaks the coupling of collinear columns (a9a's
// duplicated columns and one-hot groups, covtype): the probe then overshoots and backtracks ~2.5
// passes per iteration for thousands of iterations, while the relaxed direction takes unit steps; on
// data where the constrained direction works (w8a) the probe's unit step is accepted and kept.
// The memory stores s = x+ - x and y = g(x+) - g(x) (smooth gradients) with y_j zeroed where a
// penalized coordinate stayed at zero (s'y unchanged), skipping s'y <= 1e-10||s|| ||y||.
// Coordinates with c_j = 0 (the intercept) are neither constrained nor projected: plain L-BFGS.
// With an inactive L1 term this is L-BFGS with backtracking (Armijo) instead of a Wolfe search.
//
// Stopping: ||v(x_k)|| <= tol ||v(x_0)|| ("converged"; also when v is exactly zero), max_iter, the
// callback, or no decrease possible (backtracking failed along -v, or NaN/Inf objective).
// IterationReport.step is the accepted a.
//
// State: OwlqnState (optimizer_state.hpp).
#include "optim/optimizer.hpp"

namespace dlogit::optim {

std::unique_ptr<Optimizer> make_owlqn(const OptimizerOptions& options);

}  // namespace dlogit::optim
