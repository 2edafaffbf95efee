// The duality-gap certificate (model/duality_gap.hpp) as the optimizers see it through the distributed
// objective: an upper bound on the true relative gap at every iterate, for every penalty, with and without
// an intercept and row weights, on badly scaled data; tight enough at the optimum to stop on; the same on
// 1-3 ranks.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "comm/communicator.hpp"
#include "model/duality_gap.hpp"
#include "model/losses.hpp"
#include "model/penalty.hpp"
#include "optim/optimizer.hpp"
#include "support/thread_ranks.hpp"
#include "train/distributed_objective.hpp"
#include "train/rank_protocol.hpp"

using dlogit::model::Penalty;

namespace {

// Rows from a logistic model with an offset (about 15% positive, the intercept far from 0), one column
// scaled by 1000 and one shifted by 3: what unscaled user data looks like.
struct Rows {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  Eigen::VectorXd weights;
};

Rows badly_scaled_rows(int rows, int features, unsigned seed) {
  std::mt19937 engine(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Rows out{Eigen::MatrixXd(rows, features), Eigen::VectorXd(rows), Eigen::VectorXd(rows)};
  for (int i = 0; i < rows; ++i) {
    double margin = -2.0;
    for (int j = 0; j < features; ++j) {
      const double value = normal(engine);
      margin += (j % 3 == 0 ? 0.8 : -0.4) * value;
      out.x(i, j) = value;
    }
    out.x(i, 0) *= 1000.0;
    out.x(i, 1) += 3.0;
    out.y[i] = uniform(engine) < 1.0 / (1.0 + std::exp(-margin)) ? 1.0 : 0.0;
    out.weights[i] = 1.0 + static_cast<double>(i % 3);
  }
  return out;
}

struct Case {
  Penalty::Kind kind;
  double lambda;
  double l1_ratio;
  bool intercept;
  bool weighted;
};

std::string describe(const Case& c) {
  const char* names[] = {"none", "l2", "l1", "elasticnet"};
  return std::string(names[static_cast<int>(c.kind)]) + " lambda=" + std::to_string(c.lambda) +
         (c.intercept ? " intercept" : " no intercept") + (c.weighted ? " weighted" : "");
}

// One rank's objective stack with the certificate on.
struct Stack {
  dlogit::data::Dataset shard;
  dlogit::model::LogisticObjective local;
  dlogit::train::PhaseTimers timers;
  Stack(const Rows& rows, const Case& c)
      : shard(dlogit::data::Dataset::DenseRows(rows.x), rows.y), local(prepare(shard, rows, c), c.intercept) {
    local.keep_dual_terms(true);
  }
  static const dlogit::data::Dataset& prepare(dlogit::data::Dataset& shard, const Rows& rows, const Case& c) {
    if (c.weighted) shard.set_row_weights(rows.weights);
    return shard;
  }
};

struct Run {
  std::vector<double> objective;
  std::vector<double> gap;
  dlogit::optim::OptimizerResult result;
};

// `method`: empty for the one each penalty had before pqn (newton for l2, owlqn otherwise).
Run optimize(const Rows& rows, const Case& c, const dlogit::optim::OptimizerOptions& options,
             const std::string& method = "") {
  Stack stack(rows, c);
  dlogit::comm::SerialCommunicator comm;
  dlogit::train::RankProtocol protocol(comm, stack.local, stack.timers);
  const double m = static_cast<double>(rows.y.size());
  const Penalty penalty(c.kind, c.lambda, c.l1_ratio, m);
  const Eigen::Index n = rows.x.cols();
  const dlogit::model::DualityGap gap(penalty.l1_strength(), penalty.l2_strength(), c.intercept, n, m);
  const bool newton = c.kind == Penalty::Kind::l2;
  dlogit::train::DistributedObjective objective(protocol, penalty, m, newton, &gap);
  const dlogit::optim::L1Term l1{penalty.l1_weights(n, objective.dimension())};
  auto optimizer = dlogit::optim::make_optimizer(!method.empty() ? method : newton ? "newton" : "owlqn", options);
  Run run;
  run.result = optimizer->minimize(objective, l1, Eigen::VectorXd::Zero(objective.dimension()),
                                   [&](const dlogit::optim::IterationReport& report) {
                                     run.objective.push_back(report.objective);
                                     run.gap.push_back(report.gap_bound);
                                     return true;
                                   });
  return run;
}

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {Penalty::Kind::l2, 1.0, 0.0, true, false},       {Penalty::Kind::l2, 0.01, 0.0, true, true},
      {Penalty::Kind::l2, 1.0, 0.0, false, true},       {Penalty::Kind::l1, 2.0, 0.0, true, false},
      {Penalty::Kind::l1, 2.0, 0.0, false, true},       {Penalty::Kind::l1, 0.5, 0.0, true, true},
      {Penalty::Kind::elasticnet, 2.0, 0.5, true, true}, {Penalty::Kind::elasticnet, 1.0, 0.3, false, false},
  };
  return all;
}

