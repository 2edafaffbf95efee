#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/model_commands.hpp"
#include "comm/communicator.hpp"

namespace dlogit::cli {

// Exit codes, the same on every rank (README: "Exit codes").
constexpr int kExitFailure = 1;   // a problem with the config, the data or the output folder
constexpr int kExitInternal = 3;  // an unexpected error; the job was aborted on all ranks
constexpr int kExitInterrupted = 75;  // SIGTERM/SIGINT: a checkpoint was written; rerun to resume (EX_TEMPFAIL)
// The training finished and its model, result.json and trace are written, but a checkpoint could not be
// written (EX_IOERR). Neither launch/train nor launch/slurm give 74 another meaning, and launch/train
// does not restart on it: rerunning would train again from the last checkpoint that was written.
constexpr int kExitCheckpointFailed = 74;
// A second SIGTERM/SIGINT exits at once with 130 (train/stop_signal.hpp).
// Command-line mistakes exit with CLI11's parse-error codes (non-zero, printed with the usage).

// The subcommands and their arguments. Register on the App before parsing; run after.
class Commands {
 public:
  explicit Commands(CLI::App& app);
  void run(comm::Communicator& comm) const;

 private:
  CLI::App* train_ = nullptr;
  std::string config_path_;
  std::vector<std::string> overrides_;
  CLI::App* generate_ = nullptr;
  std::string generate_config_;
  std::vector<std::string> generate_overrides_;
  std::string generate_output_;
  bool generate_test_ = false;
  bool quiet_ = false;
  bool verbose_ = false;
  int log_every_ = 0;
  std::string ranks_asked_;
  CLI::App* folds_ = nullptr;
  std::string folds_config_;
  std::vector<std::string> folds_overrides_;
  std::string folds_output_;
  CLI::App* inspect_ = nullptr;
  std::string inspect_path_;
  int inspect_top_ = 10;
  CLI::App* evaluate_ = nullptr;
  ModelCommandArgs evaluate_args_;
  CLI::App* predict_ = nullptr;
  ModelCommandArgs predict_args_;
  CLI::App* export_ = nullptr;
  ModelCommandArgs export_args_;
};

}  // namespace dlogit::cli
