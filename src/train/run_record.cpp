#include "train/run_record.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/errors.hpp"
#include "common/checked_file.hpp"
#include "common/json_writer.hpp"
#include "eval/metrics_report.hpp"

namespace dlogit::train {
namespace {

std::int64_t count_nonzero(const std::vector<double>& weights) {
  std::int64_t count = 0;
  for (const double w : weights) count += w != 0.0 ? 1 : 0;
  return count;
}

}  // namespace

std::string result_json(const RunRecord& record) {
  JsonWriter json;
  json.begin_object()
      .field("objective", record.result.objective)
      .field("iterations", record.result.iterations)
      .field("converged", record.result.converged)
      .field("stop_reason", record.result.stop_reason)
      .field("grad_norm", record.result.gradient_norm)
      .field("evaluations", static_cast<std::int64_t>(record.result.function_evals + record.result.hessian_evals))
      .field("function_evals", static_cast<std::int64_t>(record.result.function_evals))
      .field("hessian_evals", static_cast<std::int64_t>(record.result.hessian_evals))
      .field("nnz_weights", count_nonzero(record.model.weights))
      .field("rows", record.rows)
      .field("features", record.features)
      .field("nonzeros", record.nonzeros)
      .field("ranks", record.ranks)
      .field("method", record.method)
      .field("penalty", record.penalty)
      .field("lambda", record.lambda)
      .field("l1_ratio", record.l1_ratio)
      .field("sample_weights", record.sample_weights)
      .field("class_weight", record.class_weight)
      .field("fit_intercept", record.model.fit_intercept)
      .field("intercept", record.model.intercept)
      .begin_object("labels")
      .field("negative", record.model.labels.negative)
      .field("positive", record.model.labels.positive)
      .end_object()
      .begin_object("time")
      .field("load", record.time.load)
      .field("compute", record.time.compute)
      .field("comm", record.time.comm)
      .field("total", record.time.total)
      .end_object()
      .begin_object("memory")
      .field("peak_rss_mb", record.memory.peak_rss_mb_max)
      .field("peak_rss_mb_sum", record.memory.peak_rss_mb_sum)
      .field("shard_mb", record.memory.shard_mb_max)
      .field("shard_mb_sum", record.memory.shard_mb_sum)
      .field("value_type", record.memory.value_type)
      .end_object();
  eval::write_metrics(json, "train", record.train_fit);
  if (record.test_fit) eval::write_metrics(json, "test", *record.test_fit);
  json.end_object();
  return json.str();
}

std::string trace_csv(const std::vector<TraceRow>& trace) {
  std::string text = "iteration,objective,grad_norm,step,function_evals,hessian_evals,seconds,compute,comm\n";
  char line[320];
  for (const TraceRow& row : trace) {
    std::snprintf(line, sizeof line, "%d,%.17g,%.17g,%.17g,%ld,%ld,%.6f,%.6f,%.6f\n", row.report.iteration,
                  row.report.objective, row.report.gradient_norm, row.report.step, row.report.function_evals,
                  row.report.hessian_evals, row.seconds, row.compute, row.comm);
    text += line;
  }
  return text;
}

void write_run(const RunRecord& record, const std::string& dir) {
  // An older result.json must not vouch for a model.bin this run is about to replace.
  std::error_code ignored;
  std::filesystem::remove(dir + "/result.json", ignored);
  model::save_model(record.model, dir + "/model.bin");
  write_file_atomically(dir + "/trace.csv", trace_csv(record.trace));
  // result.json last: its presence means the run finished and the other files are complete.
  write_file_atomically(dir + "/result.json", result_json(record));
}

}  // namespace dlogit::train
