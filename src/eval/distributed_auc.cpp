#include "eval/distributed_auc.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace dlogit::eval {
namespace {

constexpr double kTwoPow32 = 4294967296.0;

// p - 1 scores that cut the union of the ranks' distinct scores into p ranges of similar size: each rank
// offers p - 1 evenly spaced scores of its own, and the cuts are evenly spaced among all offers.
std::vector<double> agree_splitters(const std::vector<double>& packed, comm::Communicator& comm) {
  const auto ranks = static_cast<std::size_t>(comm.size());
  const std::size_t distinct = packed.size() / 3;
  std::vector<double> offer(ranks - 1, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 1; i < ranks && distinct > 0; ++i) offer[i - 1] = packed[3 * (i * distinct / ranks)];
  std::vector<double> offers((ranks - 1) * ranks);
  comm.allgather(offer.data(), ranks - 1, offers.data());
  offers.erase(std::remove_if(offers.begin(), offers.end(), [](double s) { return std::isnan(s); }), offers.end());
  std::sort(offers.begin(), offers.end());
  std::vector<double> splitters(ranks - 1, std::numeric_limits<double>::infinity());
  for (std::size_t i = 1; i < ranks && !offers.empty(); ++i) splitters[i - 1] = offers[i * offers.size() / ranks];
  return splitters;
}

}  // namespace

double distributed_auc(ScoreCounts local, comm::Communicator& comm, std::vector<RocPoint>* roc,
                       std::size_t max_points) {
  if (comm.size() == 1) {
    if (roc != nullptr) *roc = local.roc_curve(max_points);
    return local.auc();
  }
  const auto ranks = static_cast<std::size_t>(comm.size());
  const auto rank = static_cast<std::size_t>(comm.rank());

  // Range q holds the scores s with splitters[q-1] <= s < splitters[q]; equal scores share a range.
  ScoreCounts mine;
  {
    std::vector<double> packed = local.pack();  // ascending scores
    local = ScoreCounts();                      // one copy of the counts at a time
    const std::vector<double> splitters = agree_splitters(packed, comm);
    std::vector<std::size_t> offsets(ranks + 1, 0);
    std::size_t triple = 0;
    const std::size_t triples = packed.size() / 3;
    for (std::size_t q = 0; q + 1 < ranks; ++q) {
      while (triple < triples && packed[3 * triple] < splitters[q]) ++triple;
      offsets[q + 1] = 3 * triple;
    }
    offsets[ranks] = packed.size();
    const std::vector<double> received = comm.alltoallv(packed, offsets);
    std::vector<double>().swap(packed);
    mine = ScoreCounts::unpack(received);
  }

  // Every rank's range totals, in range (= rank) order: negatives, positives, distinct scores.
  const double own[3] = {static_cast<double>(mine.negatives()), static_cast<double>(mine.positives()),
                         static_cast<double>(mine.distinct_scores())};
  std::vector<double> totals(3 * ranks);
  comm.allgather(own, 3, totals.data());
  std::int64_t negative_total = 0, positive_total = 0, negatives_below = 0, negatives_above = 0, positives_above = 0;
  std::size_t distinct_total = 0, distinct_above = 0;
  for (std::size_t q = 0; q < ranks; ++q) {
    const auto negatives = static_cast<std::int64_t>(totals[3 * q]);
    const auto positives = static_cast<std::int64_t>(totals[3 * q + 1]);
    const auto distinct = static_cast<std::size_t>(totals[3 * q + 2]);
    negative_total += negatives;
    positive_total += positives;
    distinct_total += distinct;
    if (q < rank) negatives_below += negatives;
    if (q > rank) {
      negatives_above += negatives;
      positives_above += positives;
      distinct_above += distinct;
    }
  }

  // 2U is an integer below 2^64: summed as two halves below 2^32 each way, the doubles add exactly.
  const long double twice_u = mine.twice_mann_whitney_u(negatives_below);
  const long double high = std::floor(twice_u / kTwoPow32);
  double halves[2] = {static_cast<double>(high), static_cast<double>(twice_u - high * kTwoPow32)};
  comm.allreduce_sum(halves, 2);
  const long double total_twice_u = static_cast<long double>(halves[0]) * kTwoPow32 + halves[1];
  const double auc = ScoreCounts::auc_from(total_twice_u, negative_total, positive_total);

  if (roc != nullptr) {
    // Each rank computes the kept points that fall in its range; rank 0 orders them by index.
    std::vector<double> points;
    if (negative_total > 0 && positive_total > 0) {
      const std::vector<std::size_t> indices = ScoreCounts::roc_indices(distinct_total, max_points);
      for (const RocPoint& point : mine.roc_points(indices, distinct_above + 1, negatives_above, positives_above,
                                                   negative_total, positive_total)) {
        points.insert(points.end(), {point.threshold, point.false_positive_rate, point.true_positive_rate});
      }
    }
    const std::vector<double> gathered = comm.gather(points, 0);
    roc->clear();
    if (comm.is_root() && negative_total > 0 && positive_total > 0) {
      roc->push_back({std::numeric_limits<double>::infinity(), 0.0, 0.0});
      std::vector<RocPoint> all;  // ranges arrive lowest first; the curve runs from the highest score
      for (std::size_t i = 0; i + 2 < gathered.size(); i += 3) all.push_back({gathered[i], gathered[i + 1], gathered[i + 2]});
      std::sort(all.begin(), all.end(), [](const RocPoint& a, const RocPoint& b) { return a.threshold > b.threshold; });
      roc->insert(roc->end(), all.begin(), all.end());
    }
  }
  return auc;
}

}  // namespace dlogit::eval
