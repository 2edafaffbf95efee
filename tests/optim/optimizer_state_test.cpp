// Checkpoint and resume (Optimizer::state / resume_from): a run interrupted at any iteration and
// continued by a fresh optimizer object from the saved state is bitwise the uninterrupted run.
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>

#include "optim/optimizer.hpp"
#include "optim/optimizer_state.hpp"
#include "optim/test_functions.hpp"

using namespace dlogit::optim;
using namespace dlogit::optim::testing;

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof(double)) == 0; }

bool same_bits(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0;
}

// The L-BFGS memory of an "lbfgs" or "owlqn" state, or nullptr.
template <class State>
auto history_of(State& state) -> decltype(&std::get<LbfgsState>(state.method_state).history) {
  if (auto* lbfgs = std::get_if<LbfgsState>(&state.method_state)) return &lbfgs->history;
  if (auto* owlqn = std::get_if<OwlqnState>(&state.method_state)) return &owlqn->history;
  if (auto* pqn = std::get_if<PqnState>(&state.method_state)) return &pqn->history;
  return nullptr;
}

// The stagnation count of a method that detects stagnation (all but "newton": -1).
int stagnation_count(const OptimizerState& state) {
  return std::visit(
      [](const auto& own) {
        if constexpr (std::is_same_v<std::decay_t<decltype(own)>, NewtonState>) {
          return -1;
        } else {
          return own.stagnation.count();
        }
      },
      state.method_state);
}

bool same_report(const IterationReport& a, const IterationReport& b) {
  return a.iteration == b.iteration && same_bits(a.objective, b.objective) &&
         same_bits(a.gradient_norm, b.gradient_norm) && same_bits(a.step, b.step) &&
         a.function_evals == b.function_evals && a.hessian_evals == b.hessian_evals;
}

// A method with or without an L1 term.
struct Config {
  std::string method;
  bool l1 = false;
};

std::string describe(const Config& c) { return c.method + (c.l1 ? "+l1" : ""); }

const std::vector<Config>& all_configs() {
  static const std::vector<Config> configs = {
      {"gd", false}, {"gd", true}, {"lbfgs", false}, {"owlqn", true}, {"owlqn", false}, {"newton", false},
      {"pqn", true},  {"pqn", false}};
  return configs;
}

// A test problem: makes a fresh objective (as a restarted process would) and gives x0 and the L1 term.
struct Problem {
  std::string name;
  std::function<std::unique_ptr<CountingObjective>()> make;
  Eigen::VectorXd x0;
  double l1_weight = 0.0;
  L1Term l1(const Config& c) const {
    if (!c.l1) return {};
    return logistic_l1(x0.size(), l1_weight);  // weight on all but the last coordinate
  }
};

std::vector<Problem> problems() {
  std::vector<Problem> out;
  {
    Problem p;
    p.name = "logistic";
    p.make = [] { return std::make_unique<Logistic>(small_logistic()); };
    p.x0 = Eigen::VectorXd::Zero(small_logistic().dimension());
    p.l1_weight = 2.0;
    out.push_back(p);
  }
  for (int n : {2, 10}) {
    Problem p;
    p.name = "rosenbrock" + std::to_string(n);
    p.make = [n] { return std::make_unique<Rosenbrock>(n); };
    p.x0 = rosenbrock_start(n);
    p.l1_weight = 0.5;
    out.push_back(p);
  }
  return out;
}

// One minimize() call: a fresh optimizer (resumed from `resume` when given) and a fresh objective;
// records the reports and, at iteration `stop_at`, takes state() and stops.
struct Segment {
  OptimizerResult result;
  std::vector<IterationReport> reports;
  OptimizerState saved;          // state() taken in the callback at stop_at
  OptimizerState final_state;    // state() after minimize() returned
  long value_calls = 0;          // calls the objective saw in this segment
  long hessian_calls = 0;
};

