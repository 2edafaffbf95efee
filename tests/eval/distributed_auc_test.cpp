#include "eval/distributed_auc.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "support/thread_ranks.hpp"

using dlogit::eval::RocPoint;
using dlogit::eval::ScoreCounts;

namespace {

bool same_curve(const std::vector<RocPoint>& a, const std::vector<RocPoint>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].threshold != b[i].threshold || a[i].false_positive_rate != b[i].false_positive_rate ||
        a[i].true_positive_rate != b[i].true_positive_rate)
      return false;
  }
  return true;
}

// Splits rows over `ranks` (uneven, one rank possibly empty), runs distributed_auc and checks every rank's
// AUC and rank 0's curve against the whole's, bit for bit.
void check_against_whole(const std::vector<double>& scores, const std::vector<double>& targets, int ranks,
                         std::size_t max_points) {
  const ScoreCounts whole = ScoreCounts::from_rows(scores.data(), targets.data(), scores.size());
  const double expected = whole.auc();
  const std::vector<RocPoint> expected_curve = whole.roc_curve(max_points);
  std::vector<double> aucs(static_cast<std::size_t>(ranks));
  std::vector<RocPoint> curve;
  const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
    // Rank r takes rows [cut(r), cut(r+1)) with cuts skewed towards the end; rank 1 of 3+ gets none.
    const auto cut = [&](int r) {
      if (r == 0) return std::size_t{0};
      if (r >= ranks) return scores.size();
      if (ranks >= 3 && r == 2) return scores.size() * 1 / ranks;
      return scores.size() * static_cast<std::size_t>(r) * static_cast<std::size_t>(r) /
             (static_cast<std::size_t>(ranks) * static_cast<std::size_t>(ranks));
    };
    const std::size_t begin = cut(rank), end = std::max(cut(rank), cut(rank + 1));
    ScoreCounts local = ScoreCounts::from_rows(scores.data() + begin, targets.data() + begin, end - begin);
    std::vector<RocPoint> mine;
    aucs[static_cast<std::size_t>(rank)] = dlogit::eval::distributed_auc(std::move(local), comm, &mine, max_points);
    if (rank == 0) curve = mine;
    if (rank != 0 && !mine.empty()) throw std::runtime_error("a curve on a rank other than 0");
  });
  for (const auto& error : errors) REQUIRE_FALSE(error);
  for (const double auc : aucs) {
    if (std::isnan(expected)) {
      CHECK(std::isnan(auc));
    } else {
      CHECK(auc == expected);
    }
  }
  CHECK(same_curve(curve, expected_curve));
}

}  // namespace

TEST_CASE("the AUC and ROC curve across ranks equal those of all rows, bit for bit") {
  std::mt19937 random(17);
  std::uniform_int_distribution<int> level(0, 300);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::bernoulli_distribution coin(0.35);
  for (const bool ties : {true, false}) {
    std::vector<double> scores(2000), targets(2000);
    for (std::size_t i = 0; i < scores.size(); ++i) {
      targets[i] = coin(random) ? 1.0 : 0.0;
      scores[i] = ties ? level(random) / 300.0 : uniform(random);
      if (targets[i] == 1.0 && !ties) scores[i] = std::min(1.0, scores[i] + 0.2);
    }
    for (const int ranks : {1, 2, 3, 4}) {
      for (const std::size_t max_points : {std::size_t{5}, std::size_t{1000}, std::size_t{5000}}) {
        INFO((ties ? "ties" : "distinct") << ", " << ranks << " ranks, " << max_points << " points");
        check_against_whole(scores, targets, ranks, max_points);
      }
    }
  }
}

TEST_CASE("across ranks, one class only gives NaN and no curve, and no rows at all too") {
  const std::vector<double> scores = {0.1, 0.5, 0.5, 0.9};
  for (const int ranks : {2, 3}) {
    check_against_whole(scores, {1, 1, 1, 1}, ranks, 1000);
    check_against_whole(scores, {0, 0, 0, 0}, ranks, 1000);
    check_against_whole({}, {}, ranks, 1000);
  }
}

TEST_CASE("alltoallv delivers every rank's parts in rank order, empty parts included") {
  for (const int ranks : {1, 2, 3}) {
    std::vector<std::vector<double>> received(static_cast<std::size_t>(ranks));
    const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
      // Rank r sends q+1 copies of 10r+q to rank q, except nothing to rank 1.
      std::vector<double> send;
      std::vector<std::size_t> offsets{0};
      for (int q = 0; q < ranks; ++q) {
        if (q != 1) send.insert(send.end(), static_cast<std::size_t>(q + 1), 10.0 * rank + q);
        offsets.push_back(send.size());
      }
      received[static_cast<std::size_t>(rank)] = comm.alltoallv(send, offsets);
      bool refused = false;  // Catch's macros are not for these threads
      try {
        dlogit::comm::check_offsets(send, {0}, ranks + 1);
      } catch (const std::invalid_argument&) {
        refused = true;
      }
      if (!refused) throw std::runtime_error("check_offsets accepted offsets that do not split the data");
    });
    for (const auto& error : errors) REQUIRE_FALSE(error);
    for (int q = 0; q < ranks; ++q) {
      std::vector<double> expected;
      for (int r = 0; r < ranks; ++r) {
        if (q != 1) expected.insert(expected.end(), static_cast<std::size_t>(q + 1), 10.0 * r + q);
      }
      CHECK(received[static_cast<std::size_t>(q)] == expected);
    }
  }
}
