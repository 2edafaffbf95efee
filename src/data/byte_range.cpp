#include "data/byte_range.hpp"

#include <algorithm>
#include <stdexcept>

namespace dlogit::data {
namespace {

// floor(k * total / ranks) without the overflow of k * total (total may be close to 2^64).
std::uint64_t split_point(std::uint64_t total, std::uint64_t k, std::uint64_t ranks) {
  return (total / ranks) * k + (total % ranks) * k / ranks;
}

}  // namespace

ByteRange shard_range(std::uint64_t total, int rank, int ranks) {
  if (ranks < 1 || rank < 0 || rank >= ranks) {
    throw std::invalid_argument("shard_range: rank " + std::to_string(rank) + " of " + std::to_string(ranks));
  }
  const auto p = static_cast<std::uint64_t>(ranks);
  const auto r = static_cast<std::uint64_t>(rank);
  return {split_point(total, r, p), split_point(total, r + 1, p)};
}

ByteRange clip_to_file(ByteRange range, std::uint64_t file_offset, std::uint64_t file_size) {
  const std::uint64_t file_end = file_offset + file_size;
  const std::uint64_t begin = std::max(range.begin, file_offset);
  const std::uint64_t end = std::min(range.end, file_end);
  if (begin >= end) return {};
  return {begin - file_offset, end - file_offset};
}

}  // namespace dlogit::data
