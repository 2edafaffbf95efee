#include "train/distributed_objective.hpp"

#include <catch2/catch.hpp>

#include "model/losses.hpp"
#include "model/model_fixtures.hpp"

using dlogit::model::Penalty;

namespace {

struct Fixture {
  dlogit::data::Dataset shard = dlogit::test::random_sparse_shard(80, 6, 0.5, 21);
  dlogit::comm::SerialCommunicator comm;
  dlogit::train::PhaseTimers timers;
  dlogit::model::LogisticObjective loss{shard, true};
  dlogit::train::RankProtocol protocol{comm, loss, timers};
};

}  // namespace

TEST_CASE("the objective is NLL/m plus the smooth penalty, intercept unpenalized") {
  Fixture f;
  const Penalty penalty(Penalty::Kind::elasticnet, 2.0, 0.25, 80.0);
  dlogit::train::DistributedObjective objective(f.protocol, penalty, 80.0);
  const Eigen::VectorXd theta = dlogit::test::random_vector(7, 5);
  Eigen::VectorXd g;
  const double value = objective.value_and_gradient(theta, g);

  Eigen::VectorXd sum_gradient(7);
  const double nll = f.loss.loss_and_gradient_sum(theta.data(), sum_gradient.data());
  const double l2 = 2.0 / 80.0 * 0.75;
  CHECK(value == Approx(nll / 80.0 + 0.5 * l2 * theta.head(6).squaredNorm()).epsilon(1e-14));
  Eigen::VectorXd expected = sum_gradient / 80.0;
  expected.head(6) += l2 * theta.head(6);
  CHECK((g - expected).norm() <= 1e-14 * expected.norm());
  CHECK(f.timers.compute > 0.0);
}

TEST_CASE("the Hessian-vector product is taken at the requested point") {
  Fixture f;
  const Penalty penalty(Penalty::Kind::l2, 1.0, 0.0, 80.0);
  dlogit::train::DistributedObjective objective(f.protocol, penalty, 80.0);
  const Eigen::VectorXd a = dlogit::test::random_vector(7, 1);
  const Eigen::VectorXd b = dlogit::test::random_vector(7, 2);
  const Eigen::VectorXd v = dlogit::test::random_vector(7, 3);
  Eigen::VectorXd g, hv_at_a, hv_at_a_again;
  objective.value_and_gradient(a, g);
  objective.hessian_vector(a, v, hv_at_a);
  objective.value_and_gradient(b, g);  // curvature now cached at b
  objective.hessian_vector(a, v, hv_at_a_again);
  CHECK((hv_at_a - hv_at_a_again).norm() <= 1e-15 * hv_at_a.norm());

  // And it is the derivative of the gradient.
  const double h = 1e-6;
  Eigen::VectorXd g_plus, g_minus;
  objective.value_and_gradient(a + h * v, g_plus);
  objective.value_and_gradient(a - h * v, g_minus);
  CHECK(((g_plus - g_minus) / (2 * h) - hv_at_a).norm() <= 1e-6 * hv_at_a.norm());
}

TEST_CASE("without curvature requests no point is kept, and a curvature request still uses its own point") {
  Fixture f;
  const Penalty penalty(Penalty::Kind::l2, 1.0, 0.0, 80.0);
  dlogit::train::DistributedObjective keeping(f.protocol, penalty, 80.0, true);
  dlogit::train::DistributedObjective lean(f.protocol, penalty, 80.0, false);
  const Eigen::VectorXd a = dlogit::test::random_vector(7, 1);
  const Eigen::VectorXd b = dlogit::test::random_vector(7, 2);
  const Eigen::VectorXd v = dlogit::test::random_vector(7, 3);
  Eigen::VectorXd g, hv_keeping, hv_lean;
  keeping.value_and_gradient(a, g);
  keeping.hessian_vector(a, v, hv_keeping);
  const auto passes_before = f.timers.evaluation_compute.size();
  lean.value_and_gradient(b, g);  // the ranks' curvature is now at b
  lean.hessian_vector(a, v, hv_lean);
  // The lean objective cannot tell where the curvature is, so it evaluates a again: b, a, the product.
  CHECK(f.timers.evaluation_compute.size() - passes_before == 3);
  CHECK(hv_lean == hv_keeping);
}

// pqn's diagonal: one pass at its own point, on ranks whose gradient passes keep no curvature.
TEST_CASE("without curvature requests the Hessian diagonal is one pass at its point, and needs no kept curvature") {
  Fixture keeping_ranks;
  Fixture lean_ranks;
  lean_ranks.loss.keep_curvature(false);
  const Penalty penalty(Penalty::Kind::elasticnet, 2.0, 0.5, 80.0);
  dlogit::train::DistributedObjective keeping(keeping_ranks.protocol, penalty, 80.0, true);
  dlogit::train::DistributedObjective lean(lean_ranks.protocol, penalty, 80.0, false);
  const Eigen::VectorXd a = dlogit::test::random_vector(7, 1);
  const Eigen::VectorXd b = dlogit::test::random_vector(7, 2);
  Eigen::VectorXd g, diagonal_keeping, diagonal_lean;
  keeping.value_and_gradient(a, g);
  REQUIRE(keeping.hessian_diagonal(a, diagonal_keeping));
  lean.value_and_gradient(b, g);  // another point last: the diagonal must still be a's
  const auto passes_before = lean_ranks.timers.evaluation_compute.size();
  REQUIRE(lean.hessian_diagonal(a, diagonal_lean));
  CHECK(lean_ranks.timers.evaluation_compute.size() - passes_before == 1);
  CHECK(diagonal_lean == diagonal_keeping);
  CHECK_FALSE(lean_ranks.loss.keeps_curvature());
}

TEST_CASE("the Hessian block is the Hessian's entries on the set: NLL/m plus the smooth penalty, intercept unpenalized") {
  Fixture ranks;
  ranks.loss.keep_curvature(false);
  Fixture reference_ranks;
  const Penalty penalty(Penalty::Kind::elasticnet, 2.0, 0.5, 80.0);
  dlogit::train::DistributedObjective objective(ranks.protocol, penalty, 80.0, false);
  dlogit::train::DistributedObjective reference(reference_ranks.protocol, penalty, 80.0, true);
  const Eigen::VectorXd theta = dlogit::test::random_vector(7, 3);
  const std::vector<Eigen::Index> set{0, 3, 5, 6};  // 6: the intercept
  std::vector<double> block(16, -1.0);
  const auto passes_before = ranks.timers.evaluation_compute.size();
  REQUIRE(objective.hessian_block(theta, set, block.data()));
  CHECK(ranks.timers.evaluation_compute.size() - passes_before == 1);
  Eigen::VectorXd g, column;
  reference.value_and_gradient(theta, g);
  for (std::size_t b = 0; b < set.size(); ++b) {
    Eigen::VectorXd unit = Eigen::VectorXd::Zero(7);
    unit[set[b]] = 1.0;
    reference.hessian_vector(theta, unit, column);
    for (std::size_t a = 0; a < set.size(); ++a) {
      INFO("entry " << a << ", " << b);
      CHECK(block[b * set.size() + a] == Approx(column[set[a]]).epsilon(1e-12));
    }
  }
}
