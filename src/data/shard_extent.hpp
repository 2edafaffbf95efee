#pragma once
#include <cstddef>

#include "data/byte_range.hpp"
#include "data/input_files.hpp"

namespace dlogit::data {

// Upper bounds on what a rank's lines hold: the lines (rows) and the separator characters (':' for
// LIBSVM, so at least the nonzeros; ',' for CSV, so at least the values). A first pass over the
// shard's text costs a few percent of parsing it and lets the parsers allocate every array once at
// its final size: growing by doubling would hold up to twice the data, and a copy, at its peak.
struct ShardExtent {
  std::size_t lines = 0;
  std::size_t separators = 0;
};

// Upper bounds for the lines LineSource yields for `range`; compressed files are not counted (the
// bounds then cover only the plain files). Throws InputError naming an unreadable file.
ShardExtent measure_shard(const InputSet& inputs, ByteRange range, char separator);

}  // namespace dlogit::data