Segment run_segment(const Config& config, const Problem& problem, const OptimizerOptions& options, int stop_at,
                    const OptimizerState* resume) {
  Segment seg;
  std::unique_ptr<Optimizer> opt = make_optimizer(config.method, options);
  if (resume != nullptr) opt->resume_from(*resume);
  std::unique_ptr<CountingObjective> objective = problem.make();
  Optimizer* raw = opt.get();
  const IterationCallback callback = [&](const IterationReport& r) {
    seg.reports.push_back(r);
    if (r.iteration == stop_at) {
      seg.saved = raw->state();
      return false;
    }
    return true;
  };
  seg.result = opt->minimize(*objective, problem.l1(config), problem.x0, callback);
  seg.final_state = opt->state();
  seg.value_calls = objective->value_calls;
  seg.hessian_calls = objective->hessian_calls;
  return seg;
}

void require_same_result(const OptimizerResult& a, const OptimizerResult& b) {
  CHECK(same_bits(a.x, b.x));
  CHECK(same_bits(a.objective, b.objective));
  CHECK(same_bits(a.gradient_norm, b.gradient_norm));
  CHECK(a.iterations == b.iterations);
  CHECK(a.converged == b.converged);
  CHECK(a.stop_reason == b.stop_reason);
  CHECK(a.function_evals == b.function_evals);
  CHECK(a.hessian_evals == b.hessian_evals);
}

// Runs A uninterrupted, then the same run interrupted at each of `stops` and continued each time by
// a fresh optimizer and a fresh objective; everything must match A bit for bit.
void check_interrupted_run(const Config& config, const Problem& problem, const OptimizerOptions& options,
                           const std::vector<int>& stops) {
  const Segment a = run_segment(config, problem, options, -1, nullptr);
  INFO("A: " << a.result.stop_reason << " after " << a.result.iterations << " iterations");
  REQUIRE(a.reports.size() == static_cast<std::size_t>(a.result.iterations) + 1);
  CHECK(a.final_state.method == config.method);
  CHECK(a.final_state.iteration == a.result.iterations);
  CHECK(same_bits(a.final_state.x, a.result.x));
  CHECK(a.final_state.function_evals == a.result.function_evals);
  CHECK(a.final_state.hessian_evals == a.result.hessian_evals);

  OptimizerState resume;
  bool resuming = false;
  int previous = -1;
  std::vector<IterationReport> reports;
  Segment last;
  for (std::size_t i = 0; i <= stops.size(); ++i) {
    const int stop_at = i < stops.size() ? stops[i] : -1;
    INFO("segment " << i << " stopping at " << stop_at);
    if (stop_at >= 0) REQUIRE(stop_at < a.result.iterations);  // the test must interrupt a running run
    const Segment seg = run_segment(config, problem, options, stop_at, resuming ? &resume : nullptr);
    // Reports continue the numbering: previous + 1, ..., without repeating the saved iteration.
    REQUIRE_FALSE(seg.reports.empty());
    CHECK(seg.reports.front().iteration == previous + 1);
    for (std::size_t j = 1; j < seg.reports.size(); ++j) CHECK(seg.reports[j].iteration == seg.reports[j - 1].iteration + 1);
    reports.insert(reports.end(), seg.reports.begin(), seg.reports.end());
    // Calls the objective saw in this segment: exactly the uninterrupted run's, none to re-evaluate x.
    const long evals_before = resuming ? resume.function_evals : 0;
    const long hessians_before = resuming ? resume.hessian_evals : 0;
    CHECK(seg.value_calls == seg.result.function_evals - evals_before);
    CHECK(seg.hessian_calls == seg.result.hessian_evals - hessians_before);
    if (stop_at >= 0) {
      CHECK(seg.result.stop_reason == "stopped by callback");
      CHECK(seg.result.iterations == stop_at);
      CHECK(seg.saved.iteration == stop_at);
      CHECK(seg.final_state == seg.saved);  // the state after return is the one the callback saw
      CHECK(same_bits(seg.saved.x, seg.result.x));
      resume = seg.saved;
      resuming = true;
      previous = stop_at;
    } else {
      last = seg;
    }
  }
  require_same_result(a.result, last.result);
  CHECK(last.final_state == a.final_state);
  REQUIRE(reports.size() == a.reports.size());
  for (std::size_t j = 0; j < reports.size(); ++j) {
    INFO("report " << j);
    CHECK(same_report(reports[j], a.reports[j]));
  }
}

