#include "optim/owlqn.hpp"

#include <catch2/catch.hpp>

#include "optim/optim_common.hpp"
#include "optim/test_functions.hpp"

using namespace dlogit::optim;
using namespace dlogit::optim::testing;

TEST_CASE("owlqn finds the soft-threshold solution of a diagonal quadratic with exact zeros", "[owlqn][l1]") {
  const Eigen::VectorXd a = (Eigen::VectorXd(6) << 1.0, 2.0, 10.0, 0.5, 4.0, 3.0).finished();
  const Eigen::VectorXd b = (Eigen::VectorXd(6) << 3.0, -0.5, -4.0, 0.2, 1.0, -2.0).finished();
  const Eigen::VectorXd c = (Eigen::VectorXd(6) << 1.0, 1.0, 1.0, 1.0, 1.0, 0.0).finished();
  DiagonalQuadratic f(a, b);
  const Eigen::VectorXd expected = f.l1_minimizer(c);
  for (double start : {1.0, -1.0, 0.0}) {
    OptimizerOptions options;
    options.tol = 1e-10;
    const OptimizerResult r = run("owlqn", f, Eigen::VectorXd::Constant(6, start), options, L1Term{c});
    INFO("start " << start << " reason " << r.stop_reason);
    CHECK(r.converged);
    CHECK((r.x - expected).norm() < 1e-8);
    for (int i = 0; i < 6; ++i) CHECK((r.x[i] == 0.0) == (expected[i] == 0.0));
  }
}

TEST_CASE("owlqn and proximal gradient agree on L1-regularized logistic regression", "[owlqn][l1]") {
  Logistic f = small_logistic();
  const L1Term l1 = logistic_l1(f.dimension(), 12.0);
  OptimizerOptions options;
  options.tol = 1e-9;
  options.max_iter = 100000;
  const OptimizerResult q = run("owlqn", f, Eigen::VectorXd::Zero(f.dimension()), options, l1);
  const OptimizerResult p = run("gd", f, Eigen::VectorXd::Zero(f.dimension()), options, l1);
  INFO("owlqn " << q.stop_reason << " " << q.iterations << "; gd " << p.stop_reason << " " << p.iterations);
  CHECK(q.converged);
  CHECK(p.converged);
  CHECK(kkt_violation(f, l1, q.x) < 1e-6);
  CHECK(kkt_violation(f, l1, p.x) < 1e-6);
  CHECK((q.x - p.x).norm() < 1e-6);
  int zeros = 0;
  for (Eigen::Index i = 0; i < q.x.size(); ++i) {
    CHECK((q.x[i] == 0.0) == (p.x[i] == 0.0));
    zeros += q.x[i] == 0.0 ? 1 : 0;
  }
  CHECK(zeros >= 1);                       // the penalty is strong enough to remove features
  CHECK(zeros < f.dimension() - 1);        // but not all of them
  CHECK(q.x[f.dimension() - 1] != 0.0);    // the unpenalized intercept
  CHECK(q.objective == Approx(p.objective).epsilon(1e-10));
}

TEST_CASE("owlqn without an L1 term is L-BFGS", "[owlqn]") {
  const Eigen::VectorXd x_star = Eigen::VectorXd::LinSpaced(10, -2.0, 3.0);
  Quadratic q = ill_conditioned_quadratic(10, 100.0, x_star);
  OptimizerOptions options;
  options.tol = 1e-10;
  const OptimizerResult r = run("owlqn", q, Eigen::VectorXd::Zero(10), options);
  CHECK(r.converged);
  CHECK((r.x - x_star).norm() < 1e-7);

  Rosenbrock f(10);
  options.max_iter = 2000;
  const OptimizerResult s = run("owlqn", f, rosenbrock_start(10), options, L1Term{Eigen::VectorXd::Zero(10)});
  CHECK(s.converged);
  CHECK((s.x - Eigen::VectorXd::Ones(10)).norm() < 1e-6);

  Logistic lr = small_logistic();
  const OptimizerResult t = run("owlqn", lr, Eigen::VectorXd::Zero(lr.dimension()), options);
  CHECK((t.x - logistic_reference()).norm() < 1e-7);
}

TEST_CASE("owlqn: a huge L1 weight zeroes every penalized coordinate", "[owlqn][l1]") {
  Logistic f = small_logistic();
  const L1Term l1 = logistic_l1(f.dimension(), 1e6);
  const OptimizerResult r = run("owlqn", f, Eigen::VectorXd::Constant(f.dimension(), 0.5), {}, l1);
  CHECK(r.converged);
  CHECK(r.x.head(f.dimension() - 1).isZero(0.0));
}

TEST_CASE("owlqn: collinear columns (duplicates, one-hot groups) converge without endless backtracking",
          "[owlqn][l1]") {
  // Like a9a: a duplicated column and two one-hot groups whose columns each sum to 1, so the smooth
  // part is flat along several directions and the L1 term alone picks the solution. Freezing every
  // sign-disagreeing component (Andrew & Gao's rule alone) breaks the coupling of such columns and
  // needed ~2.5 evaluations per iteration for thousands of iterations on a9a.
  const int m = 400;
  Lcg rng(7);
  Eigen::MatrixXd X = Eigen::MatrixXd::Zero(m, 11);
  Eigen::VectorXd y(m);
  for (int i = 0; i < m; ++i) {
    X(i, 0) = rng.uniform();
    X(i, 1) = X(i, 0);                                      // duplicate
    X(i, 2 + (i * 7 + 3) % 4) = 1.0;                        // one-hot group A: columns 2..5
    X(i, 6 + static_cast<int>((rng.uniform() + 1.0) * 1.5)) = 1.0;  // group B: columns 6..8
    X(i, 9) = 3.0 * rng.uniform();
    X(i, 10) = 1.0;                                         // intercept
    const double score = 1.5 * X(i, 0) - X(i, 2) + 0.8 * X(i, 6) + 0.4 * X(i, 9) + 0.7 * rng.uniform();
    y[i] = (score > 0.0) != (i % 9 == 0) ? 1.0 : -1.0;
  }
  Logistic f(X, y, 0.0);
  Eigen::VectorXd c = Eigen::VectorXd::Constant(11, 2.0);
  for (bool intercept : {false, true}) {
    c[10] = intercept ? 0.0 : 1e9;  // without an intercept: a huge weight keeps it at zero
    const L1Term l1{c};
    OptimizerOptions options;
    options.tol = 1e-9;
    options.max_iter = 5000;
    f.value_calls = 0;
    const OptimizerResult q = run("owlqn", f, Eigen::VectorXd::Zero(11), options, l1);
    const long owlqn_calls = f.value_calls;
    options.max_iter = 200000;
    const OptimizerResult p = run("gd", f, Eigen::VectorXd::Zero(11), options, l1);
    INFO("intercept " << intercept << ": owlqn " << q.stop_reason << " " << q.iterations << " iterations "
                      << owlqn_calls << " evaluations; gd " << p.stop_reason);
    CHECK(q.converged);
    CHECK(kkt_violation(f, l1, q.x) < 1e-6);
    CHECK(q.objective <= p.objective + 1e-9 * std::abs(p.objective));
    CHECK(owlqn_calls < 45);  // 27 and 33 now; the constrained-only direction needed 61 and 54
  }
}
