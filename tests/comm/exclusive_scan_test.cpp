// The exclusive prefix sum that tells each rank where its rows start among all rows of a kind (fold
// assignment): the default implementation, through allgather, on in-process ranks.
#include <catch2/catch.hpp>
#include <vector>

#include "support/thread_ranks.hpp"

TEST_CASE("exclusive_scan_sum gives each rank the sums of the ranks below it") {
  for (int ranks = 1; ranks <= 4; ++ranks) {
    std::vector<std::vector<double>> results(static_cast<std::size_t>(ranks));
    const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
      // Rank r holds (r+1, 10*r, 0): distinct per rank, and a zero column.
      std::vector<double> values{static_cast<double>(rank + 1), 10.0 * rank, 0.0};
      comm.exclusive_scan_sum(values);
      results[static_cast<std::size_t>(rank)] = values;
    });
    for (const auto& error : errors) CHECK_FALSE(error);
    INFO("ranks " << ranks);
    for (int r = 0; r < ranks; ++r) {
      double first = 0.0, second = 0.0;
      for (int below = 0; below < r; ++below) {
        first += below + 1;
        second += 10.0 * below;
      }
      CHECK(results[static_cast<std::size_t>(r)] == std::vector<double>{first, second, 0.0});
    }
  }
}
