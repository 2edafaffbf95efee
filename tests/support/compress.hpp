#pragma once
// Compresses test data in memory with the system libraries (zlib, libbz2, liblzma), so tests write
// gzip, bzip2 and xz files without needing the command line tools. Header only; a test target that
// includes it links ZLIB::ZLIB, BZip2::BZip2 and LibLZMA::LibLZMA (tests/CMakeLists.txt).
#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>

#include <stdexcept>
#include <string>

#include "data/compression.hpp"

namespace dlogit::test {

inline std::string gzip_bytes(const std::string& text) {
  z_stream z{};
  // 15 + 16: the largest window with gzip framing (header and CRC trailer).
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&z, Z_FINISH);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  if (status != Z_STREAM_END) throw std::runtime_error("deflate");
  return out;
}

inline std::string bzip2_bytes(const std::string& text) {
  unsigned size = static_cast<unsigned>(text.size() + text.size() / 100 + 700);
  std::string out(size, '\0');
  if (BZ2_bzBuffToBuffCompress(out.data(), &size, const_cast<char*>(text.data()), static_cast<unsigned>(text.size()),
                               9, 0, 0) != BZ_OK) {
    throw std::runtime_error("BZ2_bzBuffToBuffCompress");
  }
  out.resize(size);
  return out;
}

inline std::string xz_bytes(const std::string& text) {
  std::string out(lzma_stream_buffer_bound(text.size()), '\0');
  std::size_t size = 0;
  if (lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const std::uint8_t*>(text.data()),
                              text.size(), reinterpret_cast<std::uint8_t*>(out.data()), &size, out.size()) != LZMA_OK) {
    throw std::runtime_error("lzma_easy_buffer_encode");
  }
  out.resize(size);
  return out;
}

inline std::string compress_bytes(data::Compression compression, const std::string& text) {
  switch (compression) {
    case data::Compression::gzip: return gzip_bytes(text);
    case data::Compression::bzip2: return bzip2_bytes(text);
    case data::Compression::xz: return xz_bytes(text);
    case data::Compression::none: break;
  }
  return text;
}

}  // namespace dlogit::test
