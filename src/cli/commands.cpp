#include "cli/commands.hpp"

#include "cli/inspect.hpp"
#include "config/config.hpp"
#include "train/trainer.hpp"

namespace dlogit::cli {

Commands::Commands(CLI::App& app) {
  train_ = app.add_subcommand("train", "Train a model from a TOML config (every key: configs/reference.toml).");
  train_->add_option("config", config_path_, "TOML config file")->required();
  train_->add_option("--set", overrides_,
                     "Override a config key, repeatable: --set section.key=value. An empty value unsets an optional "
                     "key (--set data.test=).")
      ->type_name("KEY=VALUE");
  train_->footer(
      "Paths in the config are relative to the current directory. Rank 0 prints one line per iteration and\n"
      "writes model.bin, result.json and trace.csv to output.dir.\n"
      "Checkpoints go to checkpoint.dir; running the same command again resumes from the newest valid one.\n"
      "Exit codes: 0 done; 1 config, data or output error; 3 internal error (job aborted); 75 stopped by\n"
      "SIGTERM/SIGINT after writing a checkpoint (rerun to resume); 130 a second signal; others: usage.");

  inspect_ = app.add_subcommand("inspect", "Show what a model.bin or checkpoint holds and verify its checksum.");
  inspect_->add_option("file", inspect_path_, "model.bin or checkpoint file (ckpt-*.bin)")->required();
  inspect_->add_option("--top", inspect_top_, "How many of the largest weights to list")->capture_default_str();
}

void Commands::run(comm::Communicator& comm) const {
  if (inspect_->parsed()) {
    if (comm.is_root()) inspect_file(inspect_path_, inspect_top_);
    return;
  }
  if (train_->parsed()) {
    const config::Config config = config::load_config(config_path_, overrides_);
    train::train(config, comm);
  }
}

}  // namespace dlogit::cli