OptimizerOptions fixed_iterations(int n) {
  OptimizerOptions options;
  options.tol = 0.0;
  options.max_iter = n;
  options.history = 5;
  return options;
}

// The state at iteration `k` of an uninterrupted run.
OptimizerState state_at(const Config& config, const Problem& problem, const OptimizerOptions& options, int k) {
  const Segment seg = run_segment(config, problem, options, k, nullptr);
  REQUIRE(seg.saved.iteration == k);
  return seg.saved;
}

}  // namespace

TEST_CASE("resume: an interrupted run continues bitwise as the uninterrupted one", "[optimizer][state]") {
  for (const Config& config : all_configs()) {
    for (const Problem& problem : problems()) {
      INFO(describe(config) << " on " << problem.name);
      // newton reaches the precision of the logistic objective within about ten iterations.
      const int n = config.method == "newton" && problem.name == "logistic" ? 6 : 25;
      const OptimizerOptions options = fixed_iterations(n);
      for (const std::vector<int>& stops : std::vector<std::vector<int>>{{7}, {0}, {1}, {3, 11}, {0, 1, 2}}) {
        if (stops.back() >= n) continue;
        INFO("stops at " << stops.front() << (stops.size() > 1 ? ", ..." : ""));
        check_interrupted_run(config, problem, options, stops);
      }
    }
  }
}

TEST_CASE("resume: newton on logistic, interrupted before and after its local convergence", "[optimizer][state]") {
  // tol = 0 runs newton into the precision limit of f (precision-limited acceptance, then a stop).
  const Problem problem = problems().front();
  OptimizerOptions options = fixed_iterations(100);
  const Segment a = run_segment({"newton", false}, problem, options, -1, nullptr);
  INFO(a.result.stop_reason << " after " << a.result.iterations);
  REQUIRE(a.result.iterations >= 3);
  for (int k = 1; k < a.result.iterations; ++k) check_interrupted_run({"newton", false}, problem, options, {k});
}

TEST_CASE("resume: runs that end by stagnation or a failed line search end the same way", "[optimizer][state]") {
  // As in optimizer_test: tol = 0 on a quadratic runs until no progress is possible.
  const Eigen::VectorXd x_star = Eigen::VectorXd::LinSpaced(5, -2.0, 3.0);
  Problem problem;
  problem.name = "quadratic";
  problem.make = [x_star] { return std::make_unique<Quadratic>(ill_conditioned_quadratic(5, 10.0, x_star)); };
  problem.x0 = Eigen::VectorXd::Zero(5);
  problem.l1_weight = 0.1;
  OptimizerOptions options;
  options.tol = 0.0;
  options.max_iter = 100000;
  for (const Config& config : all_configs()) {
    INFO(describe(config));
    const Segment a = run_segment(config, problem, options, -1, nullptr);
    INFO(a.result.stop_reason << " after " << a.result.iterations);
    REQUIRE(a.result.iterations < 100000);
    REQUIRE(a.result.iterations >= 3);
    const int m = a.result.iterations;
    check_interrupted_run(config, problem, options, {m - 2});
    check_interrupted_run(config, problem, options, {m - 1});
    // The state of the final iteration: the resumed run reports nothing and stops for the same
    // reason, at once after stagnation (decided with the last report), or after retrying the
    // failing iteration exactly as A did (a failed iteration leaves the state of the last completed one).
    const OptimizerState last = state_at(config, problem, options, m);
    const Segment b = run_segment(config, problem, options, -1, &last);
    CHECK(b.reports.empty());
    CHECK(b.value_calls == a.result.function_evals - last.function_evals);
    CHECK(b.hessian_calls == a.result.hessian_evals - last.hessian_evals);
    if (a.result.stop_reason.find("objective and gradient no longer change") != std::string::npos) {
      CHECK(b.value_calls == 0);
    }
    // After a failed iteration, state() is the last completed iteration's (with the counts of the attempts).
    OptimizerState failed = a.final_state;
    failed.function_evals = last.function_evals;
    failed.hessian_evals = last.hessian_evals;
    CHECK(failed == last);
    require_same_result(a.result, b.result);
    CHECK(b.final_state == a.final_state);
  }
}

