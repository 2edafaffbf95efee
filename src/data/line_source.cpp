#include "data/line_source.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace dlogit::data {
namespace {

// Past the range end only the rest of one line is needed; a small read avoids pulling in a whole
// block that belongs to the next rank.
constexpr std::uint64_t tail_read_size = 64 * 1024;

}  // namespace

LineSource::LineSource(const InputSet& inputs, ByteRange range, std::size_t block_size)
    : inputs_(inputs), range_(range), block_size_(std::max<std::size_t>(block_size, 16)) {}

bool LineSource::open_next_file() {
  while (next_file_ < inputs_.files.size()) {
    current_file_ = next_file_++;
    const InputFile& input = inputs_.files[current_file_];
    const ByteRange local = clip_to_file(range_, input.offset, input.size);
    if (local.empty()) continue;

    stream_ = open_byte_stream(input.path, input.compression);
    file_size_ = input.size;
    local_end_ = local.end;
    if (input.compressed() && local.begin == 0 && local.end >= input.size) {
      // All of it: read the text to its end, whose size need not be known.
      file_size_ = local_end_ = std::numeric_limits<std::uint64_t>::max();
    }
    // Start one byte early: if that byte is '\n' the range starts exactly at a line.
    const std::uint64_t start = local.begin == 0 ? 0 : local.begin - 1;
    if (start > 0) stream_->skip(start);
    // No bigger than what is left of the file: small shards (and the fuzzers) skip zero-filling 4 MiB.
    const std::uint64_t left = file_size_ - start;
    const std::size_t wanted =
        left >= block_size_ ? block_size_ : static_cast<std::size_t>(std::max<std::uint64_t>(left + 1, 16));
    if (buffer_.size() < wanted) buffer_.resize(wanted);
    buffer_offset_ = start;
    begin_ = end_ = 0;
    if (local.begin > 0) skip_partial_line();
    return true;
  }
  return false;
}

void LineSource::skip_partial_line() {
  // The line under the range start belongs to the previous rank.
  while (true) {
    const char* data = buffer_.data();
    const void* newline = std::memchr(data + begin_, '\n', end_ - begin_);
    if (newline != nullptr) {
      begin_ = static_cast<std::size_t>(static_cast<const char*>(newline) - data) + 1;
      return;
    }
    begin_ = end_;
    if (!refill()) return;
  }
}

bool LineSource::refill() {
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    buffer_offset_ += begin_;
    end_ -= begin_;
    begin_ = 0;
  }
  // A line longer than the buffer: grow rather than fail.
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);

  const std::uint64_t position = buffer_offset_ + end_;
  if (position >= file_size_) return false;
  std::uint64_t want = buffer_.size() - end_;
  if (position >= local_end_) want = std::min(want, tail_read_size);
  want = std::min(want, file_size_ - position);  // sizes were fixed when the ranks split the input

  const std::size_t got = stream_->read(buffer_.data() + end_, static_cast<std::size_t>(want));
  if (got == 0) {
    // The end of a compressed file's text, or a file that shrank since it was measured; either way
    // its end ends the last line.
    file_size_ = position;
    return false;
  }
  end_ += got;
  return true;
}

bool LineSource::next(Line& line) {
  while (true) {
    if (!stream_ && !open_next_file()) return false;

    if (buffer_offset_ + begin_ >= local_end_) {  // also true once the whole file is consumed
      close_file();
      continue;
    }
    std::size_t scanned = begin_;
    const char* newline = nullptr;
    bool at_file_end = false;
    while (true) {
      newline = static_cast<const char*>(std::memchr(buffer_.data() + scanned, '\n', end_ - scanned));
      if (newline != nullptr) break;
      const std::size_t pending = end_ - begin_;
      if (!refill()) {
        at_file_end = true;
        break;
      }
      scanned = pending;  // refill moved the pending bytes to the buffer start
    }
    if (at_file_end && begin_ == end_) {  // the file ended right after a '\n'
      close_file();
      continue;
    }
    const char* start = buffer_.data() + begin_;
    const char* stop = at_file_end ? buffer_.data() + end_ : newline;
    line.file = current_file_;
    line.offset = buffer_offset_ + begin_;
    begin_ = static_cast<std::size_t>(stop - buffer_.data()) + (at_file_end ? 0 : 1);

    if (stop > start && stop[-1] == '\r') --stop;
    if (line.offset == 0 && stop - start >= 3 && std::memcmp(start, "\xEF\xBB\xBF", 3) == 0) start += 3;
    line.text = std::string_view(start, static_cast<std::size_t>(stop - start));
    return true;
  }
}

}  // namespace dlogit::data
