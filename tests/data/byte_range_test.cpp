#include "data/byte_range.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

using dlogit::data::ByteRange;
using dlogit::data::clip_to_file;
using dlogit::data::shard_range;

TEST_CASE("shard ranges tile the input in rank order for 1 to 8 ranks", "[data][byte_range]") {
  for (std::uint64_t total : {0ull, 1ull, 2ull, 7ull, 8ull, 9ull, 100ull, 2329875ull}) {
    for (int ranks = 1; ranks <= 8; ++ranks) {
      std::uint64_t expected_begin = 0;
      for (int rank = 0; rank < ranks; ++rank) {
        const ByteRange range = shard_range(total, rank, ranks);
        CHECK(range.begin == expected_begin);
        CHECK(range.end >= range.begin);
        // Sizes differ by at most one byte.
        CHECK(range.size() <= total / static_cast<std::uint64_t>(ranks) + 1);
        CHECK(range.size() >= total / static_cast<std::uint64_t>(ranks));
        expected_begin = range.end;
      }
      CHECK(expected_begin == total);
    }
  }
}

TEST_CASE("shard ranges are floor(r*S/P)", "[data][byte_range]") {
  CHECK(shard_range(10, 0, 3).begin == 0);
  CHECK(shard_range(10, 0, 3).end == 3);
  CHECK(shard_range(10, 1, 3).end == 6);
  CHECK(shard_range(10, 2, 3).end == 10);
  CHECK(shard_range(3, 0, 8).empty());
}

TEST_CASE("shard ranges do not overflow near 2^64", "[data][byte_range]") {
  const std::uint64_t total = std::numeric_limits<std::uint64_t>::max() - 5;
  CHECK(shard_range(total, 6, 7).end == total);
  CHECK(shard_range(total, 3, 7).begin == total / 7 * 3 + (total % 7) * 3 / 7);
}

TEST_CASE("shard_range rejects a rank outside the group", "[data][byte_range]") {
  CHECK_THROWS(shard_range(10, 3, 3));
  CHECK_THROWS(shard_range(10, -1, 3));
  CHECK_THROWS(shard_range(10, 0, 0));
}

TEST_CASE("clip_to_file gives file-local offsets of the overlap", "[data][byte_range]") {
  // File at [100, 150).
  CHECK(clip_to_file({0, 100}, 100, 50).empty());
  CHECK(clip_to_file({150, 200}, 100, 50).empty());
  const ByteRange inside = clip_to_file({110, 120}, 100, 50);
  CHECK(inside.begin == 10);
  CHECK(inside.end == 20);
  const ByteRange across = clip_to_file({90, 300}, 100, 50);
  CHECK(across.begin == 0);
  CHECK(across.end == 50);
  CHECK(clip_to_file({0, 300}, 100, 0).empty());
}
