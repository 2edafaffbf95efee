#include "eval/metrics.hpp"

#include <limits>


namespace dlogit::eval {
namespace {

double ratio_or_zero(std::int64_t numerator, std::int64_t denominator) {
  return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

}  // namespace

void PartialMetrics::add(double row_loss, double probability, double target) {
  const bool actual = target == 1.0;
  ++rows;
  nll_sum += row_loss;
  const bool predicted = predicts_positive(probability);
  if (actual) {
    ++(predicted ? confusion.tp : confusion.fn);
  } else {
    ++(predicted ? confusion.fp : confusion.tn);
  }
}

void PartialMetrics::merge(const PartialMetrics& other) {
  rows += other.rows;
  nll_sum += other.nll_sum;
  confusion.tn += other.confusion.tn;
  confusion.fp += other.confusion.fp;
  confusion.fn += other.confusion.fn;
  confusion.tp += other.confusion.tp;
}

void PartialMetrics::pack(double* out) const {
  out[0] = static_cast<double>(rows);
  out[1] = nll_sum;
  out[2] = static_cast<double>(confusion.tn);
  out[3] = static_cast<double>(confusion.fp);
  out[4] = static_cast<double>(confusion.fn);
  out[5] = static_cast<double>(confusion.tp);
}

PartialMetrics PartialMetrics::unpack(const double* in) {
  PartialMetrics sums;
  sums.rows = static_cast<std::int64_t>(in[0]);
  sums.nll_sum = in[1];
  sums.confusion = {static_cast<std::int64_t>(in[2]), static_cast<std::int64_t>(in[3]),
                    static_cast<std::int64_t>(in[4]), static_cast<std::int64_t>(in[5])};
  return sums;
}

Metrics finish(const PartialMetrics& sums, double auc) {
  const Confusion& c = sums.confusion;
  Metrics metrics;
  metrics.rows = sums.rows;
  metrics.confusion = c;
  metrics.auc = auc;
  if (sums.rows > 0) {
    metrics.logloss = sums.nll_sum / static_cast<double>(sums.rows);
    metrics.accuracy = ratio_or_zero(c.tp + c.tn, sums.rows);
  } else {
    metrics.logloss = metrics.accuracy = std::numeric_limits<double>::quiet_NaN();
  }
  metrics.precision = ratio_or_zero(c.tp, c.tp + c.fp);
  metrics.recall = ratio_or_zero(c.tp, c.tp + c.fn);
  metrics.f1 = ratio_or_zero(2 * c.tp, 2 * c.tp + c.fp + c.fn);  // = 2PR/(P+R) whenever that is defined
  return metrics;
}

}  // namespace dlogit::eval
