#include "data/compression.hpp"

#include <cstdio>
#include <cstring>
#include <memory>

namespace dlogit::data {

const char* compression_name(Compression compression) {
  switch (compression) {
    case Compression::none: return "plain";
    case Compression::gzip: return "gzip";
    case Compression::bzip2: return "bzip2";
    case Compression::xz: return "xz";
  }
  return "plain";
}

Compression detect_compression(const unsigned char* bytes, std::size_t size) {
  static const unsigned char xz_magic[6] = {0xFD, '7', 'z', 'X', 'Z', 0x00};
  if (size >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B) return Compression::gzip;
  // "BZh" alone could start a text line; the block size digit 1-9 that always follows makes it bzip2.
  if (size >= 4 && std::memcmp(bytes, "BZh", 3) == 0 && bytes[3] >= '1' && bytes[3] <= '9') return Compression::bzip2;
  if (size >= 6 && std::memcmp(bytes, xz_magic, 6) == 0) return Compression::xz;
  return Compression::none;
}

Compression detect_file_compression(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return Compression::none;
  unsigned char head[6] = {};
  const std::size_t got = std::fread(head, 1, sizeof head, file.get());
  return detect_compression(head, got);
}

}  // namespace dlogit::data
