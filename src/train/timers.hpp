#pragma once
#include <chrono>
#include <vector>

namespace dlogit::train {

// Wall-clock seconds spent in each phase of a run, on this rank.
struct PhaseTimers {
  double load = 0.0;
  double compute = 0.0;  // local passes over the shard
  double comm = 0.0;     // broadcasts and allreduces (includes waiting for slower ranks) = broadcast + allreduce
  double broadcast = 0.0;
  double allreduce = 0.0;
  double update = 0.0;   // rank 0: the optimizer's own work between evaluations
  double output = 0.0;   // rank 0: iteration lines and checkpoints
  double total = 0.0;
  // This rank's compute seconds of every evaluation, in order; gathered on rank 0 at the end to split
  // rank 0's allreduce wait into imbalance (slowest rank minus the mean) and the allreduce itself.
  std::vector<double> evaluation_compute;
};

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }
  // Adds the time since the last lap (or construction) to `bucket`.
  void lap(double& bucket) {
    const auto now = std::chrono::steady_clock::now();
    bucket += std::chrono::duration<double>(now - start_).count();
    start_ = now;
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// Charges this rank's wall-clock time to the phase it is in: enter(phase) adds the time since the last
// enter to the previous phase's timer. The rank protocol moves through broadcast, compute and allreduce
// (then update on rank 0, or straight back to broadcast elsewhere); the driver's hooks enter output and
// return to update. So every second between two evaluations lands in exactly one phase, and nothing the
// optimizers see keeps time.
class PhaseClock {
 public:
  using Phase = double PhaseTimers::*;
  PhaseClock(PhaseTimers& timers, Phase first) : timers_(timers), phase_(first) {}
  void enter(Phase phase) {
    watch_.lap(timers_.*phase_);
    phase_ = phase;
    timers_.comm = timers_.broadcast + timers_.allreduce;
  }
  // Drops the time since the last enter (charged to no phase).
  void discard() { watch_ = Stopwatch(); }
  Phase phase() const { return phase_; }
  PhaseTimers& timers() { return timers_; }
  const PhaseTimers& timers() const { return timers_; }

 private:
  PhaseTimers& timers_;
  Phase phase_;
  Stopwatch watch_;
};

}  // namespace dlogit::train
