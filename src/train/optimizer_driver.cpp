#include "train/optimizer_driver.hpp"

#include <cstdio>
#include <stdexcept>

#include "common/errors.hpp"

namespace dlogit::train {
namespace {

void print_iteration(const TraceRow& row) {
  std::printf("iter %4d  f %.10e  |g| %.3e  step %.2e  evals %ld+%ld  %.3fs\n", row.report.iteration,
              row.report.objective, row.report.gradient_norm, row.report.step, row.report.function_evals,
              row.report.hessian_evals, row.seconds);
  std::fflush(stdout);
}

void resume_if_possible(const config::Config& config, optim::Optimizer& optimizer, std::vector<TraceRow>& trace,
                        const Fingerprint& config_fingerprint, const Fingerprint& data_fingerprint) {
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
  } catch (const std::invalid_argument& e) {  // e.g. a state written by an older dlogit
    throw UserError("cannot resume from " + found->path + ": " + e.what() +
                    "; use a new output.dir or --set checkpoint.resume=false to start over");
  }
  trace = found->checkpoint.trace;
  std::printf("resuming from %s at iteration %d\n", found->path.c_str(), found->checkpoint.optimizer.iteration);
  std::fflush(stdout);
}

}  // namespace

DriverOutcome drive_optimizer(const config::Config& config, DistributedObjective& objective,
                              const model::Penalty& penalty, Eigen::Index weights, const PhaseTimers& timers,
                              const Fingerprint& config_fingerprint, const Fingerprint& data_fingerprint) {
  optim::OptimizerOptions options;
  options.max_iter = config.optimizer.max_iter;
  options.tol = config.optimizer.tol;
  options.history = config.optimizer.history;
  const auto optimizer = optim::make_optimizer(config.resolved_method(), options);
  const optim::L1Term l1{penalty.l1_weights(weights, objective.dimension())};

  DriverOutcome outcome;
  resume_if_possible(config, *optimizer, outcome.trace, config_fingerprint, data_fingerprint);

  const std::string checkpoint_dir = config.checkpoint.directory(config.output.dir);
  const auto save = [&] {
    const Checkpoint checkpoint{optimizer->state(), outcome.trace, config_fingerprint, data_fingerprint};
    write_checkpoint(checkpoint, checkpoint_dir, config.checkpoint.keep);
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
    print_iteration(outcome.trace.back());
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
  outcome.result = optimizer->minimize(objective, l1, Eigen::VectorXd::Zero(objective.dimension()), on_iteration);
  if (!outcome.interrupted && (every == 0 || outcome.result.iterations % every != 0)) save();
  return outcome;
}

}  // namespace dlogit::train
