#include "data/shard_extent.hpp"

#include <algorithm>

#include "data/line_source.hpp"

namespace dlogit::data {

ShardExtent measure_shard(const InputSet& inputs, ByteRange range, char separator) {
  ShardExtent extent;
  LineSource source(inputs, range);
  Line line;
  while (source.next(line)) {
    ++extent.lines;
    extent.separators += static_cast<std::size_t>(std::count(line.text.begin(), line.text.end(), separator));
  }
  return extent;
}

}  // namespace dlogit::data
