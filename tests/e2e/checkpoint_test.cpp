// Failures injected into real multi-rank runs: a killed rank, a preempting SIGTERM, a corrupt newest
// checkpoint, a changed config. After each, rerunning the same command must end with exactly the model
// an uninterrupted run produces.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <chrono>
#include <map>
#include <thread>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::json_number;
using dlogit::test::run_dlogit;

namespace {

// A run long enough (a few seconds on 2 ranks) to be interrupted after its first checkpoints: a9a
// eight times over (260k rows, as part files linked to the plain copy of tests/datasets/a9a.svm.xz), tol = 0.
struct ResumableRun {
  std::string dir = dlogit::test::temp_dir("resume");
  std::string config;
  std::string method;

  ResumableRun(const std::string& optimizer, int max_iter, int every = 25) : method(optimizer) {
    for (int part = 0; part < 8; ++part)
      std::filesystem::create_symlink(dlogit::test::dataset("a9a.svm"), dir + "/part-" + std::to_string(part));
    config = dlogit::test::write_file(
        dir, method + ".toml",
        "[data]\nformat = \"libsvm\"\ntrain = \"" + dir + "/part-*" +
            "\"\n[regularization]\npenalty = \"" + (method == "owlqn" || method == "pqn" ? "l1" : "l2") + "\"\nlambda = 0.01\n" +
            "[optimizer]\nmethod = \"" + method + "\"\ntol = 0\nmax_iter = " + std::to_string(max_iter) +
            "\n[checkpoint]\nevery = " + std::to_string(every) + "\n");
  }
  std::string arguments(const std::string& out) const { return "train " + config + " --set output.dir=" + out; }

  std::string uninterrupted(int ranks = 2) const {
    const std::string out = dir + "/reference";
    const auto outcome = run_dlogit(ranks, arguments(out), 300);
    INFO(outcome.out);
    REQUIRE(outcome.exit_code == 0);
    return out;
  }
};

void require_same_model(const std::string& a, const std::string& b) {
  CHECK(dlogit::test::same_bytes(a + "/model.bin", b + "/model.bin"));
  CHECK(json_number(a + "/result.json", "iterations") == json_number(b + "/result.json", "iterations"));
  CHECK(json_number(a + "/result.json", "objective") == json_number(b + "/result.json", "objective"));
}

void kill_then_resume(const std::string& method, int max_iter, int every) {
  const ResumableRun run(method, max_iter, every);
  const std::string out = run.dir + "/killed";
  {
    dlogit::test::BackgroundRun job(2, run.arguments(out), run.dir + "/killed.log");
    REQUIRE(dlogit::test::wait_for_file(out + "/checkpoints", "ckpt-", 60));
    REQUIRE(dlogit::test::signal_one_rank(run.config, SIGKILL));
    const int code = job.wait();
    INFO(dlogit::test::read_text(run.dir + "/killed.log"));
    CHECK(code != 0);
    CHECK(code != 124);  // the job ended by itself, no hang
  }
  CHECK_FALSE(std::filesystem::exists(out + "/result.json"));
  const auto resumed = run_dlogit(2, run.arguments(out), 300);
  INFO(resumed.out);
  REQUIRE(resumed.exit_code == 0);
  CHECK_THAT(resumed.out, Catch::Contains("resuming from"));
  require_same_model(out, run.uninterrupted());
}

}  // namespace

TEST_CASE("SIGKILL of a rank mid-run, rerun: bitwise the same model as an uninterrupted run (lbfgs)") {
  kill_then_resume("lbfgs", 600, 25);
}

TEST_CASE("SIGKILL of a rank mid-run, rerun: bitwise the same model as an uninterrupted run (owlqn, l1)") {
  kill_then_resume("owlqn", 300, 25);
}

TEST_CASE("SIGKILL of a rank mid-run, rerun: bitwise the same model as an uninterrupted run (pqn, l1)") {
  kill_then_resume("pqn", 300, 25);
}

