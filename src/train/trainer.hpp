#pragma once
#include "comm/communicator.hpp"
#include "config/config.hpp"
#include "train/progress.hpp"

namespace dlogit::train {

// Runs one training job on every rank (collective): prepares output.dir, loads each rank's shard,
// lets rank 0 drive the optimizer while the other ranks evaluate, and has rank 0 write model.bin,
// result.json and trace.csv (and roc.csv with a test set). With a lambda list or regularization.path it
// trains the path instead: every point in <output.dir>/path/<NNN-lambda-L>/, and <output.dir>/path.csv.
// Throws UserError / AgreedFailure on every rank together on failure; CheckpointWriteFailed on every
// rank after the results were written when some checkpoint could not be.
// With [cv] folds or a [grid] it runs the experiment instead (train/experiment.hpp).
// `log_every`: iteration lines at normal verbosity (IterationLineCadence; 0: the default cadence).
void train(const config::Config& config, comm::Communicator& comm, Verbosity verbosity = Verbosity::normal,
           int log_every = 0);

}  // namespace dlogit::train
