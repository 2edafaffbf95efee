#include "train/run_record.hpp"

#include <algorithm>
#include <cmath>
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

std::size_t iterations_with_breakdown(const std::vector<TraceRow>& trace) {
  std::size_t count = 0;
  for (const TraceRow& row : trace) count += row.breakdown ? 1 : 0;
  return count;
}

std::int64_t count_nonzero(const std::vector<double>& weights) {
  std::int64_t count = 0;
  for (const double w : weights) count += w != 0.0 ? 1 : 0;
  return count;
}

}  // namespace

void set_memory_bounds(MemoryRecord& memory, config::Method method, int history, std::int64_t parameters,
                       int threads, std::int64_t newton_cg_path_bytes, bool certificate, bool fit_intercept) {
  constexpr double mib = 1024.0 * 1024.0;
  const double vector_mb = 8.0 * static_cast<double>(parameters) / mib;
  double rank0_vectors = 10.0;  // gd
  double rank0_extra_mb = 0.0;
  if (method == config::Method::lbfgs || method == config::Method::owlqn) rank0_vectors = 2.0 * history + 10.0;
  // pqn: owlqn's vectors plus W and WM over the working set (2 x 2 history columns; every feature at worst).
  // Its Hessian block pass: each parameter's place in the set (an int: half a vector, on every rank); the
  // block itself (at most optimizer.hessian_block² doubles, a few of them) fits in the 64 MiB of slack.
  if (method == config::Method::pqn) rank0_vectors = 6.0 * history + 10.5;
  if (method == config::Method::newton) {
    rank0_vectors = 14.0;
    // The stored CG path holds whole points only, at most this many bytes of them (trust_region_newton.cpp).
    rank0_extra_mb = static_cast<double>(std::max<std::int64_t>(0, newton_cg_path_bytes)) / mib;
  }
  const double column = certificate && fit_intercept ? 1.0 : 0.0;  // the positive-label gradient sum
  const bool linearized = certificate && method == config::Method::pqn;
  const double extra_threads = static_cast<double>(std::max(0, threads - 1));
  const double per_thread = extra_threads * (1.0 + column) * (linearized ? 2.0 : 1.0) * vector_mb;
  // The linearized point's sums ride in the same message (1 + column), after a step (1); rank 0 also keeps θ − anchor.
  const double linearized_others = linearized ? 2.0 + column : 0.0;
  const double linearized_rank0 = linearized ? 3.0 + column : 0.0;
  memory.rank0_bound_mb = memory.rank0_shard_mb + 64.0 + (rank0_vectors + column + linearized_rank0) * vector_mb +
                          rank0_extra_mb + per_thread;
  const double others_vectors = method == config::Method::pqn ? 4.5 : 4.0;
  memory.others_bound_mb =
      memory.others_shard_mb + 64.0 + (others_vectors + column + linearized_others) * vector_mb + per_thread;
}

bool within_memory_bounds(const MemoryRecord& memory) {
  return memory.rank0_peak_rss_mb <= memory.rank0_bound_mb &&
         (memory.ranks <= 1 || memory.others_peak_rss_mb <= memory.others_bound_mb);
}

void fill_breakdowns(std::vector<TraceRow>& trace, const std::vector<std::vector<double>>& compute_by_rank) {
  const double ranks = static_cast<double>(compute_by_rank.size());
  const PhaseTimers start;  // the timers start at zero in this process
  const PhaseTimers* previous = &start;
  double previous_seconds = 0.0;
  long evaluation = 0;
  for (TraceRow& row : trace) {
    if (row.evaluations < 0) continue;
    const PhaseTimers& now = row.cumulative;
    IterationTime time;
    time.iteration = row.seconds - previous_seconds;
    double rank0_compute = 0.0;
    double rank0_wait = 0.0;  // for the slowest rank, had all started computing at once
    for (; evaluation < row.evaluations; ++evaluation) {
      double sum = 0.0, slowest = 0.0;
      for (const auto& per_rank : compute_by_rank) {
        const double seconds = per_rank[static_cast<std::size_t>(evaluation)];
        sum += seconds;
        slowest = std::max(slowest, seconds);
      }
      const double own = compute_by_rank[0][static_cast<std::size_t>(evaluation)];
      time.compute += sum / ranks;
      rank0_compute += own;
      rank0_wait += slowest - own;
    }
    // Rank 0's allreduce time is the wait for the slowest rank plus the allreduce itself. The others may
    // start computing before rank 0 leaves its broadcast, so the wait can be shorter than the compute
    // difference: it is capped by the allreduce time, so that compute + imbalance + allreduce is rank
    // 0's own compute + allreduce. Without the cap, imbalance is the slowest rank's compute minus the mean.
    const double allreduce = now.allreduce - previous->allreduce;
    const double wait = std::min(allreduce, rank0_wait);
    time.allreduce = allreduce - wait;
    time.imbalance = std::max(0.0, rank0_compute - time.compute + wait);
    time.broadcast = now.broadcast - previous->broadcast;
    time.update = now.update - previous->update;
    time.output = now.output - previous->output;
    row.breakdown = time;
    previous = &row.cumulative;
    previous_seconds = row.seconds;
  }
}

