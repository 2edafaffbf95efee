#include "train/regularization_path.hpp"

#include <cmath>
#include <cstdio>

#include "common/errors.hpp"

namespace dlogit::train {

double lambda_max(const Eigen::VectorXd& gradient, Eigen::Index weights, double rows, double l1_share) {
  if (weights == 0) return 0.0;
  return rows * gradient.head(weights).cwiseAbs().maxCoeff() / l1_share;
}

double intercept_alone(double intercept_gradient_at_zero, double mean_row_weight) {
  const double positive_share = 0.5 - intercept_gradient_at_zero / mean_row_weight;
  if (!(positive_share > 0.0 && positive_share < 1.0))
    throw UserError("the training rows hold one class only: no lambda path can start from them");
  return std::log(positive_share / (1.0 - positive_share));
}

std::vector<double> geometric_lambdas(double max, double min_ratio, int count) {
  std::vector<double> lambdas;
  lambdas.reserve(static_cast<std::size_t>(count));
  for (int k = 0; k < count; ++k) {
    const double fraction = count == 1 ? 0.0 : static_cast<double>(k) / static_cast<double>(count - 1);
    lambdas.push_back(max * std::pow(min_ratio, fraction));
  }
  return lambdas;
}

double cold_start_norm(const Eigen::VectorXd& gradient_at_zero, Eigen::Index weights, double l1_strength) {
  double squares = 0.0;
  for (Eigen::Index j = 0; j < gradient_at_zero.size(); ++j) {
    // At x = 0 the pseudo-gradient is the gradient shrunk towards 0 by the L1 weight (the intercept has none).
    const double shrink = j < weights ? l1_strength : 0.0;
    const double part = std::max(std::abs(gradient_at_zero[j]) - shrink, 0.0);
    squares += part * part;
  }
  return std::sqrt(squares);
}

std::string point_folder_name(std::size_t index, double lambda) {
  char name[64];
  std::snprintf(name, sizeof name, "%03zu-lambda-%.6e", index, lambda);
  return name;
}

namespace {

void append_metrics(std::string& text, const std::optional<eval::Metrics>& metrics) {
  char cell[96];
  if (!metrics) {
    text += ",,,";
    return;
  }
  std::snprintf(cell, sizeof cell, ",%.17g,%.17g,", metrics->logloss, metrics->accuracy);
  text += cell;
  if (!std::isnan(metrics->auc)) {
    std::snprintf(cell, sizeof cell, "%.17g", metrics->auc);
    text += cell;
  }
}

}  // namespace

std::string path_csv(const std::vector<PathRow>& rows) {
  std::string text =
      "point,lambda,objective,iterations,function_evals,hessian_evals,passes,nonzeros,converged,"
      "train_logloss,train_accuracy,train_auc,test_logloss,test_accuracy,test_auc,seconds,folder\n";
  char cells[256];
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const PathRow& row = rows[i];
    std::snprintf(cells, sizeof cells, "%zu,%.17g,%.17g,%d,%ld,%ld,%ld,%lld,%d", i, row.lambda, row.objective,
                  row.iterations, row.function_evals, row.hessian_evals, row.function_evals + row.hessian_evals,
                  static_cast<long long>(row.nonzero_weights), row.converged ? 1 : 0);
    text += cells;
    append_metrics(text, row.train);
    append_metrics(text, row.test);
    std::snprintf(cells, sizeof cells, ",%.6f,", row.seconds);
    text += cells;
    text += row.folder + "\n";
  }
  return text;
}

}  // namespace dlogit::train
