#include "eval/auc.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <stdexcept>

namespace dlogit::eval {

ScoreCounts ScoreCounts::from_rows(const double* scores, const double* targets, std::size_t count) {
  std::vector<double> by_class(count);
  std::size_t negatives = 0;
  for (std::size_t i = 0; i < count; ++i) negatives += targets[i] == 1.0 ? 0 : 1;
  std::size_t next_negative = 0;
  std::size_t next_positive = negatives;
  for (std::size_t i = 0; i < count; ++i) by_class[targets[i] == 1.0 ? next_positive++ : next_negative++] = scores[i];
  return from_class_runs(by_class, negatives);
}

ScoreCounts ScoreCounts::from_probabilities(std::vector<double>& probabilities, const double* targets) {
  // A probability is >= 0, so its sign bit is free to carry the class while the rows are split in place.
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    if (!(probabilities[i] >= 0.0)) {
      throw std::invalid_argument("score " + std::to_string(probabilities[i]) + " of row " + std::to_string(i) +
                                  " is not a probability");
    }
    if (targets[i] != 1.0) probabilities[i] = -probabilities[i];
  }
  const auto first_positive = std::partition(probabilities.begin(), probabilities.end(),
                                             [](double p) { return std::signbit(p); });
  for (auto it = probabilities.begin(); it != first_positive; ++it) *it = -*it;
  return from_class_runs(probabilities, static_cast<std::size_t>(first_positive - probabilities.begin()));
}

// Memory matters here: the training shard's metrics run with the shard still loaded. Each class's
// scores are sorted on their own, in place; entries (24 bytes) are made only for distinct scores.
ScoreCounts ScoreCounts::from_class_runs(std::vector<double>& scores, std::size_t negatives) {
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (std::isnan(scores[i])) throw std::invalid_argument("NaN score in the AUC of row " + std::to_string(i));
  }
  const auto negatives_begin = scores.begin();
  const auto positives_begin = scores.begin() + static_cast<std::ptrdiff_t>(negatives);
  std::sort(negatives_begin, positives_begin);
  std::sort(positives_begin, scores.end());

  // Merge the two sorted runs into (score, negatives, positives): first count, then fill at exact size.
  const auto merge = [&](auto&& emit) {
    auto n = negatives_begin;
    auto p = positives_begin;
    while (n != positives_begin || p != scores.end()) {
      const double score = (p == scores.end() || (n != positives_begin && *n <= *p)) ? *n : *p;
      std::int64_t negative_rows = 0;
      std::int64_t positive_rows = 0;
      for (; n != positives_begin && *n == score; ++n) ++negative_rows;
      for (; p != scores.end() && *p == score; ++p) ++positive_rows;
      emit(Entry{score, negative_rows, positive_rows});
    }
  };
  std::size_t distinct = 0;
  merge([&](const Entry&) { ++distinct; });
  ScoreCounts counts;
  counts.entries_.reserve(distinct);
  merge([&](const Entry& entry) { counts.entries_.push_back(entry); });
  return counts;
}

void ScoreCounts::normalize() {
  // Counts gathered from the ranks arrive as one ascending run per rank: merging the runs pairwise is
  // linear per round (log2 of the rank count rounds), where a sort of all rows' scores on rank 0 took
  // about a second for 5e6 rows. Input that is not a few sorted runs is sorted.
  const auto by_score = [](const Entry& a, const Entry& b) { return a.score < b.score; };
  std::vector<std::size_t> run_starts{0};
  for (std::size_t i = 1; i < entries_.size() && run_starts.size() <= kMaxMergedRuns; ++i) {
    if (entries_[i].score < entries_[i - 1].score) run_starts.push_back(i);
  }
  if (run_starts.size() > kMaxMergedRuns) {
    std::sort(entries_.begin(), entries_.end(), by_score);
  } else {
    run_starts.push_back(entries_.size());
    while (run_starts.size() > 2) {
      std::vector<std::size_t> merged{0};
      for (std::size_t r = 0; r + 1 < run_starts.size(); r += 2) {
        const std::size_t end = run_starts[std::min(r + 2, run_starts.size() - 1)];
        std::inplace_merge(entries_.begin() + static_cast<std::ptrdiff_t>(run_starts[r]),
                           entries_.begin() + static_cast<std::ptrdiff_t>(run_starts[r + 1]),
                           entries_.begin() + static_cast<std::ptrdiff_t>(end), by_score);
        merged.push_back(end);
      }
      if (merged.back() != entries_.size()) merged.push_back(entries_.size());
      run_starts = std::move(merged);
    }
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (kept > 0 && entries_[kept - 1].score == entries_[i].score) {
      entries_[kept - 1].negatives += entries_[i].negatives;
      entries_[kept - 1].positives += entries_[i].positives;
    } else {
      entries_[kept++] = entries_[i];
    }
  }
  entries_.resize(kept);
}

