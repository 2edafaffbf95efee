#include "cli/commands.hpp"

#include "cli/folds.hpp"
#include "cli/generate.hpp"
#include "cli/inspect.hpp"
#include "common/errors.hpp"
#include "config/config.hpp"
#include "data/format.hpp"
#include "train/trainer.hpp"

namespace dlogit::cli {
namespace {

// --model, --data, --format and --label-column, shared by evaluate and predict.
void add_data_options(CLI::App* command, ModelCommandArgs& args) {
  command->add_option("--model", args.model, "model.bin written by dlogit train, or a checkpoint (ckpt-*.bin: the weights of its iteration)")->required();
  command->add_option("--data", args.data, "Data file, or a glob of part files (\"data/part-*\")")->required();
  const NameTable<data::Format>& formats = data::format_names();
  command
      ->add_option_function<std::string>(
          "--format", [&args](const std::string& name) { args.data_format = data::format_names().parse(name); },
          "Data format (default: from the file name: .csv is " + formats.name(data::Format::csv) + ", else " +
              formats.name(data::Format::libsvm) + ")")
      ->check(CLI::IsMember(formats.names()));
  command->add_option("--label-column", args.label_column, "CSV only: 1-based label column")->capture_default_str();
  command
      ->add_option_function<std::string>(
          "--labels", [&args](const std::string& name) { args.labels = *label_presence_names().parse(name); },
          "Whether the data has labels: auto (default: from its first line, see below), yes or no")
      ->check(CLI::IsMember(label_presence_names().names()));
  command
      ->add_option_function<std::string>(
          "--zero-based",
          [&args](const std::string& text) {
            args.index_base = text == "auto" ? data::IndexBase::detect
                              : text == "true" ? data::IndexBase::zero
                                               : data::IndexBase::one;
          },
          "LIBSVM only: feature indices from 0 (true), from 1 (false), or auto (default: from 0 if an index 0 "
          "appears), as data.zero_based; index j of 0-based data is the model's feature j + 1")
      ->check(CLI::IsMember({"auto", "true", "false"}));
}

}  // namespace

Commands::Commands(CLI::App& app) {
  train_ = app.add_subcommand("train", "Train a model from a TOML config (every key: configs/reference.toml).");
  train_->add_option("config", config_path_, "TOML config file")->required();
  // One value per --set, so that `train --set k=v CONFIG` does not take CONFIG as a second override.
  train_->add_option("--set", overrides_,
                     "Override a config key, repeatable: --set section.key=value. An empty value unsets an optional "
                     "key (--set data.test=).")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  CLI::Option* quiet = train_->add_flag("-q,--quiet", quiet_,
                                        "Print only the final summary (a path: its table), warnings and errors");
  train_->add_flag("-v,--verbose", verbose_,
                   "Also print every rank's load speed, how lambda_max was found, and each checkpoint written")
      ->excludes(quiet);
  train_->add_option("--log-every", log_every_,
                     "Iteration lines: one every N iterations (1: all). Default: the first 10, then at most one a "
                     "second; the last iteration's line always")
      ->check(CLI::PositiveNumber)
      ->type_name("N");
  // Not an option of dlogit: the rank count is mpirun's. Caught here to say so instead of "not expected".
  train_->add_option("--ranks", ranks_asked_, "")->group("");
  train_->footer(
      "Paths in the config are relative to the current directory. Rank 0 prints the load speed, one line per\n"
      "iteration (with the elapsed time and passes over the data per second) and a summary, and writes\n"
      "model.bin, result.json, trace.csv (and roc.csv with data.test) to output.dir. A lambda list or\n"
      "regularization.path trains a path: one such folder per lambda under output.dir/path/, and path.csv.\n"
      "With [cv] folds and/or a [grid], an experiment: every grid point cross-validated (or scored on\n"
      "data.test), output.dir/cv.csv (a row per point and lambda), the chosen point refit into output.dir/best/\n"
      "(README \"Experiments\"; launch/plot DIR draws cv.png).\n"
      "Checkpoints go to checkpoint.dir; running the same command again resumes from the newest valid one.\n"
      "Exit codes: 0 done; 1 config, data or output error; 3 internal error (job aborted); 75 stopped by\n"
      "SIGTERM/SIGINT after writing a checkpoint (rerun to resume); 74 trained and wrote the model, but a\n"
      "checkpoint could not be written; 130 a second signal; others: usage.");

  generate_ = app.add_subcommand("generate", "Write a config's [data.synthetic] rows as a LIBSVM file (for peer tools).");
  generate_->add_option("config", generate_config_, "TOML config with a [data.synthetic] section")->required();
  generate_->add_option("--set", generate_overrides_, "Override a config key, repeatable (as for train)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  generate_->add_option("--output", generate_output_, "LIBSVM file to write (- for standard output)")->required();
  generate_->add_flag("--test", generate_test_, "Write the data.synthetic.test_rows held-out rows instead");
  generate_->footer(
      "Row i is a function of (data.synthetic.seed, i) only: the file is the same on any rank count and holds\n"
      "exactly the rows dlogit train generates from the same config. Labels are 0/1 (1 is the positive class);\n"
      "values have 17 significant digits so they read back exactly. A file may lack the highest feature\n"
      "indices: train on it with data.features = data.synthetic.features.");

  folds_ = app.add_subcommand("folds", "Write the cross-validation fold of every training row of a config with [cv].");
  folds_->add_option("config", folds_config_, "TOML config with [cv] folds = K (and the training data)")->required();
  folds_->add_option("--set", folds_overrides_, "Override a config key, repeatable (as for train)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  folds_->add_option("--output", folds_output_, "File to write (- for standard output)")->required();
  folds_->footer(
      "One line per training row, in the order of the training data (all files of a glob in turn), holding its\n"
      "fold, 1..K: give it to a peer tool to run it on exactly the folds a dlogit cross-validation uses. The\n"
      "file is the same on any rank count. Rows are cut into blocks of K consecutive rows and each block's rows\n"
      "go to the K folds in an order drawn from (cv.seed, block), so fold sizes differ by at most one;\n"
      "cv.stratified (default) forms the blocks within each label, so each fold holds every label's rows to\n"
      "within one. configs/reference.toml, [cv], has the details. The cross-validation runner itself is not\n"
      "built yet: dlogit train refuses a config with cv.folds.");

  inspect_ = app.add_subcommand("inspect", "Show what a model.bin or checkpoint holds and verify its checksum.");
  inspect_->add_option("file", inspect_path_, "model.bin or checkpoint file (ckpt-*.bin)")->required();
  inspect_->add_option("--top", inspect_top_, "How many of the largest weights to list")->capture_default_str();

  evaluate_ = app.add_subcommand("evaluate", "Compute a model's metrics on a labeled data file (any rank count).");
  add_data_options(evaluate_, evaluate_args_);
  evaluate_->add_option("--output", evaluate_args_.output,
                        "Also write the metrics to this JSON file (-: to standard output, the summary then goes to "
                        "standard error)");
  evaluate_->footer(
      "Metrics: rows, logloss (mean negative log-likelihood, no penalty), accuracy, ROC AUC (exact, ties count\n"
      "1/2 as in scikit-learn; null when the file holds one class only), precision, recall and F1 of the\n"
      "positive label at P >= 0.5 (0 when undefined, as scikit-learn's zero_division=0), and the confusion\n"
      "matrix {tn, fp, fn, tp}. The file is read with the model's feature count and label mapping: a feature\n"
      "index beyond the model's width or a label that is not one of the model's two is an error naming the line\n"
      "or the file. Each rank reads and scores its own part of the file. The data must have labels: when its\n"
      "first line has none (see predict --help for how that is told), evaluate says so and stops.");

  predict_ = app.add_subcommand("predict", "Write the predicted probability and label of every row of a data file.");
  add_data_options(predict_, predict_args_);
  predict_args_.output = "-";
  predict_->add_option("--output", predict_args_.output,
                       "Predictions file, one line per input row (default -: standard output)");
  predict_->footer(
      "Each line: the probability of the positive label (17 significant digits), a tab, and the predicted\n"
      "label in the file's original values (positive when the probability is >= 0.5); no header; lines in the\n"
      "order of the input rows, on any rank count. Labels are not needed: with --labels auto the first line\n"
      "that holds data decides. LIBSVM: a line starting with a feature (index:value) has no label, and then\n"
      "no line may have one; every line of unlabeled LIBSVM is a row, a blank or comment-only one an all-zero\n"
      "row, so output line i is input line i. CSV: as many columns as the model has features is unlabeled,\n"
      "one more is labeled; fewer is ambiguous and refused (say --labels yes or no). A labeled file may hold\n"
      "either of the model's two labels; its predictions equal those of the same file without labels.");

  export_ = app.add_subcommand("export", "Write a model's weights, intercept and labels as JSON or CSV.");
  export_->add_option("--model", export_args_.model, "model.bin written by dlogit train, or a checkpoint (ckpt-*.bin: the weights of its iteration)")->required();
  export_->add_option("--format", export_args_.export_format, "json or csv")->check(CLI::IsMember({"json", "csv"}))
      ->capture_default_str();
  export_args_.output = "-";
  export_->add_option("--output", export_args_.output, "Output file (default -: standard output)");
  export_->footer(
      "JSON: {format, features, fit_intercept, intercept, labels {negative, positive}, weights [...], note}.\n"
      "CSV: a feature,weight header, one row per feature with its 1-based index (as in LIBSVM), then the rows\n"
      "intercept, fit_intercept (1/0), negative_label and positive_label.\n"
      "P(positive label | x) = 1 / (1 + exp(-(w . x + intercept))). model.bin holds no training config, only its\n"
      "hash (dlogit inspect): the config is the config.toml that dlogit train wrote beside model.bin.");
}

void Commands::run(comm::Communicator& comm) const {
  if (inspect_->parsed()) {
    if (comm.is_root()) inspect_file(inspect_path_, inspect_top_);
    return;
  }
  if (export_->parsed()) {
    if (comm.is_root()) run_export(export_args_);
    return;
  }
  if (evaluate_->parsed()) {
    run_evaluate(evaluate_args_, comm);
    return;
  }
  if (predict_->parsed()) {
    run_predict(predict_args_, comm);
    return;
  }
  if (folds_->parsed()) {
    run_folds(config::load_config(folds_config_, folds_overrides_), folds_output_, comm);
    return;
  }
  if (generate_->parsed()) {
    run_generate(config::load_config(generate_config_, generate_overrides_), generate_output_, generate_test_, comm);
    return;
  }
  if (train_->parsed()) {
    if (!ranks_asked_.empty())
      throw ConfigError("dlogit train runs on the ranks that mpirun starts; it has no --ranks. Use "
                        "launch/train CONFIG --ranks " + ranks_asked_ + ", or mpirun -n " + ranks_asked_ +
                        " dlogit train CONFIG");
    const config::Config config = config::load_config(config_path_, overrides_);
    train::train(config, comm,
                 quiet_ ? train::Verbosity::quiet : verbose_ ? train::Verbosity::verbose : train::Verbosity::normal,
                 log_every_);
  }
}

}  // namespace dlogit::cli
