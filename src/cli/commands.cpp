#include "cli/commands.hpp"

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
      "Exit codes: 0 done; 1 config, data or output error; 3 internal error (job aborted); others: usage.");
}

void Commands::run(comm::Communicator& comm) const {
  if (train_->parsed()) {
    const config::Config config = config::load_config(config_path_, overrides_);
    train::train(config, comm);
  }
}

}  // namespace dlogit::cli
