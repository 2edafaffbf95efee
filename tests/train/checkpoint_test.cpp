#include "train/checkpoint.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>

#include "common/checked_file.hpp"
#include "common/errors.hpp"
#include "optim/optimizer.hpp"
#include "optim/test_functions.hpp"
#include "support/test_paths.hpp"

using dlogit::train::Checkpoint;

namespace {

// A guard that has seen a flat iteration, so that both of its fields differ from a fresh one's.
dlogit::optim::StagnationGuard used_guard() {
  dlogit::optim::StagnationGuard guard(0.75);
  guard.update(1.0, 1.0, 0.8);
  return guard;
}

// A memory that has wrapped around (capacity 2, three pairs stored): its logical order is not its layout.
dlogit::optim::LbfgsHistory used_history() {
  dlogit::optim::LbfgsHistory history(2);
  for (double scale : {1.0, 2.0, 3.0})
    history.update(scale * Eigen::VectorXd::LinSpaced(5, 1.0, 2.0), Eigen::VectorXd::Constant(5, 0.1 / scale));
  return history;
}

// Each method's fields, none at its default value.
dlogit::optim::MethodState sample_method_state(const std::string& method) {
  if (method == "gd") return dlogit::optim::GradientDescentState{0.1234567890123, 1e-300, 2.5e-3, used_guard()};
  if (method == "lbfgs") return dlogit::optim::LbfgsState{used_history(), used_guard()};
  if (method == "owlqn")
    return dlogit::optim::OwlqnState{Eigen::VectorXd::LinSpaced(5, 0.0, 1.0), used_history(), 7, used_guard()};
  if (method == "pqn") return dlogit::optim::PqnState{Eigen::VectorXd::LinSpaced(5, 0.5, 1.5), used_history(), used_guard()};
  return dlogit::optim::NewtonState{0.375, false};
}

Checkpoint sample_checkpoint(int iteration, const std::string& method = "lbfgs") {
  Checkpoint c;
  c.optimizer.method = method;
  c.optimizer.iteration = iteration;
  c.optimizer.function_evals = 3 * iteration;
  c.optimizer.hessian_evals = 2;
  c.optimizer.x = Eigen::VectorXd::LinSpaced(5, -1.0, 1.0 / 3.0);
  c.optimizer.g = Eigen::VectorXd::Constant(5, -2.5);
  c.optimizer.objective = 0.6931471805599453;
  c.optimizer.gradient_norm = 1e-300;
  c.optimizer.initial_norm = 5.0 / 3.0;
  c.optimizer.method_state = sample_method_state(method);
  dlogit::train::TraceRow row;
  row.report.iteration = iteration;
  row.report.objective = 0.5;
  c.trace = {row, row};
  c.config_fingerprint = {{"regularization.lambda", "1"}};
  c.data_fingerprint = {{"rows", "100"}};
  return c;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void flip_byte(const std::string& path, std::size_t from_end) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekg(-static_cast<std::streamoff>(from_end), std::ios::end);
  char byte = 0;
  file.read(&byte, 1);
  file.seekp(-static_cast<std::streamoff>(from_end), std::ios::end);
  byte = static_cast<char>(byte ^ 0x10);
  file.write(&byte, 1);
}

}  // namespace

TEST_CASE("a checkpoint round-trips every field exactly, for each method's state") {
  for (const std::string method : {"gd", "lbfgs", "owlqn", "newton", "pqn"}) {
    INFO(method);
    const std::string dir = dlogit::test::temp_dir("ckpt-" + method);
    const Checkpoint saved = sample_checkpoint(20, method);
    const std::string path = dlogit::train::write_checkpoint(saved, dir, 3);
    CHECK(std::filesystem::path(path).filename() == "ckpt-00000020.bin");
    const Checkpoint loaded = dlogit::train::read_checkpoint(path);
    CHECK(loaded.optimizer == saved.optimizer);
    CHECK(dlogit::optim::method_of(loaded.optimizer.method_state) == method);
    REQUIRE(loaded.trace.size() == 2);
    CHECK(loaded.trace[1].report.iteration == 20);
    CHECK(loaded.config_fingerprint == saved.config_fingerprint);
    CHECK(loaded.data_fingerprint == saved.data_fingerprint);
    CHECK(dlogit::train::is_checkpoint_file(path));
  }
}

