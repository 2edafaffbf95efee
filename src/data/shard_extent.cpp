#include "data/shard_extent.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "common/errors.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dlogit::data {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// Adds the newlines and separators of `bytes` to `extent`. A plain loop over bytes: the compiler
// vectorises it, so this pass runs at several GB/s, far ahead of parsing.
void count_bytes(const char* bytes, std::size_t size, char separator, ShardExtent& extent) {
  // Byte-wide counters over chunks of 255 bytes cannot overflow and keep the compared bytes in byte
  // lanes (widening every comparison to a 64-bit sum made this loop several times slower).
  constexpr std::size_t chunk = 255;
  for (std::size_t start = 0; start < size; start += chunk) {
    const std::size_t n = std::min(chunk, size - start);
    const char* p = bytes + start;
    unsigned char lines = 0;
    unsigned char separators = 0;
    for (std::size_t i = 0; i < n; ++i) {
      lines = static_cast<unsigned char>(lines + (p[i] == '\n'));
      separators = static_cast<unsigned char>(separators + (p[i] == separator));
    }
    extent.lines += lines;
    extent.separators += separators;
  }
}

// The file's bytes from `begin` to its end, mapped read-only: the pages come straight from the page
// cache, without the copy a read() makes (that copy was half of what this pass cost). Empty when the
// file cannot be mapped; the caller then reads it.
class MappedTail {
 public:
  MappedTail(const std::string& path, std::uint64_t begin, std::uint64_t size) {
    if (begin >= size) return;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    // Touching a mapped page past the end of a file that shrank since it was listed would be SIGBUS.
    struct stat status {};
    if (::fstat(fd, &status) != 0 || static_cast<std::uint64_t>(status.st_size) < size || !S_ISREG(status.st_mode)) {
      ::close(fd);
      return;
    }
    const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t aligned = begin / page * page;
    length_ = static_cast<std::size_t>(size - aligned);
    void* map = ::mmap(nullptr, length_, PROT_READ, MAP_PRIVATE, fd, static_cast<off_t>(aligned));
    ::close(fd);
    if (map == MAP_FAILED) return;
    ::madvise(map, length_, MADV_SEQUENTIAL);
    map_ = map;
    bytes_ = static_cast<const char*>(map) + (begin - aligned);
    size_ = static_cast<std::size_t>(size - begin);
  }
  ~MappedTail() {
    if (map_ != nullptr) ::munmap(map_, length_);
  }
  MappedTail(const MappedTail&) = delete;
  MappedTail& operator=(const MappedTail&) = delete;
  bool ok() const { return map_ != nullptr; }
  const char* bytes() const { return bytes_; }
  std::size_t size() const { return size_; }

 private:
  void* map_ = nullptr;
  std::size_t length_ = 0;
  const char* bytes_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace

// Counts over the raw bytes of `range` instead of splitting lines: the partial line at the start is
// counted too (an over-estimate is harmless), and past the end the last line is followed to its
// newline, as LineSource reads it. Each file adds one line for an end without a newline.
ShardExtent measure_shard(const InputSet& inputs, ByteRange range, char separator) {
  constexpr std::size_t block = std::size_t{1} << 20;
  ShardExtent extent;
  std::vector<char> buffer;
  for (const InputFile& input : inputs.files) {
    const ByteRange local = clip_to_file(range, input.offset, input.size);
    if (local.empty()) continue;
    // Counting a compressed file's text would cost a second decompression, slower than the parse
    // itself: its arrays grow as they are filled instead.
    if (input.compressed()) continue;
    ++extent.lines;
    const MappedTail mapped(input.path, local.begin, input.size);
    if (mapped.ok()) {
      const std::size_t inside = static_cast<std::size_t>(local.size());
      count_bytes(mapped.bytes(), inside, separator, extent);
      const char* tail = mapped.bytes() + inside;
      const std::size_t tail_size = mapped.size() - inside;
      const void* newline = tail_size > 0 ? std::memchr(tail, '\n', tail_size) : nullptr;
      count_bytes(tail, newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - tail) : tail_size,
                  separator, extent);
      continue;
    }
    if (buffer.empty()) buffer.resize(block);
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(input.path.c_str(), "rb"));
    if (!file) throw InputError("cannot open data file '" + input.path + "': " + std::strerror(errno));
    if (local.begin > 0 && ::fseeko(file.get(), static_cast<off_t>(local.begin), SEEK_SET) != 0) {
      throw InputError("cannot read data file '" + input.path + "': " + std::strerror(errno));
    }
    std::uint64_t left = local.size();
    bool in_tail = false;  // past the range: only up to the end of the line that crosses it
    while (true) {
      const std::size_t want = in_tail ? block : static_cast<std::size_t>(std::min<std::uint64_t>(left, block));
      if (want == 0) break;
      const std::size_t got = std::fread(buffer.data(), 1, want, file.get());
      if (got == 0) {
        if (std::ferror(file.get())) {
          throw InputError("cannot read data file '" + input.path + "': " + std::strerror(errno));
        }
        break;
      }
      if (!in_tail) {
        count_bytes(buffer.data(), got, separator, extent);
        left -= got;
        if (left == 0) {
          if (local.end >= input.size) break;
          in_tail = true;
        }
        continue;
      }
      const void* newline = std::memchr(buffer.data(), '\n', got);
      const std::size_t used = newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - buffer.data()) : got;
      count_bytes(buffer.data(), used, separator, extent);
      if (newline) break;
    }
  }
  return extent;
}

}  // namespace dlogit::data
