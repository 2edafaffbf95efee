#include "optim/lbfgs_history.hpp"

#include <catch2/catch.hpp>

#include "optim/test_functions.hpp"

using namespace dlogit::optim;
using namespace dlogit::optim::testing;

TEST_CASE("an empty history is the identity", "[lbfgs_history]") {
  LbfgsHistory h(3);
  const Eigen::Vector3d v(1.0, -2.0, 3.0);
  CHECK(h.empty());
  CHECK(h.apply_inverse(v) == v);
}

TEST_CASE("the two-loop recursion satisfies the secant equation for the newest pair", "[lbfgs_history]") {
  Quadratic q = ill_conditioned_quadratic(5, 100.0, Eigen::VectorXd::Zero(5));
  LbfgsHistory h(3);
  Lcg rng(7);
  Eigen::VectorXd s(5);
  for (int k = 0; k < 5; ++k) {
    for (int i = 0; i < 5; ++i) s[i] = rng.uniform();
    const Eigen::VectorXd y = q.A() * s;
    REQUIRE(h.update(s, y));
    CHECK((h.apply_inverse(y) - s).norm() <= 1e-10 * s.norm());
    CHECK(h.size() == std::min(k + 1, 3));
  }
}

TEST_CASE("with n conjugate pairs of a quadratic the history is the exact inverse", "[lbfgs_history]") {
  // BFGS updates with A-conjugate steps reproduce A^{-1} after n of them.
  Quadratic q = ill_conditioned_quadratic(4, 100.0, Eigen::VectorXd::Zero(4));
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(q.A());
  LbfgsHistory h(4);
  for (int i = 0; i < 4; ++i) {
    const Eigen::VectorXd s = eig.eigenvectors().col(i);
    REQUIRE(h.update(s, q.A() * s));
  }
  const Eigen::Vector4d v(1.0, 2.0, -1.0, 0.5);
  CHECK((h.apply_inverse(v) - q.A().llt().solve(v)).norm() <= 1e-10 * v.norm());
}

TEST_CASE("pairs without positive curvature are skipped", "[lbfgs_history]") {
  LbfgsHistory h(2);
  CHECK_FALSE(h.update(Eigen::Vector2d(1.0, 0.0), Eigen::Vector2d(-1.0, 0.0)));
  CHECK_FALSE(h.update(Eigen::Vector2d(1.0, 0.0), Eigen::Vector2d(0.0, 1.0)));
  CHECK_FALSE(h.update(Eigen::Vector2d(0.0, 0.0), Eigen::Vector2d(0.0, 0.0)));
  CHECK_FALSE(h.update(Eigen::Vector2d(1.0, std::nan("")), Eigen::Vector2d(1.0, 0.0)));
  CHECK(h.empty());
  CHECK(h.update(Eigen::Vector2d(1.0, 0.0), Eigen::Vector2d(2.0, 0.0)));
  CHECK(h.size() == 1);
  h.clear();
  CHECK(h.empty());
}

TEST_CASE("restore moves the saved vectors into the memory: a checkpoint read costs no second copy", "[lbfgs_history]") {
  std::vector<Eigen::VectorXd> s = {Eigen::VectorXd::Constant(4, 1.0), Eigen::VectorXd::Constant(4, 2.0)};
  std::vector<Eigen::VectorXd> y = {Eigen::VectorXd::Constant(4, 0.5), Eigen::VectorXd::Constant(4, 0.25)};
  const double* s_data[] = {s[0].data(), s[1].data()};
  const double* y_data[] = {y[0].data(), y[1].data()};
  const Eigen::Vector2d rho(0.5, 0.5);
  LbfgsHistory history(3);
  history.restore(std::move(s), std::move(y), rho, 4);
  REQUIRE(history.size() == 2);
  for (int k = 0; k < 2; ++k) {
    CHECK(history.s_at(k).data() == s_data[k]);
    CHECK(history.y_at(k).data() == y_data[k]);
  }
  CHECK(history.s_at(1)[0] == 2.0);
  CHECK(history.rho_in_order()[1] == 0.5);
  // A copy given (not moved) is copied: the caller's vectors stay as they were.
  const std::vector<Eigen::VectorXd> kept = {Eigen::VectorXd::Constant(4, 3.0)};
  history.restore(kept, kept, Eigen::VectorXd::Constant(1, 1.0), 4);
  CHECK(kept[0].size() == 4);
  CHECK(history.s_at(0).data() != kept[0].data());
}