TEST_CASE("SIGKILL of a rank mid-run, rerun: bitwise the same model as an uninterrupted run (newton)") {
  kill_then_resume("newton", 12, 1);
}

TEST_CASE("SIGTERM on one rank: all ranks stop at the same iteration with a checkpoint and exit 75, and a rerun resumes") {
  const ResumableRun run("gd", 300, 10);
  const std::string out = run.dir + "/preempted";
  {
    dlogit::test::BackgroundRun job(2, run.arguments(out), run.dir + "/preempted.log");
    REQUIRE(dlogit::test::wait_for_file(out + "/checkpoints", "ckpt-", 60));
    REQUIRE(dlogit::test::signal_one_rank(run.config, SIGTERM));
    const int code = job.wait();
    const std::string log = dlogit::test::read_text(run.dir + "/preempted.log");
    INFO(log);
    CHECK(code == 75);
    CHECK_THAT(log, Catch::Contains("rerun") || Catch::Contains("resume"));
  }
  CHECK_FALSE(std::filesystem::exists(out + "/result.json"));
  const auto resumed = run_dlogit(2, run.arguments(out), 300);
  INFO(resumed.out);
  REQUIRE(resumed.exit_code == 0);
  CHECK_THAT(resumed.out, Catch::Contains("resuming from"));
  require_same_model(out, run.uninterrupted());
}

TEST_CASE("resuming on another rank count reaches the same optimum to 1e-9") {
  const ResumableRun run("lbfgs", 40);
  const std::string out = run.dir + "/ranks";
  // First 12 iterations on 2 ranks, then finish on 3.
  const auto first = run_dlogit(2, run.arguments(out) + " --set optimizer.max_iter=12", 120);
  INFO(first.out);
  REQUIRE(first.exit_code == 0);
  const auto second = run_dlogit(3, run.arguments(out), 120);
  INFO(second.out);
  REQUIRE(second.exit_code == 0);
  CHECK_THAT(second.out, Catch::Contains("at iteration 12"));
  CHECK_THAT(second.out, Catch::Contains("resuming a 2-rank checkpoint on 3 ranks: results agree to rounding, not bitwise"));
  const std::string reference = run.uninterrupted();
  const double a = json_number(out + "/result.json", "objective");
  const double b = json_number(reference + "/result.json", "objective");
  CHECK(std::abs(a - b) / b <= 1e-9);
}

TEST_CASE("a corrupt newest checkpoint is skipped with a warning and the previous one is used") {
  const ResumableRun run("lbfgs", 60);
  const std::string out = run.dir + "/corrupt";
  const auto first = run_dlogit(2, run.arguments(out) + " --set optimizer.max_iter=50", 120);
  REQUIRE(first.exit_code == 0);
  const std::string newest = out + "/checkpoints/ckpt-00000050.bin";
  REQUIRE(std::filesystem::exists(newest));
  std::filesystem::resize_file(newest, std::filesystem::file_size(newest) / 2);
  const auto second = run_dlogit(2, run.arguments(out), 120);
  INFO(second.out);
  REQUIRE(second.exit_code == 0);
  CHECK_THAT(second.out, Catch::Contains("ckpt-00000050.bin is truncated"));
  CHECK_THAT(second.out, Catch::Contains("at iteration 25"));
  require_same_model(out, run.uninterrupted());
}

TEST_CASE("a checkpoint from another problem is refused unless checkpoint.resume=false") {
  const ResumableRun run("lbfgs", 30);
  const std::string out = run.dir + "/mismatch";
  REQUIRE(run_dlogit(1, run.arguments(out), 120).exit_code == 0);
  const auto changed = run_dlogit(2, run.arguments(out) + " --set regularization.lambda=0.5", 120);
  INFO(changed.out);
  CHECK(changed.exit_code == 1);
  CHECK_THAT(changed.out, Catch::Contains("regularization.lambda is 0.01 in the checkpoint but 0.5 now"));
  CHECK_THAT(changed.out, Catch::Contains("checkpoint.resume=false"));
  const auto fresh =
      run_dlogit(2, run.arguments(out) + " --set regularization.lambda=0.5 --set checkpoint.resume=false", 120);
  INFO(fresh.out);
  CHECK(fresh.exit_code == 0);
  CHECK_THAT(fresh.out, !Catch::Contains("resuming"));
}

