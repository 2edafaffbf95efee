#pragma once
// Which cross-validation fold each training row belongs to ([cv], `dlogit folds`).
//
// The scheme. Rows are numbered in a sequence and cut into blocks of K consecutive positions (K = the
// number of folds); the rows of one block go to the K folds in the order of a permutation of 0..K-1
// drawn for that block. Position p of the sequence is in fold perm(seed, stream, p / K)[p % K], where
// perm is a Fisher-Yates shuffle whose swap at step t (t = K-1 down to 1) takes
// j = hash(seed, stream, block, t) mod (t+1), hash being splitmix64's mixer applied to each
// argument in turn (a counter-based hash, not a sequential generator: any rank computes the fold of
// any position on its own, in O(K) per block).
//   - Unstratified: the sequence is all rows in global row order (stream 0): the fold of global row i
//     is a function of (seed, i) only. Every block of K rows fills each fold once, so fold sizes
//     differ by at most one.
//   - Stratified: one sequence per class, the rows of that class in global row order (stream 1 for
//     the negative class, 2 for the positive one), so the fold of a row is a function of (seed, its
//     class, its rank among the rows of its class). Each fold then holds the same number of rows of a
//     class to within one, and its whole size is within two (one per class) of any other's. A rank
//     learns where its rows start in each class's sequence from one exclusive prefix sum of the
//     ranks' per-class counts.
// Either way the folds are the same on any rank count, and the same seed gives the same folds.
// Rows are those the loader reads (global row order: data/dataset.hpp's first_row); a row weighted 0
// still has a fold. The modulo bias of a 64-bit hash mod (t+1) is below 2^-40 for any K < 2^24.
#include <array>
#include <cstdint>
#include <vector>

#include "comm/communicator.hpp"
#include "data/dataset.hpp"

namespace dlogit::data {

struct FoldOptions {
  int folds = 5;            // K >= 2
  std::uint64_t seed = 1;
  bool stratified = true;  // keep each fold's class proportions (to within one row per class)
};

// The fold (0-based, < folds) of position `position` of sequence `stream` (0: all rows; 1 + class:
// the rows of one class). Pure; throws std::invalid_argument when folds < 2 or position < 0.
int fold_of_position(std::uint64_t seed, std::uint64_t stream, std::int64_t position, int folds);

// Unstratified: the fold of global row `row`.
inline int fold_of_row(std::uint64_t seed, std::int64_t row, int folds) { return fold_of_position(seed, 0, row, folds); }

// Stratified: the fold of the row that is number `rank_in_class` (0-based, global row order) of class
// `target` (0 or 1).
inline int fold_of_class_row(std::uint64_t seed, int target, std::int64_t rank_in_class, int folds) {
  return fold_of_position(seed, 1 + static_cast<std::uint64_t>(target != 0), rank_in_class, folds);
}

// Collective: the fold (0-based) of each of this rank's rows, in local row order. Throws
// std::invalid_argument when options.folds < 2 (the config checks this for users).
std::vector<int> assign_folds(const Dataset& shard, const FoldOptions& options, comm::Communicator& comm);

// Collective: how many rows of each class each fold holds, over all ranks: counts[fold][class].
std::vector<std::array<std::int64_t, 2>> fold_class_counts(const Dataset& shard, const std::vector<int>& folds,
                                                           int fold_count, comm::Communicator& comm);

}  // namespace dlogit::data
