// The driver, its hooks, resume and its refusal, the stop flag and the path, on 1-4 in-process ranks
// (tests/support/thread_ranks.hpp): whole training jobs in milliseconds, without MPI.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "common/errors.hpp"
#include "config/config.hpp"
#include "config/method.hpp"
#include "optim/optimizer.hpp"
#include "model/losses.hpp"
#include "support/test_paths.hpp"
#include "support/thread_ranks.hpp"
#include "train/checkpoint.hpp"
#include "train/stop_signal.hpp"
#include "train/trainer.hpp"

namespace fs = std::filesystem;
using dlogit::test::run_ranks;

namespace {

std::string a9a_head() { return dlogit::test::source_dir() + "/tests/golden/data/a9a-300.svm"; }

// A config file in a fresh folder, training a9a-300 into <folder>/out.
std::string write_config(const std::string& tag, const std::string& body) {
  const std::string dir = dlogit::test::temp_dir(tag);
  std::ostringstream text;
  text << "[data]\ntrain = \"" << a9a_head() << "\"\n[output]\ndir = \"" << dir << "/out\"\n" << body;
  return dlogit::test::write_file(dir, "config.toml", text.str());
}

std::string out_dir(const std::string& config_path) { return fs::path(config_path).parent_path().string() + "/out"; }

template <class Expected>
bool is_a(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const Expected&) {
    return true;
  } catch (...) {
    return false;
  }
}
bool is_interruption(const std::exception_ptr& error) { return is_a<dlogit::Interrupted>(error); }

// Trains on `ranks` in-process ranks and rethrows rank 0's exception, after checking that every other
// rank ended alike: no exception when rank 0 had none, Interrupted with rank 0, else an agreed failure.
void train_on(int ranks, const std::string& config_path, const std::vector<std::string>& overrides = {}) {
  const dlogit::config::Config config = dlogit::config::load_config(config_path, overrides);
  const auto errors = run_ranks(ranks, [&](int, dlogit::comm::Communicator& comm) {
    dlogit::train::train(config, comm, dlogit::train::Verbosity::quiet);
  });
  for (int r = 1; r < ranks; ++r) {
    const std::exception_ptr& error = errors[static_cast<std::size_t>(r)];
    if (!errors[0]) {
      REQUIRE_FALSE(error);
    } else if (is_interruption(errors[0])) {
      REQUIRE(error);
      CHECK(is_interruption(error));
    } else if (is_a<dlogit::CheckpointWriteFailed>(errors[0])) {
      REQUIRE(error);
      CHECK(is_a<dlogit::CheckpointWriteFailed>(error));
    } else {
      REQUIRE(error);
      CHECK_THROWS_AS(std::rethrow_exception(error), dlogit::AgreedFailure);
    }
  }
  if (errors[0]) std::rethrow_exception(errors[0]);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t line_count(const std::string& path) {
  const std::string text = read_text(path);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::vector<std::string> checkpoint_names(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& path : dlogit::train::list_checkpoints(dir)) names.push_back(fs::path(path).filename().string());
  return names;
}

// The number after "key": in result.json's text (NaN when absent).
double json_number(const std::string& json, const std::string& key) {
  const std::string quoted = "\"" + key + "\":";
  const std::size_t at = json.find(quoted);
  if (at == std::string::npos) return std::numeric_limits<double>::quiet_NaN();
  return std::stod(json.substr(at + quoted.size()));
}

}  // namespace

TEST_CASE("result.json times what follows the loop: the final checkpoint with its bytes, model.bin, the whole") {
  for (const int every : {0, 1}) {
    INFO("checkpoint.every " << every);
    const std::string config = write_config("driver-after-loop", R"(
[optimizer]
method = "lbfgs"
max_iter = 4
tol = 0
[checkpoint]
every = )" + std::to_string(every) + "\n");
    train_on(1, config);
    const std::string out = out_dir(config);
    std::string json = read_text(out + "/result.json");
    json.erase(std::remove(json.begin(), json.end(), ' '), json.end());
    const double bytes = json_number(json, "final_checkpoint_bytes");
    const double seconds = json_number(json, "final_checkpoint");
    if (every == 0) {  // only the final checkpoint, written after the loop
      CHECK(bytes == static_cast<double>(fs::file_size(out + "/checkpoints/ckpt-00000004.bin")));
      CHECK(seconds > 0.0);
    } else {  // the loop saved the last iteration already: nothing is written after it
      CHECK(bytes == 0.0);
      CHECK(seconds == 0.0);
    }
    const double model_write = json_number(json, "model_write");
    const double after_loop = json_number(json, "after_loop");
    CHECK(model_write > 0.0);
    CHECK(after_loop >= seconds + model_write);
  }
}