TEST_CASE("a checkpoint of a format version this dlogit does not read stops the rerun, naming the versions, and no file is lost") {
  const ResumableRun run("lbfgs", 30, 10);
  const std::string out = run.dir + "/version";
  REQUIRE(run_dlogit(1, run.arguments(out) + " --set optimizer.max_iter=20", 120).exit_code == 0);
  // Relabel every checkpoint as format 1, which this dlogit no longer reads (it reads 2 and 3): the
  // version is the u32 after the magic text, outside the checksum.
  const std::string magic = "dlogit-checkpoint\n";
  std::uint32_t version = 0;
  std::map<std::string, std::string> before;
  for (const auto& entry : std::filesystem::directory_iterator(out + "/checkpoints")) {
    if (entry.path().filename() == ".dlogit.lock") continue;  // the run's lock (run_lock.hpp)
    std::string bytes = dlogit::test::read_text(entry.path().string());
    REQUIRE(bytes.compare(0, magic.size(), magic) == 0);
    std::memcpy(&version, bytes.data() + magic.size(), sizeof version);
    const std::uint32_t previous = 1;
    bytes.replace(magic.size(), sizeof previous, reinterpret_cast<const char*>(&previous), sizeof previous);
    std::ofstream(entry.path(), std::ios::binary) << bytes;
    before[entry.path().string()] = bytes;
  }
  REQUIRE(before.count(out + "/checkpoints/ckpt-00000020.bin") == 1);

  const auto rerun = run_dlogit(2, run.arguments(out), 120);
  INFO(rerun.out);
  CHECK(rerun.exit_code == 1);
  CHECK_THAT(rerun.out, Catch::Contains("ckpt-00000020.bin has checkpoint format version 1; this dlogit reads "
                                        "versions 2 to " + std::to_string(version)));
  CHECK_THAT(rerun.out, Catch::Contains("--set checkpoint.resume=false"));
  CHECK_THAT(rerun.out, !Catch::Contains("resuming"));
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(out + "/checkpoints")) {
    if (entry.path().filename() == ".dlogit.lock") continue;
    ++files;
    const std::string path = entry.path().string();
    INFO(path);
    REQUIRE(before.count(path) == 1);
    CHECK(dlogit::test::read_text(path) == before[path]);
  }
  CHECK(files == before.size());
}

TEST_CASE("inspect shows a model and a checkpoint and rejects a corrupt one") {
  const ResumableRun run("lbfgs", 30);
  const std::string out = run.dir + "/inspect";
  REQUIRE(run_dlogit(1, run.arguments(out), 120).exit_code == 0);
  const auto model = run_dlogit(1, "inspect " + out + "/model.bin --top 3", 60);
  INFO(model.out);
  CHECK(model.exit_code == 0);
  CHECK_THAT(model.out, Catch::Contains("features 123"));
  CHECK_THAT(model.out, Catch::Contains("labels: -1 -> class 0, 1 -> class 1"));
  CHECK_THAT(model.out, Catch::Contains("largest weights"));
  const auto checkpoint = run_dlogit(1, "inspect " + out + "/checkpoints/ckpt-00000030.bin", 60);
  INFO(checkpoint.out);
  CHECK(checkpoint.exit_code == 0);
  CHECK_THAT(checkpoint.out, Catch::Contains("iteration 30"));
  CHECK_THAT(checkpoint.out, Catch::Contains("checksum ok"));
  CHECK_THAT(checkpoint.out, Catch::Contains("regularization.lambda"));
  std::filesystem::resize_file(out + "/model.bin", 40);
  const auto bad = run_dlogit(1, "inspect " + out + "/model.bin", 60);
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.out, Catch::Contains("truncated"));
}

