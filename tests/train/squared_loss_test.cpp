// The loss seam: a test-only squared loss, trained through the full rank protocol on 1-3 in-process
// ranks, reaches the closed-form ridge solution.
#include <catch2/catch.hpp>

#include <random>

#include "model/penalty.hpp"
#include "model/row_pass_objective_impl.hpp"
#include "optim/optimizer.hpp"
#include "support/thread_ranks.hpp"
#include "train/distributed_objective.hpp"
#include "train/rank_protocol.hpp"
#include "train/squared_loss.hpp"

using dlogit::model::Penalty;

namespace {

struct Rows {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
};

Rows random_rows(int rows, int features, unsigned seed) {
  std::mt19937 engine(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  Rows out{Eigen::MatrixXd(rows, features), Eigen::VectorXd(rows)};
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < features; ++j) out.x(i, j) = normal(engine);
    out.y[i] = 0.5 + out.x(i, 0) - 2.0 * out.x(i, features - 1) + 0.3 * normal(engine);
  }
  return out;
}

// argmin (1/m) Σ ½(x̃θ − y)² + (λ/2m)‖w‖²:  (X̃ᵀX̃ + λ diag(1..1, 0)) θ = X̃ᵀy.
Eigen::VectorXd ridge(const std::vector<Rows>& shards, double lambda, bool intercept) {
  const Eigen::Index features = shards[0].x.cols();
  const Eigen::Index p = features + (intercept ? 1 : 0);
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(p, p);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(p);
  for (const Rows& shard : shards) {
    Eigen::MatrixXd x(shard.x.rows(), p);
    x.leftCols(features) = shard.x;
    if (intercept) x.col(features).setOnes();
    a += x.transpose() * x;
    b += x.transpose() * shard.y;
  }
  for (Eigen::Index j = 0; j < features; ++j) a(j, j) += lambda;
  return a.ldlt().solve(b);
}

}  // namespace

TEST_CASE("a squared loss trained through the rank protocol reaches the closed-form ridge solution") {
  const double lambda = 3.0;
  for (const bool intercept : {true, false}) {
    for (int ranks = 1; ranks <= 3; ++ranks) {
      std::vector<Rows> rows;
      double global_rows = 0.0;
      for (int r = 0; r < ranks; ++r) {
        rows.push_back(random_rows(40 + 9 * r, 5, 100u + static_cast<unsigned>(r)));
        global_rows += static_cast<double>(rows.back().x.rows());
      }
      Eigen::VectorXd trained;
      const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
        const Rows& mine = rows[static_cast<std::size_t>(rank)];
        const dlogit::data::Dataset shard{dlogit::data::Dataset::DenseRows(mine.x), mine.y};
        dlogit::model::RowPassObjective<dlogit::test::SquaredLoss> local(shard, intercept, rank == 1 ? 2 : 1);
        dlogit::train::PhaseTimers timers;
        dlogit::train::drive_on_root_serve_elsewhere(comm, local, timers, [&](dlogit::train::RankProtocol& protocol) {
          dlogit::train::DistributedObjective objective(protocol, Penalty(Penalty::Kind::l2, lambda, 0.0, global_rows),
                                                        global_rows);
          dlogit::optim::OptimizerOptions options;
          options.tol = 1e-12;
          options.max_iter = 50;
          const auto newton = dlogit::optim::make_optimizer("newton", options);
          trained = newton->minimize(objective, {}, Eigen::VectorXd::Zero(objective.dimension()),
                                     [](const dlogit::optim::IterationReport&) { return true; })
                        .x;
        });
      });
      for (const auto& error : errors) REQUIRE_FALSE(error);
      const Eigen::VectorXd expected = ridge(rows, lambda, intercept);
      INFO("ranks " << ranks << ", intercept " << intercept);
      REQUIRE(trained.size() == expected.size());
      CHECK((trained - expected).norm() <= 1e-9 * expected.norm());
    }
  }
}

namespace {

// A loss with extra per-row sums (what a duality-gap certificate needs from the residuals): Σ s_i y_i
// and Σ s_i ℓ'_i², added up in the gradient pass beside the gradient.
struct SquaredLossWithSums : dlogit::test::SquaredLoss {
  static constexpr int extra_sums = 2;
  static void block_extra_sums(const dlogit::model::RowBlock& z, const double* y, const double* /*loss*/,
                               const double* slope, const double* row_weight, double* sums) {
    for (Eigen::Index k = 0; k < z.size(); ++k) {
      const double s = row_weight != nullptr ? row_weight[k] : 1.0;
      sums[0] += s * y[k];
      sums[1] += s * slope[k] * slope[k];
    }
  }
};

}  // namespace

TEST_CASE("a loss's extra per-row sums ride in the gradient pass and the protocol's allreduce, when kept") {
  for (int ranks = 1; ranks <= 3; ++ranks) {
    std::vector<Rows> rows;
    for (int r = 0; r < ranks; ++r) rows.push_back(random_rows(300 + 17 * r, 4, 200u + static_cast<unsigned>(r)));
    const Eigen::VectorXd theta = (Eigen::VectorXd(5) << 0.1, -0.2, 0.3, 0.05, 0.4).finished();
    double expected[2] = {0.0, 0.0};
    for (const Rows& shard : rows) {
      for (Eigen::Index i = 0; i < shard.x.rows(); ++i) {
        const double weight = 1.0 + static_cast<double>(i % 3);
        const double residual = shard.x.row(i).dot(theta.head(4)) + theta[4] - shard.y[i];
        expected[0] += weight * shard.y[i];
        expected[1] += weight * residual * residual;
      }
    }
    double got[2] = {0.0, 0.0};
    double hv_loss = -1.0;
    double off_count = -1.0;
    const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
      const Rows& mine = rows[static_cast<std::size_t>(rank)];
      dlogit::data::Dataset shard{dlogit::data::Dataset::DenseRows(mine.x), mine.y};
      Eigen::VectorXd weights(mine.x.rows());
      for (Eigen::Index i = 0; i < weights.size(); ++i) weights[i] = 1.0 + static_cast<double>(i % 3);
      dlogit::model::RowPassObjective<SquaredLossWithSums> local(shard, true, rank + 1, &weights);
      off_count = static_cast<double>(local.extra_sum_count());  // off by default
      local.keep_dual_terms(true);
      dlogit::train::PhaseTimers timers;
      dlogit::train::drive_on_root_serve_elsewhere(comm, local, timers, [&](dlogit::train::RankProtocol& protocol) {
        protocol.request(dlogit::train::Request::loss_and_gradient, theta);
        std::copy(protocol.extra_sums(), protocol.extra_sums() + 2, got);
        protocol.request(dlogit::train::Request::hessian_vector, theta);
        hv_loss = protocol.loss_sum();
      });
    });
    for (const auto& error : errors) REQUIRE_FALSE(error);
    INFO("ranks " << ranks);
    CHECK(got[0] == Approx(expected[0]).epsilon(1e-12));
    CHECK(got[1] == Approx(expected[1]).epsilon(1e-12));
    CHECK(hv_loss == 0.0);
    CHECK(off_count == 0.0);
  }
}
