// The rank protocol on 1-4 in-process ranks: every rank runs the same request function, rank 0
// included; the answer is the rank-ordered sum of every rank's local pass.
#include "train/rank_protocol.hpp"

#include <catch2/catch.hpp>

#include "common/errors.hpp"
#include "model/losses.hpp"
#include "model/model_fixtures.hpp"
#include "support/thread_ranks.hpp"
#include "train/stop_signal.hpp"

using dlogit::train::RankProtocol;
using dlogit::train::Request;

namespace {

dlogit::data::Dataset shard_of(int rank) { return dlogit::test::random_sparse_shard(30 + 11 * rank, 6, 0.5, 40u + rank); }

}  // namespace

TEST_CASE("a request's answer is every rank's local sum, added in rank order") {
  for (int ranks = 1; ranks <= 4; ++ranks) {
    const Eigen::VectorXd theta = dlogit::test::random_vector(7, 3);
    const Eigen::VectorXd v = dlogit::test::random_vector(7, 4);
    // Expected: each shard's own sums, added in rank order, as the allreduce does.
    Eigen::VectorXd gradient = Eigen::VectorXd::Zero(7), hv = Eigen::VectorXd::Zero(7);
    Eigen::VectorXd diagonal = Eigen::VectorXd::Zero(7), diagonal_at_v = Eigen::VectorXd::Zero(7);
    double loss = 0.0;
    for (int r = 0; r < ranks; ++r) {
      const dlogit::data::Dataset shard = shard_of(r);
      dlogit::model::LogisticObjective local(shard, true);
      Eigen::VectorXd g(7), h(7), d(7), dv(7);
      const double l = local.loss_and_gradient_sum(theta.data(), g.data());
      local.hessian_vector_sum(v.data(), h.data());
      local.hessian_diagonal_sum(d.data());
      local.hessian_diagonal_sum_at(v.data(), dv.data());
      loss = r == 0 ? l : loss + l;
      gradient = r == 0 ? g : (gradient + g).eval();
      hv = r == 0 ? h : (hv + h).eval();
      diagonal = r == 0 ? d : (diagonal + d).eval();
      diagonal_at_v = r == 0 ? dv : (diagonal_at_v + dv).eval();
    }
    std::vector<long> evaluations(static_cast<std::size_t>(ranks));
    Eigen::VectorXd got_gradient, got_hv, got_diagonal, got_diagonal_at_v;
    double got_loss = 0.0, hv_loss = -1.0;
    const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
      const dlogit::data::Dataset shard = shard_of(rank);
      dlogit::model::LogisticObjective local(shard, true);
      dlogit::train::PhaseTimers timers;
      dlogit::train::drive_on_root_serve_elsewhere(comm, local, timers, [&](RankProtocol& protocol) {
        got_gradient = Eigen::Map<const Eigen::VectorXd>(protocol.request(Request::loss_and_gradient, theta), 7);
        got_loss = protocol.loss_sum();
        got_hv = Eigen::Map<const Eigen::VectorXd>(protocol.request(Request::hessian_vector, v), 7);
        hv_loss = protocol.loss_sum();
        got_diagonal = Eigen::Map<const Eigen::VectorXd>(protocol.request(Request::hessian_diagonal, v), 7);
        // At v, not at θ where every rank's curvature is kept: the payload travels for this request.
        got_diagonal_at_v = Eigen::Map<const Eigen::VectorXd>(protocol.request(Request::hessian_diagonal_at, v), 7);
      });
      evaluations[static_cast<std::size_t>(rank)] = static_cast<long>(timers.evaluation_compute.size());
    });
    for (const auto& error : errors) REQUIRE_FALSE(error);
    INFO("ranks " << ranks);
    CHECK(got_loss == loss);
    CHECK(got_gradient == gradient);
    CHECK(got_hv == hv);
    CHECK(got_diagonal == diagonal);
    CHECK(got_diagonal_at_v == diagonal_at_v);
    CHECK(got_diagonal_at_v != got_diagonal);
    CHECK(hv_loss == 0.0);
    CHECK(evaluations == std::vector<long>(static_cast<std::size_t>(ranks), 4L));  // every rank served all four
  }
}

