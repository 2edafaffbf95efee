#include "common/crc32.hpp"

#include <boost/crc.hpp>
#include <catch2/catch.hpp>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

// What wrote the checksums of every existing model.bin and checkpoint: Boost's bytewise CRC-32.
std::uint32_t boost_crc32(const unsigned char* bytes, std::size_t size) {
  boost::crc_32_type crc;
  crc.process_bytes(bytes, size);
  return crc.checksum();
}

// The definition, bit by bit, independent of any table.
std::uint32_t bitwise_crc32(const unsigned char* bytes, std::size_t size) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < size; ++i) {
    c ^= bytes[i];
    for (int bit = 0; bit < 8; ++bit) c = (c & 1u) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
  }
  return ~c;
}

}  // namespace

TEST_CASE("crc32 gives the standard CRC-32 check values") {
  const std::string check = "123456789";
  CHECK(dlogit::crc32(check.data(), check.size()) == 0xCBF43926u);
  CHECK(dlogit::crc32("", 0) == 0u);
  const std::string fox = "The quick brown fox jumps over the lazy dog";
  CHECK(dlogit::crc32(fox.data(), fox.size()) == 0x414FA339u);
  const std::vector<unsigned char> zeros(32, 0);
  CHECK(dlogit::crc32(zeros.data(), zeros.size()) == 0x190A55ADu);
}

TEST_CASE("crc32 equals the bytewise CRC-32 of older files at every length and alignment") {
  std::mt19937_64 random(14);
  std::vector<unsigned char> buffer(4096 + 16);
  for (auto& byte : buffer) byte = static_cast<unsigned char>(random());
  for (std::size_t offset = 0; offset < 16; ++offset) {
    for (std::size_t size : {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 63, 64, 65, 255, 1000, 4095, 4096}) {
      const unsigned char* bytes = buffer.data() + offset;
      INFO("offset " << offset << ", size " << size);
      REQUIRE(dlogit::crc32(bytes, size) == boost_crc32(bytes, size));
      REQUIRE(dlogit::crc32(bytes, size) == bitwise_crc32(bytes, size));
    }
  }
}

TEST_CASE("crc32 over chunks of any sizes equals crc32 over the whole") {
  std::mt19937_64 random(7);
  std::vector<unsigned char> buffer(100000);
  for (auto& byte : buffer) byte = static_cast<unsigned char>(random());
  const std::uint32_t whole = boost_crc32(buffer.data(), buffer.size());
  for (int trial = 0; trial < 20; ++trial) {
    dlogit::Crc32 crc;
    std::size_t done = 0;
    while (done < buffer.size()) {
      const std::size_t chunk = std::min<std::size_t>(buffer.size() - done, random() % 3000);
      crc.update(buffer.data() + done, chunk);
      done += chunk;
    }
    REQUIRE(crc.value() == whole);
  }
  // A flipped bit changes it.
  buffer[54321] ^= 0x10;
  CHECK(dlogit::crc32(buffer.data(), buffer.size()) != whole);
}
