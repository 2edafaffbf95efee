#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "config/method.hpp"
#include "optim/optimizer.hpp"
#include "train/checkpoint.hpp"
#include "train/console.hpp"
#include "train/distributed_objective.hpp"
#include "train/rank_protocol.hpp"
#include "train/run_record.hpp"

namespace dlogit::train {

// What rank 0's optimizer run needs, whatever the run is (one λ, a path point).
struct DriveSettings {
  config::Method method = config::Method::newton;  // resolved: never automatic
  optim::OptimizerOptions options;
  std::string checkpoint_dir;
  int checkpoint_every = 10;       // 0: only at the end
  double checkpoint_seconds = 0.0;  // 0: not by time
  int checkpoint_keep = 3;
  bool resume = true;
  Fingerprint config_fingerprint;
  Fingerprint data_fingerprint;
  Eigen::VectorXd start;  // where a run that does not resume begins (empty: zero)
  int ranks = 1;          // recorded in checkpoints, compared on resume
  int threads = 1;
};

struct DriverOutcome {
  optim::OptimizerResult result;
  std::vector<TraceRow> trace;
  bool interrupted = false;  // a SIGTERM/SIGINT stopped the run (after writing a checkpoint, if it could)
  bool signal_checkpoint_lost = false;  // ... but that checkpoint could not be written
  std::string checkpoint_failure;       // the first checkpoint write that failed ("" if none)
  double loop_peak_rss_mb = 0.0;        // rank 0's peak resident set when the optimizer returned (before the final checkpoint)
  std::chrono::steady_clock::time_point loop_ended;  // when the optimizer returned
  double final_checkpoint_seconds = 0.0;             // the checkpoint after the loop (0, 0: none)
  std::int64_t final_checkpoint_bytes = 0;
};

// Rank 0's side of training: resumes from the newest valid checkpoint when asked to (checking its
// fingerprints), runs the optimizer against the distributed objective with the driver hooks (trace,
// progress line, stop on signal, checkpoints every n and at the end). A checkpoint that cannot be written
// is a warning and goes into the outcome: the run goes on. Throws UserError (fingerprint mismatch) with
// the other ranks still serving: the caller releases them.
DriverOutcome drive_optimizer(const DriveSettings& settings, RankProtocol& protocol, DistributedObjective& objective,
                              const optim::L1Term& l1, const Console& console);

}  // namespace dlogit::train