TEST_CASE("a Hessian block request sends its set and sums every rank's packed block, then the protocol goes on") {
  // Sets that grow and shrink (the buffers keep their capacity), then a gradient request.
  const std::vector<std::vector<Eigen::Index>> sets{{1, 4, 6}, {0, 1, 2, 3, 4, 5, 6}, {2}};
  for (int ranks = 1; ranks <= 4; ++ranks) {
    const Eigen::VectorXd theta = dlogit::test::random_vector(7, 5);
    std::vector<std::vector<double>> expected(sets.size());
    Eigen::VectorXd gradient = Eigen::VectorXd::Zero(7);
    for (int r = 0; r < ranks; ++r) {
      const dlogit::data::Dataset shard = shard_of(r);
      dlogit::model::LogisticObjective local(shard, true);
      for (std::size_t s = 0; s < sets.size(); ++s) {
        const auto count = static_cast<Eigen::Index>(sets[s].size());
        std::vector<double> packed(static_cast<std::size_t>(count * (count + 1) / 2));
        local.hessian_block_sum_at(theta.data(), sets[s].data(), count, packed.data());
        if (r == 0) expected[s] = packed;
        else for (std::size_t k = 0; k < packed.size(); ++k) expected[s][k] += packed[k];
      }
      Eigen::VectorXd g(7);
      local.loss_and_gradient_sum(theta.data(), g.data());
      gradient = r == 0 ? g : (gradient + g).eval();
    }
    std::vector<std::vector<double>> got(sets.size());
    Eigen::VectorXd got_gradient;
    std::vector<long> evaluations(static_cast<std::size_t>(ranks));
    const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
      const dlogit::data::Dataset shard = shard_of(rank);
      dlogit::model::LogisticObjective local(shard, true);
      local.keep_curvature(false);
      dlogit::train::PhaseTimers timers;
      dlogit::train::drive_on_root_serve_elsewhere(comm, local, timers, [&](RankProtocol& protocol) {
        REQUIRE(protocol.has_hessian_block());
        for (std::size_t s = 0; s < sets.size(); ++s) {
          const double* packed = protocol.request_hessian_block(theta, sets[s]);
          got[s].assign(packed, packed + expected[s].size());
        }
        got_gradient = Eigen::Map<const Eigen::VectorXd>(protocol.request(Request::loss_and_gradient, theta), 7);
      });
      evaluations[static_cast<std::size_t>(rank)] = static_cast<long>(timers.evaluation_compute.size());
    });
    for (const auto& error : errors) REQUIRE_FALSE(error);
    INFO("ranks " << ranks);
    for (std::size_t s = 0; s < sets.size(); ++s) CHECK(got[s] == expected[s]);
    CHECK(got_gradient == gradient);
    CHECK(evaluations == std::vector<long>(static_cast<std::size_t>(ranks), 4L));
  }
}

