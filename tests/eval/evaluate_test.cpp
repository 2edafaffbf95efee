#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "comm/communicator.hpp"
#include "support/thread_ranks.hpp"
#include "eval/evaluate.hpp"
#include "eval_test_support.hpp"

using dlogit::eval::evaluate;
using dlogit::eval::Metrics;

namespace {

// 60 rows, margins with ties (x in steps of 0.25 under w = 1), some misclassified.
void sample(std::vector<double>& x, std::vector<double>& y) {
  for (int i = 0; i < 60; ++i) {
    x.push_back(static_cast<double>((i * 7) % 13 - 6) * 0.25);
    y.push_back((i * 5) % 11 < 5 ? 1.0 : 0.0);
  }
}

dlogit::model::TrainedModel unit_model(double intercept) {
  dlogit::model::TrainedModel model;
  model.weights = {1.0};
  model.intercept = intercept;
  model.labels = {-1.0, 1.0};
  return model;
}

}  // namespace

TEST_CASE("evaluate on 3 ranks (threads) gives the metrics of 1 rank") {
  std::vector<double> x;
  std::vector<double> y;
  sample(x, y);
  const auto model = unit_model(0.1);
  dlogit::comm::SerialCommunicator serial;
  const Metrics whole = evaluate(dlogit::test::one_feature_rows(x, y, 0, x.size()), model, serial);
  CHECK(whole.rows == 60);
  CHECK(whole.auc > 0.0);
  CHECK(whole.auc < 1.0);

  const std::size_t cuts[] = {0, 25, 25, 60};  // rank 1 holds no rows
  std::vector<Metrics> results(3);
  const auto errors = dlogit::test::run_ranks(3, [&](int rank, dlogit::comm::Communicator& comm) {
    const std::size_t r = static_cast<std::size_t>(rank);
    results[r] = evaluate(dlogit::test::one_feature_rows(x, y, cuts[r], cuts[r + 1]), model, comm);
  });
  for (const auto& error : errors) REQUIRE(!error);
  for (const Metrics& m : results) {
    CHECK(m.rows == whole.rows);
    CHECK(m.auc == whole.auc);
    CHECK(m.accuracy == whole.accuracy);
    CHECK(m.precision == whole.precision);
    CHECK(m.recall == whole.recall);
    CHECK(m.f1 == whole.f1);
    CHECK(m.confusion.tp == whole.confusion.tp);
    CHECK(m.confusion.tn == whole.confusion.tn);
    CHECK(m.logloss == Approx(whole.logloss).epsilon(1e-14));
  }
}

TEST_CASE("evaluate of a one-class file reports an undefined AUC") {
  const std::vector<double> x = {-1.0, 0.5, 2.0};
  const std::vector<double> y = {1.0, 1.0, 1.0};
  dlogit::comm::SerialCommunicator serial;
  const Metrics m = evaluate(dlogit::test::one_feature_rows(x, y, 0, 3), unit_model(0.0), serial);
  CHECK(std::isnan(m.auc));
  CHECK(m.recall == Approx(2.0 / 3.0));
  CHECK(m.precision == 1.0);
}

TEST_CASE("Communicator::gather's default (through allgather) returns every rank's values in rank order") {
  std::vector<std::vector<double>> received(3);
  const auto errors = dlogit::test::run_ranks(3, [&](int rank, dlogit::comm::Communicator& comm) {
    std::vector<double> mine(static_cast<std::size_t>(rank == 1 ? 0 : rank + 1), static_cast<double>(rank));
    received[static_cast<std::size_t>(rank)] = comm.gather(mine, 0);
  });
  for (const auto& error : errors) REQUIRE(!error);
  CHECK(received[0] == std::vector<double>{0.0, 2.0, 2.0, 2.0});
  CHECK(received[1].empty());
  CHECK(received[2].empty());
}
