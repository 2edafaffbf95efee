#include "train/driver_hooks.hpp"

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <utility>

namespace dlogit::train {

CheckpointWriter::CheckpointWriter(const optim::Optimizer& optimizer, const std::vector<TraceRow>& trace,
                                   Fingerprint config, Fingerprint data, std::string dir, int keep, int ranks,
                                   int threads, const Console& console)
    : optimizer_(optimizer),
      trace_(trace),
      config_(std::move(config)),
      data_(std::move(data)),
      dir_(std::move(dir)),
      keep_(keep),
      ranks_(ranks),
      threads_(threads),
      console_(console) {}

bool CheckpointWriter::save() {
  // From the optimizer's own state: a copy of it would double the L-BFGS history for the write.
  const CheckpointView checkpoint{optimizer_.current_state(), trace_, config_, data_, ranks_, threads_};
  const int iteration = checkpoint.optimizer.iteration;
  const Stopwatch watch;
  try {
    const std::string path = write_checkpoint(checkpoint, dir_, keep_, &verified_);
    std::error_code unknown;
    const std::uintmax_t bytes = std::filesystem::file_size(path, unknown);
    last_bytes_ = unknown ? 0 : static_cast<std::int64_t>(bytes);
  } catch (const std::exception& e) {  // UserError, or a filesystem error while pruning
    std::fprintf(stderr,
                 "dlogit: warning: checkpoint of iteration %d not written (%s); training goes on and its result "
                 "will still be written\n",
                 iteration, e.what());
    if (first_failure_.empty()) first_failure_ = e.what();
    last_seconds_ = watch.seconds();
    last_bytes_ = 0;
    return false;
  }
  last_seconds_ = watch.seconds();
  last_saved_ = iteration;
  console_.verbose("checkpoint at iteration %d written to %s", iteration, dir_.c_str());
  return true;
}

TraceHook::TraceHook(std::vector<TraceRow>& trace, const RankProtocol& protocol) : trace_(trace), protocol_(protocol) {}

bool TraceHook::after_iteration(const optim::IterationReport& report) {
  const PhaseTimers& timers = protocol_.clock().timers();
  TraceRow row;
  row.report = report;
  row.seconds = clock_.seconds();
  row.compute = timers.compute;
  row.comm = timers.comm;
  row.evaluations = protocol_.evaluations();
  row.cumulative = timers;
  row.cumulative.evaluation_compute.clear();  // the scalars only, not the per-evaluation log
  trace_.push_back(std::move(row));
  return true;
}

ProgressHook::ProgressHook(const std::vector<TraceRow>& trace, const Console& console, long resumed_passes)
    : trace_(trace), console_(console), resumed_passes_(resumed_passes), cadence_(console.log_every()) {}

bool ProgressHook::after_iteration(const optim::IterationReport& report) {
  if (!console_.shows(Verbosity::normal)) return true;
  last_report_ = report;
  if (cadence_.wants(report.iteration, trace_.back().seconds)) print_last(report);
  return true;
}

void ProgressHook::after_run(const optim::OptimizerResult&) {
  if (!console_.shows(Verbosity::normal) || trace_.empty()) return;
  if (last_report_.iteration > 0 && last_report_.iteration != last_printed_) print_last(last_report_);
}

void ProgressHook::print_last(const optim::IterationReport& report) {
  const TraceRow& last = trace_.back();
  const double passes = static_cast<double>(report.function_evals + report.hessian_evals - resumed_passes_);
  console_.normal("%s", iteration_line(last, last.seconds > 0.0 ? passes / last.seconds : 0.0).c_str());
  last_printed_ = report.iteration;
}

StopSignalHook::StopSignalHook(const RankProtocol& protocol, CheckpointWriter& writer)
    : protocol_(protocol), writer_(writer) {}

bool StopSignalHook::after_iteration(const optim::IterationReport&) {
  if (!protocol_.stop_requested()) return true;
  checkpoint_lost_ = !writer_.save();
  interrupted_ = true;
  return false;
}

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

PeriodicCheckpointHook::PeriodicCheckpointHook(CheckpointWriter& writer, CheckpointCadence cadence, int resumed_at,
                                               const StopSignalHook& stop, std::function<double()> clock)
    : writer_(writer), cadence_(cadence), resumed_at_(resumed_at), stop_(stop), clock_(std::move(clock)) {}

bool PeriodicCheckpointHook::after_iteration(const optim::IterationReport& report) {
  const double start = clock_();
  if (!cadence_.due(report.iteration, start)) return true;
  writer_.save();  // a failed write also waits its spacing: a full disk is not retried every iteration
  cadence_.wrote(report.iteration, start, clock_());
  return true;
}

void PeriodicCheckpointHook::after_run(const optim::OptimizerResult& result) {
  if (stop_.interrupted() || writer_.last_saved() == result.iterations || resumed_at_ == result.iterations) return;
  writer_.save();
  final_seconds_ = writer_.last_seconds();
  final_bytes_ = writer_.last_bytes();
}

optim::OptimizerResult run_with_hooks(optim::Optimizer& optimizer, optim::Objective& objective,
                                      const optim::L1Term& l1, Eigen::VectorXd start, RankProtocol& protocol,
                                      const std::vector<DriverHook*>& hooks) {
  PhaseClock& clock = protocol.clock();
  clock.discard();  // what came before the first evaluation (resuming, setting up) is no phase's
  const auto on_iteration = [&](const optim::IterationReport& report) {
    clock.enter(&PhaseTimers::output);
    bool go_on = true;
    for (DriverHook* hook : hooks) {
      go_on = hook->after_iteration(report);
      if (!go_on) break;
    }
    clock.enter(&PhaseTimers::update);
    return go_on;
  };
  optim::OptimizerResult result = optimizer.minimize(objective, l1, std::move(start), on_iteration);
  for (DriverHook* hook : hooks) hook->after_run(result);
  return result;
}

}  // namespace dlogit::train