// A long run to the optimum (tol 0, 4000 iterations) and the lowest objective it saw (≥ J*).
struct Reference {
  Run run;
  double best = 0.0;
};
Reference reference_run(const Rows& rows, const Case& c) {
  dlogit::optim::OptimizerOptions options;
  options.tol = 0.0;
  options.max_iter = 4000;
  Reference reference{optimize(rows, c, options), 0.0};
  reference.best = *std::min_element(reference.run.objective.begin(), reference.run.objective.end());
  return reference;
}

}  // namespace

TEST_CASE("the certificate bounds the true gap at every iterate and vanishes at the optimum") {
  const Rows rows = badly_scaled_rows(240, 6, 7);
  for (const Case& c : cases()) {
    INFO(describe(c));
    const auto [reference, best] = reference_run(rows, c);
    // Every iterate: finite, and at least the gap to the best objective seen (≥ J*).
    double smallest = 1.0;
    for (std::size_t k = 0; k < reference.objective.size(); ++k) {
      INFO("iteration " << k << " objective " << reference.objective[k] << " gap bound " << reference.gap[k]);
      REQUIRE(std::isfinite(reference.gap[k]));
      CHECK(reference.gap[k] >= (reference.objective[k] - best) / reference.objective[k] - 1e-13);
      smallest = std::min(smallest, reference.gap[k]);
    }
    // At the optimum the dual point is the optimum's: the bound falls to rounding.
    CHECK(smallest <= 1e-10);
  }
}

// pqn certifies its iterates from the dual point its exact model's step leaves as well
// (Objective::linearize_dual_from): still an upper bound at every iterate, and about as tight as the true
// gap once the steps are Newton steps, where the residual point alone is first order in the gradient.
TEST_CASE("pqn's certificate bounds the true gap at every iterate and is tight near the optimum") {
  const Rows rows = badly_scaled_rows(240, 6, 7);
  for (const Case& c : cases()) {
    if (c.kind == Penalty::Kind::l2) continue;
    INFO(describe(c));
    const double best = reference_run(rows, c).best;
    dlogit::optim::OptimizerOptions options;
    options.tol = 0.0;
    options.gap_tol = 0.0;
    options.max_iter = 60;
    const Run run = optimize(rows, c, options, "pqn");
    bool tight = false;
    for (std::size_t k = 0; k < run.objective.size(); ++k) {
      const double true_gap = (run.objective[k] - best) / run.objective[k];
      INFO("iteration " << k << " objective " << run.objective[k] << " gap bound " << run.gap[k] << " true gap "
                        << true_gap);
      REQUIRE(std::isfinite(run.gap[k]));
      CHECK(run.gap[k] >= true_gap - 1e-13);
      // Where the true gap is in (1e-12, 1e-5], the bound is within 10 times it.
      if (true_gap > 1e-12 && true_gap <= 1e-5 && run.gap[k] <= 10.0 * true_gap) tight = true;
    }
    CHECK(tight);
  }
}

TEST_CASE("a certificate linearized from any anchor is still an upper bound") {
  const Rows rows = badly_scaled_rows(200, 5, 13);
  for (const Case& c : cases()) {
    if (c.kind == Penalty::Kind::l2) continue;
    INFO(describe(c));
    const double best = reference_run(rows, c).best;
    Stack stack(rows, c);
    dlogit::comm::SerialCommunicator comm;
    dlogit::train::RankProtocol protocol(comm, stack.local, stack.timers);
    const double m = static_cast<double>(rows.y.size());
    const Penalty penalty(c.kind, c.lambda, c.l1_ratio, m);
    const dlogit::model::DualityGap gap(penalty.l1_strength(), penalty.l2_strength(), c.intercept, 5, m);
    dlogit::train::DistributedObjective objective(protocol, penalty, m, false, &gap);
    const Eigen::Index p = objective.dimension();
    std::mt19937 engine(3);
    std::normal_distribution<double> normal(0.0, 1.0);
    for (int trial = 0; trial < 40; ++trial) {
      Eigen::VectorXd theta(p), anchor(p);
      const double scale = trial % 4 == 0 ? 5.0 : 0.3;
      for (Eigen::Index j = 0; j < p; ++j) {
        theta[j] = scale * normal(engine);
        anchor[j] = theta[j] + (trial % 2 == 0 ? 0.05 : 2.0) * normal(engine);
      }
      theta[0] *= 1e-3;  // the column scaled by 1000
      anchor[0] *= 1e-3;
      Eigen::VectorXd g;
      objective.linearize_dual_from(&anchor);
      const double value = objective.value_and_gradient(theta, g) +
                           penalty.l1_strength() * theta.head(5).cwiseAbs().sum();
      objective.linearize_dual_from(nullptr);
      const double bound = objective.relative_gap_bound(theta, g, value);
      INFO("trial " << trial << " bound " << bound);
      REQUIRE(std::isfinite(bound));
      CHECK(bound >= (value - best) / value - 1e-13);
    }
  }
}