TEST_CASE("an unwritable checkpoint.dir stops training with a clear error on every rank") {
  const ResumableRun run("lbfgs", 30);
  const std::string blocker = dlogit::test::write_file(run.dir, "blocker", "x");
  const auto outcome =
      run_dlogit(2, run.arguments(run.dir + "/out") + " --set checkpoint.dir=" + blocker + "/ck", 60);
  INFO(outcome.out);
  CHECK(outcome.exit_code == 1);
  CHECK_THAT(outcome.out, Catch::Contains("blocker/ck"));
  // Refused before loading, naming the key: no iteration ran only to be lost.
  CHECK_THAT(outcome.out, Catch::Contains("cannot create checkpoint.dir"));
  CHECK_THAT(outcome.out, !Catch::Contains("iter "));
}

TEST_CASE("launch/train --restarts reruns a job whose rank was killed, and it finishes from the checkpoint") {
  const ResumableRun run("lbfgs", 600, 25);
  const std::string out = run.dir + "/restarted";
  const std::string build_dir = std::filesystem::path(dlogit::test::dlogit_binary()).parent_path().string();
  const std::string command = "DLOGIT_BUILD_DIR=" + build_dir + " timeout -k 5 300 " + dlogit::test::source_dir() +
                              "/launch/train " + run.config + " --ranks 2 --restarts 2 --set output.dir=" + out +
                              " > " + run.dir + "/restart.log 2>&1";
  const pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  REQUIRE(dlogit::test::wait_for_file(out + "/checkpoints", "ckpt-", 120));
  REQUIRE(dlogit::test::signal_one_rank(run.config, SIGKILL));
  int status = 0;
  waitpid(pid, &status, 0);
  const std::string log = dlogit::test::read_text(run.dir + "/restart.log");
  INFO(log);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_THAT(log, Catch::Contains("restart 1 of 2"));
  CHECK_THAT(log, Catch::Contains("resuming from"));
  require_same_model(out, run.uninterrupted());
}

TEST_CASE("a checkpoint write that fails mid-run costs no result: files written, warning, exit 74, no restart") {
  const ResumableRun run("lbfgs", 30, 10);
  const std::string out = run.dir + "/out";
  // The start-up check passes; the write of iteration 10's checkpoint fails (its temporary name is a
  // folder), the others succeed.
  std::filesystem::create_directories(out + "/checkpoints/.ckpt-00000010.bin.tmp");
  const std::string build_dir = std::filesystem::path(dlogit::test::dlogit_binary()).parent_path().string();
  const auto outcome = dlogit::test::run_shell("DLOGIT_BUILD_DIR=" + build_dir + " timeout -k 5 300 " +
                                               dlogit::test::source_dir() + "/launch/train " + run.config +
                                               " --ranks 2 --restarts 2 --set output.dir=" + out);
  INFO(outcome.out);
  CHECK(outcome.exit_code == 74);
  CHECK_THAT(outcome.out, Catch::Contains("warning: checkpoint of iteration 10 not written"));
  // Write errors name the file being written, not its temporary name.
  CHECK_THAT(outcome.out, Catch::Contains("checkpoints/ckpt-00000010.bin: Is a directory"));
  CHECK_THAT(outcome.out, Catch::Contains("but a checkpoint could not be written"));
  CHECK_THAT(outcome.out, !Catch::Contains("restart 1"));
  CHECK(std::filesystem::exists(out + "/checkpoints/ckpt-00000030.bin"));
  CHECK(std::filesystem::exists(out + "/result.json"));
  CHECK(std::filesystem::exists(out + "/trace.csv"));
  require_same_model(out, run.uninterrupted());
}