TEST_CASE("resume: the stagnation counter is part of the state", "[optimizer][state]") {
  const Eigen::VectorXd x_star = Eigen::VectorXd::LinSpaced(5, -2.0, 3.0);
  Quadratic q = ill_conditioned_quadratic(5, 10.0, x_star);
  OptimizerOptions options;
  options.tol = 0.0;
  options.max_iter = 100000;
  for (const std::string method : {"gd", "lbfgs", "owlqn", "pqn"}) {
    INFO(method);
    auto opt = make_optimizer(method, options);
    const OptimizerResult r = opt->minimize(q, {}, Eigen::VectorXd::Zero(5), {});
    if (r.stop_reason.find("no progress possible: objective and gradient") == std::string::npos) continue;
    const OptimizerState s = opt->state();
    CHECK(stagnation_count(s) == 50);
  }
}

TEST_CASE("resume: a state of the last iteration returns at once with the same result", "[optimizer][state]") {
  for (const Config& config : all_configs()) {
    for (const Problem& problem : problems()) {
      INFO(describe(config) << " on " << problem.name);
      const OptimizerOptions options = fixed_iterations(5);
      const Segment a = run_segment(config, problem, options, -1, nullptr);
      REQUIRE(a.result.stop_reason == "max_iter");
      const Segment b = run_segment(config, problem, options, -1, &a.final_state);
      CHECK(b.reports.empty());
      CHECK(b.value_calls == 0);
      CHECK(b.hessian_calls == 0);
      require_same_result(a.result, b.result);
      CHECK(b.final_state == a.final_state);
    }
  }
}

TEST_CASE("resume: a converged state returns at once as converged", "[optimizer][state]") {
  const Problem problem = problems().front();
  for (const Config& config : all_configs()) {
    INFO(describe(config));
    OptimizerOptions options;
    options.tol = 1e-4;
    const Segment a = run_segment(config, problem, options, -1, nullptr);
    REQUIRE(a.result.converged);
    const Segment b = run_segment(config, problem, options, -1, &a.final_state);
    CHECK(b.reports.empty());
    CHECK(b.value_calls == 0);
    require_same_result(a.result, b.result);
  }
}

TEST_CASE("resume: a state saved at a NaN starting point fails the same way", "[optimizer][state]") {
  for (const Config& config : all_configs()) {
    INFO(describe(config));
    Rosenbrock inner(2);
    NanAfter f(inner, 0);
    auto opt = make_optimizer(config.method, {});
    const L1Term l1 = config.l1 ? logistic_l1(2, 0.5) : L1Term{};
    const OptimizerResult a = opt->minimize(f, l1, rosenbrock_start(2), {});
    const OptimizerState s = opt->state();
    auto resumed = make_optimizer(config.method, {});
    resumed->resume_from(s);
    Rosenbrock inner2(2);
    NanAfter f2(inner2, 0);
    const OptimizerResult b = resumed->minimize(f2, l1, rosenbrock_start(2), {});
    CHECK(f2.value_calls == 0);
    CHECK(b.stop_reason == a.stop_reason);
    CHECK(b.iterations == 0);
    CHECK(same_bits(b.x, a.x));
    CHECK(resumed->state() == s);
  }
}

TEST_CASE("state: copies, and resume_from then state(), round-trip exactly", "[optimizer][state]") {
  for (const Config& config : all_configs()) {
    const Problem problem = problems().front();
    INFO(describe(config));
    const OptimizerOptions options = fixed_iterations(9);
    const OptimizerState s = state_at(config, problem, options, 6);
    CHECK(s.method == config.method);
    CHECK(s.iteration == 6);
    CHECK(s.x.size() == problem.x0.size());
    CHECK(s.g.size() == problem.x0.size());
    CHECK(method_of(s.method_state) == config.method);
    if (config.method == "lbfgs" || config.method == "owlqn" || config.method == "pqn") {
      REQUIRE(history_of(s) != nullptr);
      CHECK(history_of(s)->s_in_order().size() == 5);  // history = 5, full after 6 iterations
      CHECK(history_of(s)->y_in_order().size() == 5);
      CHECK(history_of(s)->rho_in_order().size() == 5);
    }
    if (config.method == "newton") {
      CHECK(std::get<NewtonState>(s.method_state).delta > 0.0);
      CHECK_FALSE(std::get<NewtonState>(s.method_state).first_trial);
    }
    const OptimizerState copy = s;
    CHECK(copy == s);
    OptimizerState assigned;
    assigned = s;
    CHECK(assigned == s);
    auto opt = make_optimizer(config.method, options);
    opt->resume_from(s);
    CHECK(opt->state() == s);
    // Changing any number changes equality.
    OptimizerState changed = s;
    changed.x[0] = std::nextafter(changed.x[0], 1e300);
    CHECK(changed != s);
  }
}

