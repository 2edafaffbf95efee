// Threads in the fused passes: bitwise reproducible for a thread count, and close across counts.
#include <catch2/catch.hpp>
#include <cmath>

#include "model/losses.hpp"
#include "model/model_fixtures.hpp"

using dlogit::data::Dataset;
using dlogit::model::LogisticObjective;

namespace {

struct Pass {
  double nll;
  Eigen::VectorXd gradient;
  Eigen::VectorXd hv;
};

Pass run(LogisticObjective& loss, unsigned seed) {
  const Eigen::VectorXd theta = dlogit::test::random_vector(loss.parameter_count(), seed, 0.3);
  const Eigen::VectorXd v = dlogit::test::random_vector(loss.parameter_count(), seed + 1);
  Pass p{0.0, Eigen::VectorXd(loss.parameter_count()), Eigen::VectorXd(loss.parameter_count())};
  p.nll = loss.loss_and_gradient_sum(theta.data(), p.gradient.data());
  loss.hessian_vector_sum(v.data(), p.hv.data());
  return p;
}

double relative(const Eigen::VectorXd& a, const Eigen::VectorXd& b) { return (a - b).norm() / b.norm(); }

}  // namespace

TEST_CASE("threaded passes are bitwise repeatable and match one thread to 1e-12", "[model][threads]") {
  const Dataset sparse = dlogit::test::random_sparse_shard(2000, 60, 0.1, 21);
  const Dataset dense = dlogit::test::random_dense_shard(1500, 25, 22);
  for (const Dataset* shard : {&sparse, &dense}) {
    LogisticObjective single(*shard, true, 1);
    const Pass reference = run(single, 3);
    for (const int threads : {2, 3, 4, 7}) {
      LogisticObjective team(*shard, true, threads);
      REQUIRE(team.threads() == threads);
      const Pass first = run(team, 3);
      for (int repeat = 0; repeat < 20; ++repeat) {  // timing varies between repeats, the sums must not
        const Pass again = run(team, 3);
        REQUIRE(again.nll == first.nll);
        REQUIRE(again.gradient == first.gradient);
        REQUIRE(again.hv == first.hv);
      }
      LogisticObjective other(*shard, true, threads);  // a fresh team of the same size: the same bits
      const Pass fresh = run(other, 3);
      CHECK(fresh.nll == first.nll);
      CHECK(fresh.gradient == first.gradient);
      CHECK(std::abs(first.nll - reference.nll) <= 1e-12 * std::abs(reference.nll));
      CHECK(relative(first.gradient, reference.gradient) <= 1e-12);
      CHECK(relative(first.hv, reference.hv) <= 1e-12);
    }
  }
}

TEST_CASE("more threads than rows leaves the extra threads idle", "[model][threads]") {
  const Dataset tiny = dlogit::test::random_sparse_shard(3, 5, 0.8, 4);
  LogisticObjective single(tiny, false, 1), team(tiny, false, 8);
  const Pass a = run(single, 1), b = run(team, 1);
  CHECK(b.nll == Approx(a.nll).epsilon(1e-14));
  CHECK(relative(b.gradient, a.gradient) <= 1e-14);
}

TEST_CASE("a requested thread count of 0 resolves to the hardware thread count", "[model][threads]") {
  CHECK(dlogit::model::resolve_thread_count(0) >= 1);
  CHECK(dlogit::model::resolve_thread_count(3) == 3);
}
