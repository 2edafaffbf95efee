// runtime.threads and the environment that decides it when unset, as result.json records them.
#include <catch2/catch.hpp>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::json_number;
using dlogit::test::read_text;
using dlogit::test::run_dlogit;

namespace {

std::string short_a9a_config(const std::string& dir) {
  return dlogit::test::write_file(dir, "a9a.toml",
                                  "[data]\ntrain = \"" + dlogit::test::dataset("a9a.svm") +
                                      "\"\n[optimizer]\nmethod = \"lbfgs\"\nmax_iter = 5\ntol = 0\n");
}

}  // namespace

TEST_CASE("result.json records the thread count and what decided it, and the same count gives the same bits") {
  const std::string dir = dlogit::test::temp_dir("e2e-threads");
  const auto config = short_a9a_config(dir);
  // Unset: SLURM_CPUS_PER_TASK decides over OMP_NUM_THREADS.
  const auto from_slurm = run_dlogit(2, "train " + config + " --set output.dir=" + dir + "/slurm", 120,
                                     "SLURM_CPUS_PER_TASK=2 OMP_NUM_THREADS=3");
  INFO(from_slurm.out);
  REQUIRE(from_slurm.exit_code == 0);
  CHECK(json_number(dir + "/slurm/result.json", "threads") == 2);
  CHECK_THAT(read_text(dir + "/slurm/result.json"), Catch::Contains("\"threads_from\": \"SLURM_CPUS_PER_TASK\""));

  // The key wins over the environment, and 2 threads are 2 threads whoever decided it.
  const auto from_key = run_dlogit(2, "train " + config + " --set runtime.threads=2 --set output.dir=" + dir + "/key",
                                   120, "OMP_NUM_THREADS=3");
  INFO(from_key.out);
  REQUIRE(from_key.exit_code == 0);
  CHECK(json_number(dir + "/key/result.json", "threads") == 2);
  CHECK_THAT(read_text(dir + "/key/result.json"), Catch::Contains("\"threads_from\": \"runtime.threads\""));
  CHECK(dlogit::test::same_bytes(dir + "/slurm/model.bin", dir + "/key/model.bin"));

  // Nothing set: one thread.
  const auto plain = run_dlogit(1, "train " + config + " --set output.dir=" + dir + "/plain", 120,
                                "-u SLURM_CPUS_PER_TASK -u OMP_NUM_THREADS");
  INFO(plain.out);
  REQUIRE(plain.exit_code == 0);
  CHECK(json_number(dir + "/plain/result.json", "threads") == 1);
  CHECK_THAT(read_text(dir + "/plain/result.json"), Catch::Contains("\"threads_from\": \"default\""));
}

TEST_CASE("a bad OMP_NUM_THREADS is refused before loading, naming the variable, on every rank") {
  const std::string dir = dlogit::test::temp_dir("e2e-threads-bad");
  const auto config = short_a9a_config(dir);
  const auto outcome = run_dlogit(2, "train " + config + " --set output.dir=" + dir + "/out", 60,
                                  "-u SLURM_CPUS_PER_TASK OMP_NUM_THREADS=lots");
  INFO(outcome.out);
  CHECK(outcome.exit_code != 0);
  CHECK(outcome.exit_code != 124);
  CHECK_THAT(outcome.out, Catch::Contains("OMP_NUM_THREADS='lots'") && Catch::Contains("positive integer"));
  CHECK_THAT(outcome.out, !Catch::Contains("iter"));
}
