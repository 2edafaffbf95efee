#include "train/trainer.hpp"

#include "comm/agreement.hpp"
#include "model/losses.hpp"
#include "train/console.hpp"
#include "train/input_paths.hpp"
#include "train/output_dir.hpp"
#include "train/path_run.hpp"
#include "train/point_run.hpp"
#include "train/stop_signal.hpp"
#include "train/thread_count.hpp"
#include "train/training_data.hpp"

namespace dlogit::train {

void train(const config::Config& config, comm::Communicator& comm, Verbosity verbosity, int log_every) {
  StopSignal::install();
  RunPoint single = single_point(config);  // its clock (result.json's time.total) starts now
  const Console console(comm.is_root(), verbosity, log_every);
  prepare_output_dir(config.output.dir, comm);
  // The default checkpoint folder is inside output.dir; one set elsewhere is checked before loading too.
  if (config.checkpoint.dir) prepare_output_dir(*config.checkpoint.dir, comm, "checkpoint.dir");
  check_input_paths(config, comm);

  // Every rank reads its own environment (the same under SLURM); a bad variable fails before loading.
  const ThreadCount threads = comm::on_every_rank(comm, "runtime.threads could not be resolved on another rank", [&] {
    return resolve_threads(config.runtime.threads, process_environment());
  });

  const TrainingData data = load_training_data(config, comm, console);
  const auto local = model::logistic_loss().make_local_objective(data.train, config.model.fit_intercept,
                                                                 threads.threads, nullptr);
  // Only the Newton method asks for Hessian passes; the others need no per-row curvature.
  local->keep_curvature(config.resolved_method() == config::Method::newton);

  const TrainingJob job{config, comm, data, *local, console, threads};
  if (config.regularization.is_path()) {
    train_path(job);
  } else {
    single.start = Eigen::VectorXd::Zero(local->parameter_count());
    train_point(job, single, true);
  }
}

}  // namespace dlogit::train
