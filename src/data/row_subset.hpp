#pragma once
// A shard of some of the rows of another shard: cross-validation trains on the rows outside one fold
// and scores the rows inside it, from data loaded once.
#include <vector>

#include "comm/communicator.hpp"
#include "data/dataset.hpp"

namespace dlogit::data {

// Collective: the rows of `shard` whose entry of `keep` (one per local row) is nonzero, in the same
// order and layout (CSR or dense, the same value type), with their row weights when `shard` is
// weighted. global_rows, global_nonzeros and first_row describe the subset across all ranks (a rank
// keeping no rows still takes part). The labels and the width are the shard's. Throws
// std::invalid_argument unless `keep` has one entry per local row.
Dataset select_rows(const Dataset& shard, const std::vector<char>& keep, comm::Communicator& comm);

}  // namespace dlogit::data
