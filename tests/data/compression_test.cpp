#include "data/compression.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "data/byte_stream.hpp"
#include "data/libsvm_parser.hpp"
#include "data/line_error.hpp"
#include "data/line_source.hpp"
#include "data_test_support.hpp"
#include "support/compress.hpp"

using namespace dlogit::data;
using dlogit::test::compress_bytes;

namespace {

const Compression formats[] = {Compression::gzip, Compression::bzip2, Compression::xz};

// Lines of varying length, enough text for several decoder calls through small buffers.
std::string sample_text(int lines) {
  std::string text;
  for (int i = 0; i < lines; ++i) {
    text += (i % 3 == 0 ? "+1" : "-1");
    for (int j = 1; j <= i % 7 + 1; ++j) text += " " + std::to_string(j * 3 + i % 5) + ":" + std::to_string(i % 11 + 1);
    text += "\n";
  }
  return text;
}

std::string read_all(ByteStream& stream, std::size_t chunk) {
  std::string out;
  std::vector<char> buffer(chunk);
  while (const std::size_t got = stream.read(buffer.data(), buffer.size())) out.append(buffer.data(), got);
  return out;
}

std::string write_compressed(const std::string& tag, Compression compression, const std::string& bytes) {
  return dlogit::test::write_file(dlogit::test::temp_dir(tag), std::string("data.") + compression_name(compression),
                                  bytes);
}

std::string read_error(const std::string& path) {
  try {
    const auto stream = open_byte_stream(path, detect_file_compression(path));
    read_all(*stream, 4096);
  } catch (const dlogit::InputError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("compression is told by the magic bytes, not by the name", "[data][compression]") {
  const auto detect = [](const std::string& bytes) {
    return detect_compression(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  };
  CHECK(detect(std::string("\x1f\x8b\x08", 3)) == Compression::gzip);
  CHECK(detect("BZh91AY&SY") == Compression::bzip2);
  CHECK(detect(std::string("\xfd" "7zXZ\0\0", 7)) == Compression::xz);
  CHECK(detect("BZh is a word") == Compression::none);  // "BZh" then no block size digit: text
  CHECK(detect("+1 1:0.5") == Compression::none);
  CHECK(detect(std::string("\x1f", 1)) == Compression::none);
  CHECK(detect(std::string("\xfd" "7zX", 4)) == Compression::none);
  CHECK(detect("") == Compression::none);

  // A gzip file named .svm (a renamed download) is gzip; the name plays no part.
  const std::string path = dlogit::test::write_file(dlogit::test::temp_dir("detect"), "data.svm",
                                                    dlogit::test::gzip_bytes("+1 1:1\n"));
  CHECK(detect_file_compression(path) == Compression::gzip);
  CHECK(resolve_inputs(path).files[0].compression == Compression::gzip);
}

TEST_CASE("each format reads back its text, through any buffer size, and skips", "[data][compression]") {
  const std::string text = sample_text(3000);
  for (const Compression format : formats) {
    INFO(compression_name(format));
    const std::string path = write_compressed("roundtrip", format, compress_bytes(format, text));
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, std::size_t{1} << 20}) {
      if (chunk == 1 && format != Compression::gzip) continue;  // a byte at a time is slow; gzip covers it
      const auto stream = open_byte_stream(path, format);
      CHECK(read_all(*stream, chunk) == text);
      CHECK(stream->read(nullptr, 0) == 0);
    }
    CHECK(stream_size(path, format) == text.size());
    for (const std::uint64_t skip : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{1000}, std::uint64_t{text.size()},
                                     std::uint64_t{text.size() + 5}}) {
      const auto stream = open_byte_stream(path, format);
      stream->skip(skip);
      CHECK(read_all(*stream, 4096) == text.substr(std::min<std::size_t>(skip, text.size())));
    }
  }
}

TEST_CASE("concatenated streams read as one, zero padding after gzip and bzip2 is ignored", "[data][compression]") {
  const std::string first = sample_text(50);
  const std::string second = "-1 4:2\n+1 9:1\n";
  for (const Compression format : formats) {
    INFO(compression_name(format));
    std::string bytes = compress_bytes(format, first) + compress_bytes(format, second);
    if (format != Compression::xz) bytes += std::string(512, '\0');  // xz padding must be a multiple of 4
    else bytes += std::string(8, '\0');
    const std::string path = write_compressed("concat", format, bytes);
    const auto stream = open_byte_stream(path, format);
    CHECK(read_all(*stream, 100) == first + second);
  }
}

TEST_CASE("a truncated or corrupt compressed file names the file and the format", "[data][compression]") {
  const std::string text = sample_text(2000);
  for (const Compression format : formats) {
    const std::string name = compression_name(format);
    INFO(name);
    const std::string whole = compress_bytes(format, text);

    for (const std::size_t keep : {whole.size() - 1, whole.size() / 2, std::size_t{6}}) {
      const std::string path = write_compressed("truncated", format, whole.substr(0, keep));
      INFO("kept " << keep << " of " << whole.size() << " bytes");
      const std::string error = read_error(path);
      CHECK_THAT(error, Catch::Contains("data file '" + path + "' is a truncated " + name + " stream"));
    }

    std::string flipped = whole;
    for (std::size_t i = whole.size() / 3; i < whole.size() / 3 + 8; ++i) flipped[i] = static_cast<char>(flipped[i] ^ 0x55);
    const std::string corrupt_path = write_compressed("corrupt", format, flipped);
    CHECK_THAT(read_error(corrupt_path), Catch::Contains("data file '" + corrupt_path + "' is a corrupt " + name + " stream ("));

    const std::string trailing_path = write_compressed("trailing", format, whole + "+1 1:1 2:1 3:1 4:1 5:1\n");
    CHECK_THAT(read_error(trailing_path), Catch::Contains("data file '" + trailing_path + "' is a corrupt " + name));
  }
}

TEST_CASE("lines of a compressed file: the same as of the plain file, errors name file and line", "[data][compression]") {
  const std::string text = "\xEF\xBB\xBF+1 1:1\r\n-1 2:1\n\n+1 3:1 4:2\n-1 1:0.5";
  const InputSet plain = dlogit::test::write_single("lines-plain", "data.svm", text);
  const auto lines_of = [](const InputSet& inputs) {
    std::vector<std::pair<std::string, std::uint64_t>> lines;
    LineSource source(inputs, ByteRange{0, inputs.total_size}, 16);
    Line line;
    while (source.next(line)) lines.emplace_back(std::string(line.text), line.offset);
    return lines;
  };
  for (const Compression format : formats) {
    INFO(compression_name(format));
    const InputSet packed = dlogit::test::write_single("lines", "data.svm", compress_bytes(format, text));
    REQUIRE(packed.files[0].compression == format);
    CHECK(lines_of(packed) == lines_of(plain));

    const std::string bad = "+1 1:1\n-1 2:1\n+1 0:3\n";
    const InputSet bad_inputs = dlogit::test::write_single("bad-line", "bad.svm", compress_bytes(format, bad));
    try {
      read_libsvm_shard(bad_inputs, ByteRange{0, bad_inputs.total_size}, {});
      FAIL("no error for a bad feature index");
    } catch (const dlogit::InputError& error) {
      CHECK_THAT(error.what(), Catch::StartsWith(bad_inputs.files[0].path + ":3: bad feature index '0'"));
    }
    CHECK(line_number_at(bad_inputs.files[0].path, 14) == 3);
  }
}
