#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dlogit::data {

// One input file and where it sits in the virtual concatenation of all input files.
struct InputFile {
  std::string path;
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
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
// rank sees the same files in the same order. Throws InputError if nothing matches, a match is not a
// readable regular file, or the pattern is empty.
InputSet resolve_inputs(const std::string& pattern);

}  // namespace dlogit::data
