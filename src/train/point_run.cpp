#include "train/point_run.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "comm/agreement.hpp"
#include "config/stopping_rules.hpp"
#include "common/errors.hpp"
#include "common/huge_page_malloc.hpp"
#include "common/memory_usage.hpp"
#include "eval/evaluate.hpp"
#include "eval/metrics_report.hpp"
#include "model/pass_threads.hpp"
#include "model/penalty.hpp"
#include "train/distributed_objective.hpp"
#include "train/fingerprints.hpp"
#include "train/optimizer_driver.hpp"
#include "train/rank_protocol.hpp"

namespace dlogit::train {
namespace {

DriveSettings drive_settings(const TrainingJob& job, const RunPoint& point, const config::StoppingRules& stopping) {
  const config::Config& config = job.config;
  DriveSettings settings;
  settings.method = config.resolved_method();
  settings.options.max_iter = stopping.max_iter;
  settings.options.tol = stopping.tol;
  settings.options.gap_tol = stopping.gap_tol;
  settings.options.history = config.optimizer.history;
  settings.options.hessian_block = config.optimizer.hessian_block;
  settings.options.newton_preconditioner = config.optimizer.preconditioner;
  settings.options.reference_norm = point.reference_norm;
  settings.checkpoint_dir = point.checkpoint_dir;
  settings.checkpoint_every = config.checkpoint.every;
  settings.checkpoint_seconds = config.checkpoint.seconds;
  settings.checkpoint_keep = config.checkpoint.keep;
  settings.resume = config.checkpoint.resume;
  settings.config_fingerprint = config_fingerprint(config, point.lambda);
  settings.data_fingerprint = data_fingerprint(job.data.train, job.data.weights_fingerprint, job.data.content_fingerprint, config);
  settings.start = point.start;
  settings.ranks = job.comm.size();
  settings.threads = job.threads.threads;
  return settings;
}

// Splits rank 0's allreduce time into imbalance and the allreduce itself: every rank's compute time of
// every evaluation, gathered once at the end so that the iterations carry no extra collective.
void add_breakdowns(RunRecord& record, const PhaseTimers& timers, comm::Communicator& comm) {
  const std::vector<double> all = comm.gather(timers.evaluation_compute, 0);
  if (!comm.is_root()) return;
  const std::size_t per_rank = timers.evaluation_compute.size();
  if (all.size() != per_rank * static_cast<std::size_t>(comm.size()))
    throw std::logic_error("ranks counted different numbers of evaluations");
  std::vector<std::vector<double>> by_rank;
  for (int r = 0; r < comm.size(); ++r)
    by_rank.emplace_back(all.begin() + static_cast<std::ptrdiff_t>(r * per_rank),
                         all.begin() + static_cast<std::ptrdiff_t>((r + 1) * per_rank));
  fill_breakdowns(record.trace, by_rank);
  record.breakdown = total_breakdown(record.trace);
}

// After training, before the test set is scored: the peak of the training itself.
MemoryRecord gather_memory(const data::Dataset& shard, comm::Communicator& comm) {
  constexpr double mib = 1024.0 * 1024.0;
  const double rss = peak_rss_mb();
  const double shard_mb = static_cast<double>(shard.memory_bytes()) / mib;
  const bool root = comm.is_root();
  // [all ranks: rss, shard; rank 0 only: rss, shard; the others only: rss, shard] (0 where not theirs)
  double largest[6] = {rss, shard_mb, root ? rss : 0.0, root ? shard_mb : 0.0, root ? 0.0 : rss, root ? 0.0 : shard_mb};
  double total[2] = {rss, shard_mb};
  comm.allreduce_max(largest, 6);
  comm.allreduce_sum(total, 2);
  MemoryRecord memory;
  memory.rank0_peak_rss_mb = largest[2];
  memory.rank0_shard_mb = largest[3];
  memory.others_peak_rss_mb = largest[4];
  memory.others_shard_mb = largest[5];
  memory.ranks = comm.size();
  memory.peak_rss_mb_max = largest[0];
  memory.peak_rss_mb_sum = total[0];
  memory.shard_mb_max = largest[1];
  memory.shard_mb_sum = total[1];
  memory.value_type = data::value_type_name(shard.value_type());
  memory.huge_page_malloc = huge_page_malloc_active();
  return memory;
}

// θ = [w; b] as the model every rank evaluates and rank 0 saves.
model::TrainedModel make_model(const Eigen::VectorXd& theta, const data::Dataset& shard, bool fit_intercept) {
  model::TrainedModel model;
  const Eigen::Index weights = shard.features();
  model.weights.assign(theta.data(), theta.data() + weights);
  model.fit_intercept = fit_intercept;
  model.intercept = fit_intercept ? theta[weights] : 0.0;
  model.labels = shard.labels;
  return model;
}

void fill_record(RunRecord& record, const TrainingJob& job, const RunPoint& point, const PhaseTimers& timers,
                 const config::StoppingRules& stopping) {
  const config::Config& config = job.config;
  const data::Dataset& shard = job.data.train;
  record.method = config.resolved_method();
  record.penalty = config.regularization.penalty;
  record.lambda = point.lambda;
  record.l1_ratio = config.regularization.l1_ratio;
  record.max_iter = stopping.max_iter;
  record.tol = stopping.tol;
  record.gap_tol = stopping.gap_tol;
  if (config.data.weights) record.sample_weights = "file " + *config.data.weights;
  if (config.data.weight_column) record.sample_weights = "column " + std::to_string(*config.data.weight_column);
  record.class_weight = config::class_weight_text(config.model.class_weight);
  record.rows = shard.global_rows;
  record.features = shard.features();
  record.nonzeros = shard.global_nonzeros;
  record.ranks = job.comm.size();
  record.threads = job.threads.threads;
  record.threads_from = job.threads.from;
  record.time = timers;
  record.time.evaluation_compute.clear();
  record.time.total = point.clock.seconds();
  record.cv = point.cv;
  if (job.provenance != nullptr) {
    record.provenance = job.provenance;
    record.model.provenance = job.provenance->model;
  }
  // newton_cg_path_bytes is not a config key: drive_settings leaves the optimizer's default.
  set_memory_bounds(record.memory, record.method, config.optimizer.history, job.local.parameter_count(),
                    record.threads, optim::OptimizerOptions().newton_cg_path_bytes,
                    job.local.keeps_dual_terms(), config.model.fit_intercept);
}

void print_summary(const RunRecord& record, const std::string& dir, const Console& console) {
  // "converged after 9 iterations", "stopped after 25 iterations (max_iter)": the reason only when it adds one.
  // "converged after 9 iterations: objective ..., |g| ..., certified gap 1.81e-09 <= 1e-06, 237 passes ...";
  // the reason in parentheses only when it adds one (max_iter, a failure).
  const std::string& stop = record.result.stop_reason;
  const std::string reason = stop == "converged" || stop == "gap" ? "" : " (" + stop + ")";
  std::string gap;
  if (std::isfinite(record.result.gap_bound)) {
    char text[80];
    if (stop == "gap") {
      std::snprintf(text, sizeof text, ", certified gap %.2e <= %g", record.result.gap_bound, record.gap_tol);
    } else {
      std::snprintf(text, sizeof text, ", certified gap %.2e", record.result.gap_bound);
    }
    gap = text;
  }
  console.summary("%s after %d iterations%s: objective %.12e, |g| %.3e%s, %ld passes over the data",
                  record.result.converged ? "converged" : "stopped", record.result.iterations, reason.c_str(),
                  record.result.objective, record.result.gradient_norm, gap.c_str(),
                  record.result.function_evals + record.result.hessian_evals);
  console.summary("train: %s", eval::metrics_line(record.train_fit).c_str());
  if (record.test_fit)
    console.summary("test (%lld rows): %s", static_cast<long long>(record.test_fit->rows),
                    eval::metrics_line(*record.test_fit).c_str());
  console.summary("time: load %.3fs compute %.3fs comm %.3fs total %.3fs; wrote %s/{model.bin,result.json,trace.csv%s}",
                  record.time.load, record.time.compute, record.time.comm, record.time.total, dir.c_str(),
                  record.test_roc.empty() ? "" : ",roc.csv");
}

}  // namespace

RunPoint single_point(const config::Config& config) {
  RunPoint point;
  point.lambda = config.regularization.lambda;
  point.output_dir = config.output.dir;
  point.checkpoint_dir = config.checkpoint.directory(config.output.dir);
  return point;
}

RunRecord train_point(const TrainingJob& job, const RunPoint& point, bool print_run_summary) {
  const config::Config& config = job.config;
  comm::Communicator& comm = job.comm;
  const data::Dataset& shard = job.data.train;
  PhaseTimers timers;
  timers.load = job.data.load_seconds;
  const auto rows = static_cast<double>(shard.global_rows);
  const model::Penalty penalty(config.regularization.penalty, point.lambda, config.regularization.l1_ratio, rows);
  // What the optimizer stops on is what result.json reports.
  const config::StoppingRules stopping = config::stopping_rules(config, point.lambda);

  RunRecord record;
  bool interrupted = false;
  bool signal_checkpoint_lost = false;
  double rank0_loop_peak_mb = 0.0;
  drive_on_root_serve_elsewhere(comm, job.local, timers, [&](RankProtocol& protocol) {
    const model::DualityGap gap(penalty.l1_strength(), penalty.l2_strength(), config.model.fit_intercept,
                                shard.features(), rows);
    const bool certified = job.local.keeps_dual_terms() && gap.available();
    DistributedObjective objective(protocol, penalty, rows, config.resolved_method() == config::Method::newton,
                                   certified ? &gap : nullptr);
    const optim::L1Term l1{penalty.l1_weights(shard.features(), objective.dimension())};
    DriverOutcome outcome = drive_optimizer(drive_settings(job, point, stopping), protocol, objective, l1, job.console);
    record.result = std::move(outcome.result);
    record.trace = std::move(outcome.trace);
    interrupted = outcome.interrupted;
    signal_checkpoint_lost = outcome.signal_checkpoint_lost;
    record.checkpoint_failure = outcome.checkpoint_failure;
    rank0_loop_peak_mb = outcome.loop_peak_rss_mb;
    record.after_loop.loop_ended = outcome.loop_ended;
    record.after_loop.final_checkpoint = outcome.final_checkpoint_seconds;
    record.after_loop.final_checkpoint_bytes = outcome.final_checkpoint_bytes;
  });

  // Whether a signal interrupted the run (2: and its checkpoint could not be written) and whether some
  // checkpoint could not be written, then the final parameters, from rank 0 to everyone. The
  // parameters go in place (rank 0's result.x), not through a message that would copy them.
  double flags[2] = {0.0, 0.0};
  if (comm.is_root()) {
    flags[0] = interrupted ? (signal_checkpoint_lost ? 2.0 : 1.0) : 0.0;
    flags[1] = record.checkpoint_failure.empty() ? 0.0 : 1.0;
  }
  comm.broadcast(flags, 2, 0);
  if (flags[0] == 1.0)
    throw Interrupted("stopped by a signal; checkpoint written to " + point.checkpoint_dir +
                      ": run the same command again to resume");
  if (flags[0] == 2.0)
    throw Interrupted("stopped by a signal, but its checkpoint could not be written to " + point.checkpoint_dir +
                      " (see the warning above): a rerun resumes from the newest checkpoint there, if any");
  record.checkpoint_failed = flags[1] != 0.0;
  const Eigen::Index parameters = job.local.parameter_count();
  if (!comm.is_root()) record.result.x = Eigen::VectorXd::Zero(parameters);
  comm.broadcast(record.result.x.data(), static_cast<std::size_t>(parameters), 0);
  add_breakdowns(record, timers, comm);
  record.memory = gather_memory(shard, comm);
  record.memory.rank0_loop_peak_rss_mb = rank0_loop_peak_mb;  // meaningful on rank 0, which writes result.json
  record.model = make_model(record.result.x, shard, config.model.fit_intercept);
  // The model holds the parameters now; scoring and writing it need no second copy of them.
  record.result.x = Eigen::VectorXd();
  record.train_fit = eval::evaluate(shard, record.model, comm);
  if (job.data.test) record.test_fit = eval::evaluate(*job.data.test, record.model, comm, &record.test_roc);

  comm::on_root(comm, "rank 0 failed", [&] {
    fill_record(record, job, point, timers, stopping);
    write_run(record, point.output_dir);
    if (print_run_summary) print_summary(record, point.output_dir, job.console);
  });
  return record;
}

}  // namespace dlogit::train
