#include "optim/lbfgs.hpp"

#include <catch2/catch.hpp>

#include "optim/test_functions.hpp"

using namespace dlogit::optim;
using namespace dlogit::optim::testing;

TEST_CASE("lbfgs solves an ill-conditioned quadratic", "[lbfgs]") {
  const Eigen::VectorXd x_star = Eigen::VectorXd::LinSpaced(10, -2.0, 3.0);
  Quadratic q = ill_conditioned_quadratic(10, 100.0, x_star);
  OptimizerOptions options;
  options.tol = 1e-10;
  const OptimizerResult r = run("lbfgs", q, Eigen::VectorXd::Zero(10), options);
  CHECK(r.converged);
  CHECK((r.x - x_star).norm() < 1e-7);
  CHECK(r.iterations <= 60);
  CHECK(r.function_evals <= 2 * r.iterations);
  CHECK(r.function_evals == q.value_calls);
  CHECK(r.hessian_evals == 0);
  CHECK(q.hessian_calls == 0);
}

TEST_CASE("lbfgs minimizes the 2-d and 10-d Rosenbrock functions", "[lbfgs]") {
  for (int n : {2, 10}) {
    Rosenbrock f(n);
    OptimizerOptions options;
    options.tol = 1e-10;
    options.max_iter = 1000;
    const OptimizerResult r = run("lbfgs", f, rosenbrock_start(n), options);
    INFO("n = " << n << " reason " << r.stop_reason << " iterations " << r.iterations << " evals "
                << r.function_evals);
    CHECK(r.converged);
    CHECK((r.x - Eigen::VectorXd::Ones(n)).norm() < 1e-6);
    CHECK(r.function_evals <= 2 * r.iterations + 5);  // the Wolfe search rarely needs a second trial
  }
}

TEST_CASE("lbfgs reaches the logistic minimum", "[lbfgs]") {
  Logistic f = small_logistic();
  const Eigen::VectorXd reference = logistic_reference();
  OptimizerOptions options;
  options.tol = 1e-10;
  const OptimizerResult r = run("lbfgs", f, Eigen::VectorXd::Zero(f.dimension()), options);
  CHECK(r.converged);
  CHECK((r.x - reference).norm() < 1e-7);
}

TEST_CASE("lbfgs works with a memory of one pair", "[lbfgs]") {
  Rosenbrock f(2);
  OptimizerOptions options;
  options.history = 1;
  options.tol = 1e-10;
  options.max_iter = 2000;
  const OptimizerResult r = run("lbfgs", f, rosenbrock_start(2), options);
  CHECK(r.converged);
  CHECK((r.x - Eigen::VectorXd::Ones(2)).norm() < 1e-6);
}

TEST_CASE("lbfgs tries 1/||g|| as the first step", "[lbfgs]") {
  // On a quadratic with A = I and b = 0, the step 1/||g|| along -g from x0 lands at distance 1 from
  // x0, which satisfies the strong Wolfe conditions when ||x0|| = 2.
  Quadratic q(Eigen::MatrixXd::Identity(3, 3), Eigen::VectorXd::Zero(3));
  const Eigen::VectorXd x0 = Eigen::Vector3d(2.0, 0.0, 0.0);
  std::vector<IterationReport> reports;
  OptimizerOptions options;
  options.max_iter = 1;
  run("lbfgs", q, x0, options, {}, [&](const IterationReport& rep) {
    reports.push_back(rep);
    return true;
  });
  REQUIRE(reports.size() == 2);
  CHECK(reports[1].step == Approx(0.5));
  CHECK(reports[1].function_evals == 2);
}

TEST_CASE("lbfgs rejects an active L1 term", "[lbfgs]") {
  Quadratic q = ill_conditioned_quadratic(4, 10.0, Eigen::VectorXd::Ones(4));
  L1Term l1;
  l1.weights = Eigen::VectorXd::Zero(4);
  l1.weights[1] = 0.1;
  const auto lbfgs = make_lbfgs(OptimizerOptions{});
  CHECK_THROWS_AS(lbfgs->minimize(q, l1, Eigen::VectorXd::Zero(4), {}), std::invalid_argument);
  CHECK(q.value_calls == 0);
}
