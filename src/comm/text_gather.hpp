#pragma once
#include <string>
#include <vector>

#include "comm/communicator.hpp"

namespace dlogit::comm {

// Collective: every rank's `text` (a host name), on `root` in rank order; an empty vector elsewhere.
// The bytes travel as doubles through Communicator::gather, so any Communicator can do it.
std::vector<std::string> gather_text(Communicator& comm, const std::string& text, int root = 0);

}  // namespace dlogit::comm