TEST_CASE("driver hooks: a trace row per iteration, checkpoints every n and at the end") {
  for (int ranks = 1; ranks <= 3; ++ranks) {
    const std::string config = write_config("driver-hooks", R"(
[optimizer]
method = "lbfgs"
max_iter = 7
tol = 0
[checkpoint]
every = 3
keep = 10
)");
    train_on(ranks, config);
    const std::string out = out_dir(config);
    INFO("ranks " << ranks);
    CHECK(line_count(out + "/trace.csv") == 1 + 8);  // header, iterations 0..7
    // Every 3 iterations (3, 6) and the end (7), newest first.
    CHECK(checkpoint_names(out + "/checkpoints") ==
          std::vector<std::string>{"ckpt-00000007.bin", "ckpt-00000006.bin", "ckpt-00000003.bin"});
    const dlogit::train::Checkpoint last = dlogit::train::read_checkpoint(out + "/checkpoints/ckpt-00000007.bin");
    CHECK(last.trace.size() == 8);
    CHECK(last.optimizer.iteration == 7);
  }
}

TEST_CASE("checkpoint.seconds reaches the driver: without checkpoint.every, a checkpoint due by time is written") {
  const std::string config = write_config("driver-seconds", R"(
[optimizer]
method = "lbfgs"
max_iter = 4
tol = 0
[checkpoint]
every = 0
seconds = 1e-9
keep = 10
)");
  train_on(1, config);
  // Iteration 1 is due by time, and no write before it asks for spacing; later ones depend on how long
  // the writes took (not asserted). The end is always written.
  const std::vector<std::string> names = checkpoint_names(out_dir(config) + "/checkpoints");
  REQUIRE(names.size() >= 2);
  CHECK(names.front() == "ckpt-00000004.bin");
  CHECK(names.back() == "ckpt-00000001.bin");
}

TEST_CASE("a stop signal ends the run with a checkpoint on every rank, and rerunning resumes to the same model") {
  for (int ranks = 1; ranks <= 4; ++ranks) {
    const std::string body = "[optimizer]\nmethod = \"owlqn\"\nmax_iter = 9\ntol = 0\n[regularization]\npenalty = \"l1\"\n";
    const std::string whole = write_config("driver-whole", body);
    train_on(ranks, whole);

    const std::string interrupted = write_config("driver-stopped", body);
    dlogit::train::StopSignal::set_for_testing(true);
    CHECK_THROWS_AS(train_on(ranks, interrupted), dlogit::Interrupted);
    dlogit::train::StopSignal::set_for_testing(false);
    INFO("ranks " << ranks);
    // The flag rides in the first evaluation's allreduce: the run stops after iteration 0, saved.
    CHECK(checkpoint_names(out_dir(interrupted) + "/checkpoints") == std::vector<std::string>{"ckpt-00000000.bin"});
    CHECK_FALSE(fs::exists(out_dir(interrupted) + "/model.bin"));

    train_on(ranks, interrupted);  // resumes from iteration 0
    CHECK(read_text(out_dir(interrupted) + "/model.bin") == read_text(out_dir(whole) + "/model.bin"));
  }
}

TEST_CASE("a checkpoint that cannot be written costs no result: model, result and trace are written, then "
          "CheckpointWriteFailed on every rank") {
  for (int ranks = 1; ranks <= 3; ++ranks) {
    const std::string body = "[optimizer]\nmethod = \"lbfgs\"\nmax_iter = 6\ntol = 0\n[checkpoint]\nevery = 0\n";
    const std::string whole = write_config("driver-ckpt-whole", body);
    train_on(ranks, whole);
    // The start-up check writes its probe file fine; every checkpoint's temporary name is a folder, so
    // each write fails after the start, as on a disk that fills up or a quota reached mid-run.
    const std::string config = write_config("driver-ckpt-fail", body);
    for (int iteration = 0; iteration <= 6; ++iteration) {
      char name[64];
      std::snprintf(name, sizeof name, "/checkpoints/.ckpt-%08d.bin.tmp", iteration);
      fs::create_directories(out_dir(config) + name);
    }
    INFO("ranks " << ranks);
    try {
      train_on(ranks, config);
      FAIL("no CheckpointWriteFailed");
    } catch (const dlogit::CheckpointWriteFailed& e) {
      CHECK_THAT(e.what(), Catch::Contains("model.bin") && Catch::Contains("ckpt-00000006.bin"));
    }
    CHECK(read_text(out_dir(config) + "/model.bin") == read_text(out_dir(whole) + "/model.bin"));
    CHECK(fs::exists(out_dir(config) + "/result.json"));
    CHECK(line_count(out_dir(config) + "/trace.csv") == 1 + 7);
    CHECK_THAT(read_text(out_dir(config) + "/result.json"), Catch::Contains("\"checkpoint_write_failed\": true"));
    CHECK_THAT(read_text(out_dir(whole) + "/result.json"), Catch::Contains("\"checkpoint_write_failed\": false"));
    CHECK(checkpoint_names(out_dir(config) + "/checkpoints").empty());
  }
}

