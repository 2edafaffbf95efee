#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "eval/metrics.hpp"
#include "model/losses.hpp"

using dlogit::eval::finish;
using dlogit::eval::Metrics;
using dlogit::eval::PartialMetrics;

namespace {

PartialMetrics sums_of(const std::vector<double>& margins, const std::vector<double>& targets, std::size_t begin,
                       std::size_t end) {
  PartialMetrics sums;
  for (std::size_t i = begin; i < end; ++i) {
    const double z = margins[i];
    const dlogit::model::Loss& logistic = dlogit::model::logistic_loss();
    sums.add(logistic.row_loss(z, targets[i]), logistic.link(z), targets[i]);
  }
  return sums;
}

}  // namespace

TEST_CASE("metrics of a hand-computed case") {
  // Margins and targets: tp (2, 1), fn (-1, 1), fp (0.5, 0), tn (-3, 0), tp (0, 1): z = 0 is p = 0.5, positive.
  const std::vector<double> z = {2.0, -1.0, 0.5, -3.0, 0.0};
  const std::vector<double> y = {1, 1, 0, 0, 1};
  const Metrics m = finish(sums_of(z, y, 0, z.size()), 0.5);
  CHECK(m.rows == 5);
  CHECK(m.confusion.tp == 2);
  CHECK(m.confusion.fn == 1);
  CHECK(m.confusion.fp == 1);
  CHECK(m.confusion.tn == 1);
  CHECK(m.accuracy == Approx(3.0 / 5.0));
  CHECK(m.precision == Approx(2.0 / 3.0));
  CHECK(m.recall == Approx(2.0 / 3.0));
  CHECK(m.f1 == Approx(2.0 / 3.0));
  CHECK(m.auc == 0.5);  // passed through
  // −log σ(z) for y = 1, −log(1 − σ(z)) = −log σ(−z) for y = 0.
  const auto nll = [](double margin) { return std::log1p(std::exp(-margin)); };
  const double expected = (nll(2.0) + nll(-1.0) + nll(-0.5) + nll(3.0) + nll(0.0)) / 5.0;
  CHECK(m.logloss == Approx(expected).epsilon(1e-14));
}

TEST_CASE("precision, recall and F1 with precision != recall") {
  // 3 tp, 1 fp, 3 fn, 2 tn: precision 3/4, recall 1/2, F1 = 2·(3/4)(1/2)/(5/4) = 3/5.
  const std::vector<double> z = {1, 1, 1, 1, -1, -1, -1, -1, -1};
  const std::vector<double> y = {1, 1, 1, 0, 1, 1, 1, 0, 0};
  const Metrics m = finish(sums_of(z, y, 0, z.size()), 0.0);
  CHECK(m.precision == Approx(0.75));
  CHECK(m.recall == Approx(0.5));
  CHECK(m.f1 == Approx(0.6));
}

TEST_CASE("undefined ratios are 0 as with scikit-learn's zero_division default") {
  // No predicted positives: precision 0/0 -> 0, recall 0/2 = 0, F1 0.
  const std::vector<double> z = {-1, -2, -3};
  const std::vector<double> y = {1, 1, 0};
  const Metrics none_predicted = finish(sums_of(z, y, 0, 3), 0.5);
  CHECK(none_predicted.precision == 0.0);
  CHECK(none_predicted.recall == 0.0);
  CHECK(none_predicted.f1 == 0.0);
  // No positives at all and none predicted: precision, recall and F1 are all 0/0 -> 0.
  const Metrics all_negative = finish(sums_of(z, {0, 0, 0}, 0, 3), std::nan(""));
  CHECK(all_negative.precision == 0.0);
  CHECK(all_negative.recall == 0.0);
  CHECK(all_negative.f1 == 0.0);
  CHECK(all_negative.accuracy == 1.0);
  CHECK(std::isnan(all_negative.auc));
  // No rows: logloss and accuracy are undefined.
  const Metrics empty = finish(PartialMetrics(), std::nan(""));
  CHECK(empty.rows == 0);
  CHECK(std::isnan(empty.logloss));
  CHECK(std::isnan(empty.accuracy));
}

TEST_CASE("partial metrics of several shards combine to those of the whole") {
  std::vector<double> z;
  std::vector<double> y;
  for (int i = 0; i < 97; ++i) {
    z.push_back(std::sin(i * 1.7) * 4.0);
    y.push_back(i % 3 == 0 ? 1.0 : 0.0);
  }
  const PartialMetrics whole = sums_of(z, y, 0, z.size());
  // Three fake shards, combined both by merge() and as an allreduce would (packed doubles summed).
  const std::size_t cuts[] = {0, 30, 30, 97};
  PartialMetrics merged;
  double summed[PartialMetrics::packed_size] = {};
  for (int shard = 0; shard < 3; ++shard) {
    const PartialMetrics part = sums_of(z, y, cuts[shard], cuts[shard + 1]);
    merged.merge(part);
    double packed[PartialMetrics::packed_size];
    part.pack(packed);
    for (std::size_t k = 0; k < PartialMetrics::packed_size; ++k) summed[k] += packed[k];
  }
  for (const PartialMetrics& combined : {merged, PartialMetrics::unpack(summed)}) {
    const Metrics a = finish(combined, 0.0);
    const Metrics b = finish(whole, 0.0);
    CHECK(a.rows == b.rows);
    CHECK(a.confusion.tn == b.confusion.tn);
    CHECK(a.confusion.fp == b.confusion.fp);
    CHECK(a.confusion.fn == b.confusion.fn);
    CHECK(a.confusion.tp == b.confusion.tp);
    CHECK(a.accuracy == b.accuracy);
    CHECK(a.precision == b.precision);
    CHECK(a.recall == b.recall);
    CHECK(a.f1 == b.f1);
    CHECK(a.logloss == Approx(b.logloss).epsilon(1e-14));  // only the summation order differs
  }
}