TEST_CASE("a checkpoint has the bytes the copying writer of format 3 wrote, but for the trace's certificates") {
  // tests/train/fixtures/checkpoint-<method>.bin: sample_checkpoint(7, method) with 2 ranks and 3 threads,
  // written before checkpoints were streamed into the file (each vector copied into a std::vector, the
  // memory's pairs into lists, the payload into a string), and before trace rows held their certificate
  // (IterationReport version 0). pqn came later: it has no such file.
  for (const std::string method : {"gd", "lbfgs", "owlqn", "newton"}) {
    INFO(method);
    const std::string fixture = dlogit::test::source_dir() + "/tests/train/fixtures/checkpoint-" + method + ".bin";
    Checkpoint saved = sample_checkpoint(7, method);
    saved.ranks = 2;
    saved.threads = 3;
    saved.trace[0].report.gap_bound = 0.25;
    const std::string path = dlogit::train::write_checkpoint(saved, dlogit::test::temp_dir("ckpt-bytes-" + method), 1);
    const dlogit::CheckedFile written = dlogit::read_checked_file(path, "dlogit-checkpoint\n", "checkpoint");
    const dlogit::CheckedFile old = dlogit::read_checked_file(fixture, "dlogit-checkpoint\n", "checkpoint");
    REQUIRE(old.payload.size() > 400);
    // Each trace row has its 8-byte certificate after the report's six fields (objective 0.5 is the second;
    // the last two places that double is found are the two rows, after the optimizer's state), and the
    // IterationReport class's version is 1: otherwise the same bytes.
    REQUIRE(written.payload.size() == old.payload.size() + 16);
    double half = 0.5;
    const std::string objective_bytes(reinterpret_cast<const char*>(&half), sizeof half);
    std::string without = written.payload;
    const std::size_t second_row = without.rfind(objective_bytes);
    REQUIRE(second_row != std::string::npos);
    const std::size_t first_row = without.rfind(objective_bytes, second_row - 1);
    REQUIRE(first_row != std::string::npos);
    // After the objective: the gradient norm, the step and the two counts, then the certificate.
    without.erase(second_row + 5 * 8, 8);
    without.erase(first_row + 5 * 8, 8);
    REQUIRE(without.size() == old.payload.size());
    std::size_t differences = 0;
    for (std::size_t k = 0; k < without.size(); ++k) differences += without[k] != old.payload[k];
    CHECK(differences == 1);
    // The old file still reads: the same state, rows without a certificate.
    const Checkpoint loaded = dlogit::train::read_checkpoint(fixture);
    CHECK(loaded.optimizer == saved.optimizer);
    CHECK(loaded.ranks == 2);
    REQUIRE(loaded.trace.size() == 2);
    CHECK(std::isnan(loaded.trace[0].report.gap_bound));
    CHECK(loaded.trace[1].report.iteration == 7);
    // The new one reads back with them.
    const Checkpoint reread = dlogit::train::read_checkpoint(path);
    CHECK(reread.trace[0].report.gap_bound == 0.25);
    CHECK(std::isnan(reread.trace[1].report.gap_bound));
  }
}