TEST_CASE("resuming a checkpoint trained on another config is refused on every rank, deleting nothing") {
  for (int ranks = 1; ranks <= 3; ++ranks) {
    const std::string config = write_config("driver-refuse", "[optimizer]\nmethod = \"lbfgs\"\nmax_iter = 4\ntol = 0\n");
    train_on(ranks, config);
    const std::string checkpoints = out_dir(config) + "/checkpoints";
    const auto before = checkpoint_names(checkpoints);
    REQUIRE_FALSE(before.empty());
    INFO("ranks " << ranks);
    CHECK_THROWS_WITH(train_on(ranks, config, {"regularization.lambda=2"}),
                      Catch::Contains("cannot resume from") && Catch::Contains("trained on other config") &&
                          Catch::Contains("regularization.lambda"));
    CHECK(checkpoint_names(checkpoints) == before);
    // Starting over deliberately works.
    train_on(ranks, config, {"regularization.lambda=2", "checkpoint.resume=false"});
  }
}

TEST_CASE("a path on in-process ranks: one folder per lambda, path.csv, warm starts down the lambdas") {
  for (int ranks = 1; ranks <= 3; ++ranks) {
    const std::string config = write_config("driver-path", R"(
[regularization]
penalty = "l1"
path = { count = 4, min_ratio = 0.05 }
[optimizer]
method = "owlqn"
max_iter = 200
)");
    train_on(ranks, config);
    const std::string out = out_dir(config);
    INFO("ranks " << ranks);
    REQUIRE(line_count(out + "/path.csv") == 1 + 4);
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(out + "/path")) folders.push_back(entry.path());
    std::sort(folders.begin(), folders.end());
    REQUIRE(folders.size() == 4);
    std::vector<long long> nonzeros;
    for (const auto& folder : folders) {
      REQUIRE(fs::exists(folder / "model.bin"));
      const std::string result = read_text((folder / "result.json").string());
      const auto at = result.find("\"nnz_weights\": ");
      REQUIRE(at != std::string::npos);
      nonzeros.push_back(std::stoll(result.substr(at + 15)));
    }
    CHECK(nonzeros.front() == 0);  // lambda_max zeroes every weight
    CHECK(nonzeros.back() > nonzeros.front());
  }
}

TEST_CASE("the config's optimizer names are the optimizer registry's, plus auto") {
  std::vector<std::string> config_names = dlogit::config::method_names().names();
  config_names.erase(std::remove(config_names.begin(), config_names.end(), "auto"), config_names.end());
  std::vector<std::string> registry = dlogit::optim::optimizer_names();
  std::sort(config_names.begin(), config_names.end());
  std::sort(registry.begin(), registry.end());
  CHECK(config_names == registry);
}

TEST_CASE("a checkpoint trained on other data of the same shape (labels swapped) is refused, naming the content") {
  const std::string dir = dlogit::test::temp_dir("driver-swapped");
  const std::string original = read_text(a9a_head());
  std::string swapped;
  std::istringstream lines(original);
  for (std::string line; std::getline(lines, line);)
    swapped += (line.rfind("-1", 0) == 0 ? "+1" + line.substr(2) : line.rfind("+1", 0) == 0 ? "-1" + line.substr(2) : line) + "\n";
  const std::string data = dlogit::test::write_file(dir, "data.svm", original);
  const std::string config = dlogit::test::write_file(
      dir, "config.toml", "[data]\ntrain = \"" + data + "\"\n[output]\ndir = \"" + dir + "/out\"\n[optimizer]\nmax_iter = 5\n");
  for (int ranks = 1; ranks <= 3; ++ranks) {
    INFO("ranks " << ranks);
    fs::remove_all(dir + "/out");
    dlogit::test::write_file(dir, "data.svm", original);
    train_on(ranks, config);
    dlogit::test::write_file(dir, "data.svm", swapped);
    CHECK_THROWS_WITH(train_on(ranks, config), Catch::Contains("trained on other data") &&
                                                   Catch::Contains("rows' content hash (labels, indices, values)"));
    // The same data again resumes, on another rank count too.
    dlogit::test::write_file(dir, "data.svm", original);
    CHECK_NOTHROW(train_on(ranks % 3 + 1, config));
  }
}
