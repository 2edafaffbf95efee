#include "optim/gradient_descent.hpp"

#include <catch2/catch.hpp>

#include "optim/test_functions.hpp"

using namespace dlogit::optim;
using namespace dlogit::optim::testing;

TEST_CASE("gd solves an ill-conditioned quadratic", "[gd]") {
  const Eigen::VectorXd x_star = Eigen::VectorXd::LinSpaced(10, -2.0, 3.0);
  Quadratic q = ill_conditioned_quadratic(10, 100.0, x_star);
  OptimizerOptions options;
  options.tol = 1e-10;
  options.max_iter = 20000;
  const OptimizerResult r = run("gd", q, Eigen::VectorXd::Zero(10), options);
  CHECK(r.converged);
  CHECK((r.x - x_star).norm() < 1e-7);
  CHECK(r.function_evals == q.value_calls);
}

TEST_CASE("gd minimizes the 2-d Rosenbrock function", "[gd]") {
  Rosenbrock f(2);
  OptimizerOptions options;
  options.tol = 1e-8;
  options.max_iter = 200000;
  const OptimizerResult r = run("gd", f, rosenbrock_start(2), options);
  INFO("reason " << r.stop_reason << " iterations " << r.iterations);
  CHECK(r.converged);
  CHECK((r.x - Eigen::VectorXd::Ones(2)).norm() < 1e-5);
}

TEST_CASE("gd reaches the logistic minimum", "[gd]") {
  Logistic f = small_logistic();
  const Eigen::VectorXd reference = logistic_reference();
  OptimizerOptions options;
  options.tol = 1e-10;
  options.max_iter = 100000;
  const OptimizerResult r = run("gd", f, Eigen::VectorXd::Zero(f.dimension()), options);
  INFO("reason " << r.stop_reason << " iterations " << r.iterations);
  CHECK(r.converged);
  CHECK((r.x - reference).norm() < 1e-6);
}

TEST_CASE("gd with L1 (proximal gradient) finds the soft-threshold solution with exact zeros", "[gd][l1]") {
  const Eigen::VectorXd a = (Eigen::VectorXd(6) << 1.0, 2.0, 10.0, 0.5, 4.0, 3.0).finished();
  const Eigen::VectorXd b = (Eigen::VectorXd(6) << 3.0, -0.5, -4.0, 0.2, 1.0, -2.0).finished();
  const Eigen::VectorXd c = (Eigen::VectorXd(6) << 1.0, 1.0, 1.0, 1.0, 1.0, 0.0).finished();
  DiagonalQuadratic f(a, b);
  const Eigen::VectorXd expected = f.l1_minimizer(c);
  L1Term l1{c};
  OptimizerOptions options;
  options.tol = 1e-10;
  options.max_iter = 10000;
  const OptimizerResult r = run("gd", f, Eigen::VectorXd::Constant(6, 1.0), options, l1);
  CHECK(r.converged);
  CHECK((r.x - expected).norm() < 1e-8);
  for (int i = 0; i < 6; ++i) CHECK((r.x[i] == 0.0) == (expected[i] == 0.0));
  CHECK(expected[1] == 0.0);
  CHECK(expected[3] == 0.0);
}
