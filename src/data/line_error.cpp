#include "data/line_error.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <memory>
#include <vector>

#include "data/byte_stream.hpp"

namespace dlogit::data {

std::int64_t line_number_at(const std::string& path, std::uint64_t offset) {
  std::vector<char> block(static_cast<std::size_t>(std::min<std::uint64_t>(offset + 1, std::uint64_t{1} << 20)));
  std::int64_t newlines = 0;
  try {
    // A compressed file's offsets are in its text, so its text is counted.
    const std::unique_ptr<ByteStream> stream = open_byte_stream(path, detect_file_compression(path));
    std::uint64_t remaining = offset;
    while (remaining > 0) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, block.size()));
      const std::size_t got = stream->read(block.data(), want);
      if (got == 0) return 0;
      newlines += std::count(block.data(), block.data() + got, '\n');
      remaining -= got;
    }
  } catch (const InputError&) {
    return 0;
  }
  return newlines + 1;
}

InputError located_error(const std::string& path, std::uint64_t offset, const std::string& detail) {
  const std::int64_t line = line_number_at(path, offset);
  // 0 only if the file vanished since it was parsed; the byte offset still locates the line.
  const std::string where = line > 0 ? std::to_string(line) : "byte " + std::to_string(offset);
  return InputError(path + ":" + where + ": " + detail);
}

std::string format_number(double value) {
  char text[64];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

}  // namespace dlogit::data