TEST_CASE("a checkpoint written from an optimizer's live state is the file a copy of it gives, and resumes bitwise") {
  using namespace dlogit::optim;
  const auto same_bits = [](const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    return a.size() == b.size() &&
           std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0;
  };
  for (const std::string method : {"gd", "lbfgs", "owlqn", "newton", "pqn"}) {
    INFO(method);
    OptimizerOptions options;
    options.tol = 0.0;
    options.max_iter = 9;
    options.history = 3;  // wraps around before the checkpoint: the ring order is not the logical order
    const Eigen::Index n = testing::small_logistic().dimension();
    const L1Term l1 = method == "owlqn" || method == "pqn" ? testing::logistic_l1(n, 2.0) : L1Term{};
    const Eigen::VectorXd x0 = Eigen::VectorXd::Zero(n);
    const std::vector<dlogit::train::TraceRow> trace(2);
    const dlogit::train::Fingerprint config{{"regularization.lambda", "1"}}, data{{"rows", "200"}};

    testing::Logistic whole_objective = testing::small_logistic();
    const OptimizerResult whole = make_optimizer(method, options)->minimize(whole_objective, l1, x0, {});

    const std::string live_dir = dlogit::test::temp_dir("ckpt-live-" + method);
    const std::string copy_dir = dlogit::test::temp_dir("ckpt-copy-" + method);
    std::string live_path, copy_path;
    long evals_at_save = -1;
    testing::Logistic first_objective = testing::small_logistic();
    const std::unique_ptr<Optimizer> first = make_optimizer(method, options);
    first->minimize(first_objective, l1, x0, [&](const IterationReport& report) {
      if (report.iteration < 5) return true;
      live_path = dlogit::train::write_checkpoint(
          dlogit::train::CheckpointView{first->current_state(), trace, config, data, 1, 1}, live_dir, 1);
      copy_path = dlogit::train::write_checkpoint(Checkpoint{first->state(), trace, config, data, 1, 1}, copy_dir, 1);
      evals_at_save = report.function_evals;
      return false;
    });
    REQUIRE(!live_path.empty());
    CHECK(file_bytes(live_path) == file_bytes(copy_path));
    Checkpoint loaded = dlogit::train::read_checkpoint(live_path);
    CHECK(loaded.optimizer == first->state());
    CHECK(loaded.optimizer.iteration == 5);
    CHECK(loaded.optimizer.function_evals == evals_at_save);  // the live state's counts are current

    testing::Logistic rest_objective = testing::small_logistic();
    const std::unique_ptr<Optimizer> rest = make_optimizer(method, options);
    rest->resume_from(std::move(loaded.optimizer));
    const OptimizerResult resumed = rest->minimize(rest_objective, l1, x0, {});
    CHECK(same_bits(resumed.x, whole.x));
    CHECK(std::memcmp(&resumed.objective, &whole.objective, sizeof(double)) == 0);
    CHECK(resumed.iterations == whole.iterations);
    CHECK(resumed.function_evals == whole.function_evals);
    CHECK(resumed.hessian_evals == whole.hessian_evals);
  }
}

TEST_CASE("only the newest `keep` checkpoints stay, newest first") {
  const std::string dir = dlogit::test::temp_dir("ckpt-keep");
  for (int iteration : {10, 20, 30, 40, 50}) dlogit::train::write_checkpoint(sample_checkpoint(iteration), dir, 3);
  const auto files = dlogit::train::list_checkpoints(dir);
  REQUIRE(files.size() == 3);
  CHECK_THAT(files[0], Catch::EndsWith("ckpt-00000050.bin"));
  CHECK_THAT(files[2], Catch::EndsWith("ckpt-00000030.bin"));
  // No temporary file is left behind.
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++entries;
  CHECK(entries == 3);
}

