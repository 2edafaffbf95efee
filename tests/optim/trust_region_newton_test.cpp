#include "optim/trust_region_newton.hpp"

#include <catch2/catch.hpp>

#include "optim/test_functions.hpp"

using namespace dlogit::optim;
using namespace dlogit::optim::testing;

TEST_CASE("newton solves an ill-conditioned quadratic in very few iterations", "[newton]") {
  const Eigen::VectorXd x_star = Eigen::VectorXd::LinSpaced(10, -2.0, 3.0);
  Quadratic q = ill_conditioned_quadratic(10, 100.0, x_star);
  OptimizerOptions options;
  options.tol = 1e-10;
  const OptimizerResult r = run("newton", q, Eigen::VectorXd::Zero(10), options);
  CHECK(r.converged);
  CHECK(r.stop_reason == "converged");
  CHECK((r.x - x_star).norm() < 1e-8);
  CHECK(r.iterations <= 12);
  CHECK(r.function_evals == q.value_calls);
  CHECK(r.hessian_evals == q.hessian_calls);
  CHECK(r.function_evals <= r.iterations + 3);  // almost every trial accepted
}

TEST_CASE("newton minimizes the 2-d and 10-d Rosenbrock functions", "[newton]") {
  for (int n : {2, 10}) {
    Rosenbrock f(n);
    const Eigen::VectorXd x0 = rosenbrock_start(n);
    OptimizerOptions options;
    options.tol = 1e-10;
    options.max_iter = 500;
    const OptimizerResult r = run("newton", f, x0, options);
    INFO("n = " << n << " reason " << r.stop_reason << " iterations " << r.iterations);
    CHECK(r.converged);
    CHECK((r.x - Eigen::VectorXd::Ones(n)).norm() < 1e-6);
    CHECK(r.objective < 1e-12);
  }
}

TEST_CASE("newton reaches the logistic minimum to 1e-12", "[newton]") {
  Logistic f = small_logistic();
  OptimizerOptions options;
  options.tol = 1e-12;
  const OptimizerResult r = run("newton", f, Eigen::VectorXd::Zero(f.dimension()), options);
  CHECK(r.converged);
  CHECK(r.iterations <= 30);
  Eigen::VectorXd g;
  f.value_and_gradient(r.x, g);
  CHECK(g.norm() < 1e-9);
}

TEST_CASE("newton: hessian_vector calls use the curvature of the current iterate, rejected steps reuse the CG path",
          "[newton]") {
  // A far start makes the first trust-region steps fail.
  Logistic f = small_logistic();
  const Eigen::VectorXd x0 = Eigen::VectorXd::Constant(f.dimension(), 4.0);
  const Eigen::VectorXd reference = logistic_reference();
  for (long budget : {64L << 20, 0L}) {
    Logistic objective = small_logistic();
    OptimizerOptions options;
    options.tol = 1e-10;
    options.newton_cg_path_bytes = budget;
    const OptimizerResult r = run("newton", objective, x0, options);
    INFO("budget " << budget << " evals " << r.function_evals << " Hv " << r.hessian_evals << " iterations "
                   << r.iterations);
    CHECK(r.converged);
    CHECK((r.x - reference).norm() < 1e-7);
    CHECK(objective.curvature_recomputations == 0);
    CHECK(r.function_evals > r.iterations + 1);  // some steps were rejected
    CHECK(r.function_evals == objective.value_calls);
    CHECK(r.hessian_evals == objective.hessian_calls);
  }
}

TEST_CASE("newton with a full path memory needs no extra passes after a rejection", "[newton]") {
  // Same problem as above: with the path kept, each rejection costs exactly one value_and_gradient;
  // without it, a re-evaluation at the current point plus a new CG solve.
  Logistic with_path = small_logistic(), without_path = small_logistic();
  const Eigen::VectorXd x0 = Eigen::VectorXd::Constant(with_path.dimension(), 4.0);
  OptimizerOptions options;
  options.tol = 1e-10;
  const OptimizerResult a = run("newton", with_path, x0, options);
  options.newton_cg_path_bytes = 0;
  const OptimizerResult b = run("newton", without_path, x0, options);
  CHECK(a.hessian_evals <= b.hessian_evals);
  CHECK(a.function_evals <= b.function_evals);
}

