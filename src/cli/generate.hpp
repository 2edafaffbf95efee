#pragma once
#include <string>

#include "comm/communicator.hpp"
#include "config/config.hpp"

namespace dlogit::cli {

// `dlogit generate`: writes the rows of the config's [data.synthetic] set (or its held-out test rows)
// as a LIBSVM file, each rank generating and writing its own share in rank order, so the file is the
// same on any rank count and holds exactly the rows `dlogit train` generates.
void run_generate(const config::Config& config, const std::string& output, bool test_rows, comm::Communicator& comm);

}  // namespace dlogit::cli
