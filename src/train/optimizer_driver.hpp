#pragma once
#include <vector>

#include "config/config.hpp"
#include "model/penalty.hpp"
#include "optim/optimizer.hpp"
#include "train/checkpoint.hpp"
#include "train/distributed_objective.hpp"
#include "train/progress.hpp"
#include "train/run_record.hpp"

namespace dlogit::train {

struct DriveOptions {
  Eigen::VectorXd start;        // where a run that does not resume begins (empty: zero)
  double reference_norm = 0.0;  // OptimizerOptions::reference_norm (0: the start's own gradient norm)
  Verbosity verbosity = Verbosity::normal;
};

struct DriverOutcome {
  optim::OptimizerResult result;
  std::vector<TraceRow> trace;
  bool interrupted = false;  // a SIGTERM/SIGINT stopped the run after a checkpoint was written
};

// Rank 0's side of training: resumes from the newest valid checkpoint when asked to (checking its
// fingerprints), runs the optimizer against the distributed objective, prints one line per iteration,
// writes checkpoints every checkpoint.every iterations, at the end, and when a stop signal arrives.
// Throws UserError (fingerprint mismatch, unwritable checkpoint) with the other ranks still serving:
// the caller releases them.
DriverOutcome drive_optimizer(const config::Config& config, RankProtocol& protocol, DistributedObjective& objective,
                              const model::Penalty& penalty, Eigen::Index weights, const PhaseTimers& timers,
                              const Fingerprint& config_fingerprint, const Fingerprint& data_fingerprint,
                              const DriveOptions& drive = {});

}  // namespace dlogit::train