TEST_CASE("newton reports the trust radius as the step", "[newton]") {
  Rosenbrock f(2);
  std::vector<IterationReport> reports;
  OptimizerOptions options;
  options.max_iter = 5;
  options.tol = 0.0;
  run("newton", f, Eigen::Vector2d(-1.2, 1.0), options, {}, [&](const IterationReport& rep) {
    reports.push_back(rep);
    return true;
  });
  REQUIRE(reports.size() == 6);
  for (const auto& rep : reports) CHECK(rep.step > 0.0);
}

TEST_CASE("newton rejects an active L1 term and accepts an all-zero one", "[newton]") {
  Quadratic q = ill_conditioned_quadratic(4, 10.0, Eigen::VectorXd::Ones(4));
  L1Term l1;
  l1.weights = Eigen::VectorXd::Constant(4, 0.5);
  const auto newton = make_trust_region_newton(OptimizerOptions{});
  CHECK_THROWS_AS(newton->minimize(q, l1, Eigen::VectorXd::Zero(4), {}), std::invalid_argument);
  l1.weights.setZero();
  const OptimizerResult r = newton->minimize(q, l1, Eigen::VectorXd::Zero(4), {});
  CHECK(r.converged);
  CHECK((r.x - Eigen::VectorXd::Ones(4)).norm() < 1e-6);
}

namespace {

// A quadratic whose Hessian is badly scaled coordinate-wise (A = S B S with B well conditioned and
// S spanning two decades), which is exactly what a diagonal preconditioner undoes; it offers its
// diagonal as the production objective does.
class ScaledQuadratic : public Quadratic {
 public:
  using Quadratic::Quadratic;
  bool hessian_diagonal(const Eigen::VectorXd&, Eigen::VectorXd& diagonal) override {
    ++diagonal_calls;
    diagonal = A().diagonal();
    return true;
  }
  long diagonal_calls = 0;
};

ScaledQuadratic badly_scaled_quadratic(int n, const Eigen::VectorXd& x_star) {
  const Quadratic base = ill_conditioned_quadratic(n, 4.0, x_star);
  Eigen::VectorXd s(n);
  for (int i = 0; i < n; ++i) s[i] = std::pow(10.0, -1.0 + 2.0 * i / (n - 1));
  const Eigen::MatrixXd A = s.asDiagonal() * base.A() * s.asDiagonal();
  return ScaledQuadratic(A, A * x_star);
}

}  // namespace

TEST_CASE("newton preconditions its conjugate gradients with the objective's Hessian diagonal", "[newton]") {
  const Eigen::VectorXd x_star = Eigen::VectorXd::LinSpaced(40, -1.0, 2.0);
  long hessian_products[2] = {0, 0};
  for (const bool preconditioner : {true, false}) {
    ScaledQuadratic q = badly_scaled_quadratic(40, x_star);
    OptimizerOptions options;
    options.tol = 1e-9;
    options.max_iter = 500;
    options.newton_preconditioner = preconditioner;
    const OptimizerResult r = run("newton", q, Eigen::VectorXd::Zero(40), options);
    INFO("preconditioner " << preconditioner << ": " << r.stop_reason << ", " << r.iterations << " iterations, "
                           << q.hessian_calls << " Hv, " << q.diagonal_calls << " diagonals");
    CHECK(r.converged);
    CHECK((r.x - x_star).norm() <= 1e-6 * x_star.norm());
    // A diagonal is one pass over the data and is counted with the Hessian-vector products.
    CHECK(r.hessian_evals == q.hessian_calls + q.diagonal_calls);
    CHECK(q.diagonal_calls == (preconditioner ? r.iterations : 0));  // at x_0 and after every accepted step but the last
    hessian_products[preconditioner ? 0 : 1] = q.hessian_calls;
  }
  CHECK(2 * hessian_products[0] < hessian_products[1]);
}

TEST_CASE("newton without a Hessian diagonal runs the unpreconditioned method bit for bit", "[newton]") {
  OptimizerResult results[2];
  for (const bool preconditioner : {true, false}) {
    Logistic f = small_logistic();  // offers no diagonal
    OptimizerOptions options;
    options.tol = 1e-12;
    options.newton_preconditioner = preconditioner;
    results[preconditioner ? 0 : 1] = run("newton", f, Eigen::VectorXd::Zero(f.dimension()), options);
  }
  CHECK(results[0].x == results[1].x);
  CHECK(results[0].objective == results[1].objective);
  CHECK(results[0].hessian_evals == results[1].hessian_evals);
  CHECK(results[0].iterations == results[1].iterations);
}
