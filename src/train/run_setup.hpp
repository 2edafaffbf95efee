#pragma once
// What a training and an experiment do before their data is loaded, and the local objective each of
// their runs trains.
#include <memory>

#include "comm/communicator.hpp"
#include "config/config.hpp"
#include "data/dataset.hpp"
#include "model/local_objective.hpp"
#include "train/console.hpp"
#include "train/provenance.hpp"
#include "train/run_lock.hpp"
#include "train/thread_count.hpp"

namespace dlogit::train {

// Held for the whole run: the folder locks (released when it is destroyed), the pass threads, and
// what produced the run.
struct RunSetup {
  RunLocks locks;
  ThreadCount threads;
  RunProvenance provenance;
};

// Collective: creates and checks output.dir (and checkpoint.dir when set), locks them, checks the input
// paths, resolves each rank's threads and has rank 0 write output.dir/config.toml, in this order, so
// that a run that fails on its data still leaves the config it ran.
RunSetup set_up_run(const config::Config& config, comm::Communicator& comm, const Console& console);

// The local objective a run of `config` trains over `rows`: per-row curvature kept for newton's Hessian
// passes (pqn's diagonal at x0 computes its own in one pass), the certificate's sums when it stops on it.
std::unique_ptr<model::LocalObjective> training_objective(const config::Config& config, const data::Dataset& rows,
                                                          int threads);

}  // namespace dlogit::train
