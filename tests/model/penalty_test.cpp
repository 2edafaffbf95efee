#include "model/penalty.hpp"

#include <catch2/catch.hpp>

using dlogit::model::Penalty;

TEST_CASE("penalty strengths follow R(w) = (λ/m)(α‖w‖₁ + (1−α)/2‖w‖²)") {
  const double m = 200.0, lambda = 3.0;
  CHECK(Penalty(Penalty::Kind::l2, lambda, 0.7, m).l2_strength() == Approx(lambda / m));
  CHECK(Penalty(Penalty::Kind::l2, lambda, 0.7, m).l1_strength() == 0.0);
  CHECK(Penalty(Penalty::Kind::l1, lambda, 0.7, m).l1_strength() == Approx(lambda / m));
  CHECK(Penalty(Penalty::Kind::l1, lambda, 0.7, m).l2_strength() == 0.0);
  const Penalty net(Penalty::Kind::elasticnet, lambda, 0.7, m);
  CHECK(net.l1_strength() == Approx(0.7 * lambda / m));
  CHECK(net.l2_strength() == Approx(0.3 * lambda / m));
  CHECK(Penalty(Penalty::Kind::none, lambda, 0.7, m).l2_strength() == 0.0);
}

TEST_CASE("the intercept is never penalized") {
  const Penalty l2(Penalty::Kind::l2, 2.0, 0.0, 1.0);
  Eigen::VectorXd theta(3);
  theta << 1.0, -2.0, 100.0;  // last entry: intercept
  CHECK(l2.smooth_value(theta, 2) == Approx(0.5 * 2.0 * 5.0));
  Eigen::VectorXd g = Eigen::VectorXd::Zero(3);
  l2.add_smooth_gradient(theta, 2, g);
  CHECK(g[0] == Approx(2.0));
  CHECK(g[1] == Approx(-4.0));
  CHECK(g[2] == 0.0);
  const Penalty l1(Penalty::Kind::l1, 2.0, 0.0, 4.0);
  const Eigen::VectorXd c = l1.l1_weights(2, 3);
  REQUIRE(c.size() == 3);
  CHECK(c[0] == 0.5);
  CHECK(c[2] == 0.0);
}

TEST_CASE("penalty names parse and unknown ones are rejected") {
  using dlogit::model::penalty_names;
  CHECK(penalty_names().parse("elasticnet") == Penalty::Kind::elasticnet);
  CHECK_FALSE(penalty_names().parse("l3"));
  CHECK(penalty_names().joined() == "none, l2, l1, elasticnet");
  CHECK(penalty_names().name(Penalty::Kind::l1) == "l1");
}
