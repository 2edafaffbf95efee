#include "common/crc32.hpp"

#include <array>
#include <cstring>

namespace dlogit {
namespace {

constexpr std::uint32_t kPolynomial = 0xEDB88320u;

// table[0] is the bytewise table; table[k][b] is the CRC of byte b followed by k zero bytes, so that
// eight bytes are folded with eight independent lookups instead of eight dependent ones.
using Tables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr Tables make_tables() {
  Tables table{};
  for (std::uint32_t b = 0; b < 256; ++b) {
    std::uint32_t c = b;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1u) ? (c >> 1) ^ kPolynomial : c >> 1;
    table[0][b] = c;
  }
  for (std::size_t k = 1; k < 8; ++k)
    for (std::size_t b = 0; b < 256; ++b) table[k][b] = (table[k - 1][b] >> 8) ^ table[0][table[k - 1][b] & 0xFFu];
  return table;
}

constexpr Tables kTables = make_tables();

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "slice-by-8 below reads words little-endian");

}  // namespace

void Crc32::update(const void* bytes, std::size_t size) {
  const auto* p = static_cast<const unsigned char*>(bytes);
  std::uint32_t c = state_;
  for (; size > 0 && reinterpret_cast<std::uintptr_t>(p) % 8 != 0; --size, ++p)
    c = (c >> 8) ^ kTables[0][(c ^ *p) & 0xFFu];
  for (; size >= 8; size -= 8, p += 8) {
    std::uint32_t low, high;
    std::memcpy(&low, p, 4);
    std::memcpy(&high, p + 4, 4);
    low ^= c;
    c = kTables[7][low & 0xFFu] ^ kTables[6][(low >> 8) & 0xFFu] ^ kTables[5][(low >> 16) & 0xFFu] ^
        kTables[4][low >> 24] ^ kTables[3][high & 0xFFu] ^ kTables[2][(high >> 8) & 0xFFu] ^
        kTables[1][(high >> 16) & 0xFFu] ^ kTables[0][high >> 24];
  }
  for (; size > 0; --size, ++p) c = (c >> 8) ^ kTables[0][(c ^ *p) & 0xFFu];
  state_ = c;
}

}  // namespace dlogit
