#pragma once
// "pqn": proximal Newton / quasi-Newton for f + Σ c_j |x_j| (Lee, Sun & Saunders 2014; the distributed
// form of Lee, Lim & Wright's DPLBFGS, with the subproblem on rank 0 as in liblinear's newGLMNET).
//
// The exact model: while the working set A (below) has at most options.hessian_block coordinates and
// the objective has Objective::hessian_block, B is the Hessian on A at x (one pass per iteration), and the
// model is solved by coordinate descent (to find the signs) alternating with Newton steps on the face of
// the signs found (a dense LDLT solve on the free and nonzero coordinates, with a ridge relative to each
// coordinate's curvature; each step as long as keeps every sign). Coordinate descent alone crawls on
// collinear or badly scaled blocks. Otherwise, and as the fallback when its step fails, the model is
// the quasi-Newton one:
//
// Each iteration minimizes a model of F = f + L1 around x,
//   q(d) = g'd + ½ d'Bd + Σ c_j |x_j + d_j|,   B = γD − W M W'   (the L-BFGS compact form:
// Byrd, Nocedal & Schnabel 1994, W = [γDS Y], γ = y'D⁻¹y / s'y of the newest pair),
// where D is the Hessian diagonal at x_0 (one pass at the start). D carries the columns' scales, which
// a multiple of the identity cannot: on a9a with columns ×1000 (bad_a9a, l1, C = 1, intercept) B0 = γI
// was still 2.6% above the optimum after 5,000 passes, B0 = γD within 1e-6 after 780.
// by cyclic coordinate descent over a working set, then searches along d. The subproblem needs no pass
// over the data: it works on the memory only (W restricted to the working set, and the 2m×2m matrix M
// from the pairs' inner products S'S and S'Y, kept up to date as pairs are added). Each iteration
// therefore costs one pass when the unit step is accepted, which is the usual case: OWL-QN's direction
// is the quasi-Newton step of the smooth part projected onto an orthant, which overshoots where the
// zero pattern is still changing; the model here contains the L1 term, so d already has the zeros.
//
// The working set: the unpenalized coordinates, the nonzero ones, and those at zero whose gradient
// violates optimality (|g_j| > c_j). Coordinates outside it stay at zero this iteration; at a point where
// d = 0 on the working set and |g_j| <= c_j outside it, x is optimal.
// Coordinate descent stops when the model's optimality violation (the l1 norm of its minimum-norm
// subgradient, measured during the sweep) is below kInnerReduction times the outer one, or after
// kMaxSweeps sweeps.
// The step: x+ = x + a d, a = 1, ½, ¼, ... until F(x+) <= F(x) + 1e-4 a Δ, Δ = g'd + L1(x + d) − L1(x)
// (Tseng & Yun). When F cannot resolve the change (|ΔF| <= 1e-10 |F|), the trapezoid estimate
// ½ (g + g+)'(x+ − x) + ΔL1 stands in for it. When the search fails with the memory, it is cleared and
// the iteration retried as a proximal gradient step (B = D); when that fails too, the run stops.
// The memory stores s = x+ − x and y = g+ − g, with y_j zeroed where a penalized coordinate stayed at
// zero (s'y is unchanged), skipping s'y <= 1e-10 ||s|| ||y||.
//
// Stopping: the pseudo-gradient norm, as "owlqn" (the same measure, so tol means the same).
// Memory on rank 0: OWL-QN's vectors, plus 2 × working set × 2m doubles for W and WM.
// State: PqnState (optimizer_state.hpp): D, the memory and the stagnation guard; the inner products are
// recomputed from the memory on resume, with the same expressions, so a resumed run is bitwise the same.
#include "optim/optimizer.hpp"

namespace dlogit::optim {

std::unique_ptr<Optimizer> make_proximal_quasi_newton(const OptimizerOptions& options);

}  // namespace dlogit::optim
