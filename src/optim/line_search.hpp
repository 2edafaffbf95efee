#pragma once
// Line searches along x + a d shared by the smooth optimizers. Each trial point costs one
// value_and_gradient call; the accepted point's value and gradient are returned so that the caller
// never re-evaluates it.
#include <Eigen/Dense>

#include "optim/optim_common.hpp"

namespace dlogit::optim {

struct LineSearchResult {
  enum class Status {
    wolfe,        // strong Wolfe conditions hold at the returned point
    armijo_only,  // only sufficient decrease holds (the search ran out of evaluations or interval)
    failed,       // no trial point decreased the objective; value is unset, x and gradient hold no useful point
    not_descent,  // d is not a descent direction (g'd >= 0 or not finite); nothing evaluated
  };
  Status status = Status::failed;
  double step = 0.0;
  double value = 0.0;
  Eigen::VectorXd x;
  Eigen::VectorXd gradient;
  int evaluations = 0;
  bool saw_nonfinite = false;  // some trial point gave a NaN/Inf value or gradient

  bool accepted() const { return status == Status::wolfe || status == Status::armijo_only; }
};

// Relative size below which a change of the objective value is treated as rounding noise: trial
// points are then judged by their gradient (Hager & Zhang's approximate Wolfe conditions), so that
// tight tolerances remain reachable when f(x + a d) - f(x) is no longer resolvable.
constexpr double kValuePrecision = 1e-10;

struct StrongWolfeParams {
  double c1 = 1e-4;   // sufficient decrease
  double c2 = 0.9;    // curvature (|phi'(a)| <= c2 |phi'(0)|)
  int max_evaluations = 20;
};

// Nocedal & Wright Algorithms 3.5 (bracketing with safeguarded cubic extrapolation) and 3.6 (zoom with
// safeguarded cubic interpolation, bisection as fallback). A NaN/Inf trial is treated as a point
// that is too far: the interval shrinks towards the best point found. A trial is also accepted under
// the approximate Wolfe conditions phi(a) <= phi(0) + kValuePrecision |phi(0)| and
// c2 phi'(0) <= phi'(a) <= (1 - 2 c1) |phi'(0)| (which imply sufficient decrease up to rounding). The point returned when the
// strong Wolfe conditions cannot be met within max_evaluations is the lowest one that satisfies
// sufficient decrease, if any.
LineSearchResult strong_wolfe_line_search(detail::CountedObjective& objective, const Eigen::VectorXd& x,
                                          double value, const Eigen::VectorXd& gradient,
                                          const Eigen::VectorXd& direction, double initial_step,
                                          const StrongWolfeParams& params = {});

// The vectors of the best point found so far, kept by the caller from one search to the next so that
// a search allocates nothing once they have the dimension.
struct LineSearchWorkspace {
  Eigen::VectorXd x_lo, g_lo;
};

// The same search (the same trial points and the same result), evaluating the trial points in
// result.x / result.gradient and swapping them with the workspace's when a trial becomes the best
// point. A caller that keeps `result` and `workspace` across iterations and swaps result.x /
// result.gradient with its own x and g allocates nothing, and holds three points in all.
void strong_wolfe_line_search(detail::CountedObjective& objective, const Eigen::VectorXd& x, double value,
                              const Eigen::VectorXd& gradient, const Eigen::VectorXd& direction, double initial_step,
                              const StrongWolfeParams& params, LineSearchWorkspace& workspace,
                              LineSearchResult& result);

// Minimizer of the cubic through (a, fa, da) and (b, fb, db); NaN when it does not exist.
double cubic_minimizer(double a, double fa, double da, double b, double fb, double db);

}  // namespace dlogit::optim
