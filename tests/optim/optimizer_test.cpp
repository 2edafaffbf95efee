// Behaviour every method shares (see optimizer.hpp): iteration reports, max_iter with tol = 0, the
// callback, call counting, and what happens when the objective turns NaN.
#include "optim/optimizer.hpp"

#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "optim/test_functions.hpp"

using namespace dlogit::optim;
using namespace dlogit::optim::testing;

namespace {

struct Recorder {
  std::vector<IterationReport> reports;
  int stop_at = -1;
  IterationCallback callback() {
    return [this](const IterationReport& r) {
      reports.push_back(r);
      return r.iteration != stop_at;
    };
  }
};

}  // namespace

TEST_CASE("all methods: tol = 0 runs exactly max_iter iterations, reporting each", "[optimizer]") {
  const std::string method = GENERATE(as<std::string>{}, "gd", "lbfgs", "owlqn", "newton", "pqn");
  INFO(method);
  for (int n : {2, 10}) {
    Rosenbrock f(n);
    Recorder rec;
    OptimizerOptions options;
    options.tol = 0.0;
    options.max_iter = 7;
    const OptimizerResult r = run(method, f, rosenbrock_start(n), options, {}, rec.callback());
    CHECK(r.iterations == 7);
    CHECK(r.stop_reason == "max_iter");
    CHECK_FALSE(r.converged);
    REQUIRE(rec.reports.size() == 8);
    for (int i = 0; i < 8; ++i) CHECK(rec.reports[static_cast<std::size_t>(i)].iteration == i);
    CHECK(rec.reports[0].function_evals == 1);
    CHECK(rec.reports[0].hessian_evals == 0);
    for (std::size_t i = 1; i < rec.reports.size(); ++i) {
      CHECK(rec.reports[i].objective <= rec.reports[i - 1].objective);  // all methods are monotone
      CHECK(rec.reports[i].function_evals > rec.reports[i - 1].function_evals);
      CHECK(rec.reports[i].hessian_evals >= rec.reports[i - 1].hessian_evals);
      CHECK(rec.reports[i].step > 0.0);
    }
    CHECK(rec.reports.back().objective == r.objective);
    CHECK(rec.reports.back().gradient_norm == r.gradient_norm);
    CHECK(rec.reports.back().function_evals == r.function_evals);
    CHECK(r.function_evals == f.value_calls);
    CHECK(r.hessian_evals == f.hessian_calls);
    Eigen::VectorXd g;
    CHECK(f.value_and_gradient(r.x, g) == Approx(r.objective));
  }
}

TEST_CASE("all methods: max_iter = 0 evaluates the starting point only", "[optimizer]") {
  const std::string method = GENERATE(as<std::string>{}, "gd", "lbfgs", "owlqn", "newton", "pqn");
  Rosenbrock f(2);
  OptimizerOptions options;
  options.max_iter = 0;
  Recorder rec;
  const OptimizerResult r = run(method, f, rosenbrock_start(2), options, {}, rec.callback());
  CHECK(r.iterations == 0);
  CHECK(r.stop_reason == "max_iter");
  CHECK(r.function_evals == 1);
  CHECK(rec.reports.size() == 1);
  CHECK(r.x == rosenbrock_start(2));
  CHECK(r.objective == Approx(24.2));
}

TEST_CASE("all methods: the callback stops the run", "[optimizer]") {
  const std::string method = GENERATE(as<std::string>{}, "gd", "lbfgs", "owlqn", "newton", "pqn");
  INFO(method);
  for (int stop_at : {0, 3}) {
    Rosenbrock f(2);
    Recorder rec;
    rec.stop_at = stop_at;
    const OptimizerResult r = run(method, f, rosenbrock_start(2), {}, {}, rec.callback());
    CHECK(r.stop_reason == "stopped by callback");
    CHECK_FALSE(r.converged);
    CHECK(r.iterations == stop_at);
    CHECK(rec.reports.size() == static_cast<std::size_t>(stop_at + 1));
    CHECK(r.objective == rec.reports.back().objective);
    CHECK(r.function_evals == f.value_calls);
  }
}

TEST_CASE("all methods: a starting point with zero gradient has converged", "[optimizer]") {
  const std::string method = GENERATE(as<std::string>{}, "gd", "lbfgs", "owlqn", "newton", "pqn");
  Quadratic q = ill_conditioned_quadratic(5, 100.0, Eigen::VectorXd::Zero(5));
  OptimizerOptions options;
  options.tol = 0.0;
  const OptimizerResult r = run(method, q, Eigen::VectorXd::Zero(5), options);
  CHECK(r.converged);
  CHECK(r.stop_reason == "converged");
  CHECK(r.iterations == 0);
  CHECK(r.gradient_norm == 0.0);
  CHECK(r.function_evals == 1);
}

TEST_CASE("all methods: tol = 0 stops cleanly when no more progress is possible", "[optimizer]") {
  const std::string method = GENERATE(as<std::string>{}, "gd", "lbfgs", "owlqn", "newton", "pqn");
  INFO(method);
  const Eigen::VectorXd x_star = Eigen::VectorXd::LinSpaced(5, -2.0, 3.0);
  Quadratic q = ill_conditioned_quadratic(5, 10.0, x_star);
  OptimizerOptions options;
  options.tol = 0.0;
  options.max_iter = 100000;
  const OptimizerResult r = run(method, q, Eigen::VectorXd::Zero(5), options);
  INFO(r.stop_reason << " after " << r.iterations);
  CHECK(r.iterations < 100000);
  CHECK(r.x.allFinite());
  CHECK((r.x - x_star).norm() < 1e-6);
}

