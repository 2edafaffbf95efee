#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "data/compression.hpp"

namespace dlogit::data {

// The bytes of one data file as text: read as they are, or decompressed on the fly, so that
// LineSource (and through it both parsers) never learns how the file is stored.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Up to `size` bytes into `out`; returns 0 only at the end of the data. Throws InputError naming
  // the file when it cannot be read or (compressed) is truncated or corrupt.
  virtual std::size_t read(char* out, std::size_t size) = 0;
  // Moves past the next `count` bytes or to the end of the data, whichever comes first: a seek in a
  // plain file; a compressed one is decompressed up to there (there is no shortcut into a stream).
  virtual void skip(std::uint64_t count) = 0;
};

// Opens `path`, stored as `compression` (see detect_file_compression). Throws InputError naming the
// file when it cannot be opened. The raw bytes read from the file count towards the active
// LoadProgress, if any.
std::unique_ptr<ByteStream> open_byte_stream(const std::string& path, Compression compression);

// The decompressed size of a compressed file: all of it is decompressed and counted (plain files: the
// bytes read). Throws InputError like read().
std::uint64_t stream_size(const std::string& path, Compression compression);

}  // namespace dlogit::data
