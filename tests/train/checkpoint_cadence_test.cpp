#include "train/checkpoint_cadence.hpp"

#include <catch2/catch.hpp>
#include <vector>

using dlogit::train::CheckpointCadence;

namespace {

// Runs `iterations` iterations of `iteration_seconds` each on a fake clock, writing whenever the cadence
// says so, each write taking `write_seconds`; returns the iterations written.
std::vector<int> written(CheckpointCadence cadence, int iterations, double iteration_seconds, double write_seconds,
                         double* total_write = nullptr, double* total = nullptr) {
  std::vector<int> out;
  double now = 0.0, writing = 0.0;
  for (int iteration = 1; iteration <= iterations; ++iteration) {
    now += iteration_seconds;
    if (!cadence.due(iteration, now)) continue;
    cadence.wrote(iteration, now, now + write_seconds);
    now += write_seconds;
    writing += write_seconds;
    out.push_back(iteration);
  }
  if (total_write) *total_write = writing;
  if (total) *total = now;
  return out;
}

}  // namespace

TEST_CASE("checkpoint.every alone: a checkpoint at each multiple when writes are quick") {
  CHECK(written(CheckpointCadence(10, 0.0, 0, 0.0), 35, 1.0, 0.01) == std::vector<int>{10, 20, 30});
  CHECK(written(CheckpointCadence(1, 0.0, 0, 0.0), 3, 1.0, 0.0) == std::vector<int>{1, 2, 3});
  CHECK(written(CheckpointCadence(0, 0.0, 0, 0.0), 50, 1.0, 0.0).empty());
  // A resumed run keeps the multiples of the run it continues.
  CHECK(written(CheckpointCadence(10, 0.0, 15, 0.0), 35, 1.0, 0.01) == std::vector<int>{20, 30});
}

TEST_CASE("checkpoint.seconds: a checkpoint once that many seconds passed since the last one ended") {
  // Iterations of 2 s, writes of 0.5 s: due at t >= 7 after the start, then 7 s after each write's end.
  CHECK(written(CheckpointCadence(0, 7.0, 0, 0.0), 12, 2.0, 0.5) == std::vector<int>{4, 8, 12});
  // With checkpoint.every too, whichever comes first.
  CHECK(written(CheckpointCadence(3, 100.0, 0, 0.0), 7, 2.0, 0.5) == std::vector<int>{3, 6});
  CHECK(written(CheckpointCadence(100, 3.0, 0, 0.0), 4, 2.0, 0.0) == std::vector<int>{2, 4});
}

TEST_CASE("a due checkpoint waits ten write durations after the last write, so writes stay under a tenth of the run") {
  // Iterations of 1 s and writes of 8 s (2^24 features on a slow disk): every = 10 would spend 44 % of the
  // run writing; the first write is at 10, the next not before 80 s after it ended.
  double writing = 0.0, total = 0.0;
  const std::vector<int> at = written(CheckpointCadence(10, 0.0, 0, 0.0), 300, 1.0, 8.0, &writing, &total);
  REQUIRE(at.size() >= 3);
  CHECK(at[0] == 10);
  CHECK(at[1] == 90);  // 10 + 80: the first multiple reached (at 20) waited for the spacing
  CHECK(at[2] == 170);
  for (std::size_t k = 1; k < at.size(); ++k) CHECK(at[k] - at[k - 1] >= 80);
  CHECK(writing <= 0.1 * total + 8.0);  // a tenth of the run, plus the first write
  // The same with a time cadence of 1 s: the spacing, not the cadence, decides.
  const std::vector<int> timed = written(CheckpointCadence(0, 1.0, 0, 0.0), 200, 1.0, 8.0);
  REQUIRE(timed.size() >= 2);
  CHECK(timed[0] == 1);
  CHECK(timed[1] == 81);
}

TEST_CASE("writes under a second are not spaced: checkpoint.every is exact for small models") {
  CHECK(written(CheckpointCadence(2, 0.0, 0, 0.0), 7, 0.001, 0.99) == std::vector<int>{2, 4, 6});
  CHECK(written(CheckpointCadence(2, 0.0, 0, 0.0), 7, 0.001, 1.0) == std::vector<int>{2});
}

TEST_CASE("a waiting checkpoint is written at the first iteration after the spacing, not at the next multiple") {
  CheckpointCadence cadence(10, 0.0, 0, 0.0);
  REQUIRE(cadence.due(10, 10.0));
  cadence.wrote(10, 10.0, 12.0);  // 2 s: nothing before t = 32
  CHECK_FALSE(cadence.due(20, 31.9));
  CHECK_FALSE(cadence.due(21, 31.99));
  CHECK(cadence.due(22, 32.0));
  CHECK_FALSE(cadence.due(10, 100.0));  // an iteration already written is not written again
}

TEST_CASE("the first write of a large model is spaced from the start by its size at the assumed speed") {
  // 2 GB: an estimated 8 s at 250 MB/s, so nothing before t = 80 s; iterations of 1 s, writes of 8 s.
  const double bytes = 8.0 * CheckpointCadence::kAssumedBytesPerSecond;
  double writing = 0.0, total = 0.0;
  const std::vector<int> at = written(CheckpointCadence(10, 0.0, 0, 0.0, bytes), 300, 1.0, 8.0, &writing, &total);
  REQUIRE(at.size() >= 2);
  CHECK(at[0] == 80);
  CHECK(at[1] == 160);
  CHECK(writing <= 0.1 * total);  // now without the allowance for an unspaced first write
  // A model whose estimated write takes under a second keeps checkpoint.every exactly.
  CHECK(written(CheckpointCadence(2, 0.0, 0, 0.0, 0.9 * CheckpointCadence::kAssumedBytesPerSecond), 7, 0.001,
                0.01) == std::vector<int>{2, 4, 6});
  // A resumed run counts from where it resumed.
  CheckpointCadence resumed(10, 0.0, 40, 100.0, bytes);
  CHECK_FALSE(resumed.due(50, 179.9));
  CHECK(resumed.due(50, 180.0));
}
