#include "data/decompressing_stream.hpp"

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "common/errors.hpp"
#include "data/load_progress.hpp"

namespace dlogit::data {
namespace {

constexpr std::size_t raw_block_size = 256 * 1024;

// What the three decoders share: the compressed bytes of the file, read a block at a time, and the
// loop that turns "the file ended and the decoder made no progress" into a truncation error.
class CompressedFileStream : public ByteStream {
 public:
  CompressedFileStream(const std::string& path, Compression compression)
      : path_(path), compression_(compression), file_(std::fopen(path.c_str(), "rb")), raw_(raw_block_size) {
    if (file_ == nullptr) throw InputError("cannot open data file '" + path + "': " + std::strerror(errno));
    std::setvbuf(file_, nullptr, _IONBF, 0);
  }
  ~CompressedFileStream() override { std::fclose(file_); }
  CompressedFileStream(const CompressedFileStream&) = delete;
  CompressedFileStream& operator=(const CompressedFileStream&) = delete;

  std::size_t read(char* out, std::size_t size) override {
    if (size == 0 || finished_) return 0;
    while (true) {
      if (input_size_ == 0 && !file_ended_) fill();
      if (between_streams_) {
        // After a complete stream: the end of the file, zero padding, or the next stream.
        while (input_size_ > 0 && *input_ == 0) consume(1);
        if (input_size_ == 0) {
          if (file_ended_) {
            finished_ = true;
            return 0;
          }
          continue;
        }
        restart();
        between_streams_ = false;
      }
      const std::size_t input_before = input_size_;
      bool stream_end = false;
      const std::size_t produced = decode(out, size, stream_end);
      if (stream_end) {
        between_streams_ = true;
        if (produced > 0) return produced;
        continue;
      }
      if (produced > 0) return produced;
      if (input_size_ == input_before) {
        if (file_ended_) truncated();
        // Input at hand yet neither consumed nor decoded: looping would never end.
        if (input_size_ > 0) corrupt("the decoder stopped making progress");
      }
    }
  }

  void skip(std::uint64_t count) override {
    std::vector<char> scratch(static_cast<std::size_t>(std::min<std::uint64_t>(count, raw_block_size)));
    while (count > 0) {
      const std::size_t got = read(scratch.data(), static_cast<std::size_t>(std::min<std::uint64_t>(count, scratch.size())));
      if (got == 0) return;
      count -= got;
    }
  }

 protected:
  // Decodes from input_/input_size_ (advancing them with consume) into `out`; sets `stream_end` when
  // a complete stream has been decoded. Throws through corrupt() on bad data.
  virtual std::size_t decode(char* out, std::size_t size, bool& stream_end) = 0;
  // Makes the decoder ready for another stream that follows a complete one.
  virtual void restart() = 0;

  void consume(std::size_t count) {
    input_ += count;
    input_size_ -= count;
  }
  bool file_ended() const { return file_ended_; }

  [[noreturn]] void truncated() const {
    throw InputError("data file '" + path_ + "' is a truncated " + compression_name(compression_) +
                     " stream: the file ends before the compressed data does (an interrupted download or copy?)");
  }
  [[noreturn]] void corrupt(const std::string& why) const {
    throw InputError("data file '" + path_ + "' is a corrupt " + compression_name(compression_) + " stream (" + why +
                     ")");
  }
  [[noreturn]] void out_of_memory() const {
    throw InputError("out of memory decompressing data file '" + path_ + "' (" + compression_name(compression_) + ")");
  }

  const unsigned char* input_ = nullptr;
  std::size_t input_size_ = 0;

 private:
  void fill() {
    const std::size_t got = std::fread(raw_.data(), 1, raw_.size(), file_);
    if (got == 0) {
      if (std::ferror(file_)) throw InputError("cannot read data file '" + path_ + "': " + std::strerror(errno));
      file_ended_ = true;
    }
    note_bytes_read(got);
    input_ = raw_.data();
    input_size_ = got;
  }

  std::string path_;
  Compression compression_;
  std::FILE* file_;
  std::vector<unsigned char> raw_;
  bool file_ended_ = false;
  bool between_streams_ = false;
  bool finished_ = false;
};

class GzipStream : public CompressedFileStream {
 public:
  explicit GzipStream(const std::string& path) : CompressedFileStream(path, Compression::gzip) {
    if (inflateInit2(&z_, 15 + 16) != Z_OK) out_of_memory();  // 15: the largest window; +16: gzip framing
  }
  ~GzipStream() override { inflateEnd(&z_); }

