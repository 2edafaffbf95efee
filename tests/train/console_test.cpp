// IterationLineCadence: which iterations get a line at normal verbosity.
#include <catch2/catch.hpp>
#include <vector>

#include "train/console.hpp"

using dlogit::train::IterationLineCadence;

namespace {

// The iterations 1..count that get a line when iteration i is reached at seconds_per_iteration * i.
std::vector<int> printed(int log_every, int count, double seconds_per_iteration) {
  IterationLineCadence cadence(log_every);
  std::vector<int> lines;
  for (int i = 1; i <= count; ++i)
    if (cadence.wants(i, seconds_per_iteration * i)) lines.push_back(i);
  return lines;
}

}  // namespace

TEST_CASE("by default the first 10 iterations get a line, then at most one a second") {
  // 5000 iterations of 1 ms: 10 lines, then one per 1000 iterations (5 s in all).
  const std::vector<int> lines = printed(0, 5000, 0.001);
  REQUIRE(lines.size() >= 10);
  CHECK(std::vector<int>(lines.begin(), lines.begin() + 10) == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  CHECK(lines.size() <= 10 + 5);
  for (std::size_t k = 11; k < lines.size(); ++k) CHECK(lines[k] - lines[k - 1] >= 999);
}

TEST_CASE("slow iterations all get their line by default") {
  CHECK(printed(0, 30, 2.0).size() == 30);
}

TEST_CASE("with log_every N, iteration 1 and every N-th get a line") {
  CHECK(printed(10, 35, 0.0) == std::vector<int>{1, 10, 20, 30});
  CHECK(printed(1, 4, 0.0) == std::vector<int>{1, 2, 3, 4});
}

TEST_CASE("a nested console shows its summary and normal lines only when the user asked for --verbose") {
  using dlogit::train::Console;
  using dlogit::train::Verbosity;
  const Console normal(true, Verbosity::normal);
  CHECK(normal.shows(Verbosity::normal));
  const Console inner = normal.nested();
  CHECK_FALSE(inner.shows(Verbosity::normal));
  CHECK_FALSE(inner.shows(Verbosity::verbose));  // summary() prints at this level in a nested console
  const Console verbose_inner = Console(true, Verbosity::verbose).nested();
  CHECK(verbose_inner.shows(Verbosity::verbose));
  CHECK(verbose_inner.verbosity() == Verbosity::verbose);
  CHECK(Console(true, Verbosity::quiet).nested().verbosity() == Verbosity::quiet);
}