IterationTime total_breakdown(const std::vector<TraceRow>& trace) {
  IterationTime total;
  for (const TraceRow& row : trace) {
    if (!row.breakdown) continue;
    const IterationTime& time = *row.breakdown;
    total.iteration += time.iteration;
    total.compute += time.compute;
    total.imbalance += time.imbalance;
    total.allreduce += time.allreduce;
    total.broadcast += time.broadcast;
    total.update += time.update;
    total.output += time.output;
  }
  return total;
}

namespace {

void write_cv_choice(JsonWriter& json, const CvChoice& cv) {
  json.begin_object("cv")
      .field("metric", cv.metric)
      .field("rule", cv.rule)
      .field("folds", cv.folds)
      .field("point", static_cast<std::int64_t>(cv.point));
  json.begin_object("settings");
  for (const auto& [key, text] : cv.settings) json.field(key, text);
  json.end_object()
      .field("lambda", cv.lambda)
      .field("mean", cv.mean)
      .field("se", cv.se)
      .field("best_mean", cv.best_mean)
      .end_object();
}

void write_provenance(JsonWriter& json, const RunProvenance& provenance) {
  json.begin_object("provenance")
      .field("version", provenance.version)
      .field("commit", provenance.commit)
      .field("build_type", provenance.build_type)
      .field("compiler", provenance.compiler)
      .field("cxx_flags", provenance.cxx_flags)
      .field("pass_flags", provenance.pass_flags)
      .field("avx2", provenance.avx2)
      .field("march_native", provenance.march_native)
      .begin_object("libraries")
      .field("mpi", provenance.libraries.mpi)
      .field("mpi_runtime", provenance.libraries.mpi_runtime)
      .field("eigen", provenance.libraries.eigen)
      .field("boost", provenance.libraries.boost)
      .field("tomlplusplus", provenance.libraries.tomlplusplus)
      .field("cli11", provenance.libraries.cli11)
      .field("openssl", provenance.libraries.openssl)
      .end_object()
      .field("ranks", provenance.ranks)
      .field("threads", provenance.threads)
      .field("hosts", provenance.hosts)
      .field("start_time", provenance.start_time)
      .field("config_sha256", provenance.config_sha256)
      .field("model_config_sha256", provenance.model.config_sha256)
      .end_object();
}

}  // namespace

// The criterion that ended a run, for result.json: gap_tol, tol, max_iter, signal, or no_progress (a line
// search or trust region that could not move; stop_reason says why).
std::string stopped_by(const std::string& stop_reason) {
  if (stop_reason == "gap") return "gap_tol";
  if (stop_reason == "converged") return "tol";
  if (stop_reason == "max_iter") return "max_iter";
  if (stop_reason == "stopped by callback") return "signal";
  return "no_progress";
}

