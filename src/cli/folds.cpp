#include "cli/folds.hpp"

#include <cstdio>
#include <string>

#include "cli/model_input.hpp"
#include "cli/output_guard.hpp"
#include "common/errors.hpp"
#include "common/output_target.hpp"
#include "data/dataset_loader.hpp"
#include "data/folds.hpp"
#include "data/synthetic.hpp"
#include "eval/ordered_write.hpp"
#include "train/data_options.hpp"
#include "train/input_paths.hpp"

namespace dlogit::cli {
namespace {

// The training rows as `dlogit train` reads them (same rows, order and label mapping); row weights
// play no part in the folds, so neither they nor data.test are read or checked.
data::Dataset training_rows(const config::Config& config, comm::Communicator& comm) {
  if (config.synthetic.rows) return data::generate_dataset(train::synthetic_options(config), comm);
  config::Config rows_only = config;
  rows_only.data.test.reset();
  rows_only.data.weights.reset();
  train::check_input_paths(rows_only, comm);
  return data::load_dataset(train::load_options(config, config.data.train), comm);
}

std::string label_text(double label) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", label);
  return text;
}

}  // namespace

void run_folds(const config::Config& config, const std::string& output, comm::Communicator& comm) {
  if (!config.cv.requested())
    throw ConfigError(config.source + ": dlogit folds needs 'cv.folds' (the number of folds, >= 2): add [cv] with " +
                      "folds = 5, or --set cv.folds=5");
  std::vector<std::string> inputs{config.source};
  if (!config.synthetic.rows) inputs.push_back(config.data.train);
  refuse_output_that_is_an_input(output, inputs);  // the same on every rank

  const data::Dataset rows = training_rows(config, comm);
  const int fold_count = *config.cv.folds;
  if (rows.global_rows < fold_count)
    throw ConfigError(config.where("cv.folds") + ": 'cv.folds' = " + std::to_string(fold_count) + " exceeds the " +
                      std::to_string(rows.global_rows) + " training rows: some folds would be empty");
  const data::FoldOptions options{fold_count, static_cast<std::uint64_t>(config.cv.seed), config.cv.stratified};
  const std::vector<int> folds = data::assign_folds(rows, options, comm);

  std::string text;
  text.reserve(folds.size() * 3);
  for (const int fold : folds) {
    text += std::to_string(fold + 1);
    text += '\n';
  }
  eval::write_in_rank_order(output, text, comm);

  const auto counts = data::fold_class_counts(rows, folds, fold_count, comm);
  if (!comm.is_root()) return;
  std::FILE* out = message_stream(output);
  const std::string negative = label_text(rows.labels.negative);
  const std::string positive = label_text(rows.labels.positive);
  std::fprintf(out, "wrote %s: the fold (1..%d) of each of %lld training rows, %s, seed %lld, on %d rank%s\n",
               is_standard_output(output) ? "standard output" : output.c_str(), fold_count,
               static_cast<long long>(rows.global_rows), config.cv.stratified ? "stratified by label" : "unstratified",
               static_cast<long long>(config.cv.seed), comm.size(), comm.size() == 1 ? "" : "s");
  std::array<std::int64_t, 2> totals{0, 0};
  for (std::size_t f = 0; f < counts.size(); ++f) {
    std::fprintf(out, "fold %zu: %lld rows (label %s: %lld, label %s: %lld)\n", f + 1,
                 static_cast<long long>(counts[f][0] + counts[f][1]), negative.c_str(),
                 static_cast<long long>(counts[f][0]), positive.c_str(), static_cast<long long>(counts[f][1]));
    totals[0] += counts[f][0];
    totals[1] += counts[f][1];
  }
  for (const int target : {0, 1}) {
    const std::int64_t total = totals[static_cast<std::size_t>(target)];
    if (config.cv.stratified && total < fold_count)
      std::fprintf(out, "dlogit: warning: label %s has %lld rows, fewer than cv.folds = %d: %lld folds hold none of it\n",
                   (target == 1 ? positive : negative).c_str(), static_cast<long long>(total), fold_count,
                   static_cast<long long>(fold_count - total));
  }
  std::fflush(out);
}

}  // namespace dlogit::cli
