#include "data/byte_stream.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "common/errors.hpp"
#include "data/decompressing_stream.hpp"
#include "data/load_progress.hpp"

namespace dlogit::data {
namespace {

class PlainStream : public ByteStream {
 public:
  explicit PlainStream(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "rb")) {
    if (file_ == nullptr) throw InputError("cannot open data file '" + path + "': " + std::strerror(errno));
    // The callers' blocks are the buffer; stdio's would only add a copy.
    std::setvbuf(file_, nullptr, _IONBF, 0);
  }
  ~PlainStream() override { std::fclose(file_); }
  PlainStream(const PlainStream&) = delete;
  PlainStream& operator=(const PlainStream&) = delete;

  std::size_t read(char* out, std::size_t size) override {
    const std::size_t got = std::fread(out, 1, size, file_);
    if (got == 0 && size > 0 && std::ferror(file_)) {
      throw InputError("cannot read data file '" + path_ + "': " + std::strerror(errno));
    }
    note_bytes_read(got);
    return got;
  }

  void skip(std::uint64_t count) override {
    if (count > 0 && ::fseeko(file_, static_cast<off_t>(count), SEEK_CUR) != 0) {
      throw InputError("cannot read data file '" + path_ + "': " + std::strerror(errno));
    }
  }

 private:
  std::string path_;
  std::FILE* file_;
};

}  // namespace

std::unique_ptr<ByteStream> open_byte_stream(const std::string& path, Compression compression) {
  if (compression == Compression::none) return std::make_unique<PlainStream>(path);
  return open_decompressing_stream(path, compression);
}

std::uint64_t stream_size(const std::string& path, Compression compression) {
  const std::unique_ptr<ByteStream> stream = open_byte_stream(path, compression);
  std::vector<char> block(std::size_t{1} << 20);
  std::uint64_t total = 0;
  while (const std::size_t got = stream->read(block.data(), block.size())) total += got;
  return total;
}

}  // namespace dlogit::data
