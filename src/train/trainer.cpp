#include "train/trainer.hpp"

#include <string>

#include "comm/agreement.hpp"
#include "config/stopping_rules.hpp"
#include "common/errors.hpp"
#include "model/losses.hpp"
#include "train/console.hpp"
#include "train/experiment.hpp"
#include "train/input_paths.hpp"
#include "train/output_dir.hpp"
#include "train/path_run.hpp"
#include "train/point_run.hpp"
#include "train/provenance.hpp"
#include "train/run_lock.hpp"
#include "train/stop_signal.hpp"
#include "train/thread_count.hpp"
#include "train/training_data.hpp"

namespace dlogit::train {

void train(const config::Config& config, comm::Communicator& comm, Verbosity verbosity, int log_every) {
  if (config.is_experiment()) return run_experiment(config, comm, verbosity, log_every);
  StopSignal::install();
  RunPoint single = single_point(config);  // its clock (result.json's time.total) starts now
  const Console console(comm.is_root(), verbosity, log_every);
  prepare_output_dir(config.output.dir, comm);
  // The default checkpoint folder is inside output.dir; one set elsewhere is checked before loading too.
  if (config.checkpoint.dir) prepare_output_dir(*config.checkpoint.dir, comm, "checkpoint.dir");
  // Held until training returns: a second training into these folders is refused from here on.
  const RunLocks locks = lock_run_folders(config, comm, console);
  check_input_paths(config, comm);

  // Every rank reads its own environment (the same under SLURM); a bad variable fails before loading.
  const ThreadCount threads = comm::on_every_rank(comm, "runtime.threads could not be resolved on another rank", [&] {
    return resolve_threads(config.runtime.threads, process_environment());
  });

  // Before loading, so that a run that fails on its data still leaves the config it ran in output.dir.
  const RunProvenance provenance = run_provenance(config, comm, threads.threads);
  comm::on_root(comm, "rank 0 failed", [&] { write_config_toml(provenance, config.output.dir); });

  const TrainingData data = load_training_data(config, comm, console);
  const auto local = model::logistic_loss().make_local_objective(data.train, config.model.fit_intercept,
                                                                 threads.threads, nullptr);
  // Only the Newton method asks for Hessian passes; the others need no per-row curvature.
  // pqn takes the Hessian diagonal once, at x_0, for its initial matrix.
  local->keep_curvature(config.resolved_method() == config::Method::newton || config.resolved_method() == config::Method::pqn);

  // The duality-gap certificate's sums ride in every gradient pass when a run stops on it.
  local->keep_dual_terms(config::certificate_wanted(config));
  const TrainingJob job{config, comm, data, *local, console, threads, &provenance};
  // A checkpoint that could not be written costs no result: the run finished and wrote it, and ends
  // with its own exit code and a warning instead of success.
  if (config.regularization.is_path()) {
    const int failures = train_path(job).checkpoint_failures;
    if (failures > 0)
      throw CheckpointWriteFailed("the path is trained and written to " + config.output.dir + ", but checkpoints of " +
                                  std::to_string(failures) + " point(s) could not be written (see the warnings): " +
                                  "a rerun would not resume from them; check checkpoint.dir");
  } else {
    single.start = Eigen::VectorXd::Zero(local->parameter_count());
    const RunRecord record = train_point(job, single, true);
    if (record.checkpoint_failed)
      throw CheckpointWriteFailed("the training finished and wrote " + config.output.dir +
                                  "/{model.bin,result.json,trace.csv}, but a checkpoint could not be written to " +
                                  single.checkpoint_dir + " (" + record.checkpoint_failure +
                                  "): a rerun would not resume from it; check checkpoint.dir");
  }
}

}  // namespace dlogit::train
