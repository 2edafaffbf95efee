#include "train/regularization_path.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

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

std::optional<std::size_t> best_by_test(const std::vector<PathRow>& rows) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].test || std::isnan(rows[i].test->logloss)) continue;
    if (!best || rows[i].test->logloss < rows[*best].test->logloss) best = i;
  }
  return best;
}

std::string path_csv(const std::vector<PathRow>& rows) {
  std::string text =
      "point,lambda,objective,iterations,function_evals,hessian_evals,passes,nonzeros,converged,"
      "train_logloss,train_accuracy,train_auc,test_logloss,test_accuracy,test_auc,seconds,folder,best\n";
  const std::optional<std::size_t> best = best_by_test(rows);
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
    text += row.folder + ",";
    if (best) text += i == *best ? "1" : "0";
    text += "\n";
  }
  return text;
}

std::string path_lambdas_text(const std::vector<double>& lambdas) {
  std::string text;
  char line[64];
  for (const double lambda : lambdas) {
    std::snprintf(line, sizeof line, "%.17g\n", lambda);
    text += line;
  }
  return text;
}

std::optional<std::vector<double>> parse_path_lambdas(const std::string& text) {
  std::vector<double> lambdas;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    char* stop = nullptr;
    const double lambda = std::strtod(line.c_str(), &stop);
    if (line.empty() || stop != line.c_str() + line.size()) return std::nullopt;
    lambdas.push_back(lambda);
    start = end + 1;
  }
  return lambdas;
}

namespace {

std::string describe_path(const std::vector<double>& lambdas) {
  char text[128];
  if (lambdas.empty()) return "no lambdas";
  if (lambdas.size() == 1) {
    std::snprintf(text, sizeof text, "1 lambda, %.6e", lambdas.front());
  } else {
    std::snprintf(text, sizeof text, "%zu lambdas from %.6e to %.6e", lambdas.size(), lambdas.front(),
                  lambdas.back());
  }
  return text;
}

// The first index where two lambda lists differ (the shorter's size if one is a prefix of the other).
std::size_t first_difference(const std::vector<double>& a, const std::vector<double>& b) {
  std::size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  return i;
}

}  // namespace

std::string path_mismatch(const PathOnDisk& disk, const std::vector<double>& lambdas) {
  const std::string wanted = "this config's path has " + describe_path(lambdas);
  if (disk.planned) {
    if (*disk.planned == lambdas) return "";
    const std::size_t at = first_difference(*disk.planned, lambdas);
    std::string detail = "it holds a path of " + describe_path(*disk.planned) + "; " + wanted;
    if (disk.planned->size() == lambdas.size() && at < lambdas.size()) {
      char differs[128];
      std::snprintf(differs, sizeof differs, " (point %zu: %.17g there, %.17g here)", at, (*disk.planned)[at],
                    lambdas[at]);
      detail += differs;
    }
    return detail;
  }
  // A folder from before path.lambdas existed: its points must be points of this path.
  for (std::size_t i = 0; i < disk.csv_lambdas.size(); ++i) {
    if (i >= lambdas.size() || disk.csv_lambdas[i] != lambdas[i]) {
      char differs[160];
      std::snprintf(differs, sizeof differs, "its path.csv has point %zu at lambda %.17g", i, disk.csv_lambdas[i]);
      return std::string(differs) + "; " + wanted;
    }
  }
  for (const std::string& folder : disk.folders) {
    bool planned = false;
    for (std::size_t i = 0; i < lambdas.size() && !planned; ++i) planned = folder == point_folder_name(i, lambdas[i]);
    if (!planned) return "its path/ holds the point folder " + folder + ", which is not a point of this path; " + wanted;
  }
  return "";
}

}  // namespace dlogit::train
