#include "model/row_block.hpp"

namespace dlogit::model {

std::vector<Eigen::Index> split_rows(const data::Dataset& shard, int threads) {
  const Eigen::Index rows = shard.local_rows();
  std::vector<Eigen::Index> starts(static_cast<std::size_t>(threads) + 1, rows);
  starts[0] = 0;
  if (!shard.is_sparse()) {
    for (int t = 1; t < threads; ++t) starts[static_cast<std::size_t>(t)] = rows * t / threads;
    return starts;
  }
  const std::vector<int>& offsets = shard.sparse_storage().offsets;
  const double total = static_cast<double>(offsets.back()) + static_cast<double>(rows);
  Eigen::Index row = 0;
  for (int t = 1; t < threads; ++t) {
    const double target = total * t / threads;
    while (row < rows && static_cast<double>(offsets[static_cast<std::size_t>(row)]) + static_cast<double>(row) < target)
      ++row;
    starts[static_cast<std::size_t>(t)] = row;
  }
  return starts;
}

}  // namespace dlogit::model