TEST_CASE("resume_from: another method's state, a wrong dimension or a malformed state throw", "[optimizer][state]") {
  const Problem problem = problems().front();
  const OptimizerOptions options = fixed_iterations(9);
  for (const Config& config : all_configs()) {
    INFO(describe(config));
    const OptimizerState good = state_at(config, problem, options, 6);
    for (const Config& other : all_configs()) {
      if (other.method == config.method) continue;
      auto opt = make_optimizer(other.method, options);
      CHECK_THROWS_AS(opt->resume_from(good), std::invalid_argument);
    }
    auto opt = make_optimizer(config.method, options);
    {
      OptimizerState bad = good;
      bad.g.conservativeResize(good.x.size() + 1);
      CHECK_THROWS_AS(opt->resume_from(bad), std::invalid_argument);
    }
    {
      OptimizerState bad = good;
      bad.x.conservativeResize(good.x.size() - 1);
      CHECK_THROWS_AS(opt->resume_from(bad), std::invalid_argument);
    }
    {
      // The fields of another method under this method's name.
      OptimizerState bad = good;
      bad.method_state = method_state_for(config.method == "gd" ? "newton" : "gd");
      CHECK_THROWS_AS(opt->resume_from(bad), std::invalid_argument);
    }
    if (history_of(good) != nullptr) {
      OptimizerState bad = good;
      LbfgsHistory wrong_dimension(history_of(good)->capacity());
      const Eigen::VectorXd ones = Eigen::VectorXd::Ones(good.x.size() + 1);
      REQUIRE(wrong_dimension.update(ones, ones));
      *history_of(bad) = wrong_dimension;
      CHECK_THROWS_AS(opt->resume_from(bad), std::invalid_argument);
      // More pairs than the history option holds: saved with other options.
      auto smaller = make_optimizer(config.method, [] {
        OptimizerOptions o = fixed_iterations(9);
        o.history = 3;
        return o;
      }());
      CHECK_THROWS_AS(smaller->resume_from(good), std::invalid_argument);
    }
    // A failed resume_from leaves the optimizer as it was: here, still resuming nothing.
    CHECK(opt->state() != good);
    // A consistent state of another dimension than the objective's: minimize() throws.
    opt->resume_from(good);
    CHECK(opt->state() == good);
    Rosenbrock other_dimension(3);
    CHECK_THROWS_AS(opt->minimize(other_dimension, {}, rosenbrock_start(3), {}), std::invalid_argument);
  }
}

TEST_CASE("resume: the resumed state applies to the next minimize() only", "[optimizer][state]") {
  for (const Config& config : all_configs()) {
    INFO(describe(config));
    const Problem problem = problems()[1];
    const OptimizerOptions options = fixed_iterations(10);
    const Segment a = run_segment(config, problem, options, -1, nullptr);
    const OptimizerState s = state_at(config, problem, options, 4);
    auto opt = make_optimizer(config.method, options);
    opt->resume_from(s);
    auto f1 = problem.make();
    const OptimizerResult first = opt->minimize(*f1, problem.l1(config), problem.x0, {});
    require_same_result(a.result, first);
    // The next call starts afresh from x0: the uninterrupted run again.
    auto f2 = problem.make();
    const OptimizerResult second = opt->minimize(*f2, problem.l1(config), problem.x0, {});
    require_same_result(a.result, second);
    CHECK(opt->state() == a.final_state);
  }
}
