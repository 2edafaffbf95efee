#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/method.hpp"
#include "eval/auc.hpp"
#include "eval/metrics.hpp"
#include "model/penalty_kind.hpp"
#include "model/trained_model.hpp"
#include "optim/optimizer.hpp"
#include "train/provenance.hpp"
#include "train/timers.hpp"

namespace dlogit::train {

// Where one iteration's wall time went (seconds). compute is the mean over ranks, imbalance the slowest
// rank's compute minus the mean, allreduce rank 0's allreduce time less its wait for the slowest rank;
// broadcast, update (the optimizer on rank 0) and output (lines, checkpoints) are rank 0's. Together
// they account for `iteration`, rank 0's wall time since the previous row.
struct IterationTime {
  double iteration = 0.0;
  double compute = 0.0;
  double imbalance = 0.0;
  double allreduce = 0.0;
  double broadcast = 0.0;
  double update = 0.0;
  double output = 0.0;
};

// One line of trace.csv: the optimizer's report plus where the time went so far.
struct TraceRow {
  optim::IterationReport report;
  double seconds = 0.0;  // since training started
  double compute = 0.0;  // cumulative, rank 0
  double comm = 0.0;     // cumulative, rank 0
  // Not kept in checkpoints: rows resumed from one have evaluations = -1 and no breakdown.
  long evaluations = -1;  // evaluations this process had done by this row
  PhaseTimers cumulative;  // rank 0's timers at this row (without evaluation_compute)
  std::optional<IterationTime> breakdown;
};

// Fills each row's breakdown from rank 0's cumulative timers and every rank's per-evaluation compute
// seconds (`compute_by_rank[r][e]`). Rows from a checkpoint (evaluations < 0) are left without one.
void fill_breakdowns(std::vector<TraceRow>& trace, const std::vector<std::vector<double>>& compute_by_rank);
// The sum of the breakdowns of the rows that have one.
IterationTime total_breakdown(const std::vector<TraceRow>& trace);

// Memory of the ranks, gathered to rank 0: the peak resident set and the bytes of the shard as stored.
struct MemoryRecord {
  double peak_rss_mb_max = 0.0;
  double peak_rss_mb_sum = 0.0;
  double shard_mb_max = 0.0;
  double shard_mb_sum = 0.0;
  std::string value_type;  // rank 0's storage layout of the values
  bool huge_page_malloc = false;  // rank 0's malloc asks for 2 MiB pages (common/huge_page_malloc.hpp)
  // Rank 0 (which runs the optimizer) apart from the others (their largest; 0 on one rank).
  double rank0_peak_rss_mb = 0.0;
  double rank0_loop_peak_rss_mb = 0.0;  // as the optimizer returned, before the final checkpoint
  double rank0_shard_mb = 0.0;
  double others_peak_rss_mb = 0.0;
  double others_shard_mb = 0.0;
  // What issue 14 allows (see memory_bounds), filled on rank 0 by set_memory_bounds.
  double rank0_bound_mb = 0.0;
  double others_bound_mb = 0.0;
  int ranks = 1;
};

// The peak memory a run may need on top of its shard (MiB): 64 MiB for the program, plus per feature
// (parameters) 8 bytes times (2 history + 10) vectors on rank 0 for lbfgs and owlqn, 14 for newton and
// 10 for gd, and 4 on the other ranks (the exchange and the pass), plus one more per extra pass thread;
// newton's also counts the memory it may keep for its CG path (OptimizerOptions::newton_cg_path_bytes),
// and one more on every rank with a certificate and an intercept (the duality gap's positive-label
// gradient sum: in the exchange's message and in each extra pass thread's buffer). pqn with a certificate
// also sums its linearized dual point (LocalObjective::loss_and_gradient_sum_linearized): that message's
// second half, the step and (rank 0) θ − anchor, and a second buffer per extra pass thread.
void set_memory_bounds(MemoryRecord& memory, config::Method method, int history, std::int64_t parameters,
                       int threads, std::int64_t newton_cg_path_bytes, bool certificate, bool fit_intercept);
// Whether every rank's peak is within its bound.
bool within_memory_bounds(const MemoryRecord& memory);

// Rank 0's time after the optimizer returned (seconds), in result.json's "time".
struct AfterLoopTime {
  double final_checkpoint = 0.0;  // writing the checkpoint after the loop (0: none was written)
  std::int64_t final_checkpoint_bytes = 0;
  double model_write = 0.0;  // writing model.bin (write_run fills it)
  // From the optimizer's return (loop_ended) until result.json starts being written (write_run fills it;
  // 0 when loop_ended is unset).
  double after_loop = 0.0;
  std::optional<std::chrono::steady_clock::time_point> loop_ended;
};

// The choice cross-validation made, for the refit's result.json "cv" section (issue 16).
struct CvChoice {
  std::string metric;  // logloss, auc, accuracy
  std::string rule;    // min, 1se
  int folds = 0;
  std::size_t point = 0;                                   // the grid point (0 without a grid)
  std::vector<std::pair<std::string, std::string>> settings;  // that point's grid values: key, text
  double lambda = 0.0;
  double mean = 0.0;  // the metric's mean over the held-out folds at that point and lambda
  double se = 0.0;    // its standard error
  double best_mean = 0.0;  // the best mean of the table (the same as mean for rule min)
};

// Everything a finished run writes to output.dir.
struct RunRecord {
  model::TrainedModel model;
  optim::OptimizerResult result;
  config::Method method = config::Method::newton;  // resolved: never automatic
  model::PenaltyKind penalty = model::PenaltyKind::l2;
  double lambda = 0.0;
  double l1_ratio = 0.0;
  // The stopping rules the run used (config::stopping_rules): gap_tol 0 = no certificate or off.
  int max_iter = 0;
  double tol = 0.0;
  double gap_tol = 0.0;
  // The objective's row weights: "none", "file PATH" or "column N"; and model.class_weight or "none".
  std::string sample_weights = "none";
  std::string class_weight = "none";
  std::int64_t rows = 0;
  std::int64_t features = 0;
  std::int64_t nonzeros = 0;
  int ranks = 1;
  int threads = 1;                   // per rank (rank 0's)
  std::string threads_from = "default";  // what decided it (ThreadCount::from)
  PhaseTimers time;
  AfterLoopTime after_loop;
  IterationTime breakdown;  // summed over this process's iterations
  MemoryRecord memory;
  std::vector<TraceRow> trace;
  eval::Metrics train_fit;
  std::optional<eval::Metrics> test_fit;  // when data.test is set
  std::vector<eval::RocPoint> test_roc;   // rank 0, when data.test is set and holds both classes
  // A checkpoint of this run could not be written (every rank knows); the first failure (rank 0).
  bool checkpoint_failed = false;
  std::string checkpoint_failure;
  // What produced the run (rank 0; nullptr: result.json has no provenance, no config.toml is written).
  const RunProvenance* provenance = nullptr;
  std::optional<CvChoice> cv;  // the refit of a cross-validated experiment
};

// Writes model.bin, result.json, trace.csv, (with test_roc) roc.csv and (with a provenance) config.toml
// into `dir` (which must exist). Each file is written to
// a temporary name and renamed, so a failed write never leaves a file a later run would misread.
// Fills record.after_loop's model_write and after_loop, which result.json reports.
void write_run(RunRecord& record, const std::string& dir);

std::string result_json(const RunRecord& record);
std::string trace_csv(const std::vector<TraceRow>& trace);
// threshold,false_positive_rate,true_positive_rate; the first row's threshold is inf.
std::string roc_csv(const std::vector<eval::RocPoint>& roc);

}  // namespace dlogit::train
