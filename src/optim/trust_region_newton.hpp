#pragma once
// "newton": trust-region Newton with conjugate gradient, as TRON / liblinear's tron.cpp
// (Lin, Weng & Keerthi 2008; Lin & Moré 1999), without preconditioner.
//
// Each trial: CG (Steihaug) on H s = -g within ||s|| <= delta, one hessian_vector call per CG step
// at the current iterate, stopping at ||r|| <= 0.1 ||g|| (liblinear's eps_cg), at the boundary,
// or along a direction of non-positive curvature (taken to the boundary); then one
// value_and_gradient call at x + s. With actred = f(x) - f(x+s) and prered = -(g's + s'Hs/2):
// accept when actred > eta0 prered (eta0 = 1e-4); delta follows TRON exactly (eta1 = 0.25,
// eta2 = 0.75, sigma1 = 0.25, sigma2 = 0.5, sigma3 = 4; delta_0 = ||g_0||, shrunk to ||s_1|| after
// the first trial). A NaN/Inf trial is a rejection with delta = min(sigma1 ||s||, sigma2 delta).
//
// Calls to the objective: an accepted trial's value_and_gradient is the new iterate's, so the next
// CG's hessian_vector calls use the curvature cached by it. A rejected trial leaves x, g and H(x)
// unchanged, so the new (smaller) step is the point where the previous CG path (s_0 = 0, s_1, ...)
// crosses the new radius (Steihaug's path is monotone in norm): it is computed from the stored path
// without any hessian_vector call (liblinear gets the same effect by evaluating only f, not the
// gradient, at trial points). When the path is longer than options.newton_cg_path_bytes allows,
// the current point is re-evaluated once (restoring the objective's curvature cache) before a new
// CG solve.
//
// Iterations count accepted steps (a rejected trial is an inner retry; at most 50 in a row).
// IterationReport.step is the trust radius delta after its update.
//
// Stopping: ||g(x_k)|| <= tol ||g(x_0)|| ("converged"; also when g is exactly zero), max_iter, the
// callback, or no progress possible: CG gives prered <= 0, the radius collapses, 50 consecutive
// rejections, f < -1e32, or actred and prered both below 1e-12 |f| (f can no longer resolve the
// change; the step is then still accepted if it decreases ||g||, so tight tolerances are reachable).
// An active L1 term is rejected with std::invalid_argument (use "owlqn").
//
// State: NewtonState (optimizer_state.hpp). A resumed run calls hessian_vector(x, ...) without
// re-evaluating x (the objective refreshes its curvature for a new point itself, see objective.hpp).
#include "optim/optimizer.hpp"

namespace dlogit::optim {

std::unique_ptr<Optimizer> make_trust_region_newton(const OptimizerOptions& options);

}  // namespace dlogit::optim