TEST_CASE("a run stops on gap_tol, and its true gap is below it") {
  const Rows rows = badly_scaled_rows(240, 6, 11);
  for (const Case& c : cases()) {
    INFO(describe(c));
    const double best = reference_run(rows, c).best;

    dlogit::optim::OptimizerOptions options;
    options.gap_tol = 1e-6;
    options.tol = 1e-12;
    options.max_iter = 4000;
    for (const std::string method : {"", "pqn"}) {
      if (method == "pqn" && c.kind == Penalty::Kind::l2) continue;
      INFO("method " << (method.empty() ? "default" : method));
      const Run run = optimize(rows, c, options, method);
      CHECK(run.result.stop_reason == "gap");
      CHECK(run.result.converged);
      CHECK(run.result.gap_bound <= 1e-6);
      CHECK(run.result.gap_bound == run.gap.back());
      CHECK((run.result.objective - best) / run.result.objective <= 1e-6);
      // It stopped at the first iterate that met the rule.
      for (std::size_t k = 0; k + 1 < run.gap.size(); ++k) CHECK(run.gap[k] > 1e-6);
    }
  }
}

TEST_CASE("the certificate at a point is the same on 1, 2 and 3 ranks") {
  const Rows rows = badly_scaled_rows(300, 5, 3);
  const Eigen::VectorXd theta = (Eigen::VectorXd(6) << 1e-4, -0.3, 0.2, 0.1, -0.05, -1.5).finished();
  for (const Case& c : cases()) {
    if (!c.intercept) continue;
    INFO(describe(c));
    std::vector<double> bounds;
    for (int ranks = 1; ranks <= 3; ++ranks) {
      double bound = -1.0;
      const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
        // Rank r holds rows r, r + ranks, r + 2 ranks, ...
        std::vector<int> mine;
        for (int i = rank; i < rows.x.rows(); i += ranks) mine.push_back(i);
        Rows part{Eigen::MatrixXd(static_cast<Eigen::Index>(mine.size()), rows.x.cols()),
                  Eigen::VectorXd(static_cast<Eigen::Index>(mine.size())),
                  Eigen::VectorXd(static_cast<Eigen::Index>(mine.size()))};
        for (std::size_t k = 0; k < mine.size(); ++k) {
          const auto r = static_cast<Eigen::Index>(k);
          part.x.row(r) = rows.x.row(mine[k]);
          part.y[r] = rows.y[mine[k]];
          part.weights[r] = rows.weights[mine[k]];
        }
        Stack stack(part, c);
        const double m = static_cast<double>(rows.y.size());
        const Penalty penalty(c.kind, c.lambda, c.l1_ratio, m);
        const dlogit::model::DualityGap gap(penalty.l1_strength(), penalty.l2_strength(), true, 5, m);
        dlogit::train::drive_on_root_serve_elsewhere(comm, stack.local, stack.timers,
                                                     [&](dlogit::train::RankProtocol& protocol) {
                                                       dlogit::train::DistributedObjective objective(
                                                           protocol, penalty, m, false, &gap);
                                                       Eigen::VectorXd g;
                                                       const double value = objective.value_and_gradient(theta, g);
                                                       const double l1_term = penalty.l1_strength() *
                                                                              theta.head(5).cwiseAbs().sum();
                                                       bound = objective.relative_gap_bound(theta, g, value + l1_term);
                                                     });
      });
      for (const auto& error : errors) REQUIRE_FALSE(error);
      bounds.push_back(bound);
    }
    REQUIRE(std::isfinite(bounds[0]));
    CHECK(bounds[0] > 0.0);
    CHECK(bounds[1] == Approx(bounds[0]).epsilon(1e-10));
    CHECK(bounds[2] == Approx(bounds[0]).epsilon(1e-10));
  }
}

TEST_CASE("a certificate is given for the last evaluated point only") {
  const Rows rows = badly_scaled_rows(100, 4, 5);
  const Case c{Penalty::Kind::l2, 1.0, 0.0, true, false};
  Stack stack(rows, c);
  dlogit::comm::SerialCommunicator comm;
  dlogit::train::RankProtocol protocol(comm, stack.local, stack.timers);
  const Penalty penalty(c.kind, c.lambda, 0.0, 100.0);
  const dlogit::model::DualityGap gap(0.0, penalty.l2_strength(), true, 4, 100.0);
  dlogit::train::DistributedObjective objective(protocol, penalty, 100.0, true, &gap);
  const Eigen::VectorXd a = Eigen::VectorXd::Zero(5);
  const Eigen::VectorXd b = Eigen::VectorXd::Constant(5, 0.01);
  Eigen::VectorXd ga, gb;
  const double fa = objective.value_and_gradient(a, ga);
  CHECK(std::isfinite(objective.relative_gap_bound(a, ga, fa)));
  const double fb = objective.value_and_gradient(b, gb);
  CHECK(std::isnan(objective.relative_gap_bound(a, ga, fa)));  // b's sums are held now
  Eigen::VectorXd hv;
  objective.hessian_vector(b, b, hv);
  CHECK(std::isfinite(objective.relative_gap_bound(b, gb, fb)));  // kept across a curvature pass
  // Without a penalty there is none.
  const dlogit::model::DualityGap none(0.0, 0.0, true, 4, 100.0);
  CHECK_FALSE(none.available());
}
