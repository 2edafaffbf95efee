#include "cli/model_commands.hpp"

#include <cstdio>

#include "cli/model_input.hpp"
#include "cli/output_guard.hpp"
#include "comm/agreement.hpp"
#include "common/json_writer.hpp"
#include "common/output_target.hpp"
#include "data/dataset_loader.hpp"
#include "eval/evaluate.hpp"
#include "eval/metrics_report.hpp"
#include "eval/ordered_write.hpp"
#include "eval/predictions.hpp"
#include "eval/scoring.hpp"
#include "model/model_export.hpp"

namespace dlogit::cli {

namespace {

data::Format format_of(const ModelCommandArgs& args) {
  return args.data_format ? *args.data_format : data::format_from_extension(args.data);
}

// Collective: every rank reads the same first line, so all decide alike; rank 0 reports a refusal.
bool agree_on_labels(const ModelCommandArgs& args, const model::TrainedModel& model, bool evaluating,
                     comm::Communicator& comm) {
  return comm::on_every_rank(
      comm, "the data's labels were refused on another rank",
      [&] { return data_has_labels(args.data, format_of(args), model.features(), args.labels, evaluating); },
      comm::FailureVoice::root_if_failed);
}

data::LoadOptions data_options(const ModelCommandArgs& args, bool labeled, const model::TrainedModel& model) {
  data::LoadOptions options = model_data_options(args.data, args.data_format, args.label_column, labeled, model);
  options.index_base = args.index_base;
  return options;
}

}  // namespace

void run_evaluate(const ModelCommandArgs& args, comm::Communicator& comm) {
  refuse_output_that_is_an_input(args.output, {args.model, args.data});  // the same on every rank
  const model::TrainedModel model = load_model_everywhere(args.model, comm);
  agree_on_labels(args, model, true, comm);
  const data::Dataset shard = data::load_dataset(data_options(args, true, model), comm);
  const eval::Metrics metrics = eval::evaluate(shard, model, comm);
  if (comm.is_root()) {
    std::FILE* out = message_stream(args.output);  // standard error when the JSON goes to standard output
    std::fprintf(out, "evaluated %s on %s: %lld rows on %d rank%s\n%s\n%s\n", args.model.c_str(), args.data.c_str(),
                 static_cast<long long>(metrics.rows), comm.size(), comm.size() == 1 ? "" : "s",
                 eval::metrics_line(metrics).c_str(), eval::confusion_line(metrics, model.labels).c_str());
    std::fflush(out);
  }
  if (args.output.empty()) return;
  JsonWriter json;
  json.begin_object().field("model", args.model).field("data", args.data).field("ranks", comm.size());
  eval::write_metric_fields(json, metrics);
  json.end_object();
  write_on_root(args.output, json.str(), comm);
  if (comm.is_root() && !is_standard_output(args.output)) std::printf("wrote %s\n", args.output.c_str());
}

void run_predict(const ModelCommandArgs& args, comm::Communicator& comm) {
  refuse_output_that_is_an_input(args.output, {args.model, args.data});  // the same on every rank
  const model::TrainedModel model = load_model_everywhere(args.model, comm);
  const bool labeled = agree_on_labels(args, model, false, comm);
  const data::Dataset shard = data::load_dataset(data_options(args, labeled, model), comm);
  eval::write_in_rank_order(args.output, eval::format_predictions(eval::margins(shard, model), model), comm);
  if (comm.is_root()) {
    std::fprintf(message_stream(args.output),
                 "wrote %lld predictions of %s for %s data to %s (probability of label %g, tab, predicted label)\n",
                 static_cast<long long>(shard.global_rows), args.model.c_str(), labeled ? "labeled" : "unlabeled",
                 is_standard_output(args.output) ? "standard output" : args.output.c_str(), model.labels.positive);
  }
}

void run_export(const ModelCommandArgs& args) {
  refuse_output_that_is_an_input(args.output, {args.model});
  std::string note;
  const model::TrainedModel model = load_model_or_checkpoint(args.model, &note);
  if (!note.empty()) std::fprintf(stderr, "dlogit: %s\n", note.c_str());
  write_text(args.output, args.export_format == "csv" ? model::model_csv(model) : model::model_json(model));
  if (!is_standard_output(args.output)) std::printf("wrote %s\n", args.output.c_str());
}

}  // namespace dlogit::cli