std::string result_json(const RunRecord& record) {
  JsonWriter json;
  json.begin_object()
      .field("objective", record.result.objective)
      .field("iterations", record.result.iterations)
      .field("converged", record.result.converged)
      .field("stop_reason", record.result.stop_reason)
      .field("stopped_by", stopped_by(record.result.stop_reason))
      .field("gap_bound", record.result.gap_bound)
      .field("checkpoint_write_failed", record.checkpoint_failed)
      .field("grad_norm", record.result.gradient_norm)
      .field("evaluations", static_cast<std::int64_t>(record.result.function_evals + record.result.hessian_evals))
      .field("function_evals", static_cast<std::int64_t>(record.result.function_evals))
      .field("hessian_evals", static_cast<std::int64_t>(record.result.hessian_evals))
      .field("nnz_weights", count_nonzero(record.model.weights))
      .field("rows", record.rows)
      .field("features", record.features)
      .field("nonzeros", record.nonzeros)
      .field("ranks", record.ranks)
      .field("threads", record.threads)
      .field("threads_from", record.threads_from)
      .begin_object("stopping")  // the rules the run used (gap_tol 0: no certificate, or switched off)
      .field("gap_tol", record.gap_tol)
      .field("tol", record.tol)
      .field("max_iter", record.max_iter)
      .end_object()
      .field("method", config::method_names().name(record.method))
      .field("penalty", model::penalty_names().name(record.penalty))
      .field("lambda", record.lambda);
  // l1_ratio means something for elastic net only; shown for l1 or l2 it reads as if it applied.
  if (record.penalty == model::PenaltyKind::elasticnet) json.field("l1_ratio", record.l1_ratio);
  json.field("sample_weights", record.sample_weights)
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
      .begin_object("iteration_parts")  // summed over the iterations, as in trace.csv's time_* columns
      .field("count", static_cast<std::int64_t>(iterations_with_breakdown(record.trace)))
      .field("wall", record.breakdown.iteration)
      .field("compute", record.breakdown.compute)
      .field("imbalance", record.breakdown.imbalance)
      .field("allreduce", record.breakdown.allreduce)
      .field("broadcast", record.breakdown.broadcast)
      .field("update", record.breakdown.update)
      .field("output", record.breakdown.output)
      .end_object()
      .field("final_checkpoint", record.after_loop.final_checkpoint)
      .field("final_checkpoint_bytes", record.after_loop.final_checkpoint_bytes)
      .field("model_write", record.after_loop.model_write)
      .field("after_loop", record.after_loop.after_loop)
      .end_object()
      .begin_object("memory")
      .field("peak_rss_mb", record.memory.peak_rss_mb_max)
      .field("peak_rss_mb_sum", record.memory.peak_rss_mb_sum)
      .field("shard_mb", record.memory.shard_mb_max)
      .field("shard_mb_sum", record.memory.shard_mb_sum)
      .field("value_type", record.memory.value_type)
      .field("huge_page_malloc", record.memory.huge_page_malloc)
      .field("rank0_peak_rss_mb", record.memory.rank0_peak_rss_mb)
      .field("rank0_loop_peak_rss_mb", record.memory.rank0_loop_peak_rss_mb)
      .field("rank0_bound_mb", record.memory.rank0_bound_mb);
  if (record.memory.ranks > 1)
    json.field("others_peak_rss_mb", record.memory.others_peak_rss_mb)
        .field("others_bound_mb", record.memory.others_bound_mb);
  json.field("within_bound", within_memory_bounds(record.memory)).end_object();
  eval::write_metrics(json, "train", record.train_fit);
  if (record.test_fit) eval::write_metrics(json, "test", *record.test_fit);
  if (record.provenance != nullptr) write_provenance(json, *record.provenance);
  if (record.cv) write_cv_choice(json, *record.cv);
  json.end_object();
  return json.str();
}

std::string trace_csv(const std::vector<TraceRow>& trace) {
  std::string text =
      "iteration,objective,grad_norm,step,function_evals,hessian_evals,seconds,compute,comm,"
      "time_iteration,time_compute,time_imbalance,time_allreduce,time_broadcast,time_update,time_output,gap_bound\n";
  char line[512];
  for (const TraceRow& row : trace) {
    std::snprintf(line, sizeof line, "%d,%.17g,%.17g,%.17g,%ld,%ld,%.6f,%.6f,%.6f", row.report.iteration,
                  row.report.objective, row.report.gradient_norm, row.report.step, row.report.function_evals,
                  row.report.hessian_evals, row.seconds, row.compute, row.comm);
    text += line;
    if (row.breakdown) {
      const IterationTime& t = *row.breakdown;
      std::snprintf(line, sizeof line, ",%.9f,%.9f,%.9f,%.9f,%.9f,%.9f,%.9f", t.iteration, t.compute, t.imbalance,
                    t.allreduce, t.broadcast, t.update, t.output);
      text += line;
    } else {
      text += ",,,,,,,";  // resumed from a checkpoint: the breakdown was not kept
    }
    // The certificate (empty: none, or a row resumed from a checkpoint, which does not keep it).
    if (std::isfinite(row.report.gap_bound)) {
      std::snprintf(line, sizeof line, ",%.6e\n", row.report.gap_bound);
      text += line;
    } else {
      text += ",\n";
    }
  }
  return text;
}

std::string roc_csv(const std::vector<eval::RocPoint>& roc) {
  std::string text = "threshold,false_positive_rate,true_positive_rate\n";
  char line[128];
  for (const eval::RocPoint& point : roc) {
    std::snprintf(line, sizeof line, "%.17g,%.17g,%.17g\n", point.threshold, point.false_positive_rate,
                  point.true_positive_rate);
    text += line;
  }
  return text;
}

void write_run(RunRecord& record, const std::string& dir) {
  // An older result.json must not vouch for a model.bin this run is about to replace.
  std::error_code ignored;
  std::filesystem::remove(dir + "/result.json", ignored);
  if (record.provenance != nullptr) write_config_toml(*record.provenance, dir);
  const Stopwatch model_watch;
  model::save_model(record.model, dir + "/model.bin");
  record.after_loop.model_write = model_watch.seconds();
  write_file_atomically(dir + "/trace.csv", trace_csv(record.trace));
  if (record.test_roc.empty())
    std::filesystem::remove(dir + "/roc.csv", ignored);  // from an earlier run with another test set
  else
    write_file_atomically(dir + "/roc.csv", roc_csv(record.test_roc));
  // result.json last: its presence means the run finished and the other files are complete.
  if (record.after_loop.loop_ended)
    record.after_loop.after_loop =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - *record.after_loop.loop_ended).count();
  write_file_atomically(dir + "/result.json", result_json(record));
}

}  // namespace dlogit::train
