#pragma once
#include <string>

#include "comm/communicator.hpp"

namespace dlogit::train {

// Collective: rank 0 creates `dir` (with its parents) and checks that it can write there, before any
// training, so that a finished run is never lost to an unwritable folder. UserError naming the config
// `key` (output.dir, checkpoint.dir) and the folder on rank 0, AgreedFailure elsewhere.
void prepare_output_dir(const std::string& dir, comm::Communicator& comm, const std::string& key = "output.dir");

}  // namespace dlogit::train
