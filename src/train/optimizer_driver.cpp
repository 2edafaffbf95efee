#include "train/optimizer_driver.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "common/errors.hpp"
#include "common/memory_usage.hpp"
#include "train/driver_hooks.hpp"

namespace dlogit::train {
namespace {

std::string plural(int count, const char* noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// "resuming a 2-rank checkpoint on 1 rank" when the checkpoint's rank or thread count differs from
// this run's ("" when equal, or not recorded: format 2).
std::string layout_change(const Checkpoint& saved, const DriveSettings& now) {
  if (saved.ranks <= 0) return "";
  const bool ranks_differ = saved.ranks != now.ranks;
  const bool threads_differ = saved.threads != now.threads;
  if (!ranks_differ && !threads_differ) return "";
  std::string was = std::to_string(saved.ranks) + "-rank";
  std::string is = plural(now.ranks, "rank");
  if (threads_differ) {
    was += ", " + std::to_string(saved.threads) + "-thread";
    is += ", " + plural(now.threads, "thread");
  }
  return "resuming a " + was + " checkpoint on " + is;
}

// About the bytes of one checkpoint: x, g and what the method keeps per parameter (the L-BFGS memory;
// owlqn's pseudo-gradient too). The trace and fingerprints are small beside them.
double checkpoint_bytes(const DriveSettings& settings, Eigen::Index parameters) {
  double vectors = 2.0;
  if (settings.method == config::Method::lbfgs) vectors += 2.0 * settings.options.history;
  if (settings.method == config::Method::owlqn) vectors += 2.0 * settings.options.history + 1.0;
  if (settings.method == config::Method::pqn) vectors += 2.0 * settings.options.history;
  return vectors * 8.0 * static_cast<double>(parameters);
}

// The iteration resumed from, or -1 when the run starts afresh.
int resume_if_possible(const DriveSettings& settings, optim::Optimizer& optimizer, std::vector<TraceRow>& trace,
                       const Console& console) {
  if (!settings.resume) return -1;
  auto found = newest_valid_checkpoint(
      settings.checkpoint_dir,
      [](const std::string& warning) { std::fprintf(stderr, "dlogit: warning: %s\n", warning.c_str()); });
  if (!found) return -1;
  for (const auto& [saved, current, what] :
       {std::tuple{&found->checkpoint.config_fingerprint, &settings.config_fingerprint, "config"},
        std::tuple{&found->checkpoint.data_fingerprint, &settings.data_fingerprint, "data"}}) {
    const std::string difference = fingerprint_difference(*saved, *current);
    if (!difference.empty())
      throw UserError("cannot resume from " + found->path + ": it was trained on other " + what + " (" + difference +
                      "); use a new output.dir or --set checkpoint.resume=false to start over");
  }
  const int iteration = found->checkpoint.optimizer.iteration;
  const std::string layout = layout_change(found->checkpoint, settings);
  try {
    // Moved in: the optimizer's state is the vectors just read, not a copy of them.
    optimizer.resume_from(std::move(found->checkpoint.optimizer));
  } catch (const std::invalid_argument& e) {  // e.g. a state of another method or dimension
    throw UserError("cannot resume from " + found->path + ": " + e.what() +
                    "; use a new output.dir or --set checkpoint.resume=false to start over");
  }
  trace = std::move(found->checkpoint.trace);
  // Even with --quiet: a result that continues an earlier run must say so.
  console.summary("resuming from %s at iteration %d", found->path.c_str(), iteration);
  if (!layout.empty()) console.summary("%s: results agree to rounding, not bitwise", layout.c_str());
  return iteration;
}

// Notes the peak memory of the loop itself and when it ended, before the hooks after it write the
// final checkpoint.
class LoopEndHook final : public DriverHook {
 public:
  bool after_iteration(const optim::IterationReport&) override { return true; }
  void after_run(const optim::OptimizerResult&) override {
    peak_mb = peak_rss_mb();
    ended = std::chrono::steady_clock::now();
  }
  double peak_mb = 0.0;
  std::chrono::steady_clock::time_point ended = std::chrono::steady_clock::now();
};

}  // namespace

DriverOutcome drive_optimizer(const DriveSettings& settings, RankProtocol& protocol, DistributedObjective& objective,
                              const optim::L1Term& l1, const Console& console) {
  const auto optimizer = optim::make_optimizer(config::method_names().name(settings.method), settings.options);
  DriverOutcome outcome;
  const int resumed_at = resume_if_possible(settings, *optimizer, outcome.trace, console);
  if (resumed_at >= 0 && settings.options.gap_tol > 0.0) {
    const bool recorded = !outcome.trace.empty() && outcome.trace.back().report.iteration == resumed_at;
    objective.certify_resumed(optimizer->current_state().x, optimizer->current_state().g,
                              recorded ? outcome.trace.back().report.gap_bound
                                       : std::numeric_limits<double>::quiet_NaN());
  }
  const long resumed_passes =
      outcome.trace.empty() ? 0 : outcome.trace.back().report.function_evals + outcome.trace.back().report.hessian_evals;

  CheckpointWriter checkpoints(*optimizer, outcome.trace, settings.config_fingerprint, settings.data_fingerprint,
                               settings.checkpoint_dir, settings.checkpoint_keep, settings.ranks, settings.threads,
                               console);
  TraceHook trace(outcome.trace, protocol);
  ProgressHook progress(outcome.trace, console, resumed_passes);
  StopSignalHook stop(protocol, checkpoints);
  PeriodicCheckpointHook periodic(checkpoints, CheckpointCadence(settings.checkpoint_every, settings.checkpoint_seconds,
                                                                 std::max(resumed_at, 0), steady_seconds(),
                                                                 checkpoint_bytes(settings, objective.dimension())),
                                  resumed_at, stop, steady_seconds);
  Eigen::VectorXd start =
      settings.start.size() == 0 ? Eigen::VectorXd::Zero(objective.dimension()) : settings.start;
  LoopEndHook loop_end;
  outcome.result = run_with_hooks(*optimizer, objective, l1, std::move(start), protocol,
                                  {&trace, &progress, &stop, &loop_end, &periodic});
  outcome.loop_peak_rss_mb = loop_end.peak_mb;
  outcome.loop_ended = loop_end.ended;
  outcome.final_checkpoint_seconds = periodic.final_seconds();
  outcome.final_checkpoint_bytes = periodic.final_bytes();
  if (resumed_at >= 0 && outcome.result.iterations == resumed_at && !stop.interrupted())
    console.summary("nothing trained: the checkpoint of iteration %d had already finished (%s); raise "
                    "optimizer.max_iter or lower optimizer.gap_tol or optimizer.tol to train further, or --set checkpoint.resume=false "
                    "to start over",
                    resumed_at, outcome.result.stop_reason.c_str());
  outcome.interrupted = stop.interrupted();
  outcome.signal_checkpoint_lost = stop.checkpoint_lost();
  outcome.checkpoint_failure = checkpoints.first_failure();
  return outcome;
}

}  // namespace dlogit::train
