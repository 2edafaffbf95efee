#include "optim/optimizer_skeleton.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace dlogit::optim::detail {
namespace {

constexpr const char* kNonfiniteStart = "objective or gradient is NaN/Inf at the starting point";

// Checks the fields of a state to resume against its x and the options: what a state of the same
// method, saved with the same options, always satisfies.
class FieldCheck {
 public:
  FieldCheck(const std::string& method, Eigen::Index dimension, int history)
      : method_(method), dimension_(dimension), history_(history) {}

  template <class T>
  void operator()(const std::string& name, const T& value) {
    if constexpr (std::is_same_v<T, Eigen::VectorXd>) {
      if (value.size() != dimension_) {
        fail(name + " has " + std::to_string(value.size()) + " entries, expected " + std::to_string(dimension_));
      }
    } else if constexpr (std::is_same_v<T, LbfgsHistory>) {
      if (value.capacity() != history_) {
        fail(name + " holds up to " + std::to_string(value.capacity()) + " pairs, but options.history is " +
             std::to_string(history_));
      }
      for (const Eigen::VectorXd& s : value.s_in_order()) (*this)(name + " s", s);
      for (const Eigen::VectorXd& y : value.y_in_order()) (*this)(name + " y", y);
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument("optimizer state for '" + method_ + "': " + what);
  }
  const std::string& method_;
  Eigen::Index dimension_;
  int history_;
};

template <class MethodFields, class = void>
struct HasStagnationGuard : std::false_type {};
template <class MethodFields>
struct HasStagnationGuard<MethodFields, std::void_t<decltype(std::declval<MethodFields&>().stagnation)>>
    : std::true_type {};

StagnationGuard* stagnation_guard(MethodState& state) {
  return std::visit(
      [](auto& own) -> StagnationGuard* {
        if constexpr (HasStagnationGuard<std::decay_t<decltype(own)>>::value) {
          return &own.stagnation;
        } else {
          return nullptr;
        }
      },
      state);
}

}  // namespace

OptimizerSkeleton::OptimizerSkeleton(std::string name, const OptimizerOptions& options, bool handles_l1)
    : options_(options), name_(std::move(name)), handles_l1_(handles_l1) {
  validate_options(options_);
}

void OptimizerSkeleton::sync_counts() {
  state_.function_evals = counted_.function_evals();
  state_.hessian_evals = counted_.hessian_evals();
}

bool OptimizerSkeleton::report(RunState& run, double step) {
  sync_counts();
  return run.report(state_.iteration, state_.objective, state_.gradient_norm, step, gap_bound());
}

double OptimizerSkeleton::gap_bound() const {
  if (!std::isfinite(state_.objective) || !state_.g.allFinite()) return std::numeric_limits<double>::quiet_NaN();
  return counted_.relative_gap_bound(state_.x, state_.g, state_.objective);
}

void OptimizerSkeleton::resume_from(OptimizerState state) {
  if (state.method != name_ || method_of(state.method_state) != name_) {
    throw std::invalid_argument("optimizer '" + name_ + "' cannot resume a state of '" + state.method +
                                "' holding the fields of '" + method_of(state.method_state) + "'");
  }
  if (state.iteration < 0 || state.function_evals < 1 || state.hessian_evals < 0) {
    throw std::invalid_argument("optimizer state for '" + name_ + "': invalid iteration or call counts");
  }
  if (state.x.size() == 0 || !all_finite(state.x)) {
    throw std::invalid_argument("optimizer state for '" + name_ + "': x is empty or not finite");
  }
  FieldCheck check(name_, state.x.size(), options_.history);
  visit_all(state, check);
  counted_.reset_counts(state.function_evals, state.hessian_evals);
  state_ = std::move(state);
  resume_pending_ = true;
}

OptimizerResult OptimizerSkeleton::minimize(Objective& objective, const L1Term& l1, Eigen::VectorXd x0,
                                            const IterationCallback& on_iteration) {
  const bool resuming = resume_pending_;
  resume_pending_ = false;
  validate_problem(objective, l1, resuming ? state_.x : x0);
  counted_.attach(objective);
  if (!resuming) counted_.reset_counts(0, 0);
  if (!handles_l1_ && l1.active()) {
    throw std::invalid_argument("optimizer '" + name_ +
                                "' cannot handle an L1 penalty (it is not differentiable); use 'owlqn' or 'gd'");
  }
  l1_ = &l1;
  prepare(l1, objective.dimension());
  RunState run(options_, on_iteration, counted_);
  bool done = resuming ? continue_resumed(run) : start_at(std::move(x0), run);
  while (!done) {
    StagnationGuard* guard = stagnation_guard(state_.method_state);
    if (guard != nullptr && guard->stalled()) {
      run.fail(StagnationGuard::reason());
      break;
    }
    const double previous_objective = state_.objective;
    const IterationOutcome outcome = iterate();
    if (outcome.failure != nullptr) {
      run.fail(outcome.failure);
      break;
    }
    ++state_.iteration;
    // The guard's verdict applies after the report (at the top of the loop).
    if (guard != nullptr) guard->update(previous_objective, state_.objective, state_.gradient_norm);
    done = report(run, outcome.step);
  }
  sync_counts();  // also the calls of a failed iteration's attempts
  release_work();
  return run.result(state_.x, state_.objective, state_.gradient_norm, gap_bound());
}

bool OptimizerSkeleton::start_at(Eigen::VectorXd x0, RunState& run) {
  state_ = OptimizerState();
  state_.method = name_;
  state_.method_state = fresh_state(x0.size());
  state_.x = std::move(x0);
  const double smooth_value = counted_.value_and_gradient(state_.x, state_.g);
  state_.objective = handles_l1_ ? smooth_value + l1_->value(state_.x) : smooth_value;
  if (!std::isfinite(state_.objective) || !state_.g.allFinite()) {
    state_.gradient_norm = std::numeric_limits<double>::quiet_NaN();
    state_.initial_norm = state_.gradient_norm;
    report(run, 0.0);
    run.fail(kNonfiniteStart);
    return true;
  }
  const double step = start(smooth_value);
  state_.initial_norm = stopping_reference(options_, state_.gradient_norm);
  if (StagnationGuard* guard = stagnation_guard(state_.method_state)) *guard = StagnationGuard(state_.gradient_norm);
  return report(run, step);
}

bool OptimizerSkeleton::continue_resumed(RunState& run) {
  if (!std::isfinite(state_.objective) || !state_.g.allFinite()) {  // saved by a run that failed at its start
    run.resume(state_.iteration, state_.gradient_norm, state_.initial_norm, gap_bound());
    run.fail(kNonfiniteStart);
    return true;
  }
  return run.resume(state_.iteration, state_.gradient_norm, state_.initial_norm, gap_bound());
}

}  // namespace dlogit::optim::detail