TEST_CASE("a second training into a busy output.dir is refused at once, naming it and the holder, and the first is intact") {
  // gd's 1000 iterations take seconds (about 5 s here unloaded), so the first run is still training
  // while the other two start and are refused; lbfgs's 400 could end before the third one started.
  const ResumableRun run("gd", 1000, 25);
  const std::string out = run.dir + "/busy";
  dlogit::test::BackgroundRun first(2, run.arguments(out), run.dir + "/first.log", 300);
  REQUIRE(dlogit::test::wait_for_file(out + "/checkpoints", "ckpt-", 120));
  const std::string holder = dlogit::test::read_text(out + "/.dlogit.lock");
  REQUIRE_THAT(holder, Catch::Contains("process "));
  const auto second = run_dlogit(2, run.arguments(out), 60);
  CHECK(second.exit_code == 1);
  CHECK_THAT(second.out, Catch::Contains("output.dir '" + out + "' is in use by another training"));
  CHECK_THAT(second.out, Catch::Contains(holder.substr(0, holder.find('\n'))));
  CHECK_THAT(second.out, !Catch::Contains("iter "));
  // So is one that shares only the checkpoint folder.
  const auto third =
      run_dlogit(2, run.arguments(run.dir + "/other") + " --set checkpoint.dir=" + out + "/checkpoints", 60);
  CHECK(third.exit_code == 1);
  CHECK_THAT(third.out, Catch::Contains("checkpoint.dir '" + out + "/checkpoints' is in use by another training"));
  const int code = first.wait();
  INFO(dlogit::test::read_text(run.dir + "/first.log"));
  CHECK(code == 0);
  require_same_model(out, run.uninterrupted());
}

TEST_CASE("the lock of a training killed with SIGKILL is taken over, and the rerun resumes") {
  const ResumableRun run("lbfgs", 400, 25);
  const std::string out = run.dir + "/killed";
  {
    dlogit::test::BackgroundRun job(2, run.arguments(out), run.dir + "/killed.log", 300);
    REQUIRE(dlogit::test::wait_for_file(out + "/checkpoints", "ckpt-", 120));
    // Rank 0 holds the lock; its record names its process.
    const std::string holder = dlogit::test::read_text(out + "/.dlogit.lock");
    const std::size_t at = holder.find("process ");
    REQUIRE(at != std::string::npos);
    const pid_t rank0 = static_cast<pid_t>(std::stol(holder.substr(at + 8)));
    REQUIRE(kill(rank0, SIGKILL) == 0);
    const int code = job.wait();
    CHECK(code != 0);
    CHECK(code != 124);
  }
  CHECK_FALSE(std::filesystem::exists(out + "/result.json"));
  const auto resumed = run_dlogit(2, run.arguments(out), 300);
  INFO(resumed.out);
  REQUIRE(resumed.exit_code == 0);
  CHECK_THAT(resumed.out, Catch::Contains("taking over the lock of output.dir '" + out + "'"));
  CHECK_THAT(resumed.out, Catch::Contains("resuming from"));
  require_same_model(out, run.uninterrupted());
}

TEST_CASE("with --quiet a resume is announced, and a rerun of a finished run says that nothing was trained") {
  const ResumableRun run("lbfgs", 12, 5);
  const std::string out = run.dir + "/quiet";
  const auto partial = run_dlogit(2, run.arguments(out) + " --quiet --set optimizer.max_iter=7", 120);
  REQUIRE(partial.exit_code == 0);
  CHECK_THAT(partial.out, !Catch::Contains("resuming"));
  const auto further = run_dlogit(2, run.arguments(out) + " --quiet", 120);
  INFO(further.out);
  REQUIRE(further.exit_code == 0);
  CHECK_THAT(further.out, Catch::Contains("resuming from " + out + "/checkpoints/ckpt-00000007.bin at iteration 7"));
  CHECK_THAT(further.out, !Catch::Contains("nothing trained"));
  const auto again = run_dlogit(2, run.arguments(out) + " --quiet", 120);
  INFO(again.out);
  REQUIRE(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("resuming from " + out + "/checkpoints/ckpt-00000012.bin at iteration 12"));
  CHECK_THAT(again.out, Catch::Contains("nothing trained: the checkpoint of iteration 12 had already finished"));
}

