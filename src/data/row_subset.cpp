#include "data/row_subset.hpp"

#include <stdexcept>

namespace dlogit::data {
namespace {

template <typename T>
void append_range(std::vector<T>& to, const std::vector<T>& from, std::size_t begin, std::size_t end) {
  if (!from.empty()) to.insert(to.end(), from.begin() + static_cast<std::ptrdiff_t>(begin),
                               from.begin() + static_cast<std::ptrdiff_t>(end));
}

SparseStorage sparse_rows(const SparseStorage& from, const std::vector<char>& keep) {
  SparseStorage to;
  to.offsets.reserve(keep.size() + 1);
  for (std::size_t row = 0; row < keep.size(); ++row) {
    if (!keep[row]) continue;
    const auto begin = static_cast<std::size_t>(from.offsets[row]);
    const auto end = static_cast<std::size_t>(from.offsets[row + 1]);
    append_range(to.columns, from.columns, begin, end);
    append_range(to.values64, from.values64, begin, end);
    append_range(to.values32, from.values32, begin, end);
    to.offsets.push_back(static_cast<int>(to.columns.size()));
  }
  return to;
}

DenseStorage dense_rows(const DenseStorage& from, const std::vector<char>& keep, std::size_t width) {
  DenseStorage to;
  for (std::size_t row = 0; row < keep.size(); ++row) {
    if (!keep[row]) continue;
    append_range(to.values64, from.values64, row * width, (row + 1) * width);
    append_range(to.values32, from.values32, row * width, (row + 1) * width);
  }
  return to;
}

}  // namespace

Dataset select_rows(const Dataset& shard, const std::vector<char>& keep, comm::Communicator& comm) {
  if (keep.size() != static_cast<std::size_t>(shard.local_rows()))
    throw std::invalid_argument("select_rows: one keep flag per local row is needed");
  Eigen::Index kept = 0;
  for (const char flag : keep) kept += flag ? 1 : 0;
  Eigen::VectorXd targets(kept);
  Eigen::VectorXd weights(shard.is_weighted() ? kept : 0);
  for (Eigen::Index row = 0, next = 0; row < shard.local_rows(); ++row) {
    if (!keep[static_cast<std::size_t>(row)]) continue;
    targets[next] = shard.targets()[row];
    if (shard.is_weighted()) weights[next] = shard.row_weights()[row];
    ++next;
  }
  // The constructors check the shape; a dense subset keeps the parent's width even with no rows.
  Dataset subset = shard.is_sparse()
                       ? Dataset(sparse_rows(shard.sparse_storage(), keep), shard.features(), std::move(targets))
                       : Dataset(dense_rows(shard.dense_storage(), keep, static_cast<std::size_t>(shard.features())),
                                 shard.features(), std::move(targets));
  if (shard.is_weighted()) subset.set_row_weights(std::move(weights));
  subset.labels = shard.labels;
  double counts[2] = {static_cast<double>(kept), static_cast<double>(subset.local_nonzeros())};
  double below[1] = {counts[0]};
  comm.exclusive_scan_sum(below, 1);
  comm.allreduce_sum(counts, 2);
  subset.global_rows = static_cast<std::int64_t>(counts[0]);
  subset.global_nonzeros = static_cast<std::int64_t>(counts[1]);
  subset.first_row = static_cast<std::int64_t>(below[0]);
  return subset;
}

}  // namespace dlogit::data
