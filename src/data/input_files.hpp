#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/compression.hpp"

namespace dlogit::data {

// One input file and where it sits in the virtual concatenation of all input files. `size` is the
// file's size on disk, except after measure_decompressed() (shard_plan.hpp), when a compressed file's
// is that of its decompressed text.
struct InputFile {
  std::string path;
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  Compression compression = Compression::none;  // from the file's first bytes

  bool compressed() const { return compression != Compression::none; }
};

struct InputSet {
  std::vector<InputFile> files;  // sorted by path
  std::uint64_t total_size = 0;
};

// Where a line is: which input file, and the byte offset of the line in it.
struct LineRef {
  std::size_t file = 0;      // index into InputSet::files
  std::uint64_t offset = 0;  // byte offset of the line in its file
};

// Expands `pattern` with glob(3) (a plain path matches itself) and sorts the names bytewise, so every
// rank sees the same files in the same order; tells each file's compression by its first bytes. Throws
// InputError if nothing matches, a match is not a readable regular file, or the pattern is empty.
InputSet resolve_inputs(const std::string& pattern);

}  // namespace dlogit::data
