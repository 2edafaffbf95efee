#include "optim/line_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace dlogit::optim {

double cubic_minimizer(double a, double fa, double da, double b, double fb, double db) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (a == b) return nan;
  const double d1 = da + db - 3.0 * (fa - fb) / (a - b);
  const double disc = d1 * d1 - da * db;
  if (!(disc >= 0.0) || !std::isfinite(disc)) return nan;
  const double d2 = std::copysign(std::sqrt(disc), b - a);
  const double denom = db - da + 2.0 * d2;
  if (denom == 0.0) return nan;
  const double t = b - (b - a) * (db + d2 - d1) / denom;
  return std::isfinite(t) ? t : nan;
}

namespace {

struct Trial {
  double step = 0.0;
  double value = 0.0;
  double slope = 0.0;
  bool finite = true;
};

}  // namespace

LineSearchResult strong_wolfe_line_search(detail::CountedObjective& objective, const Eigen::VectorXd& x,
                                          double value, const Eigen::VectorXd& gradient,
                                          const Eigen::VectorXd& direction, double initial_step,
                                          const StrongWolfeParams& params) {
  LineSearchWorkspace workspace;
  LineSearchResult result;
  strong_wolfe_line_search(objective, x, value, gradient, direction, initial_step, params, workspace, result);
  return result;
}

void strong_wolfe_line_search(detail::CountedObjective& objective, const Eigen::VectorXd& x, double value,
                              const Eigen::VectorXd& gradient, const Eigen::VectorXd& direction, double initial_step,
                              const StrongWolfeParams& params, LineSearchWorkspace& workspace,
                              LineSearchResult& result) {
  result.status = LineSearchResult::Status::failed;
  result.step = 0.0;
  result.value = 0.0;
  result.evaluations = 0;
  result.saw_nonfinite = false;
  const double phi0 = value;
  const double dphi0 = gradient.dot(direction);
  if (!(dphi0 < 0.0) || !std::isfinite(dphi0) || !(initial_step > 0.0) || !std::isfinite(initial_step)) {
    result.status = LineSearchResult::Status::not_descent;
    return;
  }

  Eigen::VectorXd& x_trial = result.x;
  Eigen::VectorXd& g_trial = result.gradient;
  Eigen::VectorXd& x_lo = workspace.x_lo;  // vectors of `lo` once lo.step > 0
  Eigen::VectorXd& g_lo = workspace.g_lo;
  x_trial.resize(x.size());
  g_trial.resize(x.size());
  int evals = 0;

  auto evaluate = [&](double a) {
    Trial t;
    t.step = a;
    x_trial = x + a * direction;
    t.value = objective.value_and_gradient(x_trial, g_trial);
    ++evals;
    t.slope = std::isfinite(t.value) && g_trial.allFinite() ? g_trial.dot(direction)
                                                            : std::numeric_limits<double>::quiet_NaN();
    t.finite = std::isfinite(t.value) && std::isfinite(t.slope);
    if (!t.finite) result.saw_nonfinite = true;
    return t;
  };
  auto sufficient = [&](const Trial& t) { return t.value <= phi0 + params.c1 * t.step * dphi0; };
  auto curvature = [&](const Trial& t) { return std::abs(t.slope) <= -params.c2 * dphi0; };
  auto approximate_wolfe = [&](const Trial& t) {
    return t.value <= phi0 + kValuePrecision * std::abs(phi0) && t.slope >= params.c2 * dphi0 &&
           t.slope <= -(1.0 - 2.0 * params.c1) * dphi0;
  };
  auto keep_as_lo = [&]() {
    std::swap(x_lo, x_trial);
    std::swap(g_lo, g_trial);
    x_trial.resize(x.size());
    g_trial.resize(x.size());
  };
  auto finish_with_trial = [&](const Trial& t) {
    result.status = LineSearchResult::Status::wolfe;
    result.step = t.step;
    result.value = t.value;
    result.evaluations = evals;  // x_trial and g_trial are result.x and result.gradient
  };

  Trial lo{0.0, phi0, dphi0, true};
  Trial hi;
  bool zoom = false;

  // Bracketing phase.
  Trial prev = lo;
  double a = initial_step;
  while (evals < params.max_evaluations) {
    const Trial t = evaluate(a);
    if (t.finite && approximate_wolfe(t)) return finish_with_trial(t);
    if (!t.finite || !sufficient(t) || (prev.step > 0.0 && t.value >= prev.value)) {
      lo = prev;  // its vectors are in x_lo/g_lo (or it is the start)
      hi = t;
      zoom = true;
      break;
    }
    if (curvature(t)) return finish_with_trial(t);
    keep_as_lo();
    if (t.slope >= 0.0) {
      hi = prev;
      lo = t;
      zoom = true;
      break;
    }
    // Still going down: extrapolate with the cubic through prev and t, kept within [2a, 10a].
    double next = cubic_minimizer(prev.step, prev.value, prev.slope, t.step, t.value, t.slope);
    if (!std::isfinite(next) || next <= t.step) next = 4.0 * t.step;
    next = std::clamp(next, 2.0 * t.step, 10.0 * t.step);
    lo = t;
    prev = t;
    a = next;
  }

  // Zoom phase: lo has sufficient decrease and the lowest value so far; the minimizer lies between
  // lo and hi (hi may be a non-finite point).
  while (zoom && evals < params.max_evaluations) {
    const double width = std::abs(hi.step - lo.step);
    if (width <= 4.0 * std::numeric_limits<double>::epsilon() * std::max(std::abs(lo.step), std::abs(hi.step))) {
      break;
    }
    double a_j;
    if (hi.finite) {
      a_j = cubic_minimizer(lo.step, lo.value, lo.slope, hi.step, hi.value, hi.slope);
      const double left = std::min(lo.step, hi.step) + 0.1 * width;
      const double right = std::max(lo.step, hi.step) - 0.1 * width;
      if (!std::isfinite(a_j) || a_j < left || a_j > right) a_j = 0.5 * (lo.step + hi.step);
    } else {
      a_j = lo.step + 0.25 * (hi.step - lo.step);
    }
    const Trial t = evaluate(a_j);
    if (t.finite && approximate_wolfe(t)) return finish_with_trial(t);
    if (!t.finite || !sufficient(t) || t.value >= lo.value) {
      hi = t;
      continue;
    }
    if (curvature(t)) return finish_with_trial(t);
    if (t.slope * (hi.step - lo.step) >= 0.0) hi = lo;
    lo = t;
    keep_as_lo();
  }

  result.evaluations = evals;
  if (lo.step > 0.0) {
    result.status = LineSearchResult::Status::armijo_only;
    result.step = lo.step;
    result.value = lo.value;
    result.x.swap(x_lo);
    result.gradient.swap(g_lo);
  } else {
    result.status = LineSearchResult::Status::failed;
  }
}

}  // namespace dlogit::optim
