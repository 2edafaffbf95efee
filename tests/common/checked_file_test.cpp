#include "common/checked_file.hpp"

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>
#include <string>

#include "common/crc32.hpp"
#include "common/errors.hpp"
#include "support/test_paths.hpp"

namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Pieces of every kind an archive writes: single bytes, small ones (gathered in the sink's buffer) and
// ones bigger than the buffer (written from where they are), in a fixed pseudo-random order.
std::string mixed_payload() {
  std::mt19937_64 random(3);
  std::string payload;
  for (int piece = 0; piece < 40; ++piece) {
    const std::size_t size = piece % 7 == 0 ? (std::size_t{1} << 20) + random() % 300000 : random() % 5000;
    for (std::size_t i = 0; i < size; ++i) payload.push_back(static_cast<char>(random()));
  }
  return payload;
}

}  // namespace

TEST_CASE("a streamed payload gives the same file as the payload written at once, and reads back") {
  const std::string payload = mixed_payload();
  REQUIRE(payload.size() > (std::size_t{6} << 20));
  const std::string dir = dlogit::test::temp_dir("checked-stream");
  dlogit::write_checked_file(dir + "/whole.bin", "magic\n", 4, payload);
  std::mt19937_64 random(5);
  dlogit::write_checked_file(dir + "/streamed.bin", "magic\n", 4, [&](std::streambuf& sink) {
    std::size_t done = 0;
    while (done < payload.size()) {
      const std::size_t piece = std::min<std::size_t>(payload.size() - done, random() % 3 == 0 ? 1 : random() % 3000000);
      if (piece == 1)
        sink.sputc(payload[done]);
      else
        sink.sputn(payload.data() + done, static_cast<std::streamsize>(piece));
      done += piece;
    }
  });
  const std::string whole = file_bytes(dir + "/whole.bin");
  CHECK(whole == file_bytes(dir + "/streamed.bin"));
  // The envelope: magic, version, size, CRC-32 of the payload, payload.
  REQUIRE(whole.size() == 6 + 4 + 8 + 4 + payload.size());
  std::uint64_t size = 0;
  std::uint32_t crc = 0;
  std::memcpy(&size, whole.data() + 10, 8);
  std::memcpy(&crc, whole.data() + 18, 4);
  CHECK(size == payload.size());
  CHECK(crc == dlogit::crc32(payload.data(), payload.size()));
  const dlogit::CheckedFile read = dlogit::read_checked_file(dir + "/streamed.bin", "magic\n", "test file");
  CHECK(read.version == 4);
  CHECK(read.payload == payload);
}

TEST_CASE("a payload writer that fails leaves no temporary file and the previous file as it was") {
  const std::string dir = dlogit::test::temp_dir("checked-fail");
  const std::string path = dir + "/file.bin";
  dlogit::write_checked_file(path, "magic\n", 1, std::string("old payload"));
  const std::string before = file_bytes(path);
  CHECK_THROWS_AS(dlogit::write_checked_file(path, "magic\n", 1,
                                             [&](std::streambuf& sink) {
                                               sink.sputn("half", 4);
                                               throw std::runtime_error("out of memory, say");
                                             }),
                  dlogit::UserError);
  CHECK(file_bytes(path) == before);
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
  CHECK(files == 1);
}

TEST_CASE("a truncated, corrupt or foreign checked file is refused with its name") {
  const std::string dir = dlogit::test::temp_dir("checked-bad");
  const std::string path = dir + "/file.bin";
  dlogit::write_checked_file(path, "magic\n", 1, std::string(1000, 'x'));
  const std::string good = file_bytes(path);
  const auto rewrite = [&](const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; };
  rewrite(good.substr(0, good.size() - 1));
  CHECK_THROWS_WITH(dlogit::read_checked_file(path, "magic\n", "test file"), Catch::Contains("truncated") && Catch::Contains(path));
  rewrite(good.substr(0, 12));
  CHECK_THROWS_WITH(dlogit::read_checked_file(path, "magic\n", "test file"), Catch::Contains("incomplete header"));
  std::string flipped = good;
  flipped[500] ^= 1;
  rewrite(flipped);
  CHECK_THROWS_WITH(dlogit::read_checked_file(path, "magic\n", "test file"), Catch::Contains("checksum"));
  rewrite("mag");
  CHECK_THROWS_WITH(dlogit::read_checked_file(path, "magic\n", "test file"), Catch::Contains("is not a dlogit test file"));
  CHECK_THROWS_WITH(dlogit::read_checked_file(dir + "/missing.bin", "magic\n", "test file"),
                    Catch::Contains("cannot open test file"));
}
