#pragma once
#include <string>

#include "comm/communicator.hpp"

namespace dlogit::eval {

// Collective: writes every rank's `text` into one file at `path`, rank 0's first, in parallel. Rank 0
// creates `path`.tmp (truncating it) before anyone writes; an allgather of the byte sizes gives each
// rank its offset (exclusive prefix sum), each rank pwrite()s its block there, and once all have
// succeeded rank 0 renames the file to `path`, so a failed run never leaves a partial `path`.
// `path` "-" (standard output), a device or a FIFO (common/output_target.hpp) is written in place by rank 0
// alone, in rank order, the other ranks' text fetched in chunks; it is never renamed over. Rank 0 creates
// the folder of a new file; errors name `path`, not the temporary file.
// Throws UserError naming the file on the rank that failed and AgreedFailure on the others.
void write_in_rank_order(const std::string& path, const std::string& text, comm::Communicator& comm);

}  // namespace dlogit::eval
