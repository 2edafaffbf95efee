#include "data/folds.hpp"

#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

namespace dlogit::data {
namespace {

// splitmix64 (Steele, Lea and Flood 2014; Vigna's constants): a bijection of 64-bit words whose
// outputs pass BigCrush for consecutive inputs, so counters make good seeds.
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t hash(std::uint64_t seed, std::uint64_t stream, std::uint64_t block, std::uint64_t step) {
  std::uint64_t h = splitmix64(seed);
  h = splitmix64(h ^ stream);
  h = splitmix64(h ^ block);
  return splitmix64(h ^ step);
}

void check_folds(int folds) {
  if (folds < 2) throw std::invalid_argument("fold assignment needs at least 2 folds, got " + std::to_string(folds));
}

// The fold of each of the K positions of one block.
std::vector<int> block_permutation(std::uint64_t seed, std::uint64_t stream, std::uint64_t block, int folds) {
  std::vector<int> order(static_cast<std::size_t>(folds));
  std::iota(order.begin(), order.end(), 0);
  for (int t = folds - 1; t >= 1; --t) {
    const auto j = hash(seed, stream, block, static_cast<std::uint64_t>(t)) % static_cast<std::uint64_t>(t + 1);
    std::swap(order[static_cast<std::size_t>(t)], order[j]);
  }
  return order;
}

// Walks one sequence in increasing positions, drawing each block's permutation once.
class SequenceWalker {
 public:
  SequenceWalker(std::uint64_t seed, std::uint64_t stream, int folds) : seed_(seed), stream_(stream), folds_(folds) {}
  int fold(std::int64_t position) {
    const auto block = static_cast<std::uint64_t>(position / folds_);
    if (order_.empty() || block != block_) {
      order_ = block_permutation(seed_, stream_, block, folds_);
      block_ = block;
    }
    return order_[static_cast<std::size_t>(position % folds_)];
  }

 private:
  std::uint64_t seed_;
  std::uint64_t stream_;
  int folds_;
  std::uint64_t block_ = 0;
  std::vector<int> order_;
};

}  // namespace

int fold_of_position(std::uint64_t seed, std::uint64_t stream, std::int64_t position, int folds) {
  check_folds(folds);
  if (position < 0) throw std::invalid_argument("fold assignment: negative position " + std::to_string(position));
  return block_permutation(seed, stream, static_cast<std::uint64_t>(position / folds), folds)
      [static_cast<std::size_t>(position % folds)];
}

std::vector<int> assign_folds(const Dataset& shard, const FoldOptions& options, comm::Communicator& comm) {
  check_folds(options.folds);
  const Eigen::VectorXd& targets = shard.targets();
  const auto rows = static_cast<std::size_t>(shard.local_rows());
  std::vector<int> folds(rows);
  if (!options.stratified) {
    SequenceWalker walker(options.seed, 0, options.folds);
    for (std::size_t i = 0; i < rows; ++i) folds[i] = walker.fold(shard.first_row + static_cast<std::int64_t>(i));
    return folds;
  }
  // Where this rank's rows of each class start in that class's sequence: the counts of the ranks below.
  std::vector<double> next(2, 0.0);
  for (std::size_t i = 0; i < rows; ++i) next[targets[static_cast<Eigen::Index>(i)] != 0.0 ? 1 : 0] += 1.0;
  comm.exclusive_scan_sum(next);
  std::array<std::int64_t, 2> position{static_cast<std::int64_t>(next[0]), static_cast<std::int64_t>(next[1])};
  std::array<SequenceWalker, 2> walkers{SequenceWalker(options.seed, 1, options.folds),
                                        SequenceWalker(options.seed, 2, options.folds)};
  for (std::size_t i = 0; i < rows; ++i) {
    const std::size_t target = targets[static_cast<Eigen::Index>(i)] != 0.0 ? 1 : 0;
    folds[i] = walkers[target].fold(position[target]++);
  }
  return folds;
}

std::vector<std::array<std::int64_t, 2>> fold_class_counts(const Dataset& shard, const std::vector<int>& folds,
                                                           int fold_count, comm::Communicator& comm) {
  if (folds.size() != static_cast<std::size_t>(shard.local_rows()))
    throw std::invalid_argument("fold_class_counts: one fold per local row expected");
  std::vector<double> counts(2 * static_cast<std::size_t>(fold_count), 0.0);
  for (std::size_t i = 0; i < folds.size(); ++i) {
    if (folds[i] < 0 || folds[i] >= fold_count)
      throw std::invalid_argument("fold_class_counts: fold " + std::to_string(folds[i]) + " out of range");
    const std::size_t target = shard.targets()[static_cast<Eigen::Index>(i)] != 0.0 ? 1 : 0;
    counts[2 * static_cast<std::size_t>(folds[i]) + target] += 1.0;
  }
  comm.allreduce_sum(counts);
  std::vector<std::array<std::int64_t, 2>> out(static_cast<std::size_t>(fold_count));
  for (std::size_t f = 0; f < out.size(); ++f)
    out[f] = {static_cast<std::int64_t>(counts[2 * f]), static_cast<std::int64_t>(counts[2 * f + 1])};
  return out;
}

}  // namespace dlogit::data
