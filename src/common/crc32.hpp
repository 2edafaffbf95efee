#pragma once
#include <cstddef>
#include <cstdint>

namespace dlogit {

// The standard reflected CRC-32 (polynomial 0xEDB88320, initial value and final xor 0xFFFFFFFF; the
// one of zlib, PNG and boost::crc_32_type, which wrote the checksums of older files): "123456789" gives
// 0xCBF43926. Computed eight bytes at a time (slice-by-8) so that checking a multi-GB checkpoint costs
// a fraction of writing it: the bytewise table does about 0.5 GB/s, this several GB/s.
class Crc32 {
 public:
  // Continues the checksum over `size` more bytes (any alignment); chunks give the same result as one call.
  void update(const void* bytes, std::size_t size);
  std::uint32_t value() const { return ~state_; }

 private:
  std::uint32_t state_ = 0xFFFFFFFFu;
};

inline std::uint32_t crc32(const void* bytes, std::size_t size) {
  Crc32 crc;
  crc.update(bytes, size);
  return crc.value();
}

}  // namespace dlogit
