#pragma once
// The part of every optimizer that is not its step: minimize() starts at x_0 or continues a resumed
// state, reports each iteration, applies the stopping rules and the stagnation guard, and keeps the
// loop state in an OptimizerState so that state() can be taken from the iteration callback and
// resume_from() can check and adopt a saved one. A method supplies its own state type (see
// optimizer_state.hpp; one with a `stagnation` field gets the stagnation guard), its start at x_0
// and one iteration.
#include <string>

#include "optim/optim_common.hpp"
#include "optim/optimizer.hpp"

namespace dlogit::optim::detail {

// How an iteration ended: at a new iterate, written into the state, reporting `step`; or, when
// `failure` is set, without one: the state is still the last completed iteration's (apart from the
// call counts) and the run stops for that reason.
struct IterationOutcome {
  double step = 0.0;
  const char* failure = nullptr;

  static IterationOutcome moved(double step) { return {step, nullptr}; }
  static IterationOutcome failed(const char* reason) { return {0.0, reason}; }
};

class OptimizerSkeleton : public Optimizer {
 public:
  std::string name() const final { return name_; }
  OptimizerResult minimize(Objective& objective, const L1Term& l1, Eigen::VectorXd x0,
                           const IterationCallback& on_iteration) final;
  const OptimizerState& current_state() const final { return state_; }
  void resume_from(OptimizerState state) final;

 protected:
  // `handles_l1`: the method minimizes f + L1 (its objective includes the L1 term); otherwise an active
  // L1 term is rejected. Invalid options throw std::invalid_argument.
  OptimizerSkeleton(std::string name, const OptimizerOptions& options, bool handles_l1);

  // The method's fields at the start of a run in dimension n, before x_0 is evaluated (what a run that
  // fails at its start keeps).
  virtual MethodState fresh_state(Eigen::Index n) const = 0;
  // Binds what a run needs besides its state (L1 weights, work vectors); called at every minimize(),
  // before it starts or resumes.
  virtual void prepare(const L1Term& /*l1*/, Eigen::Index /*n*/) {}
  // x_0 is evaluated and finite (x, g and objective are set; smooth_value is f(x_0) without the L1
  // term): sets gradient_norm and the method's fields. Returns the step iteration 0 reports.
  virtual double start(double smooth_value) = 0;
  // One iteration from the state: see IterationOutcome (the skeleton counts the iteration).
  virtual IterationOutcome iterate() = 0;
  // Frees the work vectors (not the state) when minimize() returns, so that what follows the run (the
  // final checkpoint, the model) has their memory; prepare() and the first iteration size them again.
  virtual void release_work() {}

  template <class MethodFields>
  MethodFields& method_state() {
    return std::get<MethodFields>(state_.method_state);
  }
  const L1Term& l1() const { return *l1_; }

  const OptimizerOptions options_;
  CountedObjective counted_;
  // The loop state. Its call counts are copied from counted_ before each report and when minimize()
  // returns, the moments current_state() is valid.
  OptimizerState state_;

 private:
  // run.report() of the current iteration, with the state's counts brought up to date first (the
  // callback may write the state).
  bool report(RunState& run, double step);
  void sync_counts();
  // The objective's certificate at the state's point (NaN: none, or the point is not finite).
  double gap_bound() const;
  // Each returns whether the run already ends (the result is then recorded in `run`).
  bool start_at(Eigen::VectorXd x0, RunState& run);
  bool continue_resumed(RunState& run);

  std::string name_;
  bool handles_l1_;
  bool resume_pending_ = false;
  const L1Term* l1_ = nullptr;  // the current minimize() call's
};

}  // namespace dlogit::optim::detail
