#pragma once
// The arithmetic of a regularization path (no communication): where it starts, its lambdas, the
// stopping reference of each point, and path.csv.
#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "eval/metrics.hpp"

namespace dlogit::train {

// The smallest lambda at which w = 0 is optimal, for J = NLL/m + (λ/m)(α‖w‖₁ + (1−α)/2 ‖w‖²):
// at w = 0 the squared part has zero gradient, so w = 0 (with the intercept at its own optimum) is
// optimal iff |∂(NLL/m)/∂w_j| ≤ λα/m for every j, i.e. λ ≥ m · max_j |g_j| / α. `gradient` is ∇(NLL/m)
// at θ = [0; b*] (b* = logit(mean y) when an intercept is fitted, else θ = 0); its first `weights`
// entries are used. α: 1 for l1, l1_ratio for elasticnet (must be > 0).
double lambda_max(const Eigen::VectorXd& gradient, Eigen::Index weights, double rows, double l1_share);

// The intercept that is optimal when every weight is zero: logit of the (weighted) share of positive
// rows. With row weights v_i (all 1 without weights), W = Σ v_i and NLL = Σ v_i nll_i, ∂(NLL/m)/∂b at
// θ = 0 is (½W − Σ v_i y_i)/m (σ(0) = ½), so the share Σ v_i y_i / W is ½ − that gradient / (W/m).
// Throws UserError when the rows hold one class only.
double intercept_alone(double intercept_gradient_at_zero, double mean_row_weight);

// count lambdas from max down to max·min_ratio, equally spaced in log; count 1 is {max}.
std::vector<double> geometric_lambdas(double max, double min_ratio, int count);

// ‖G(0)‖: the stationarity measure (gradient, or pseudo-gradient with L1 weight `l1_strength` on the
// weights) at θ = 0, where a cold start begins; a warm-started point stops at tol times it.
double cold_start_norm(const Eigen::VectorXd& gradient_at_zero, Eigen::Index weights, double l1_strength);

// "003-lambda-1.234568e-02": sorts in path order, and names the lambda.
std::string point_folder_name(std::size_t index, double lambda);

// One row of path.csv.
struct PathRow {
  double lambda = 0.0;
  double objective = 0.0;
  int iterations = 0;
  long function_evals = 0;
  long hessian_evals = 0;
  std::int64_t nonzero_weights = 0;
  bool converged = false;
  eval::Metrics train;
  std::optional<eval::Metrics> test;
  double seconds = 0.0;  // this point's wall-clock time, its evaluation included
  std::string folder;    // relative to output.dir
};

std::string path_csv(const std::vector<PathRow>& rows);

}  // namespace dlogit::train
