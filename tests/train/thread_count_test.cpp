#include "train/thread_count.hpp"

#include <sched.h>

#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "common/errors.hpp"

using dlogit::ConfigError;
using dlogit::train::affinity_cpu_count;
using dlogit::train::resolve_threads;
using dlogit::train::ThreadCount;
using dlogit::train::ThreadEnvironment;

namespace {

// An environment of the given variables and an affinity mask of `cpus` CPUs.
ThreadEnvironment fake(std::map<std::string, std::string> variables, int cpus = 6) {
  return ThreadEnvironment{[variables](const char* name) -> const char* {
                             const auto found = variables.find(name);
                             return found == variables.end() ? nullptr : found->second.c_str();
                           },
                           [cpus] { return cpus; }};
}

std::string error_of(const std::optional<int>& configured, const ThreadEnvironment& environment) {
  try {
    resolve_threads(configured, environment);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("runtime.threads, when set, wins over the environment, and 0 is the affinity mask", "[train][threads]") {
  const auto environment = fake({{"SLURM_CPUS_PER_TASK", "4"}, {"OMP_NUM_THREADS", "3"}}, 6);
  const ThreadCount three = resolve_threads(3, environment);
  CHECK(three.threads == 3);
  CHECK(three.from == "runtime.threads");
  const ThreadCount all = resolve_threads(0, environment);
  CHECK(all.threads == 6);
  CHECK(all.from == "affinity");
}

TEST_CASE("runtime.threads not set: SLURM_CPUS_PER_TASK, then OMP_NUM_THREADS, else 1", "[train][threads]") {
  const ThreadCount slurm = resolve_threads(std::nullopt, fake({{"SLURM_CPUS_PER_TASK", "4"}, {"OMP_NUM_THREADS", "3"}}));
  CHECK(slurm.threads == 4);
  CHECK(slurm.from == "SLURM_CPUS_PER_TASK");
  const ThreadCount omp = resolve_threads(std::nullopt, fake({{"OMP_NUM_THREADS", "3"}}));
  CHECK(omp.threads == 3);
  CHECK(omp.from == "OMP_NUM_THREADS");
  const ThreadCount none = resolve_threads(std::nullopt, fake({}));
  CHECK(none.threads == 1);
  CHECK(none.from == "default");
}

TEST_CASE("a thread variable that is not a positive integer is an error naming it", "[train][threads]") {
  for (const char* bad : {"", "0", "-2", "two", "4 ", "3,3", "99999999999"}) {
    INFO("SLURM_CPUS_PER_TASK='" << bad << "'");
    const std::string message = error_of(std::nullopt, fake({{"SLURM_CPUS_PER_TASK", bad}, {"OMP_NUM_THREADS", "2"}}));
    CHECK_THAT(message, Catch::Contains("SLURM_CPUS_PER_TASK") && Catch::Contains("positive integer"));
  }
  CHECK_THAT(error_of(std::nullopt, fake({{"OMP_NUM_THREADS", "x"}})), Catch::Contains("OMP_NUM_THREADS='x'"));
  // runtime.threads set: the environment is not read, so a bad variable does not matter.
  CHECK(error_of(2, fake({{"OMP_NUM_THREADS", "x"}})).empty());
}

TEST_CASE("the affinity count is this process's cpuset, not the machine's cores", "[train][threads]") {
  cpu_set_t mask;
  CPU_ZERO(&mask);
  REQUIRE(sched_getaffinity(0, sizeof(mask), &mask) == 0);
  CHECK(affinity_cpu_count() == CPU_COUNT(&mask));
  // Narrowed to one CPU (as taskset or a SLURM cpuset would), the count follows; restored afterwards.
  int first = 0;
  while (!CPU_ISSET(first, &mask)) ++first;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(first, &one);
  REQUIRE(sched_setaffinity(0, sizeof(one), &one) == 0);
  const int narrowed = affinity_cpu_count();
  REQUIRE(sched_setaffinity(0, sizeof(mask), &mask) == 0);
  CHECK(narrowed == 1);
}