TEST_CASE("a linearized gradient request sends its step and sums both points' terms, then the protocol goes on") {
  for (int ranks = 1; ranks <= 4; ++ranks) {
    const Eigen::VectorXd theta = dlogit::test::random_vector(7, 5);
    const Eigen::VectorXd step = dlogit::test::random_vector(7, 6, 0.2);
    Eigen::VectorXd expected_pass, expected_linearized, expected_plain;
    double expected_loss = 0.0;
    for (int r = 0; r < ranks; ++r) {
      const dlogit::data::Dataset shard = shard_of(r);
      dlogit::model::LogisticObjective local(shard, true);
      local.keep_dual_terms(true);
      const Eigen::Index size = local.parameter_count() + local.extra_sum_count();
      Eigen::VectorXd pass(size), linearized(size), plain(size);
      const double loss = local.loss_and_gradient_sum_linearized(theta.data(), step.data(), pass.data(),
                                                                 linearized.data());
      local.loss_and_gradient_sum(theta.data(), plain.data());
      expected_pass = r == 0 ? pass : (expected_pass + pass).eval();
      expected_linearized = r == 0 ? linearized : (expected_linearized + linearized).eval();
      expected_plain = r == 0 ? plain : (expected_plain + plain).eval();
      expected_loss = r == 0 ? loss : expected_loss + loss;
    }
    const Eigen::Index size = expected_pass.size();
    Eigen::VectorXd got_pass, got_linearized, got_plain;
    double got_loss = 0.0;
    const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
      const dlogit::data::Dataset shard = shard_of(rank);
      dlogit::model::LogisticObjective local(shard, true);
      local.keep_dual_terms(true);
      dlogit::train::PhaseTimers timers;
      dlogit::train::drive_on_root_serve_elsewhere(comm, local, timers, [&](RankProtocol& protocol) {
        REQUIRE(protocol.has_linearized_dual());
        got_pass = Eigen::Map<const Eigen::VectorXd>(protocol.request_linearized(theta, step), size);
        got_loss = protocol.loss_sum();
        got_linearized = Eigen::Map<const Eigen::VectorXd>(protocol.linearized_sums(), size);
        got_plain = Eigen::Map<const Eigen::VectorXd>(protocol.request(Request::loss_and_gradient, theta), size);
      });
    });
    for (const auto& error : errors) REQUIRE_FALSE(error);
    INFO("ranks " << ranks);
    CHECK(got_pass == expected_pass);
    CHECK(got_loss == expected_loss);
    CHECK(got_linearized == expected_linearized);
    CHECK(got_plain == expected_plain);
  }
}

TEST_CASE("when rank 0's driver throws, every other rank leaves serve() with an agreed failure") {
  for (int ranks = 1; ranks <= 4; ++ranks) {
    const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
      const dlogit::data::Dataset shard = shard_of(rank);
      dlogit::model::LogisticObjective local(shard, false);
      dlogit::train::PhaseTimers timers;
      dlogit::train::drive_on_root_serve_elsewhere(comm, local, timers, [&](RankProtocol& protocol) {
        protocol.request(Request::loss_and_gradient, Eigen::VectorXd::Zero(6));
        throw dlogit::UserError("cannot write checkpoint");
      });
    });
    REQUIRE(errors[0]);
    CHECK_THROWS_WITH(std::rethrow_exception(errors[0]), "cannot write checkpoint");
    for (int r = 1; r < ranks; ++r) {
      REQUIRE(errors[static_cast<std::size_t>(r)]);
      CHECK_THROWS_AS(std::rethrow_exception(errors[static_cast<std::size_t>(r)]), dlogit::AgreedFailure);
    }
  }
}

TEST_CASE("a stop signal on any rank reaches rank 0 with the next answer") {
  dlogit::train::StopSignal::set_for_testing(true);  // process-wide: every in-process rank sees it
  bool before = true, after = false;
  const auto errors = dlogit::test::run_ranks(3, [&](int rank, dlogit::comm::Communicator& comm) {
    const dlogit::data::Dataset shard = shard_of(rank);
    dlogit::model::LogisticObjective local(shard, true);
    dlogit::train::PhaseTimers timers;
    dlogit::train::drive_on_root_serve_elsewhere(comm, local, timers, [&](RankProtocol& protocol) {
      before = protocol.stop_requested();
      protocol.request(Request::loss_and_gradient, Eigen::VectorXd::Zero(7));
      after = protocol.stop_requested();
    });
  });
  dlogit::train::StopSignal::set_for_testing(false);
  for (const auto& error : errors) REQUIRE_FALSE(error);
  CHECK_FALSE(before);
  CHECK(after);
}

TEST_CASE("the protocol's clock charges every phase it passes through") {
  const dlogit::data::Dataset shard = shard_of(0);
  dlogit::model::LogisticObjective local(shard, true);
  dlogit::comm::SerialCommunicator comm;
  dlogit::train::PhaseTimers timers;
  RankProtocol protocol(comm, local, timers);
  for (int i = 0; i < 50; ++i) protocol.request(Request::loss_and_gradient, Eigen::VectorXd::Zero(7));
  CHECK(timers.compute > 0.0);
  CHECK(timers.broadcast > 0.0);
  CHECK(timers.allreduce > 0.0);
  CHECK(timers.comm == timers.broadcast + timers.allreduce);
  CHECK(protocol.evaluations() == 50);
}