TEST_CASE("a rerun of a pqn run that its certificate stopped trains nothing, and reports the same certificate") {
  // a9a, l1 at C = 100: pqn's residual dual point alone certifies about 0.8 here at the end; the dual point
  // of its last step certifies below 1e-6, which the checkpoint's trace keeps for a rerun to find.
  const ResumableRun run("pqn", 200, 1);
  const std::string out = run.dir + "/certified";
  const auto first = run_dlogit(2, run.arguments(out) + " --quiet --set optimizer.gap_tol=1e-6", 120);
  INFO(first.out);
  REQUIRE(first.exit_code == 0);
  const std::size_t at = first.out.find("converged after ");
  REQUIRE(at != std::string::npos);
  const std::string summary = first.out.substr(at, first.out.find('\n', at) - at);
  CHECK_THAT(summary, Catch::Contains("certified gap"));
  const auto again = run_dlogit(2, run.arguments(out) + " --quiet --set optimizer.gap_tol=1e-6", 120);
  INFO(again.out);
  REQUIRE(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("had already finished (gap)"));
  CHECK_THAT(again.out, Catch::Contains(summary));
}

namespace {

// launch/train in the background; its process id (exec keeps it) from a file the shell writes first.
struct LaunchTrainRun {
  pid_t shell = -1;
  pid_t script = -1;
  std::string log;

  LaunchTrainRun(const ResumableRun& run, const std::string& out) : log(run.dir + "/launch-" + std::to_string(getpid()) + ".log") {
    const std::string pid_file = run.dir + "/launch.pid";
    std::filesystem::remove(pid_file);
    const std::string build_dir = std::filesystem::path(dlogit::test::dlogit_binary()).parent_path().string();
    const std::string command = "timeout -k 5 300 sh -c 'echo $$ > " + pid_file + "; exec env DLOGIT_BUILD_DIR=" +
                                build_dir + " " + dlogit::test::source_dir() + "/launch/train " + run.config +
                                " --ranks 2 --set output.dir=" + out + "' > " + log + " 2>&1";
    shell = fork();
    if (shell == 0) {
      execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int tries = 0; tries < 100 && script <= 0; ++tries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::ifstream in(pid_file);
      in >> script;
    }
  }
  int wait() {
    int status = 0;
    waitpid(shell, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
};

// The one child of launch/train while the job runs: mpirun.
pid_t child_of(pid_t parent) {
  std::ifstream in("/proc/" + std::to_string(parent) + "/task/" + std::to_string(parent) + "/children");
  pid_t child = -1;
  in >> child;
  return child;
}

void signal_launch_train(int signal, bool to_mpirun) {
  const ResumableRun run("lbfgs", 5000, 25);
  const std::string out = run.dir + "/signalled";
  LaunchTrainRun job(run, out);
  REQUIRE(job.script > 0);
  REQUIRE(dlogit::test::wait_for_file(out + "/checkpoints", "ckpt-", 120));
  const pid_t target = to_mpirun ? child_of(job.script) : job.script;
  REQUIRE(target > 0);
  REQUIRE(kill(target, signal) == 0);
  const int code = job.wait();
  const std::string log = dlogit::test::read_text(job.log);
  INFO(log);
  CHECK(code == 75);
  CHECK_THAT(log, Catch::Contains("stopped by a signal; checkpoint written to " + out + "/checkpoints"));
  CHECK_FALSE(std::filesystem::exists(out + "/result.json"));
  // The rerun resumes from the signal's checkpoint.
  const auto resumed = run_dlogit(2, run.arguments(out) + " --set optimizer.max_iter=1", 120);
  CHECK_THAT(resumed.out, Catch::Contains("resuming from"));
}

}  // namespace

TEST_CASE("SIGTERM to launch/train stops the job with a checkpoint and exit 75") { signal_launch_train(SIGTERM, false); }

TEST_CASE("SIGINT to launch/train stops the job with a checkpoint and exit 75") { signal_launch_train(SIGINT, false); }

TEST_CASE("SIGTERM to launch/train's mpirun stops the job with a checkpoint and exit 75 from launch/train") {
  signal_launch_train(SIGTERM, true);
}