void ScoreCounts::merge(const ScoreCounts& other) {
  entries_.insert(entries_.end(), other.entries_.begin(), other.entries_.end());
  normalize();
}

std::int64_t ScoreCounts::negatives() const {
  std::int64_t sum = 0;
  for (const Entry& e : entries_) sum += e.negatives;
  return sum;
}

std::int64_t ScoreCounts::positives() const {
  std::int64_t sum = 0;
  for (const Entry& e : entries_) sum += e.positives;
  return sum;
}

long double ScoreCounts::twice_mann_whitney_u(std::int64_t negatives_below_first) const {
  // 2U = Σ_s pos(s) · (2·neg(< s) + neg(s)), an integer; long double holds it exactly below 2^64.
  long double twice_u = 0.0L;
  std::int64_t negatives_below = negatives_below_first;
  for (const Entry& e : entries_) {
    twice_u += static_cast<long double>(e.positives) * static_cast<long double>(2 * negatives_below + e.negatives);
    negatives_below += e.negatives;
  }
  return twice_u;
}

double ScoreCounts::auc_from(long double twice_u, std::int64_t negative_total, std::int64_t positive_total) {
  if (negative_total == 0 || positive_total == 0) return std::numeric_limits<double>::quiet_NaN();
  const long double pairs = static_cast<long double>(negative_total) * static_cast<long double>(positive_total);
  return static_cast<double>(twice_u / (2.0L * pairs));
}

double ScoreCounts::auc() const { return auc_from(twice_mann_whitney_u(0), negatives(), positives()); }

std::vector<std::size_t> ScoreCounts::roc_indices(std::size_t distinct_total, std::size_t max_points) {
  max_points = std::max<std::size_t>(max_points, 2);
  std::vector<std::size_t> indices;
  if (distinct_total + 1 <= max_points) {
    indices.resize(distinct_total + 1);
    for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = i;
    return indices;
  }
  indices.reserve(max_points);
  const double stride = static_cast<double>(distinct_total) / static_cast<double>(max_points - 1);
  for (std::size_t k = 0; k < max_points; ++k) {
    const auto index = static_cast<std::size_t>(std::llround(static_cast<double>(k) * stride));
    indices.push_back(std::min(index, distinct_total));
  }
  return indices;
}

std::vector<RocPoint> ScoreCounts::roc_points(const std::vector<std::size_t>& indices, std::size_t first_index,
                                              std::int64_t negatives_above, std::int64_t positives_above,
                                              std::int64_t negative_total, std::int64_t positive_total) const {
  std::vector<RocPoint> points;
  std::int64_t false_positives = negatives_above;
  std::int64_t true_positives = positives_above;
  auto wanted = std::lower_bound(indices.begin(), indices.end(), first_index);
  std::size_t index = first_index;
  for (auto e = entries_.rbegin(); e != entries_.rend() && wanted != indices.end(); ++e, ++index) {
    false_positives += e->negatives;
    true_positives += e->positives;
    if (*wanted != index) continue;
    points.push_back({e->score, static_cast<double>(false_positives) / static_cast<double>(negative_total),
                      static_cast<double>(true_positives) / static_cast<double>(positive_total)});
    ++wanted;
  }
  return points;
}

