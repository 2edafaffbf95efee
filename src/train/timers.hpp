#pragma once
#include <chrono>

namespace dlogit::train {

// Wall-clock seconds spent in each phase of a run, on this rank.
struct PhaseTimers {
  double load = 0.0;
  double compute = 0.0;  // local passes over the shard
  double comm = 0.0;     // broadcasts and allreduces (includes waiting for slower ranks)
  double total = 0.0;
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

}  // namespace dlogit::train
