#include "train/optimizer_driver.hpp"

#include <cstdio>
#include <stdexcept>

#include "common/errors.hpp"

namespace dlogit::train {
namespace {

void resume_if_possible(const config::Config& config, optim::Optimizer& optimizer, std::vector<TraceRow>& trace,
                        const Fingerprint& config_fingerprint, const Fingerprint& data_fingerprint,
                        Verbosity verbosity) {
  if (!config.checkpoint.resume) return;
  const std::string dir = config.checkpoint.directory(config.output.dir);
  const auto found = newest_valid_checkpoint(
      dir, [](const std::string& warning) { std::fprintf(stderr, "dlogit: warning: %s\n", warning.c_str()); });
  if (!found) return;
  for (const auto& [saved, current, what] :
       {std::tuple{&found->checkpoint.config_fingerprint, &config_fingerprint, "config"},
        std::tuple{&found->checkpoint.data_fingerprint, &data_fingerprint, "data"}}) {
    const std::string difference = fingerprint_difference(*saved, *current);
    if (!difference.empty())
      throw UserError("cannot resume from " + found->path + ": it was trained on other " + what + " (" + difference +
                      "); use a new output.dir or --set checkpoint.resume=false to start over");
  }
  try {
    optimizer.resume_from(found->checkpoint.optimizer);
  } catch (const std::invalid_argument& e) {  // e.g. a state of another method or dimension
    throw UserError("cannot resume from " + found->path + ": " + e.what() +
                    "; use a new output.dir or --set checkpoint.resume=false to start over");
  }
  trace = found->checkpoint.trace;
  if (verbosity == Verbosity::quiet) return;
  std::printf("resuming from %s at iteration %d\n", found->path.c_str(), found->checkpoint.optimizer.iteration);
  std::fflush(stdout);
}

}  // namespace

DriverOutcome drive_optimizer(const config::Config& config, DistributedObjective& objective,
                              const model::Penalty& penalty, Eigen::Index weights, const PhaseTimers& timers,
                              const Fingerprint& config_fingerprint, const Fingerprint& data_fingerprint,
                              const DriveOptions& drive) {
  optim::OptimizerOptions options;
  options.max_iter = config.optimizer.max_iter;
  options.tol = config.optimizer.tol;
  options.history = config.optimizer.history;
  options.newton_preconditioner = config.optimizer.preconditioner;
  options.reference_norm = drive.reference_norm;
  const auto optimizer = optim::make_optimizer(config.resolved_method(), options);
  const optim::L1Term l1{penalty.l1_weights(weights, objective.dimension())};

  DriverOutcome outcome;
  resume_if_possible(config, *optimizer, outcome.trace, config_fingerprint, data_fingerprint, drive.verbosity);
  const long resumed_passes =
      outcome.trace.empty() ? 0 : outcome.trace.back().report.function_evals + outcome.trace.back().report.hessian_evals;

  const std::string checkpoint_dir = config.checkpoint.directory(config.output.dir);
  const auto save = [&] {
    const Checkpoint checkpoint{optimizer->state(), outcome.trace, config_fingerprint, data_fingerprint};
    write_checkpoint(checkpoint, checkpoint_dir, config.checkpoint.keep);
    if (drive.verbosity == Verbosity::verbose) {
      std::printf("checkpoint at iteration %d written to %s\n", checkpoint.optimizer.iteration, checkpoint_dir.c_str());
      std::fflush(stdout);
    }
  };
  Stopwatch clock;
  objective.restart_update_clock();
  const int every = config.checkpoint.every;
  const auto on_iteration = [&](const optim::IterationReport& report) {
    objective.begin_output();
    TraceRow row;
    row.report = report;
    row.seconds = clock.seconds();
    row.compute = timers.compute;
    row.comm = timers.comm;
    row.evaluations = objective.evaluations();
    row.cumulative.compute = timers.compute;  // the scalars only, not the per-evaluation log
    row.cumulative.comm = timers.comm;
    row.cumulative.broadcast = timers.broadcast;
    row.cumulative.allreduce = timers.allreduce;
    row.cumulative.update = timers.update;
    row.cumulative.output = timers.output;
    outcome.trace.push_back(std::move(row));
    if (drive.verbosity != Verbosity::quiet) {
      const TraceRow& last = outcome.trace.back();
      const double passes = static_cast<double>(report.function_evals + report.hessian_evals - resumed_passes);
      std::printf("%s\n", iteration_line(last, last.seconds > 0.0 ? passes / last.seconds : 0.0).c_str());
      std::fflush(stdout);
    }
    bool go_on = true;
    if (objective.stop_requested()) {
      save();
      outcome.interrupted = true;
      go_on = false;
    } else if (every > 0 && report.iteration > 0 && report.iteration % every == 0) {
      save();
    }
    objective.end_output();
    return go_on;
  };
  Eigen::VectorXd start = drive.start.size() == 0 ? Eigen::VectorXd::Zero(objective.dimension()) : drive.start;
  outcome.result = optimizer->minimize(objective, l1, std::move(start), on_iteration);
  if (!outcome.interrupted && (every == 0 || outcome.result.iterations % every != 0)) save();
  return outcome;
}

}  // namespace dlogit::train
