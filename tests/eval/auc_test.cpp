#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "eval/auc.hpp"

using dlogit::eval::ScoreCounts;

namespace {

double auc_of(const std::vector<double>& scores, const std::vector<double>& targets) {
  return ScoreCounts::from_rows(scores.data(), targets.data(), scores.size()).auc();
}

// `count` rows whose scores take the values k/levels, k = 0..levels (many ties, 0 and 1 included), in
// class 1 with probability positive_rate.
struct TiedRows {
  std::vector<double> scores;
  std::vector<double> targets;
};
TiedRows tied_rows(std::mt19937& random, std::size_t count, int levels, double positive_rate) {
  std::uniform_int_distribution<int> level(0, levels);
  std::bernoulli_distribution coin(positive_rate);
  TiedRows rows{std::vector<double>(count), std::vector<double>(count)};
  for (std::size_t i = 0; i < count; ++i) {
    rows.scores[i] = level(random) / static_cast<double>(levels);
    rows.targets[i] = coin(random) ? 1.0 : 0.0;
  }
  return rows;
}

// Every (positive, negative) pair: 1 if the positive scores higher, 1/2 if equal.
double pairwise_auc(const std::vector<double>& scores, const std::vector<double>& targets) {
  double wins = 0.0;
  double pairs = 0.0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (targets[i] != 1.0) continue;
    for (std::size_t j = 0; j < scores.size(); ++j) {
      if (targets[j] == 1.0) continue;
      pairs += 1.0;
      wins += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
    }
  }
  return wins / pairs;
}

}  // namespace

TEST_CASE("AUC of hand-computed cases") {
  // scikit-learn's roc_auc_score documentation example: 0.75.
  CHECK(auc_of({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}) == 0.75);
  // Perfect and reversed ranking.
  CHECK(auc_of({0.1, 0.2, 0.8, 0.9}, {0, 0, 1, 1}) == 1.0);
  CHECK(auc_of({0.9, 0.8, 0.2, 0.1}, {0, 0, 1, 1}) == 0.0);
}

TEST_CASE("AUC counts a tie between a positive and a negative as one half") {
  // Positives {0.5, 0.9}, negatives {0.1, 0.5}: pairs 1 + 1/2 + 1 + 1 = 3.5 of 4.
  CHECK(auc_of({0.1, 0.5, 0.5, 0.9}, {0, 1, 0, 1}) == 0.875);
  // Everything tied: the diagonal, 0.5.
  CHECK(auc_of({0.3, 0.3, 0.3, 0.3, 0.3}, {0, 1, 0, 1, 1}) == 0.5);
  // Ties within one class do not matter: positives {0.7, 0.7}, negatives {0.2, 0.7}: (1 + 1/2) * 2 / 4.
  CHECK(auc_of({0.7, 0.7, 0.2, 0.7}, {1, 1, 0, 0}) == 0.75);
}

TEST_CASE("AUC is undefined (NaN) when only one class is present") {
  CHECK(std::isnan(auc_of({0.1, 0.2, 0.3}, {1, 1, 1})));
  CHECK(std::isnan(auc_of({0.1, 0.2, 0.3}, {0, 0, 0})));
  CHECK(std::isnan(ScoreCounts().auc()));
}

TEST_CASE("AUC equals the pairwise count on random scores with many ties") {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> level(0, 20);  // 21 distinct scores: plenty of ties
  std::bernoulli_distribution coin(0.3);
  std::vector<double> scores(500);
  std::vector<double> targets(500);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    targets[i] = coin(random) ? 1.0 : 0.0;
    scores[i] = level(random) / 20.0 + (targets[i] == 1.0 ? 0.1 : 0.0);
  }
  const ScoreCounts counts = ScoreCounts::from_rows(scores.data(), targets.data(), scores.size());
  CHECK(counts.distinct_scores() <= 42);
  CHECK(counts.positives() + counts.negatives() == 500);
  CHECK(counts.auc() == Approx(pairwise_auc(scores, targets)).epsilon(1e-15));
}

TEST_CASE("AUC counts of several shards, merged or packed and gathered, equal those of the whole") {
  std::mt19937 random(11);
  const auto [scores, targets] = tied_rows(random, 301, 30, 0.4);
  const double whole = auc_of(scores, targets);
  const std::size_t cuts[] = {0, 100, 100, 301};  // the second shard is empty
  ScoreCounts merged;
  std::vector<double> gathered;
  for (int shard = 0; shard < 3; ++shard) {
    const ScoreCounts part =
        ScoreCounts::from_rows(scores.data() + cuts[shard], targets.data() + cuts[shard], cuts[shard + 1] - cuts[shard]);
    merged.merge(part);
    const std::vector<double> packed = part.pack();
    gathered.insert(gathered.end(), packed.begin(), packed.end());
  }
  CHECK(merged.auc() == whole);  // integer counts: exactly, not approximately
  CHECK(ScoreCounts::unpack(gathered).auc() == whole);
  CHECK(ScoreCounts::unpack(gathered).distinct_scores() == merged.distinct_scores());
}

