#pragma once
#include <Eigen/Dense>
#include <optional>
#include <string>

#include "comm/communicator.hpp"
#include "config/config.hpp"
#include "model/local_objective.hpp"
#include "train/console.hpp"
#include "train/run_record.hpp"
#include "train/provenance.hpp"
#include "train/thread_count.hpp"
#include "train/timers.hpp"
#include "train/training_data.hpp"

namespace dlogit::train {

// What every run of one job shares: the user's config (never copied or edited per run), the ranks,
// the loaded data and the local objective over it, and rank 0's console.
struct TrainingJob {
  const config::Config& config;
  comm::Communicator& comm;
  const TrainingData& data;
  model::LocalObjective& local;
  const Console& console;
  ThreadCount threads;  // this rank's pass threads and what decided them
  // What produced the run (rank 0's complete; nullptr: none, result.json and model.bin go without).
  const RunProvenance* provenance = nullptr;
};

// One λ to train: where its files go, where rank 0's optimizer starts, and the stopping reference.
struct RunPoint {
  double lambda = 0.0;
  std::string output_dir;
  std::string checkpoint_dir;
  Eigen::VectorXd start;        // rank 0's start (empty: zero)
  double reference_norm = 0.0;  // OptimizerOptions::reference_norm (0: the start's own gradient norm)
  Stopwatch clock;              // result.json's time.total counts from here
  std::optional<CvChoice> cv;   // the refit of a cross-validated experiment: result.json's "cv"
};

// The point of a run without a path: config.regularization.lambda into output.dir.
RunPoint single_point(const config::Config& config);

// Collective: trains one λ (rank 0 drives the optimizer, the others serve), evaluates the model on the
// train (and test) shards and has rank 0 write the point's folder (printing its summary when
// `print_summary`). Returns the record on every rank (complete on rank 0; elsewhere only its model and
// metrics; record.result.x is released: record.model holds the parameters). Throws Interrupted on
// every rank when a signal stopped the optimizer. A checkpoint that could not be written does not stop
// it: record.checkpoint_failed says so on every rank.
RunRecord train_point(const TrainingJob& job, const RunPoint& point, bool print_summary);

}  // namespace dlogit::train
