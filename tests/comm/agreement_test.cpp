#include "comm/agreement.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <string>

#include "common/errors.hpp"
#include "support/thread_ranks.hpp"

using dlogit::AgreedFailure;
using dlogit::UserError;
using dlogit::comm::Communicator;
using dlogit::comm::FailureVoice;
using dlogit::test::run_ranks;

namespace {

// What each rank ended with: "" (returned), its own message, or "agreed: <elsewhere>".
std::vector<std::string> outcomes(const std::vector<std::exception_ptr>& errors) {
  std::vector<std::string> out;
  for (const auto& error : errors) {
    if (!error) {
      out.emplace_back();
      continue;
    }
    try {
      std::rethrow_exception(error);
    } catch (const AgreedFailure& e) {
      out.push_back(std::string("agreed: ") + e.what());
    } catch (const std::exception& e) {
      out.push_back(e.what());
    }
  }
  return out;
}

}  // namespace

TEST_CASE("on_every_rank returns each rank's result after one collective when nothing fails") {
  for (int ranks = 1; ranks <= 4; ++ranks) {
    std::vector<int> results(static_cast<std::size_t>(ranks), -1);
    std::vector<int> calls;
    const auto errors = run_ranks(
        ranks,
        [&](int rank, Communicator& comm) {
          results[static_cast<std::size_t>(rank)] = dlogit::comm::on_every_rank(comm, "x", [&] { return rank * 10; });
        },
        &calls);
    for (int r = 0; r < ranks; ++r) {
      CHECK(results[static_cast<std::size_t>(r)] == r * 10);
      CHECK(calls[static_cast<std::size_t>(r)] == 1);  // the agreement itself
    }
    CHECK(outcomes(errors) == std::vector<std::string>(static_cast<std::size_t>(ranks)));
  }
}

TEST_CASE("on_every_rank: each failed rank reports its own error, the others an agreed failure") {
  const auto errors = run_ranks(4, [](int rank, Communicator& comm) {
    dlogit::comm::on_every_rank(comm, "failed elsewhere", [&] {
      if (rank == 1) throw UserError("part-1:7: bad label");
      if (rank == 3) throw std::runtime_error("part-3:2: bad index");
    });
    // A rank that got here would wait in this collective forever if another had skipped it.
    comm.allreduce_sum(1.0);
  });
  CHECK(outcomes(errors) ==
        std::vector<std::string>{"agreed: failed elsewhere", "part-1:7: bad label", "agreed: failed elsewhere",
                                 "part-3:2: bad index"});
}

TEST_CASE("on_every_rank with root_if_failed: when rank 0 failed, only it reports") {
  SECTION("rank 0 and another failed") {
    const auto errors = run_ranks(3, [](int rank, Communicator& comm) {
      dlogit::comm::on_every_rank(
          comm, "cannot read m.bin on another rank",
          [&]() -> int { throw UserError("m.bin: no such file (rank " + std::to_string(rank) + ")"); },
          FailureVoice::root_if_failed);
    });
    CHECK(outcomes(errors) == std::vector<std::string>{"m.bin: no such file (rank 0)",
                                                       "agreed: cannot read m.bin on another rank",
                                                       "agreed: cannot read m.bin on another rank"});
  }
  SECTION("rank 0 did not fail: the failed ranks report") {
    const auto errors = run_ranks(3, [](int rank, Communicator& comm) {
      dlogit::comm::on_every_rank(
          comm, "elsewhere", [&] { if (rank == 2) throw UserError("rank 2's file"); },
          FailureVoice::root_if_failed);
    });
    CHECK(outcomes(errors) == std::vector<std::string>{"agreed: elsewhere", "agreed: elsewhere", "rank 2's file"});
  }
}

TEST_CASE("on_root runs the work on rank 0 only and shares its outcome") {
  for (int ranks = 1; ranks <= 4; ++ranks) {
    std::atomic<int> runs{0};
    const auto ok = run_ranks(ranks, [&](int, Communicator& comm) { dlogit::comm::on_root(comm, "x", [&] { ++runs; }); });
    CHECK(runs == 1);
    CHECK(outcomes(ok) == std::vector<std::string>(static_cast<std::size_t>(ranks)));

    const auto failed = run_ranks(ranks, [&](int, Communicator& comm) {
      dlogit::comm::on_root(comm, "rank 0 failed", [&] { throw UserError("output.dir 'o' is not writable"); });
      comm.allreduce_sum(1.0);  // never reached by any rank
    });
    std::vector<std::string> expected(static_cast<std::size_t>(ranks), "agreed: rank 0 failed");
    expected[0] = "output.dir 'o' is not writable";
    CHECK(outcomes(failed) == expected);
  }
}
