#include "comm/text_gather.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/thread_ranks.hpp"

TEST_CASE("gather_text brings every rank's text to the root in rank order, empty and odd bytes included") {
  for (const int ranks : {1, 2, 3}) {
    std::vector<std::vector<std::string>> received(static_cast<std::size_t>(ranks));
    const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
      // Rank 1 sends nothing; the others a host-like name with a byte above 127.
      const std::string text = rank == 1 ? "" : "node-" + std::to_string(rank) + "\xc3\xa9";
      received[static_cast<std::size_t>(rank)] = dlogit::comm::gather_text(comm, text, 0);
    });
    for (const auto& error : errors) REQUIRE(error == nullptr);
    INFO(ranks << " ranks");
    REQUIRE(received[0].size() == static_cast<std::size_t>(ranks));
    CHECK(received[0][0] == "node-0\xc3\xa9");
    if (ranks > 1) CHECK(received[0][1].empty());
    if (ranks > 2) CHECK(received[0][2] == "node-2\xc3\xa9");
    for (int rank = 1; rank < ranks; ++rank) CHECK(received[static_cast<std::size_t>(rank)].empty());
  }
}

TEST_CASE("gather_text on a serial communicator is the text itself") {
  dlogit::comm::SerialCommunicator comm;
  CHECK(dlogit::comm::gather_text(comm, "vm") == std::vector<std::string>{"vm"});
}
