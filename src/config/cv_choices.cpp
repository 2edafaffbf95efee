#include "config/cv_choices.hpp"

namespace dlogit::config {

const NameTable<CvMetric>& cv_metric_names() {
  static const NameTable<CvMetric> names = {
      {CvMetric::logloss, "logloss"}, {CvMetric::auc, "auc"}, {CvMetric::accuracy, "accuracy"}};
  return names;
}

bool higher_is_better(CvMetric metric) { return metric != CvMetric::logloss; }

const NameTable<SelectionRule>& selection_rule_names() {
  static const NameTable<SelectionRule> names = {{SelectionRule::min, "min"}, {SelectionRule::one_se, "1se"}};
  return names;
}

}  // namespace dlogit::config
