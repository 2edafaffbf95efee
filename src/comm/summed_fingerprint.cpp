#include "comm/summed_fingerprint.hpp"

#include <cinttypes>
#include <cstdio>

namespace dlogit::comm {

std::string summed_fingerprint(Communicator& comm, const std::uint64_t local_sums[2]) {
  double totals[2] = {static_cast<double>(local_sums[0] & 0xFFFFFFFFULL),
                      static_cast<double>(local_sums[1] & 0xFFFFFFFFULL)};
  comm.allreduce_sum(totals, 2);
  char text[20];
  std::snprintf(text, sizeof text, "%08" PRIx32 "%08" PRIx32,
                static_cast<std::uint32_t>(static_cast<std::uint64_t>(totals[0]) & 0xFFFFFFFFULL),
                static_cast<std::uint32_t>(static_cast<std::uint64_t>(totals[1]) & 0xFFFFFFFFULL));
  return text;
}

}  // namespace dlogit::comm
