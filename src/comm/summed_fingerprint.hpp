#pragma once
#include <cstdint>
#include <string>

#include "comm/communicator.hpp"

namespace dlogit::comm {

// Collective. A fingerprint of rows spread over the ranks that does not depend on how they are spread:
// each rank sums two independent 64-bit hashes over its rows (each hash of a row's content and global
// index); the sums mod 2^32 are exact in a double allreduce, so every rank count gives the same 16 hex
// digits. Used for the data's content and for the row weights.
std::string summed_fingerprint(Communicator& comm, const std::uint64_t local_sums[2]);

}  // namespace dlogit::comm