 protected:
  std::size_t decode(char* out, std::size_t size, bool& stream_end) override {
    z_.next_in = const_cast<Bytef*>(input_);
    z_.avail_in = static_cast<uInt>(std::min<std::size_t>(input_size_, UINT32_MAX));
    z_.next_out = reinterpret_cast<Bytef*>(out);
    z_.avail_out = static_cast<uInt>(std::min<std::size_t>(size, UINT32_MAX));
    const uInt in_before = z_.avail_in;
    const uInt out_before = z_.avail_out;
    const int status = inflate(&z_, Z_NO_FLUSH);
    consume(in_before - z_.avail_in);
    if (status == Z_STREAM_END) stream_end = true;
    if (status == Z_DATA_ERROR || status == Z_NEED_DICT) corrupt(z_.msg != nullptr ? z_.msg : "bad data");
    if (status == Z_MEM_ERROR) out_of_memory();
    return out_before - z_.avail_out;
  }
  void restart() override { inflateReset(&z_); }

 private:
  z_stream z_{};
};

class Bzip2Stream : public CompressedFileStream {
 public:
  explicit Bzip2Stream(const std::string& path) : CompressedFileStream(path, Compression::bzip2) { start(); }
  ~Bzip2Stream() override { BZ2_bzDecompressEnd(&bz_); }

 protected:
  std::size_t decode(char* out, std::size_t size, bool& stream_end) override {
    bz_.next_in = const_cast<char*>(reinterpret_cast<const char*>(input_));
    bz_.avail_in = static_cast<unsigned>(std::min<std::size_t>(input_size_, UINT32_MAX));
    bz_.next_out = out;
    bz_.avail_out = static_cast<unsigned>(std::min<std::size_t>(size, UINT32_MAX));
    const unsigned in_before = bz_.avail_in;
    const unsigned out_before = bz_.avail_out;
    const int status = BZ2_bzDecompress(&bz_);
    consume(in_before - bz_.avail_in);
    if (status == BZ_STREAM_END) stream_end = true;
    if (status == BZ_DATA_ERROR) corrupt("bad data: a block checksum or the block structure does not match");
    if (status == BZ_DATA_ERROR_MAGIC) corrupt("no bzip2 header where a stream should start");
    if (status == BZ_MEM_ERROR) out_of_memory();
    if (status != BZ_OK && status != BZ_STREAM_END && status != BZ_DATA_ERROR && status != BZ_DATA_ERROR_MAGIC) {
      corrupt("libbz2 error " + std::to_string(status));
    }
    return out_before - bz_.avail_out;
  }
  void restart() override {
    BZ2_bzDecompressEnd(&bz_);
    start();
  }

 private:
  void start() {
    bz_ = bz_stream{};
    if (BZ2_bzDecompressInit(&bz_, 0, 0) != BZ_OK) out_of_memory();
  }
  bz_stream bz_{};
};

class XzStream : public CompressedFileStream {
 public:
  explicit XzStream(const std::string& path) : CompressedFileStream(path, Compression::xz) {
    // LZMA_CONCATENATED reads concatenated .xz streams and their padding as one.
    if (lzma_stream_decoder(&lz_, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) out_of_memory();
  }
  ~XzStream() override { lzma_end(&lz_); }

 protected:
  std::size_t decode(char* out, std::size_t size, bool& stream_end) override {
    lz_.next_in = input_;
    lz_.avail_in = input_size_;
    lz_.next_out = reinterpret_cast<std::uint8_t*>(out);
    lz_.avail_out = size;
    const std::size_t in_before = lz_.avail_in;
    const lzma_ret status = lzma_code(&lz_, file_ended() ? LZMA_FINISH : LZMA_RUN);
    consume(in_before - lz_.avail_in);
    const std::size_t produced = size - lz_.avail_out;
    switch (status) {
      case LZMA_OK: break;
      case LZMA_STREAM_END: stream_end = true; break;
      case LZMA_BUF_ERROR:
        if (file_ended() && produced == 0) truncated();
        break;
      case LZMA_MEM_ERROR: out_of_memory();
      case LZMA_FORMAT_ERROR: corrupt("not in the .xz format");
      case LZMA_OPTIONS_ERROR: corrupt("unsupported options");
      case LZMA_DATA_ERROR: corrupt("bad data");
      default: corrupt("liblzma error " + std::to_string(static_cast<int>(status)));
    }
    return produced;
  }
  // The concatenated decoder reads every stream itself and ends only at the end of the file.
  void restart() override {}

 private:
  lzma_stream lz_ = LZMA_STREAM_INIT;
};

}  // namespace

std::unique_ptr<ByteStream> open_decompressing_stream(const std::string& path, Compression compression) {
  switch (compression) {
    case Compression::gzip: return std::make_unique<GzipStream>(path);
    case Compression::bzip2: return std::make_unique<Bzip2Stream>(path);
    case Compression::xz: return std::make_unique<XzStream>(path);
    case Compression::none: break;
  }
  throw std::logic_error("open_decompressing_stream: the file is not compressed");
}

}  // namespace dlogit::data
