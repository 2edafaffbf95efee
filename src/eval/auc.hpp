#pragma once
#include <cstdint>
#include <vector>

namespace dlogit::eval {

// ROC AUC without binning: for every distinct score, how many negative and positive rows have it.
// AUC = P(score of a random positive > score of a random negative) + ½ P(equal), the Mann–Whitney U
// statistic over P·N, which is exactly the trapezoid under the ROC curve over distinct thresholds that
// scikit-learn's roc_auc_score integrates (ties give a diagonal segment, i.e. ½). Counts are integers,
// so shards merge exactly and the result does not depend on how rows were split across ranks.
// Memory: one entry per distinct score (a9a's test set: a few thousand for 16281 rows).
// One point of an ROC curve: rows scoring >= threshold are called positive.
struct RocPoint {
  double threshold = 0.0;
  double false_positive_rate = 0.0;
  double true_positive_rate = 0.0;
};

class ScoreCounts {
 public:
  // Scores (here probabilities) and 0/1 targets of some rows. Throws std::invalid_argument on a NaN score.
  static ScoreCounts from_rows(const double* scores, const double* targets, std::size_t count);
  // The same for probabilities (>= 0; throws std::invalid_argument otherwise), reusing their array as
  // scratch space (its contents are reordered), so a shard's metrics need no second array per row.
  static ScoreCounts from_probabilities(std::vector<double>& probabilities, const double* targets);

  void merge(const ScoreCounts& other);
  // NaN when the rows hold only one class (or none): AUC is undefined there.
  double auc() const;

  // The ROC curve over the distinct scores, from (0, 0) (threshold +inf) to (1, 1), one point per
  // distinct score, thinned to at most `max_points` (>= 2) by keeping evenly spaced thresholds and both
  // ends: the trapezoid under the thinned curve is within a few 1/max_points of the exact AUC.
  // Empty when the rows hold only one class.
  std::vector<RocPoint> roc_curve(std::size_t max_points) const;

  std::int64_t negatives() const;
  std::int64_t positives() const;
  std::size_t distinct_scores() const { return entries_.size(); }

  // Pieces of auc() and roc_curve(), for counts that ranks hold by score range (eval/distributed_auc).
  // 2U (the Mann–Whitney statistic, doubled: an exact integer) with `negatives_below_first` negatives
  // scoring below every entry here; auc() is auc_from(twice_mann_whitney_u(0), negatives(), positives()).
  long double twice_mann_whitney_u(std::int64_t negatives_below_first) const;
  static double auc_from(long double twice_u, std::int64_t negative_total, std::int64_t positive_total);
  // The indices (0 = threshold +inf, i = the i-th highest distinct score) that a curve over
  // `distinct_total` scores keeps when thinned to at most max_points: all, or evenly spaced with both ends.
  static std::vector<std::size_t> roc_indices(std::size_t distinct_total, std::size_t max_points);
  // The points among `indices` (ascending) that fall on these entries, whose highest has index
  // `first_index`, with `negatives_above` and `positives_above` rows scoring higher elsewhere.
  std::vector<RocPoint> roc_points(const std::vector<std::size_t>& indices, std::size_t first_index,
                                   std::int64_t negatives_above, std::int64_t positives_above,
                                   std::int64_t negative_total, std::int64_t positive_total) const;

  // (score, negatives, positives) triples, for a gather; unpack() accepts the concatenation of several
  // packs (the shards of several ranks) and merges equal scores.
  std::vector<double> pack() const;
  static ScoreCounts unpack(const std::vector<double>& packed);

 private:
  struct Entry {
    double score;
    std::int64_t negatives;
    std::int64_t positives;
  };
  // From `scores` holding the negatives' scores, then (from index `negatives`) the positives'; sorts them.
  static ScoreCounts from_class_runs(std::vector<double>& scores, std::size_t negatives);
  // Sorts by score (merging ascending runs when there are at most kMaxMergedRuns) and merges entries
  // with equal scores.
  static constexpr std::size_t kMaxMergedRuns = 1024;
  void normalize();
  std::vector<Entry> entries_;  // ascending score, distinct
};

}  // namespace dlogit::eval
