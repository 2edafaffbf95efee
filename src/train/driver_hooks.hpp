#pragma once
// What happens between iterations: hooks that the driver runs, in order, after every iteration the
// optimizer reports. The optimizer loop knows none of them.
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "optim/optimizer.hpp"
#include "train/checkpoint.hpp"
#include "train/checkpoint_cadence.hpp"
#include "train/console.hpp"
#include "train/rank_protocol.hpp"
#include "train/run_record.hpp"

namespace dlogit::train {

class DriverHook {
 public:
  virtual ~DriverHook() = default;
  // After iteration `report`; false stops the run (and the hooks after this one do not run).
  virtual bool after_iteration(const optim::IterationReport& report) = 0;
  // After the optimizer returned.
  virtual void after_run(const optim::OptimizerResult& /*result*/) {}
};

// Writes rank 0's checkpoints: the optimizer's live state, the trace so far and the fingerprints.
class CheckpointWriter {
 public:
  CheckpointWriter(const optim::Optimizer& optimizer, const std::vector<TraceRow>& trace, Fingerprint config,
                   Fingerprint data, std::string dir, int keep, int ranks, int threads, const Console& console);
  // Writes one; a failure is a warning on stderr, not an error, so that the training goes on and its
  // result is still written (the first failure is kept for the end of the run). True if written.
  bool save();
  // The iteration of the last checkpoint this writer wrote (-1: none).
  int last_saved() const { return last_saved_; }
  // The first failed write's message ("" when every write succeeded).
  const std::string& first_failure() const { return first_failure_; }
  // The last save()'s seconds (also when it failed) and the bytes of the file it wrote (0: failed).
  double last_seconds() const { return last_seconds_; }
  std::int64_t last_bytes() const { return last_bytes_; }

 private:
  const optim::Optimizer& optimizer_;
  const std::vector<TraceRow>& trace_;
  Fingerprint config_;
  Fingerprint data_;
  std::string dir_;
  int keep_;
  int ranks_;
  int threads_;
  const Console& console_;
  int last_saved_ = -1;
  double last_seconds_ = 0.0;
  std::int64_t last_bytes_ = 0;
  std::string first_failure_;
  std::set<std::string> verified_;  // checkpoints known to verify: pruning reads each at most once
};

// Appends a trace.csv row: the report plus rank 0's timers so far.
class TraceHook final : public DriverHook {
 public:
  TraceHook(std::vector<TraceRow>& trace, const RankProtocol& protocol);
  bool after_iteration(const optim::IterationReport& report) override;

 private:
  std::vector<TraceRow>& trace_;
  const RankProtocol& protocol_;
  Stopwatch clock_;
};

// Prints the iteration line of the last trace row (normal verbosity) at the console's cadence
// (IterationLineCadence), and the last iteration's line at the end when the cadence skipped it.
class ProgressHook final : public DriverHook {
 public:
  // `resumed_passes`: the passes a resumed run had done before this process (not in its passes/s).
  ProgressHook(const std::vector<TraceRow>& trace, const Console& console, long resumed_passes);
  bool after_iteration(const optim::IterationReport& report) override;
  void after_run(const optim::OptimizerResult& result) override;

 private:
  void print_last(const optim::IterationReport& report);

  const std::vector<TraceRow>& trace_;
  const Console& console_;
  long resumed_passes_;
  IterationLineCadence cadence_;
  int last_printed_ = -1;
  optim::IterationReport last_report_{};
};

// Stops at the iteration where some rank has seen SIGTERM/SIGINT, after writing a checkpoint.
class StopSignalHook final : public DriverHook {
 public:
  StopSignalHook(const RankProtocol& protocol, CheckpointWriter& writer);
  bool after_iteration(const optim::IterationReport& report) override;
  bool interrupted() const { return interrupted_; }
  // Whether the checkpoint written at the signal could not be written.
  bool checkpoint_lost() const { return checkpoint_lost_; }

 private:
  const RankProtocol& protocol_;
  CheckpointWriter& writer_;
  bool interrupted_ = false;
  bool checkpoint_lost_ = false;
};

// Seconds on the steady clock (the default clock of PeriodicCheckpointHook).
double steady_seconds();

// A checkpoint whenever `cadence` says so (after each write, told its start and end on `clock`), and one
// at the end of a run that was not interrupted unless its last iteration is saved already (just written,
// or `resumed_at`: the checkpoint a resumed run that trains no further started from; -1: none).
class PeriodicCheckpointHook final : public DriverHook {
 public:
  PeriodicCheckpointHook(CheckpointWriter& writer, CheckpointCadence cadence, int resumed_at,
                         const StopSignalHook& stop, std::function<double()> clock = steady_seconds);
  bool after_iteration(const optim::IterationReport& report) override;
  void after_run(const optim::OptimizerResult& result) override;
  // The checkpoint after the loop: seconds it took and bytes written (0 and 0 when there was none;
  // the seconds and 0 bytes when it failed).
  double final_seconds() const { return final_seconds_; }
  std::int64_t final_bytes() const { return final_bytes_; }

 private:
  CheckpointWriter& writer_;
  CheckpointCadence cadence_;
  int resumed_at_;
  const StopSignalHook& stop_;
  std::function<double()> clock_;
  double final_seconds_ = 0.0;
  std::int64_t final_bytes_ = 0;
};

// Runs the optimizer with the hooks; rank 0's time inside the hooks is charged to `output`.
optim::OptimizerResult run_with_hooks(optim::Optimizer& optimizer, optim::Objective& objective,
                                      const optim::L1Term& l1, Eigen::VectorXd start, RankProtocol& protocol,
                                      const std::vector<DriverHook*>& hooks);

}  // namespace dlogit::train
