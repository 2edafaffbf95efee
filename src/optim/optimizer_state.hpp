#pragma once
#include <Eigen/Dense>
#include <limits>
#include <string>
#include <variant>

#include "optim/lbfgs_history.hpp"
#include "optim/stagnation_guard.hpp"

namespace dlogit::optim {

// Everything an optimizer needs to continue a run exactly where it was, after the last completed
// iteration: the driver writes it into checkpoints and hands it back on resume. The fields every method
// keeps are OptimizerState's; each method adds its own as one of the types below.
//
// Each type names its fields once, in visit(state, field), which calls field(name, value) for every
// field in a fixed order (`state` may be const). Everything that reads or writes a state goes through
// it (the checkpoint archive, the checks of resume_from, equality), so a field cannot be saved and not
// loaded, or loaded under another name. Leaf values are double, int, long, bool, std::string,
// Eigen::VectorXd and LbfgsHistory; StagnationGuard is visited like these types.

// "gd" (gradient_descent.hpp).
struct GradientDescentState {
  static constexpr const char* kMethod = "gd";
  double f = 0.0;          // the smooth part of the objective at x (without the L1 term)
  double step = 0.0;       // the last accepted step t (1/||g(x_0)|| at iteration 0)
  double next_step = 0.0;  // the first trial step of the next iteration (Barzilai-Borwein)
  StagnationGuard stagnation;

  template <class Self, class Visitor>
  static void visit(Self& state, Visitor& field) {
    field("f", state.f);
    field("step", state.step);
    field("next_step", state.next_step);
    field("stagnation", state.stagnation);
  }
};

// "lbfgs" (lbfgs.hpp). The initial step of an iteration follows from the memory (1, or 1/||g|| when
// it is empty).
struct LbfgsState {
  static constexpr const char* kMethod = "lbfgs";
  LbfgsHistory history{1};  // the memory; its capacity is options.history
  StagnationGuard stagnation;

  template <class Self, class Visitor>
  static void visit(Self& state, Visitor& field) {
    field("history", state.history);
    field("stagnation", state.stagnation);
  }
};

// "owlqn" (owlqn.hpp).
struct OwlqnState {
  static constexpr const char* kMethod = "owlqn";
  // The pseudo-gradient at x: a function of x, g and the L1 weights, kept so that a resumed run uses
  // the same bits. NaN before x_0 is evaluated.
  Eigen::VectorXd pg;
  LbfgsHistory history{1};  // the memory of (s, y) pairs; its capacity is options.history
  int relaxed_left = 0;     // iterations that still skip the probe (see owlqn.cpp)
  StagnationGuard stagnation;

  template <class Self, class Visitor>
  static void visit(Self& state, Visitor& field) {
    field("pg", state.pg);
    field("history", state.history);
    field("relaxed_left", state.relaxed_left);
    field("stagnation", state.stagnation);
  }
};

// "pqn" (proximal_quasi_newton.hpp).
struct PqnState {
  static constexpr const char* kMethod = "pqn";
  // The diagonal D of the initial matrix B0 = γD: the Hessian diagonal at x_0 (ones when the objective
  // has none, and before x_0 is evaluated).
  Eigen::VectorXd scaling;
  LbfgsHistory history{1};  // the memory of (s, y) pairs; its capacity is options.history
  StagnationGuard stagnation;

  template <class Self, class Visitor>
  static void visit(Self& state, Visitor& field) {
    field("scaling", state.scaling);
    field("history", state.history);
    field("stagnation", state.stagnation);
  }
};

// "newton" (trust_region_newton.hpp). Nothing else crosses an iteration boundary: the stored CG path
// only serves retries within an iteration, the rejection count restarts at 0, and after an accepted
// step the objective's curvature cache is at x.
struct NewtonState {
  static constexpr const char* kMethod = "newton";
  // The trust radius of the next iteration's first trial; NaN before x_0 is evaluated.
  double delta = std::numeric_limits<double>::quiet_NaN();
  bool first_trial = true;  // no trial made yet: delta_0 = ||g_0|| is still to be capped by ||s_1||

  template <class Self, class Visitor>
  static void visit(Self& state, Visitor& field) {
    field("delta", state.delta);
    field("first_trial", state.first_trial);
  }
};

using MethodState = std::variant<GradientDescentState, LbfgsState, OwlqnState, NewtonState, PqnState>;

// The method whose fields `state` holds, and the inverse: the default fields of `method` (throws
// std::invalid_argument for an unknown name).
std::string method_of(const MethodState& state);
MethodState method_state_for(const std::string& method);

struct OptimizerState {
  std::string method;  // "gd", "lbfgs", "owlqn", "newton", "pqn": a state only resumes its own method
  int iteration = 0;   // completed iterations
  long function_evals = 0;
  long hessian_evals = 0;
  Eigen::VectorXd x;           // the current iterate
  Eigen::VectorXd g;           // the smooth gradient at x
  double objective = 0.0;      // f(x) + L1 term (what is reported)
  double gradient_norm = 0.0;  // the stationarity measure of the stopping rule at x
  double initial_norm = 0.0;   // what the relative stopping rule multiplies by tol
  MethodState method_state;    // the alternative of `method`

  // The fields above except method_state, whose alternative visits its own (see visit_all).
  template <class Self, class Visitor>
  static void visit(Self& state, Visitor& field) {
    field("method", state.method);
    field("iteration", state.iteration);
    field("function_evals", state.function_evals);
    field("hessian_evals", state.hessian_evals);
    field("x", state.x);
    field("g", state.g);
    field("objective", state.objective);
    field("gradient_norm", state.gradient_norm);
    field("initial_norm", state.initial_norm);
  }

  // Exact (bitwise for the numbers) equality, for round-trip tests.
  bool operator==(const OptimizerState& other) const;
  bool operator!=(const OptimizerState& other) const { return !(*this == other); }
};

// Every field of `state`: the common ones, then those of its method.
template <class State, class Visitor>
void visit_all(State& state, Visitor& field) {
  OptimizerState::visit(state, field);
  std::visit([&](auto& own) { std::decay_t<decltype(own)>::visit(own, field); }, state.method_state);
}

}  // namespace dlogit::optim
