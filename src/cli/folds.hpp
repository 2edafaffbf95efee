#pragma once
#include <string>

#include "comm/communicator.hpp"
#include "config/config.hpp"

namespace dlogit::cli {

// `dlogit folds`: writes the cross-validation fold (1..cv.folds) of every training row of the config,
// one line per row in global row order, each rank assigning and writing its own rows in rank order
// (data/folds.hpp has the scheme), so the file is the same on any rank count. Rank 0 then prints each
// fold's rows per label. Throws ConfigError when the config has no cv.folds or more folds than rows.
void run_folds(const config::Config& config, const std::string& output, comm::Communicator& comm);

}  // namespace dlogit::cli