TEST_CASE("AUC from probabilities in place equals AUC from rows, zeros and ties included") {
  std::mt19937 random(5);
  const auto [scores, targets] = tied_rows(random, 400, 25, 0.3);
  const ScoreCounts reference = ScoreCounts::from_rows(scores.data(), targets.data(), scores.size());
  std::vector<double> scratch = scores;
  const ScoreCounts in_place = ScoreCounts::from_probabilities(scratch, targets.data());
  CHECK(in_place.pack() == reference.pack());
  CHECK(in_place.auc() == Approx(pairwise_auc(scores, targets)).epsilon(1e-15));

  std::vector<double> negative = {0.2, -0.1};
  CHECK_THROWS_AS(ScoreCounts::from_probabilities(negative, targets.data()), std::invalid_argument);
  std::vector<double> not_a_number = {0.2, std::nan("")};
  CHECK_THROWS_AS(ScoreCounts::from_probabilities(not_a_number, targets.data()), std::invalid_argument);
}

TEST_CASE("unpacking merges many sorted packs, and sorts packs that are not sorted") {
  std::mt19937 random(3);
  for (const int packs : {1, 2, 3, 17, 2000}) {  // 2000 runs: more than kMaxMergedRuns, sorted instead
    std::vector<double> all_scores;
    std::vector<double> all_targets;
    std::vector<double> gathered;
    for (int p = 0; p < packs; ++p) {
      const auto [scores, targets] = tied_rows(random, 7, 400, 0.5);
      all_scores.insert(all_scores.end(), scores.begin(), scores.end());
      all_targets.insert(all_targets.end(), targets.begin(), targets.end());
      const auto packed = ScoreCounts::from_rows(scores.data(), targets.data(), scores.size()).pack();
      gathered.insert(gathered.end(), packed.begin(), packed.end());
    }
    INFO(packs << " packs");
    const ScoreCounts whole = ScoreCounts::from_rows(all_scores.data(), all_targets.data(), all_scores.size());
    CHECK(ScoreCounts::unpack(gathered).pack() == whole.pack());
  }
  // Triples in descending order: one run per triple.
  const std::vector<double> descending = {0.9, 1, 0, 0.5, 0, 1, 0.5, 1, 0, 0.1, 1, 1};
  CHECK(ScoreCounts::unpack(descending).pack() == std::vector<double>{0.1, 1, 1, 0.5, 1, 1, 0.9, 1, 0});
}

TEST_CASE("AUC rejects NaN scores and malformed packs") {
  const std::vector<double> scores = {0.1, std::nan("")};
  const std::vector<double> targets = {0, 1};
  CHECK_THROWS_AS(ScoreCounts::from_rows(scores.data(), targets.data(), 2), std::invalid_argument);
  CHECK_THROWS_AS(ScoreCounts::unpack({0.5, 1.0}), std::invalid_argument);
}

TEST_CASE("the ROC curve walks the distinct scores from the highest down, thinned to at most max_points") {
  const double scores[] = {0.9, 0.8, 0.8, 0.3, 0.1};
  const double targets[] = {1, 1, 0, 0, 1};
  const auto counts = dlogit::eval::ScoreCounts::from_rows(scores, targets, 5);
  const auto roc = counts.roc_curve(1000);
  REQUIRE(roc.size() == 5);  // (0,0) plus one point per distinct score
  CHECK(std::isinf(roc[0].threshold));
  CHECK(roc[1].threshold == 0.9);
  CHECK(roc[1].true_positive_rate == Approx(1.0 / 3));
  CHECK(roc[1].false_positive_rate == 0.0);
  CHECK(roc[2].true_positive_rate == Approx(2.0 / 3));  // the tie at 0.8 moves both rates at once
  CHECK(roc[2].false_positive_rate == Approx(0.5));
  CHECK(roc.back().true_positive_rate == 1.0);
  CHECK(roc.back().false_positive_rate == 1.0);
  // The trapezoid under the exact curve is the AUC.
  double area = 0.0;
  for (std::size_t i = 1; i < roc.size(); ++i)
    area += (roc[i].false_positive_rate - roc[i - 1].false_positive_rate) *
            (roc[i].true_positive_rate + roc[i - 1].true_positive_rate) / 2;
  CHECK(area == Approx(counts.auc()));

  const auto thinned = counts.roc_curve(3);
  REQUIRE(thinned.size() == 3);
  CHECK(std::isinf(thinned.front().threshold));
  CHECK(thinned.back().true_positive_rate == 1.0);
  CHECK(dlogit::eval::ScoreCounts::from_rows(scores, targets, 1).roc_curve(10).empty());  // one class only
}
