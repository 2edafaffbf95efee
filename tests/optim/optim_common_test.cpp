#include "optim/optim_common.hpp"

#include <catch2/catch.hpp>

#include "optim/stagnation_guard.hpp"

using namespace dlogit::optim;

TEST_CASE("pseudo-gradient of f + L1", "[common]") {
  const Eigen::VectorXd x = (Eigen::VectorXd(6) << 1.0, -1.0, 0.0, 0.0, 0.0, 0.0).finished();
  const Eigen::VectorXd g = (Eigen::VectorXd(6) << 0.5, 0.5, -3.0, 3.0, 0.5, -0.7).finished();
  const Eigen::VectorXd c = (Eigen::VectorXd(6) << 1.0, 1.0, 1.0, 1.0, 1.0, 0.0).finished();
  Eigen::VectorXd pg;
  detail::pseudo_gradient(x, g, c, pg);
  CHECK(pg[0] == 1.5);   // x > 0: g + c
  CHECK(pg[1] == -0.5);  // x < 0: g - c
  CHECK(pg[2] == -2.0);  // x = 0, g + c < 0
  CHECK(pg[3] == 2.0);   // x = 0, g - c > 0
  CHECK(pg[4] == 0.0);   // x = 0, |g| <= c
  CHECK(pg[5] == -0.7);  // c = 0: plain gradient
}

TEST_CASE("soft thresholding", "[common]") {
  const Eigen::Vector4d v(3.0, -3.0, 0.5, -0.5);
  const Eigen::Vector4d t(1.0, 1.0, 1.0, 0.0);
  const Eigen::VectorXd s = detail::soft_threshold(v, t);
  CHECK(s[0] == 2.0);
  CHECK(s[1] == -2.0);
  CHECK(s[2] == 0.0);
  CHECK(s[3] == -0.5);
}

TEST_CASE("stagnation is declared only after a long flat stretch without a better gradient", "[common]") {
  StagnationGuard guard(1.0);
  for (int i = 0; i < 49; ++i) CHECK_FALSE(guard.update(100.0, 100.0, 1.0));
  CHECK_FALSE(guard.update(100.0, 100.0, 0.5));  // a new best gradient norm resets the count
  for (int i = 0; i < 49; ++i) CHECK_FALSE(guard.update(100.0, 100.0, 0.7));
  CHECK(guard.update(100.0, 100.0, 0.7));
  StagnationGuard other(1.0);
  for (int i = 0; i < 100; ++i) CHECK_FALSE(other.update(100.0, 99.0, 2.0));  // f still decreases
}
