#pragma once
#include <Eigen/Dense>
#include <map>
#include <string>
#include <vector>

namespace dlogit::optim {

// Everything an optimizer needs to continue a run exactly where it was, after the last completed
// iteration: the driver writes it into checkpoints and hands it back on resume. Stored as named
// scalars and vectors so that each method keeps its own fields without a type per method, and so
// that a checkpoint file can hold any method's state.
struct OptimizerState {
  std::string method;      // "gd", "lbfgs", "owlqn", "newton": a state only resumes its own method
  int iteration = 0;       // completed iterations
  long function_evals = 0;
  long hessian_evals = 0;
  Eigen::VectorXd x;       // the current iterate
  std::map<std::string, double> scalars;                          // e.g. "f", "step", "delta"
  std::map<std::string, Eigen::VectorXd> vectors;                 // e.g. "g"
  std::map<std::string, std::vector<Eigen::VectorXd>> sequences;  // e.g. L-BFGS "s", "y"

  // Exact (bitwise for the numbers) equality, for round-trip tests.
  bool operator==(const OptimizerState& other) const;
  bool operator!=(const OptimizerState& other) const { return !(*this == other); }
};

}  // namespace dlogit::optim
