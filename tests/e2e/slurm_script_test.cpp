// launch/slurm/train.sbatch without SLURM: fake mpirun and scontrol on PATH check that the batch
// script forwards SIGTERM to the ranks and requeues the job when they exit 75 (checkpoint written).
#include <catch2/catch.hpp>
#include <array>
#include <cstdio>
#include <sys/stat.h>
#include <sys/wait.h>

#include "support/test_paths.hpp"

namespace {

std::string executable(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dlogit::test::write_file(dir, name, text);
  chmod(path.c_str(), 0755);
  return path;
}

std::pair<int, std::string> shell(const std::string& command) {
  FILE* pipe = popen(("timeout -k 5 60 bash -c '" + command + "' 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  std::array<char, 4096> buffer{};
  for (size_t got = 0; (got = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) out.append(buffer.data(), got);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

}  // namespace

TEST_CASE("train.sbatch forwards SIGTERM to the ranks and requeues the job on exit 75") {
  const std::string dir = dlogit::test::temp_dir("e2e-sbatch");
  executable(dir, "mpirun",
             "#!/usr/bin/env bash\ntrap 'echo rank got TERM; exit 75' TERM\necho \"mpirun $*\"\n"
             "for i in $(seq 300); do sleep 0.1; done\necho rank finished without a signal\n");
  executable(dir, "scontrol", "#!/usr/bin/env bash\necho \"scontrol $*\"\n");
  const std::string script = dlogit::test::source_dir() + "/launch/slurm/train.sbatch";
  const std::string env = "PATH=" + dir + ":$PATH SLURM_JOB_ID=77 SLURM_NTASKS=3 DLOGIT_LAUNCHER=mpirun "
                          "DLOGIT_BINARY=/bin/true ";
  const auto [code, out] = shell(env + "bash " + script + " my.toml --set a=b & pid=$!; sleep 1; kill -TERM $pid; "
                                 "wait $pid");
  INFO(out);
  CHECK(code == 0);
  CHECK_THAT(out, Catch::Contains("mpirun -n 3 /bin/true train my.toml --set a=b"));
  CHECK_THAT(out, Catch::Contains("rank got TERM"));
  CHECK_THAT(out, Catch::Contains("scontrol requeue 77"));
  CHECK_THAT(out, !Catch::Contains("finished without a signal"));

  // Any other exit code is passed through without a requeue.
  executable(dir, "mpirun", "#!/usr/bin/env bash\necho config error; exit 1\n");
  const auto [failed, failed_out] = shell(env + "bash " + script + " my.toml");
  INFO(failed_out);
  CHECK(failed == 1);
  CHECK_THAT(failed_out, !Catch::Contains("scontrol"));

  const auto [usage, help] = shell("bash " + script + " --help");
  CHECK(usage == 0);
  CHECK_THAT(help, Catch::Contains("--signal=B:TERM@120"));
}
