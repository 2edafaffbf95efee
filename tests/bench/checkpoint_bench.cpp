// dlogit_checkpoint_bench [--features N] [--history M] [--dir D] [--repeats R] [--write-only]: the time to
// write and (unless --write-only) to read an L-BFGS checkpoint of N features with a full memory of M pairs (2M + 2 vectors of N doubles),
// and a model.bin of N weights, into D (default /tmp/dlogit-checkpoint-bench); medians of R runs, in
// MB/s of file size. Compare with the disk's fsync'ed speed:
//   dd if=/dev/zero of=/tmp/ddtest bs=16M count=64 conv=fsync
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "model/trained_model.hpp"
#include "train/checkpoint.hpp"

namespace {

template <class Work>
double median_seconds(int repeats, Work&& work) {
  std::vector<double> times;
  for (int run = 0; run < repeats; ++run) {
    const auto start = std::chrono::steady_clock::now();
    work();
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

const char* value_of(int argc, char** argv, const std::string& flag, const char* otherwise) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == flag) return argv[i + 1];
  return otherwise;
}

}  // namespace

int main(int argc, char** argv) {
  const long features = std::strtol(value_of(argc, argv, "--features", "4194304"), nullptr, 10);
  const int history = std::atoi(value_of(argc, argv, "--history", "10"));
  const int repeats = std::atoi(value_of(argc, argv, "--repeats", "3"));
  const std::string dir = value_of(argc, argv, "--dir", "/tmp/dlogit-checkpoint-bench");
  const bool write_only = argc > 1 && std::string(argv[argc - 1]) == "--write-only";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  dlogit::train::Checkpoint checkpoint;
  checkpoint.optimizer.method = "lbfgs";
  checkpoint.optimizer.iteration = 10;
  checkpoint.optimizer.x = Eigen::VectorXd::LinSpaced(features, -1.0, 1.0);
  checkpoint.optimizer.g = Eigen::VectorXd::LinSpaced(features, 2.0, -1.0);
  dlogit::optim::LbfgsState lbfgs{dlogit::optim::LbfgsHistory(history), dlogit::optim::StagnationGuard(0.75)};
  for (int pair = 0; pair < history; ++pair)
    lbfgs.history.update(Eigen::VectorXd::LinSpaced(features, 1.0, 2.0 + pair),
                         Eigen::VectorXd::LinSpaced(features, 0.5, 1.0 + pair));
  checkpoint.optimizer.method_state = std::move(lbfgs);
  checkpoint.config_fingerprint = {{"bench", "1"}};

  std::string path;
  const double write = median_seconds(repeats, [&] { path = dlogit::train::write_checkpoint(checkpoint, dir, 1); });
  const double megabytes = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
  std::printf("checkpoint: %ld features, history %d: %.0f MB; write %.2f s (%.0f MB/s)", features, history, megabytes,
              write, megabytes / write);
  if (!write_only) {
    const double read = median_seconds(repeats, [&] { dlogit::train::read_checkpoint(path); });
    std::printf(", read %.2f s (%.0f MB/s)", read, megabytes / read);
  }
  std::printf("\n");

  dlogit::model::TrainedModel model;
  model.weights.assign(static_cast<std::size_t>(features), 0.25);
  const std::string model_path = dir + "/model.bin";
  const double model_write = median_seconds(repeats, [&] { dlogit::model::save_model(model, model_path); });
  const double model_megabytes = static_cast<double>(std::filesystem::file_size(model_path)) / 1e6;
  std::printf("model.bin: %.0f MB; write %.2f s (%.0f MB/s)", model_megabytes, model_write,
              model_megabytes / model_write);
  if (!write_only) {
    const double model_read = median_seconds(repeats, [&] { dlogit::model::load_model(model_path); });
    std::printf(", read %.2f s (%.0f MB/s)", model_read, model_megabytes / model_read);
  }
  std::printf("\n");
  std::filesystem::remove_all(dir);
  return 0;
}
