#include "train/trainer.hpp"

#include <string>

#include "common/errors.hpp"
#include "train/console.hpp"
#include "train/experiment.hpp"
#include "train/path_run.hpp"
#include "train/point_run.hpp"
#include "train/run_setup.hpp"
#include "train/stop_signal.hpp"
#include "train/training_data.hpp"

namespace dlogit::train {

void train(const config::Config& config, comm::Communicator& comm, Verbosity verbosity, int log_every) {
  if (config.is_experiment()) return run_experiment(config, comm, verbosity, log_every);
  StopSignal::install();
  RunPoint single = single_point(config);  // its clock (result.json's time.total) starts now
  const Console console(comm.is_root(), verbosity, log_every);
  const RunSetup setup = set_up_run(config, comm, console);
  const TrainingData data = load_training_data(config, comm, console);
  const auto local = training_objective(config, data.train, setup.threads.threads);
  const TrainingJob job{config, comm, data, *local, console, setup.threads, &setup.provenance};
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
