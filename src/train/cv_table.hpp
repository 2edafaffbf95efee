#pragma once
// cv.csv and the printed summary of an experiment: one row per grid point x lambda.
#include <cstdint>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "train/cv_selection.hpp"

namespace dlogit::train {

// What the folds gave at one (point, lambda) besides the metric.
struct CvRowExtras {
  double nonzeros = 0.0;  // the fold models' nonzero weights, mean over the folds
  std::int64_t passes = 0;  // passes over the data, summed over the folds
};

// cv.csv: point, the grid's keys (their values as text, RFC 4180 quoted where needed), lambda, mean, sd,
// se, the score columns, nonzeros, passes, chosen (1 on selection.chosen's row). Numbers as %.17g.
// `extras` has one entry per table row; `score_columns` names each row's scores (fold1..foldK, or
// test for a grid scored on data.test). Throws std::invalid_argument when the sizes disagree.
std::string cv_csv(const std::vector<config::GridKey>& grid, const std::vector<FoldScores>& table,
                   const std::vector<CvRowExtras>& extras, const Selection& selection,
                   const std::vector<std::string>& score_columns);

// fold1 .. foldK.
std::vector<std::string> fold_columns(int folds);

// The summary lines: per grid point its best lambda and mean ± se, then the chosen row and why.
std::vector<std::string> cv_summary(const std::vector<config::GridKey>& grid, const std::vector<FoldScores>& table,
                                    const std::vector<CvRowExtras>& extras, const Selection& selection,
                                    config::CvMetric metric, config::SelectionRule rule);

}  // namespace dlogit::train
