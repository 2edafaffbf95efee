#pragma once
#include <cstddef>
#include <cstdint>

namespace dlogit::eval {

// A row is predicted class 1 when its probability σ(z) is at least 0.5 (z ≥ 0 up to rounding of σ).
constexpr double kThreshold = 0.5;
inline bool predicts_positive(double probability) { return probability >= kThreshold; }

// Rows by true class (0/1 target) and predicted class.
struct Confusion {
  std::int64_t tn = 0;
  std::int64_t fp = 0;
  std::int64_t fn = 0;
  std::int64_t tp = 0;
};

// Sums over some rows (one rank's shard, or several merged): the partials of disjoint shards merge
// into the partial of their union, so ranks combine them with one allreduce of pack()ed values.
struct PartialMetrics {
  std::int64_t rows = 0;
  double nll_sum = 0.0;  // Σ −log p(y_i | x_i), no penalty
  Confusion confusion;

  // One row: its margin z (P(class 1) = σ(z)) and its 0/1 target.
  // One row: its loss (the log loss), its predicted probability and its target (1 positive, 0 negative).
  void add(double row_loss, double probability, double target);
  void merge(const PartialMetrics& other);

  // As doubles for an allreduce_sum (counts are exact up to 2^53 rows).
  static constexpr std::size_t packed_size = 6;
  void pack(double* out) const;
  static PartialMetrics unpack(const double* in);
};

// The reported figures. Undefined ratios follow scikit-learn's zero_division=0 default (which also
// warns): precision with no predicted positives, recall with no true positives in the data, and F1
// with neither are 0. AUC with only one class present is undefined: NaN (null in JSON). With no rows,
// logloss and accuracy are NaN too.
struct Metrics {
  std::int64_t rows = 0;
  double logloss = 0.0;   // mean negative log-likelihood, no penalty
  double accuracy = 0.0;  // at kThreshold
  double auc = 0.0;       // ROC AUC, exact (eval/auc.hpp)
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
  Confusion confusion;
};

Metrics finish(const PartialMetrics& sums, double auc);

}  // namespace dlogit::eval
