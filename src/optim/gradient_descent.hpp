#pragma once
// "gd": gradient descent, or proximal gradient (ISTA) when the L1 term is active.
//
// Without an active L1 term: x+ = x - t g with Armijo backtracking, f(x+) <= f(x) - 1e-4 t ||g||^2.
// With an active L1 term: x+ = soft_threshold(x - t g, t c) (coordinates with c_j = 0 take the plain
// gradient step), accepted when the quadratic upper bound holds on the smooth part,
// f(x+) <= f(x) + g'(x+ - x) + ||x+ - x||^2 / (2t), which guarantees a decrease of f + L1.
// Either way t starts at 1/||g(x_0)||; each later iteration first tries the Barzilai-Borwein step
// s's / s'y of the last accepted move (s = x+ - x, y = g+ - g; twice the last step when s'y <= 0),
// which adapts the step to the local curvature, and halves it on failure (also when the trial value
// or gradient is NaN/Inf), up to 60 times. The acceptance tests stay monotone.
//
// Stopping: ||G(x_k)|| <= tol ||G(x_0)|| where G is the gradient, or with an active L1 term the
// pseudo-gradient of f + L1 (Andrew & Gao; zero exactly at a minimizer, the same measure "owlqn"
// uses), and "converged" also when G is exactly zero; max_iter; the callback; or no step
// decreases the objective (step underflow / NaN). IterationReport.step is the accepted t.
//
// State: GradientDescentState (optimizer_state.hpp).
#include "optim/optimizer.hpp"

namespace dlogit::optim {

std::unique_ptr<Optimizer> make_gradient_descent(const OptimizerOptions& options);

}  // namespace dlogit::optim