TEST_CASE("files that are not valid checkpoints take none of the `keep` places") {
  const std::string dir = dlogit::test::temp_dir("ckpt-keep-invalid");
  // Newer than anything written below: junk, a truncated checkpoint and a folder, all named like one.
  dlogit::test::write_file(dir, "ckpt-00000099.bin", "not a checkpoint");
  const std::string truncated = dlogit::train::write_checkpoint(sample_checkpoint(98), dir, 5);
  std::filesystem::resize_file(truncated, std::filesystem::file_size(truncated) / 2);
  std::filesystem::create_directories(dir + "/ckpt-00000097.bin");
  for (int iteration : {10, 20, 30, 40, 50}) dlogit::train::write_checkpoint(sample_checkpoint(iteration), dir, 3);
  const auto files = dlogit::train::list_checkpoints(dir);
  std::vector<std::string> names;
  for (const auto& file : files) names.push_back(std::filesystem::path(file).filename().string());
  // The three newest valid ones stay (the invalid ones newer than them are left alone).
  CHECK(names == std::vector<std::string>{"ckpt-00000099.bin", "ckpt-00000098.bin", "ckpt-00000097.bin",
                                          "ckpt-00000050.bin", "ckpt-00000040.bin", "ckpt-00000030.bin"});
  std::vector<std::string> warnings;
  const auto found =
      dlogit::train::newest_valid_checkpoint(dir, [&](const std::string& w) { warnings.push_back(w); });
  REQUIRE(found);
  CHECK(found->checkpoint.optimizer.iteration == 50);
  CHECK(warnings.size() == 3);
}

TEST_CASE("format 3 records the rank and thread counts, and a format 2 checkpoint (without them) still reads") {
  const std::string dir = dlogit::test::temp_dir("ckpt-v2");
  Checkpoint saved = sample_checkpoint(10, "lbfgs");
  saved.ranks = 2;
  saved.threads = 3;
  const std::string path = dlogit::train::write_checkpoint(saved, dir, 5);
  const Checkpoint loaded = dlogit::train::read_checkpoint(path);
  CHECK(loaded.ranks == 2);
  CHECK(loaded.threads == 3);
  // Format 2 is format 3 without the two counts at the end (two 4-byte ints in the binary archive).
  const dlogit::CheckedFile file = dlogit::read_checked_file(path, "dlogit-checkpoint\n", "checkpoint");
  REQUIRE(file.version == 3);
  const std::string v2 = dir + "/ckpt-00000009.bin";
  dlogit::write_checked_file(v2, "dlogit-checkpoint\n", 2, file.payload.substr(0, file.payload.size() - 8));
  const Checkpoint old = dlogit::train::read_checkpoint(v2);
  CHECK(old.ranks == 0);
  CHECK(old.threads == 0);
  CHECK(old.optimizer == saved.optimizer);
  CHECK(old.trace.size() == saved.trace.size());
  CHECK(old.data_fingerprint == saved.data_fingerprint);
}

TEST_CASE("a truncated or bit-flipped newest checkpoint is skipped with a warning naming it") {
  const std::string dir = dlogit::test::temp_dir("ckpt-corrupt");
  dlogit::train::write_checkpoint(sample_checkpoint(10), dir, 5);
  const std::string middle = dlogit::train::write_checkpoint(sample_checkpoint(20), dir, 5);
  const std::string newest = dlogit::train::write_checkpoint(sample_checkpoint(30), dir, 5);
  std::filesystem::resize_file(newest, std::filesystem::file_size(newest) - 7);
  flip_byte(middle, 9);

  CHECK_THROWS_WITH(dlogit::train::read_checkpoint(newest), Catch::Contains("truncated"));
  CHECK_THROWS_WITH(dlogit::train::read_checkpoint(middle), Catch::Contains("checksum"));
  std::vector<std::string> warnings;
  const auto found =
      dlogit::train::newest_valid_checkpoint(dir, [&](const std::string& w) { warnings.push_back(w); });
  REQUIRE(found);
  CHECK(found->checkpoint.optimizer.iteration == 10);
  REQUIRE(warnings.size() == 2);
  CHECK_THAT(warnings[0], Catch::Contains("ckpt-00000030.bin"));
  CHECK_THAT(warnings[1], Catch::Contains("ckpt-00000020.bin"));
}