TEST_CASE("all methods: an objective that turns NaN returns the best finite point", "[optimizer]") {
  const std::string method = GENERATE(as<std::string>{}, "gd", "lbfgs", "owlqn", "newton", "pqn");
  INFO(method);
  for (long good_calls : {1L, 4L, 9L}) {
    Rosenbrock inner(2);
    NanAfter f(inner, good_calls);
    Recorder rec;
    const OptimizerResult r = run(method, f, rosenbrock_start(2), {}, {}, rec.callback());
    INFO("good calls " << good_calls << ": " << r.stop_reason);
    CHECK_FALSE(r.converged);
    CHECK(r.stop_reason != "converged");
    CHECK(r.stop_reason != "max_iter");
    CHECK(r.stop_reason.find("NaN") != std::string::npos);
    CHECK(r.x.allFinite());
    CHECK(std::isfinite(r.objective));
    CHECK(std::isfinite(r.gradient_norm));
    CHECK(r.objective == rec.reports.back().objective);
    CHECK(r.objective <= 24.2);
    CHECK(r.function_evals == f.value_calls);
  }
}

TEST_CASE("all methods: a NaN region next to the minimizer", "[optimizer]") {
  const std::string method = GENERATE(as<std::string>{}, "gd", "lbfgs", "owlqn", "newton", "pqn");
  INFO(method);
  Quadratic inner = ill_conditioned_quadratic(4, 10.0, Eigen::VectorXd::Ones(4));
  NanRegion f(inner, 0.5);
  OptimizerOptions options;
  options.max_iter = 300;
  const OptimizerResult r = run(method, f, Eigen::VectorXd::Zero(4), options);
  INFO(r.stop_reason << " after " << r.iterations);
  CHECK_FALSE(r.converged);
  CHECK(r.x.allFinite());
  CHECK(r.x[0] <= 0.5);
  CHECK(std::isfinite(r.objective));
  Eigen::VectorXd g;
  CHECK(r.objective < inner.value_and_gradient(Eigen::VectorXd::Zero(4), g));
}

TEST_CASE("all methods: a NaN starting value is reported, not hidden", "[optimizer]") {
  const std::string method = GENERATE(as<std::string>{}, "gd", "lbfgs", "owlqn", "newton", "pqn");
  Rosenbrock inner(2);
  NanAfter f(inner, 0);
  const OptimizerResult r = run(method, f, rosenbrock_start(2));
  CHECK_FALSE(r.converged);
  CHECK(r.stop_reason.find("starting point") != std::string::npos);
  CHECK(r.x == rosenbrock_start(2));
  CHECK(r.iterations == 0);
}

TEST_CASE("all methods reach the logistic minimum computed by newton", "[optimizer]") {
  const std::string method = GENERATE(as<std::string>{}, "gd", "lbfgs", "owlqn", "newton", "pqn");
  INFO(method);
  static const Eigen::VectorXd reference = logistic_reference();
  Logistic f = small_logistic();
  OptimizerOptions options;
  options.tol = 1e-8;
  options.max_iter = 100000;
  const OptimizerResult r = run(method, f, Eigen::VectorXd::Zero(f.dimension()), options);
  CHECK(r.converged);
  CHECK((r.x - reference).norm() < 1e-6);
  CHECK(r.function_evals == f.value_calls);
  CHECK(f.curvature_recomputations == 0);
}

TEST_CASE("all methods: reference_norm sets the stopping threshold, and a start that meets it stops at once",
          "[optimizer]") {
  const std::string method = GENERATE(as<std::string>{}, "gd", "lbfgs", "owlqn", "newton", "pqn");
  INFO(method);
  Logistic f = small_logistic();
  const Eigen::VectorXd zero = Eigen::VectorXd::Zero(f.dimension());
  OptimizerOptions options;
  options.tol = 1e-8;
  options.max_iter = 10000;
  const OptimizerResult cold = run(method, f, zero, options);
  REQUIRE(cold.converged);
  Eigen::VectorXd g(f.dimension());
  f.value_and_gradient(zero, g);
  const double cold_reference = g.norm();

  // Warm from the cold optimum, with the cold reference: already converged at iteration 0, one evaluation.
  options.reference_norm = cold_reference;
  Recorder rec;
  const OptimizerResult warm = run(method, f, cold.x, options, {}, rec.callback());
  CHECK(warm.converged);
  CHECK(warm.iterations == 0);
  CHECK(warm.function_evals == 1);
  CHECK(rec.reports.size() == 1);

  // Without it the start's own norm is the reference, and the rule cannot hold at iteration 0 (unless the
  // gradient there is exactly zero).
  options.reference_norm = 0.0;
  const OptimizerResult strict = run(method, f, cold.x, options);
  CHECK((strict.iterations >= 1 || !strict.converged || strict.gradient_norm == 0.0));

  // From a perturbed start, the stop is at tol * reference_norm (not at tol * the start's norm).
  Eigen::VectorXd start = cold.x;
  start[0] += 0.5;
  options.reference_norm = cold_reference;
  const OptimizerResult perturbed = run(method, f, start, options);
  CHECK(perturbed.converged);
  CHECK(perturbed.gradient_norm <= options.tol * cold_reference);
}
