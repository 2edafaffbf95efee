#pragma once
// How a fused pass walks its rows: in blocks of kBlockRows margins, so that a loss evaluates its
// per-row terms over a whole block at once (Eigen's vectorised exp/log), and each thread over a
// contiguous range of rows of about equal work.
#include <Eigen/Core>
#include <vector>

#include "data/dataset.hpp"

namespace dlogit::model {

// The block arrays live on the stack: a fixed maximum size means no allocation in the pass.
constexpr Eigen::Index kBlockRows = 128;
using RowBlock = Eigen::Array<double, Eigen::Dynamic, 1, Eigen::ColMajor, kBlockRows, 1>;

// Row blocks of about equal work (nonzeros plus a per-row cost), one per thread: thread t owns rows
// [starts[t], starts[t+1]).
std::vector<Eigen::Index> split_rows(const data::Dataset& shard, int threads);

}  // namespace dlogit::model
