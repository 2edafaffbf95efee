#include "optim/line_search.hpp"

#include <cmath>

#include <catch2/catch.hpp>

#include "optim/test_functions.hpp"

using namespace dlogit::optim;
using namespace dlogit::optim::testing;

namespace {

void check_strong_wolfe(Objective& f, const Eigen::VectorXd& x, const Eigen::VectorXd& d, double step0) {
  Eigen::VectorXd g;
  const double f0 = f.value_and_gradient(x, g);
  detail::CountedObjective counted(f);
  const LineSearchResult r = strong_wolfe_line_search(counted, x, f0, g, d, step0);
  REQUIRE(r.status == LineSearchResult::Status::wolfe);
  CHECK(r.evaluations == counted.function_evals());
  // The returned point, value and gradient belong together.
  CHECK((r.x - (x + r.step * d)).norm() <= 1e-12 * (1.0 + x.norm()));
  Eigen::VectorXd g_check;
  CHECK(f.value_and_gradient(r.x, g_check) == Approx(r.value));
  CHECK((g_check - r.gradient).norm() <= 1e-12 * (1.0 + g_check.norm()));
  const double dphi0 = g.dot(d);
  const bool armijo = r.value <= f0 + 1e-4 * r.step * dphi0;
  CHECK(armijo);
  CHECK(std::abs(r.gradient.dot(d)) <= 0.9 * std::abs(dphi0));
}

}  // namespace

TEST_CASE("cubic_minimizer is exact on cubics and quadratics", "[line_search]") {
  // phi(a) = (a - 2)^2: phi(0) = 4, phi'(0) = -4; phi(3) = 1, phi'(3) = 2.
  CHECK(cubic_minimizer(0.0, 4.0, -4.0, 3.0, 1.0, 2.0) == Approx(2.0));
  // phi(a) = a^3 - 3a: local minimizer at 1.
  auto phi = [](double a) { return a * a * a - 3.0 * a; };
  auto dphi = [](double a) { return 3.0 * a * a - 3.0; };
  CHECK(cubic_minimizer(0.0, phi(0.0), dphi(0.0), 2.0, phi(2.0), dphi(2.0)) == Approx(1.0));
  CHECK(cubic_minimizer(2.0, phi(2.0), dphi(2.0), 0.0, phi(0.0), dphi(0.0)) == Approx(1.0));
  CHECK(std::isnan(cubic_minimizer(1.0, 0.0, 1.0, 1.0, 0.0, 1.0)));
}

TEST_CASE("strong Wolfe search: accepted points satisfy both conditions", "[line_search]") {
  Rosenbrock f(2);
  const Eigen::Vector2d x(-1.2, 1.0);
  Eigen::VectorXd g;
  f.value_and_gradient(x, g);
  SECTION("steepest descent, tiny first step (needs extrapolation)") { check_strong_wolfe(f, x, -g, 1e-3 / g.norm()); }
  SECTION("steepest descent, step 1/||g||") { check_strong_wolfe(f, x, -g, 1.0 / g.norm()); }
  SECTION("steepest descent, much too long first step (needs zoom)") { check_strong_wolfe(f, x, -g, 1.0); }
  SECTION("a poorly scaled direction") { check_strong_wolfe(f, x, Eigen::Vector2d(1.0, 0.0), 10.0); }
  Quadratic q = ill_conditioned_quadratic(6, 100.0, Eigen::VectorXd::Ones(6));
  Eigen::VectorXd gq;
  q.value_and_gradient(Eigen::VectorXd::Zero(6), gq);
  SECTION("quadratic, unit step along -g") { check_strong_wolfe(q, Eigen::VectorXd::Zero(6), -gq, 1.0); }
}

TEST_CASE("strong Wolfe search: the unit step is accepted without further evaluations when good", "[line_search]") {
  Quadratic q(Eigen::MatrixXd::Identity(2, 2), Eigen::VectorXd::Zero(2));
  const Eigen::Vector2d x(3.0, -1.0);
  Eigen::VectorXd g;
  const double f0 = q.value_and_gradient(x, g);
  detail::CountedObjective counted(q);
  const LineSearchResult r = strong_wolfe_line_search(counted, x, f0, g, -g, 1.0);  // the Newton step
  CHECK(r.status == LineSearchResult::Status::wolfe);
  CHECK(r.evaluations == 1);
  CHECK(r.step == 1.0);
  CHECK(r.x.norm() == Approx(0.0).margin(1e-15));
}

TEST_CASE("strong Wolfe search: NaN beyond some step shrinks the interval", "[line_search]") {
  Quadratic inner(Eigen::MatrixXd::Identity(2, 2), Eigen::Vector2d(10.0, 0.0));
  NanRegion f(inner, 0.3);  // the minimizer (10, 0) lies in the NaN region
  const Eigen::VectorXd x = Eigen::VectorXd::Zero(2);
  Eigen::VectorXd g;
  const double f0 = f.value_and_gradient(x, g);
  detail::CountedObjective counted(f);
  const LineSearchResult r = strong_wolfe_line_search(counted, x, f0, g, -g, 1.0);
  CHECK(r.accepted());
  CHECK(r.saw_nonfinite);
  CHECK(r.x[0] <= 0.3);
  CHECK(r.value < f0);
  CHECK(r.x.allFinite());
}

TEST_CASE("strong Wolfe search: refuses ascent directions and reports failure", "[line_search]") {
  Rosenbrock f(2);
  const Eigen::Vector2d x(-1.2, 1.0);
  Eigen::VectorXd g;
  const double f0 = f.value_and_gradient(x, g);
  detail::CountedObjective counted(f);
  LineSearchResult r = strong_wolfe_line_search(counted, x, f0, g, g, 1.0);
  CHECK(r.status == LineSearchResult::Status::not_descent);
  CHECK(counted.function_evals() == 0);

  Rosenbrock inner(2);
  NanAfter nan(inner, 0);
  detail::CountedObjective counted_nan(nan);
  r = strong_wolfe_line_search(counted_nan, x, f0, g, -g, 1.0);
  CHECK(r.status == LineSearchResult::Status::failed);
  CHECK(r.saw_nonfinite);
  CHECK(r.evaluations == StrongWolfeParams{}.max_evaluations);
}