std::vector<RocPoint> ScoreCounts::roc_curve(std::size_t max_points) const {
  const std::int64_t negative_total = negatives();
  const std::int64_t positive_total = positives();
  if (negative_total == 0 || positive_total == 0) return {};
  // Walking the scores from the highest down, each distinct score adds its rows to the called positives:
  // point i (i >= 1) is the i-th highest distinct score, point 0 the threshold +inf.
  const std::vector<std::size_t> indices = roc_indices(entries_.size(), max_points);
  std::vector<RocPoint> curve{{std::numeric_limits<double>::infinity(), 0.0, 0.0}};
  const std::vector<RocPoint> rest = roc_points(indices, 1, 0, 0, negative_total, positive_total);
  curve.insert(curve.end(), rest.begin(), rest.end());
  return curve;
}

std::vector<double> ScoreCounts::pack() const {
  std::vector<double> packed;
  packed.reserve(3 * entries_.size());
  for (const Entry& e : entries_) {
    packed.push_back(e.score);
    packed.push_back(static_cast<double>(e.negatives));
    packed.push_back(static_cast<double>(e.positives));
  }
  return packed;
}

ScoreCounts ScoreCounts::unpack(const std::vector<double>& packed) {
  if (packed.size() % 3 != 0)
    throw std::invalid_argument("packed score counts are not (score, negatives, positives) triples");
  const std::size_t triples = packed.size() / 3;
  // The gathered packs of the ranks are ascending runs: walk them in score order with a heap of run
  // heads, straight into entries of the exact final size (rank 0 holds every rank's distinct scores,
  // so no concatenated copy and no merge buffer besides).
  std::vector<std::size_t> run_starts{0};
  for (std::size_t t = 1; t < triples && run_starts.size() <= kMaxMergedRuns; ++t) {
    if (packed[3 * t] < packed[3 * (t - 1)]) run_starts.push_back(t);
  }
  ScoreCounts counts;
  if (run_starts.size() > kMaxMergedRuns) {  // not a few sorted packs: copy and sort
    counts.entries_.reserve(triples);
    for (std::size_t i = 0; i < packed.size(); i += 3)
      counts.entries_.push_back(
          {packed[i], static_cast<std::int64_t>(packed[i + 1]), static_cast<std::int64_t>(packed[i + 2])});
    counts.normalize();
    return counts;
  }
  run_starts.push_back(triples);

  // One pass, into entries reserved for every triple (pages never written are never touched). A few
  // runs (the usual: one per rank) are merged by scanning their heads; many go through a heap.
  struct Head {
    double score;
    std::size_t triple;
    std::size_t run_end;
    bool operator>(const Head& other) const { return score > other.score; }
  };
  std::vector<Head> heads;
  for (std::size_t r = 0; r + 1 < run_starts.size(); ++r) {
    if (run_starts[r] < run_starts[r + 1]) heads.push_back({packed[3 * run_starts[r]], run_starts[r], run_starts[r + 1]});
  }
  counts.entries_.reserve(triples);
  const auto take = [&](Head& head) {
    const double score = head.score;
    const auto negatives = static_cast<std::int64_t>(packed[3 * head.triple + 1]);
    const auto positives = static_cast<std::int64_t>(packed[3 * head.triple + 2]);
    if (!counts.entries_.empty() && counts.entries_.back().score == score) {
      counts.entries_.back().negatives += negatives;
      counts.entries_.back().positives += positives;
    } else {
      counts.entries_.push_back({score, negatives, positives});
    }
    ++head.triple;
    if (head.triple < head.run_end) head.score = packed[3 * head.triple];
    return head.triple < head.run_end;
  };
  constexpr std::size_t kScannedHeads = 16;
  if (heads.size() <= kScannedHeads) {
    while (!heads.empty()) {
      std::size_t lowest = 0;
      for (std::size_t h = 1; h < heads.size(); ++h) {
        if (heads[h].score < heads[lowest].score) lowest = h;
      }
      if (!take(heads[lowest])) heads.erase(heads.begin() + static_cast<std::ptrdiff_t>(lowest));
    }
  } else {
    std::priority_queue<Head, std::vector<Head>, std::greater<Head>> queue(std::greater<Head>(), std::move(heads));
    while (!queue.empty()) {
      Head head = queue.top();
      queue.pop();
      if (take(head)) queue.push(head);
    }
  }
  return counts;
}

}  // namespace dlogit::eval
