#include "eval/metrics_report.hpp"

#include <cmath>
#include <cstdio>

namespace dlogit::eval {

void write_metric_fields(JsonWriter& json, const Metrics& metrics) {
  json.field("rows", metrics.rows)
      .field("logloss", metrics.logloss)
      .field("accuracy", metrics.accuracy)
      .field("auc", metrics.auc)
      .field("precision", metrics.precision)
      .field("recall", metrics.recall)
      .field("f1", metrics.f1)
      .begin_object("confusion")
      .field("tn", metrics.confusion.tn)
      .field("fp", metrics.confusion.fp)
      .field("fn", metrics.confusion.fn)
      .field("tp", metrics.confusion.tp)
      .end_object();
}

void write_metrics(JsonWriter& json, const std::string& key, const Metrics& metrics) {
  json.begin_object(key);
  write_metric_fields(json, metrics);
  json.end_object();
}

std::string metrics_line(const Metrics& metrics) {
  char auc[64];
  if (std::isnan(metrics.auc)) {
    std::snprintf(auc, sizeof auc, "undefined (one class only)");
  } else {
    std::snprintf(auc, sizeof auc, "%.6f", metrics.auc);
  }
  char line[256];
  std::snprintf(line, sizeof line, "logloss %.6f accuracy %.4f auc %s precision %.4f recall %.4f f1 %.4f",
                metrics.logloss, metrics.accuracy, auc, metrics.precision, metrics.recall, metrics.f1);
  return line;
}

std::string confusion_line(const Metrics& metrics, const data::LabelMapping& labels) {
  char line[256];
  std::snprintf(line, sizeof line, "tn %lld fp %lld fn %lld tp %lld (positive = label %g, threshold p >= %g)",
                static_cast<long long>(metrics.confusion.tn), static_cast<long long>(metrics.confusion.fp),
                static_cast<long long>(metrics.confusion.fn), static_cast<long long>(metrics.confusion.tp),
                labels.positive, kThreshold);
  return line;
}

}  // namespace dlogit::eval
