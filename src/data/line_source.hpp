#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "data/byte_range.hpp"
#include "data/byte_stream.hpp"
#include "data/input_files.hpp"

namespace dlogit::data {

struct Line {
  std::string_view text;     // without the '\n', a trailing '\r' or a leading UTF-8 byte order mark
  std::size_t file = 0;      // index into InputSet::files
  std::uint64_t offset = 0;  // byte offset of the line's first byte in its file (its text, if compressed)
};

// The lines of one rank's shard: those whose first byte lies in `range` of the concatenated input.
// A range that starts mid-line skips to the next line; the last line is read to its end even past
// range.end. The end of each file ends a line, newline or not. Reads whole blocks; a Line's text
// stays valid until the next call to next(). A compressed file is read through its decompressing
// ByteStream: a range that covers all of it (in whatever sizes the InputSet holds) yields all of its
// text; a range that covers part of it is taken in decompressed bytes, so the sizes must be those of
// the text then (measure_decompressed in shard_plan.hpp).
class LineSource {
 public:
  static constexpr std::size_t default_block_size = std::size_t{1} << 20;

  LineSource(const InputSet& inputs, ByteRange range, std::size_t block_size = default_block_size);

  // Fills `line` with the next line and returns true, or returns false when the shard is done.
  // Throws InputError if a file cannot be opened or read, or is a truncated or corrupt compressed file.
  bool next(Line& line);

 private:
  bool open_next_file();
  void skip_partial_line();
  // Keeps [begin_, end_) and appends more of the file; returns false at the end of the file.
  bool refill();
  void close_file() { stream_.reset(); }

  const InputSet& inputs_;
  ByteRange range_;
  std::size_t block_size_;
  std::size_t next_file_ = 0;
  std::size_t current_file_ = 0;
  std::unique_ptr<ByteStream> stream_;
  std::uint64_t file_size_ = 0;
  std::uint64_t local_end_ = 0;    // lines starting at or after this file offset belong to the next rank
  std::vector<char> buffer_;
  std::uint64_t buffer_offset_ = 0;  // file offset of buffer_[0]
  std::size_t begin_ = 0;            // next unconsumed byte in buffer_
  std::size_t end_ = 0;              // end of valid bytes in buffer_
};

}  // namespace dlogit::data
