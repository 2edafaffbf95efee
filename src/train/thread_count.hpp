#pragma once
#include <functional>
#include <optional>
#include <string>

namespace dlogit::train {

// How many threads each rank runs its passes on, and what decided it (result.json records both).
struct ThreadCount {
  int threads = 1;
  std::string from;  // "runtime.threads", "affinity", "SLURM_CPUS_PER_TASK", "OMP_NUM_THREADS" or "default"
};

// What the resolution looks at besides the config, injectable for tests.
struct ThreadEnvironment {
  std::function<const char*(const char* name)> variable;  // getenv: null when unset
  std::function<int()> affinity_cpus;                      // CPUs this process may run on, >= 1
};

// The process's own environment and affinity mask.
ThreadEnvironment process_environment();

// The CPUs in this process's affinity mask (sched_getaffinity, so a SLURM or taskset cpuset counts, not
// the machine's cores); the hardware thread count when the mask cannot be read.
int affinity_cpu_count();

// runtime.threads when set (0 = affinity_cpus()); unset: SLURM_CPUS_PER_TASK, then OMP_NUM_THREADS,
// else 1. A variable that is set but not a positive integer is an error naming it.
ThreadCount resolve_threads(const std::optional<int>& configured, const ThreadEnvironment& environment);

}  // namespace dlogit::train
