#pragma once
// The choice of lambda from cross-validation scores (issue 16's cv.rule): pure, so that the runner,
// cv.csv and the tests share one rule.
#include <cstddef>
#include <vector>

#include "config/cv_choices.hpp"

namespace dlogit::train {

// One row of the table: a grid point (its index), a lambda, and the metric on each held-out fold.
struct FoldScores {
  std::size_t point = 0;
  double lambda = 0.0;
  std::vector<double> folds;
};

// Over K folds: the mean, the sample standard deviation (divided by K-1) and the standard error of
// the mean, sd / sqrt(K), as cv.glmnet's cvm, and cvsd. NaN when some fold's value is not finite
// (an AUC of a fold that holds one class only).
struct ScoreSummary {
  double mean = 0.0;
  double sd = 0.0;
  double se = 0.0;
};
ScoreSummary summarize(const std::vector<double>& folds);

struct Selection {
  std::size_t chosen = 0;  // the row of the table the rule picks
  std::size_t best = 0;    // the row with the best mean (the same as chosen for rule min)
  std::vector<ScoreSummary> summaries;  // one per row of the table
};

// The rule, over a table with one row per (point, lambda):
//   min: the row with the best mean (the smallest logloss, the largest auc or accuracy); among equal
//        means the larger lambda, then the smaller point index.
//   1se: within the grid point of that best row, the largest lambda whose mean is within one standard
//        error (the best row's) of the best mean, bound included: glmnet's lambda.1se.
// A row with a non-finite fold value is never chosen. Throws std::invalid_argument when the table is
// empty, its rows have different fold counts or fewer than 2, a lambda is negative or not finite, a
// (point, lambda) appears twice, or no row has a finite mean.
Selection select_lambda(const std::vector<FoldScores>& table, config::CvMetric metric, config::SelectionRule rule);

}  // namespace dlogit::train
