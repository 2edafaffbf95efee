#pragma once
// [cv]: the metric that scores each held-out fold and the rule that picks lambda from the scores.
#include "common/name_table.hpp"

namespace dlogit::config {

enum class CvMetric { logloss, auc, accuracy };

// logloss, auc, accuracy.
const NameTable<CvMetric>& cv_metric_names();

// Whether a larger value of the metric is better (auc, accuracy) or a smaller one (logloss).
bool higher_is_better(CvMetric metric);

enum class SelectionRule {
  min,     // the best mean
  one_se,  // glmnet's lambda.1se: the largest lambda within one standard error of the best mean
};

// min, 1se.
const NameTable<SelectionRule>& selection_rule_names();

}  // namespace dlogit::config
