#pragma once
#include <cstdint>

namespace dlogit::data {

// Half-open byte range [begin, end).
struct ByteRange {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  bool empty() const { return begin >= end; }
  std::uint64_t size() const { return empty() ? 0 : end - begin; }
};

// Rank `rank` of `ranks` owns [rank*total/ranks, (rank+1)*total/ranks): every byte belongs to exactly
// one rank and the ranges are ordered by rank, so rank order is file order.
ByteRange shard_range(std::uint64_t total, int rank, int ranks);

// The part of `range` (offsets into the concatenated input) that falls inside the file placed at
// [file_offset, file_offset + file_size), as offsets into that file; empty if they do not overlap.
ByteRange clip_to_file(ByteRange range, std::uint64_t file_offset, std::uint64_t file_size);

}  // namespace dlogit::data