TEST_CASE("a checkpoint of a format version this dlogit does not read is refused, naming the file and the versions, and kept") {
  const std::string dir = dlogit::test::temp_dir("ckpt-version");
  const std::string current = dlogit::train::write_checkpoint(sample_checkpoint(10), dir, 5);
  // As the files of a format too old to read are: the same envelope, an older version.
  const unsigned previous_version = dlogit::train::kOldestCheckpointFormatVersion - 1;
  const std::string old = dir + "/ckpt-00000020.bin";
  const std::string old_payload = "a payload in the previous format";
  dlogit::write_checked_file(old, "dlogit-checkpoint\n", previous_version, old_payload);
  const std::string both_versions = old + " has checkpoint format version " + std::to_string(previous_version) +
                                    "; this dlogit reads versions " +
                                    std::to_string(dlogit::train::kOldestCheckpointFormatVersion) + " to " +
                                    std::to_string(dlogit::train::kCheckpointFormatVersion);

  CHECK_THROWS_AS(dlogit::train::read_checkpoint(old), dlogit::train::CheckpointVersionError);
  CHECK_THROWS_WITH(dlogit::train::read_checkpoint(old), Catch::Contains(both_versions));
  std::vector<std::string> warnings;
  const auto warn = [&](const std::string& w) { warnings.push_back(w); };
  CHECK_THROWS_AS(dlogit::train::newest_valid_checkpoint(dir, warn), dlogit::train::CheckpointVersionError);
  CHECK_THROWS_WITH(dlogit::train::newest_valid_checkpoint(dir, warn),
                    Catch::Contains(both_versions) && Catch::Contains("--set checkpoint.resume=false"));
  CHECK(warnings.empty());  // not skipped for the older checkpoint of this version either
  CHECK(dlogit::train::list_checkpoints(dir) == std::vector<std::string>{old, current});
  CHECK(dlogit::read_checked_file(old, "dlogit-checkpoint\n", "checkpoint").payload == old_payload);
  CHECK(dlogit::train::read_checkpoint(current).optimizer.iteration == 10);
}

TEST_CASE("no checkpoint folder means nothing to resume") {
  const auto found = dlogit::train::newest_valid_checkpoint("/nonexistent/dir", [](const std::string&) {});
  CHECK_FALSE(found);
}

TEST_CASE("an unwritable checkpoint folder is a clear error and keeps the previous checkpoint") {
  if (geteuid() == 0) {
    // Root ignores permissions; a path under a regular file cannot be created by anyone.
    const std::string dir = dlogit::test::temp_dir("ckpt-blocked");
    const std::string file = dlogit::test::write_file(dir, "file", "x");
    CHECK_THROWS_AS(dlogit::train::write_checkpoint(sample_checkpoint(1), file + "/sub", 3), dlogit::UserError);
    CHECK_THROWS_WITH(dlogit::train::write_checkpoint(sample_checkpoint(1), file + "/sub", 3),
                      Catch::Contains("file/sub"));
    return;
  }
  const std::string dir = dlogit::test::temp_dir("ckpt-ro");
  dlogit::train::write_checkpoint(sample_checkpoint(10), dir, 3);
  chmod(dir.c_str(), 0555);
  CHECK_THROWS_AS(dlogit::train::write_checkpoint(sample_checkpoint(20), dir, 3), dlogit::UserError);
  chmod(dir.c_str(), 0755);
  CHECK(dlogit::train::read_checkpoint(dir + "/ckpt-00000010.bin").optimizer.iteration == 10);
}

TEST_CASE("fingerprint differences name the key and both values") {
  const dlogit::train::Fingerprint saved = {{"regularization.lambda", "1"}, {"rows", "100"}};
  CHECK(dlogit::train::fingerprint_difference(saved, saved).empty());
  CHECK(dlogit::train::fingerprint_difference(saved, {{"regularization.lambda", "0.5"}, {"rows", "100"}}) ==
        "regularization.lambda is 1 in the checkpoint but 0.5 now");
  CHECK(dlogit::train::fingerprint_difference(saved, {{"features", "3"}}) ==
        "features is (absent) in the checkpoint but 3 now");
}
