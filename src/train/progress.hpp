#pragma once
#include <string>

#include "comm/communicator.hpp"
#include "data/dataset.hpp"
#include "train/run_record.hpp"

namespace dlogit::train {

// How much rank 0 prints while training (errors and warnings always go to stderr).
//   quiet:   the final summary only (for a path: its table)
//   normal:  also the load line, one line per iteration, and each path point's summary
//   verbose: also one load line per rank, the lambda_max computation, and each checkpoint written
enum class Verbosity { quiet, normal, verbose };

// Collective. Rank 0 prints, once, the rows/s and MB/s of the slowest and fastest rank (verbose: every
// rank's). A rank's bytes are what it read from disk (data::expected_read_bytes): for plain input its
// share of the byte range (the line alignment moves it by less than a line), for compressed input the
// compressed bytes of its files or, for a file split among ranks, of the counting and reading passes
// ("compressed MB/s").
void report_load(comm::Communicator& comm, const std::string& what, const std::string& pattern,
                 const data::Dataset& shard, double local_seconds, double slowest_seconds, Verbosity verbosity);

// Rank 0's iteration line: objective, gradient norm, step, evaluations, time since training started
// and `passes_per_second`, the passes over the data (function plus Hessian-vector evaluations) per second
// since this process started the optimizer (a resumed run's earlier passes are not counted).
std::string iteration_line(const TraceRow& row, double passes_per_second);

}  // namespace dlogit::train
