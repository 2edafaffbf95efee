#include "train/thread_count.hpp"

#include <sched.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "common/errors.hpp"
#include "common/quoted_excerpt.hpp"

namespace dlogit::train {
namespace {

// A positive decimal integer, the whole text; nullopt otherwise.
std::optional<int> positive_integer(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value < 1) return std::nullopt;
  return value;
}

}  // namespace

int affinity_cpu_count() {
  cpu_set_t mask;
  CPU_ZERO(&mask);
  if (sched_getaffinity(0, sizeof(mask), &mask) == 0) {
    const int count = CPU_COUNT(&mask);
    if (count >= 1) return count;
  }
  const unsigned hardware = std::thread::hardware_concurrency();
  return hardware == 0 ? 1 : static_cast<int>(hardware);
}

ThreadEnvironment process_environment() {
  return ThreadEnvironment{[](const char* name) -> const char* { return std::getenv(name); }, affinity_cpu_count};
}

ThreadCount resolve_threads(const std::optional<int>& configured, const ThreadEnvironment& environment) {
  if (configured) {
    if (*configured > 0) return {*configured, "runtime.threads"};
    return {environment.affinity_cpus(), "affinity"};
  }
  for (const char* name : {"SLURM_CPUS_PER_TASK", "OMP_NUM_THREADS"}) {
    const char* text = environment.variable(name);
    if (text == nullptr) continue;
    const std::optional<int> value = positive_integer(text);
    if (!value) {
      throw ConfigError(std::string("environment variable ") + name + "='" + quoted_excerpt(text) +
                        "' is not a positive integer (runtime.threads is not set, so it decides the "
                        "threads per rank; set runtime.threads or fix the variable)");
    }
    return {*value, name};
  }
  return {1, "default"};
}

}  // namespace dlogit::train
