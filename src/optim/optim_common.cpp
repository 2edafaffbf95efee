#include "optim/optim_common.hpp"

#include <cmath>
#include <stdexcept>

namespace dlogit::optim::detail {

void validate_problem(const Objective& objective, const L1Term& l1, const Eigen::VectorXd& x0) {
  const Eigen::Index n = objective.dimension();
  if (x0.size() != n) {
    throw std::invalid_argument("optimizer: starting point has " + std::to_string(x0.size()) +
                                " entries but the objective has dimension " + std::to_string(n));
  }
  if (!all_finite(x0)) throw std::invalid_argument("optimizer: starting point contains NaN or Inf");
  if (l1.weights.size() != 0) {
    if (l1.weights.size() != n) {
      throw std::invalid_argument("optimizer: L1 weights have " + std::to_string(l1.weights.size()) +
                                  " entries but the objective has dimension " + std::to_string(n));
    }
    if (!all_finite(l1.weights) || (l1.weights.array() < 0.0).any()) {
      throw std::invalid_argument("optimizer: L1 weights must be finite and non-negative");
    }
  }
}

void validate_options(const OptimizerOptions& options) {
  if (options.max_iter < 0) throw std::invalid_argument("optimizer: max_iter must be >= 0");
  if (!(options.tol >= 0.0) || !std::isfinite(options.tol)) {
    throw std::invalid_argument("optimizer: tol must be finite and >= 0");
  }
  if (options.history < 1) throw std::invalid_argument("optimizer: history must be >= 1");
  if (!(options.gap_tol >= 0.0) || !std::isfinite(options.gap_tol)) {
    throw std::invalid_argument("optimizer: gap_tol must be finite and >= 0");
  }
  if (!(options.reference_norm >= 0.0) || !std::isfinite(options.reference_norm)) {
    throw std::invalid_argument("optimizer: reference_norm must be finite and >= 0");
  }
}

Eigen::VectorXd l1_weights(const L1Term& l1, Eigen::Index n) {
  if (l1.weights.size() == 0) return Eigen::VectorXd::Zero(n);
  return l1.weights;
}

void pseudo_gradient(const Eigen::VectorXd& x, const Eigen::VectorXd& g, const Eigen::VectorXd& c,
                     Eigen::VectorXd& out) {
  const Eigen::Index n = x.size();
  out.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double ci = c[i];
    if (x[i] > 0.0) {
      out[i] = g[i] + ci;
    } else if (x[i] < 0.0) {
      out[i] = g[i] - ci;
    } else if (g[i] + ci < 0.0) {
      out[i] = g[i] + ci;
    } else if (g[i] - ci > 0.0) {
      out[i] = g[i] - ci;
    } else {
      out[i] = 0.0;
    }
  }
}

Eigen::VectorXd soft_threshold(const Eigen::VectorXd& v, const Eigen::VectorXd& t) {
  Eigen::VectorXd out = v;
  soft_threshold_in_place(out, t);
  return out;
}

void soft_threshold_in_place(Eigen::VectorXd& v, const Eigen::VectorXd& t) {
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    const double a = std::abs(v[i]) - t[i];
    v[i] = a > 0.0 ? std::copysign(a, v[i]) : 0.0;
  }
}

double stopping_reference(const OptimizerOptions& options, double initial_gradient_norm) {
  return options.reference_norm > 0.0 ? options.reference_norm : initial_gradient_norm;
}

bool RunState::report(int iteration, double objective, double gradient_norm, double step, double gap_bound) {
  iterations_ = iteration;
  if (iteration == 0) initial_norm_ = stopping_reference(options_, gradient_norm);
  IterationReport r;
  r.iteration = iteration;
  r.objective = objective;
  r.gradient_norm = gradient_norm;
  r.step = step;
  r.function_evals = counter_.function_evals();
  r.hessian_evals = counter_.hessian_evals();
  r.gap_bound = gap_bound;
  const bool keep_going = on_iteration_ ? on_iteration_(r) : true;
  return decide(iteration, gradient_norm, gap_bound, keep_going);
}

bool RunState::resume(int iteration, double gradient_norm, double initial_norm, double gap_bound) {
  iterations_ = iteration;
  initial_norm_ = initial_norm;
  return decide(iteration, gradient_norm, gap_bound, true);
}

bool RunState::decide(int iteration, double gradient_norm, double gap_bound, bool keep_going) {
  // A certificate is valid at any point, the start included (a warm start at its optimum stops there).
  if (options_.gap_tol > 0.0 && gap_bound <= options_.gap_tol) {
    reason_ = "gap";
    converged_ = true;
    return true;
  }
  // With a reference norm the start itself may already be good enough (a warm start at its optimum).
  const bool may_converge = iteration > 0 || options_.reference_norm > 0.0;
  if (gradient_norm == 0.0 || (may_converge && gradient_norm <= options_.tol * initial_norm_)) {
    reason_ = "converged";
    converged_ = true;
    return true;
  }
  if (!keep_going) {
    reason_ = "stopped by callback";
    converged_ = false;
    return true;
  }
  if (iteration >= options_.max_iter) {
    reason_ = "max_iter";
    converged_ = false;
    return true;
  }
  return false;
}

OptimizerResult RunState::result(const Eigen::VectorXd& x, double objective, double gradient_norm,
                                 double gap_bound) const {
  OptimizerResult r;
  r.gap_bound = gap_bound;
  r.x = x;
  r.objective = objective;
  r.gradient_norm = gradient_norm;
  r.iterations = iterations_;
  r.converged = converged_;
  r.stop_reason = reason_;
  r.function_evals = counter_.function_evals();
  r.hessian_evals = counter_.hessian_evals();
  return r;
}

}  // namespace dlogit::optim::detail
