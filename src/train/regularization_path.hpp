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

// The point with the lowest test log-loss (the metric every point has, even a one-class test set,
// and the one the model minimises), or nullopt without a test set.
std::optional<std::size_t> best_by_test(const std::vector<PathRow>& rows);

// path.csv: a row per point (point = its index, as in its folder's name); `best` is 1 on best_by_test's
// row and 0 on the others, empty without a test set.
std::string path_csv(const std::vector<PathRow>& rows);

// <output.dir>/path.lambdas: the planned path, one lambda per line (%.17g, exact), written before its
// first point, so that a rerun can tell its own path from another.
std::string path_lambdas_text(const std::vector<double>& lambdas);
// Reads it back; nullopt if a line is not a number.
std::optional<std::vector<double>> parse_path_lambdas(const std::string& text);

// What an output folder holds of a path, as found before a rerun.
struct PathOnDisk {
  std::optional<std::vector<double>> planned;  // path.lambdas, if there
  std::vector<double> csv_lambdas;             // path.csv's lambda column, in its order
  std::vector<std::string> folders;            // the names in <output.dir>/path/
};

// Why the path in `dir` (found as `disk`) is not the path of `lambdas`, or "" when it is (or nothing
// is there): a rerun of the same path resumes, any other would mix two paths in one folder.
std::string path_mismatch(const PathOnDisk& disk, const std::vector<double>& lambdas);

}  // namespace dlogit::train
