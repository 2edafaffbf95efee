#include <catch2/catch.hpp>

#include "optim/optimizer.hpp"
#include "optim/test_functions.hpp"

using namespace dlogit::optim;
using namespace dlogit::optim::testing;

TEST_CASE("make_optimizer knows the four methods", "[factory]") {
  for (const std::string name : {"gd", "lbfgs", "owlqn", "newton", "pqn"}) {
    const auto optimizer = make_optimizer(name, {});
    REQUIRE(optimizer);
    CHECK(optimizer->name() == name);
  }
}

TEST_CASE("make_optimizer rejects unknown names and invalid options", "[factory]") {
  CHECK_THROWS_AS(make_optimizer("sgd", {}), std::invalid_argument);
  CHECK_THROWS_AS(make_optimizer("", {}), std::invalid_argument);
  CHECK_THROWS_AS(make_optimizer("LBFGS", {}), std::invalid_argument);
  CHECK_THROWS_WITH(make_optimizer("tron", {}), Catch::Contains("unknown optimizer 'tron'"));
  OptimizerOptions bad;
  bad.history = 0;
  CHECK_THROWS_AS(make_optimizer("lbfgs", bad), std::invalid_argument);
  bad = {};
  bad.tol = -1.0;
  CHECK_THROWS_AS(make_optimizer("gd", bad), std::invalid_argument);
  bad = {};
  bad.max_iter = -1;
  CHECK_THROWS_AS(make_optimizer("newton", bad), std::invalid_argument);
}

TEST_CASE("lbfgs and newton reject an active L1 term, gd and owlqn accept it", "[factory][l1]") {
  Quadratic q = ill_conditioned_quadratic(3, 10.0, Eigen::VectorXd::Ones(3));
  L1Term l1;
  l1.weights = Eigen::Vector3d(0.0, 0.1, 0.0);
  for (const std::string name : {"lbfgs", "newton"}) {
    CHECK_THROWS_WITH(make_optimizer(name, {})->minimize(q, l1, Eigen::VectorXd::Zero(3), {}),
                      Catch::Contains("L1") && Catch::Contains("owlqn"));
  }
  for (const std::string name : {"gd", "owlqn", "pqn"}) {
    CHECK_NOTHROW(make_optimizer(name, {})->minimize(q, l1, Eigen::VectorXd::Zero(3), {}));
  }
}

TEST_CASE("optimizers reject inconsistent problems", "[factory]") {
  Quadratic q = ill_conditioned_quadratic(3, 10.0, Eigen::VectorXd::Ones(3));
  for (const std::string name : {"gd", "lbfgs", "owlqn", "newton", "pqn"}) {
    const auto optimizer = make_optimizer(name, {});
    CHECK_THROWS_AS(optimizer->minimize(q, {}, Eigen::VectorXd::Zero(4), {}), std::invalid_argument);
    Eigen::VectorXd x0 = Eigen::VectorXd::Zero(3);
    x0[1] = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(optimizer->minimize(q, {}, x0, {}), std::invalid_argument);
    L1Term wrong_size{Eigen::VectorXd::Zero(2)};
    CHECK_THROWS_AS(optimizer->minimize(q, wrong_size, Eigen::VectorXd::Zero(3), {}), std::invalid_argument);
    L1Term negative{Eigen::Vector3d(0.0, -1.0, 0.0)};
    CHECK_THROWS_AS(optimizer->minimize(q, negative, Eigen::VectorXd::Zero(3), {}), std::invalid_argument);
  }
}
