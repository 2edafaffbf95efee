#pragma once
#include <string>

#include "common/json_writer.hpp"
#include "data/dataset.hpp"
#include "eval/metrics.hpp"

namespace dlogit::eval {

// The metric fields (rows, logloss, accuracy, auc, precision, recall, f1, confusion {tn, fp, fn, tp})
// into the JSON object being written; an undefined AUC (one class only) becomes null.
void write_metric_fields(JsonWriter& json, const Metrics& metrics);
// The same as an object under `key` (result.json's "train" and "test").
void write_metrics(JsonWriter& json, const std::string& key, const Metrics& metrics);

// "logloss 0.323 accuracy 0.8501 auc 0.9034 precision ... recall ... f1 ..."
std::string metrics_line(const Metrics& metrics);
// "tn 11626 fp 809 fn 1637 tp 2209 (class 1 = label 1)"
std::string confusion_line(const Metrics& metrics, const data::LabelMapping& labels);

}  // namespace dlogit::eval
