#pragma once
#include "comm/communicator.hpp"
#include "config/config.hpp"

namespace dlogit::train {

// Collective, before anything is loaded: every data path of the config (data.train, data.test,
// data.weights; not [data.synthetic]) names at least one file on every rank. A missing one is reported
// with the config line (or --set) that gave it, and for a relative path the absolute path it resolved
// to: paths are relative to the working directory, not to the config file, and a run started from
// another folder is the usual cause. Throws UserError on the failing ranks, AgreedFailure on the others.
void check_input_paths(const config::Config& config, comm::Communicator& comm);

}  // namespace dlogit::train
