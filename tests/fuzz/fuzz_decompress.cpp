// libFuzzer target: the decompressing reader (ByteStream over gzip, bzip2 and xz) and the line reading
// on top of it. The input is one file's bytes; mutated seeds (small valid streams in corpus/decompress)
// are mostly corrupt or truncated streams, which must end in an InputError naming the file, never a
// crash, a hang or another exception. A stream that decodes must read the same through every path:
// any buffer size, stream_size, skip + read, LineSource over the whole file, and the ranks' shares of
// its text (shard_plan's decompressed split) on 2 and 3 ranks, every line once and in order.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/byte_stream.hpp"
#include "data/compression.hpp"
#include "data/line_source.hpp"
#include "data/shard_plan.hpp"
#include "fuzz_support.hpp"

using namespace dlogit;

namespace {

std::string read_all(data::ByteStream& stream, std::size_t chunk) {
  std::string out;
  std::vector<char> buffer(chunk);
  while (const std::size_t got = stream.read(buffer.data(), buffer.size())) {
    fuzz::check(got <= chunk, "read returned more bytes than asked for");
    out.append(buffer.data(), got);
    // A few hundred bytes of input can expand to gigabytes (a bomb); stop early, that is not a finding.
    if (out.size() > (std::size_t{8} << 20)) return out;
  }
  return out;
}

std::vector<fuzz::RefLine> lines_of_ranks(const std::string& path, int ranks, std::size_t block) {
  std::vector<fuzz::RefLine> lines;
  for (int rank = 0; rank < ranks; ++rank) {
    data::InputSet inputs = data::resolve_inputs(path);
    data::measure_decompressed(inputs);
    data::LineSource source(inputs, data::shard_range(inputs.total_size, rank, ranks), block);
    data::Line line;
    while (source.next(line)) lines.push_back({std::string(line.text), line.file, line.offset, 0});
  }
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const data::Compression format = data::detect_compression(data, size);
  if (format == data::Compression::none) return 0;  // plain text is fuzz_line_source's
  const fuzz::Layout layout = fuzz::write_layout(data, size, false);
  const std::string& path = layout.pattern;
  const std::uint64_t hash = fuzz::input_hash(data, size);
  const std::size_t chunks[] = {1, 13, 4096, std::size_t{1} << 20};
  const std::size_t chunk = chunks[hash % 4];

  std::string text;
  std::string message;
  const bool decoded = fuzz::user_errors_ok(
      [&] {
        const std::unique_ptr<data::ByteStream> stream = data::open_byte_stream(path, format);
        text = read_all(*stream, chunk);
      },
      &message);
  if (!decoded) {
    fuzz::check(message.find(path) != std::string::npos, "a decompression error without the file name: " + message);
    // Every other reader of the file fails too, with a user error.
    fuzz::check(!fuzz::user_errors_ok([&] { lines_of_ranks(path, 2, 64); }), "the split read a stream that read failed on");
    return 0;
  }
  if (text.size() > (std::size_t{4} << 20)) return 0;

  fuzz::check(data::stream_size(path, format) == text.size(), "stream_size differs from the bytes read");
  const std::uint64_t skip = text.empty() ? 0 : (hash >> 8) % (text.size() + 2);
  {
    const std::unique_ptr<data::ByteStream> stream = data::open_byte_stream(path, format);
    stream->skip(skip);
    fuzz::check(read_all(*stream, 4096) == text.substr(std::min<std::size_t>(skip, text.size())),
                "skip then read differs from the text after the skipped bytes");
  }

  const std::vector<fuzz::RefLine> expected = fuzz::reference_lines({text});
  const std::size_t block = (hash >> 16) % 2 ? 17 : 256;
  for (int ranks = 1; ranks <= 3; ++ranks) {
    std::vector<fuzz::RefLine> seen;
    if (ranks == 1) {
      const data::InputSet inputs = data::resolve_inputs(path);  // compressed sizes: the whole file, read to its end
      data::LineSource source(inputs, data::ByteRange{0, inputs.total_size}, block);
      data::Line line;
      while (source.next(line)) seen.push_back({std::string(line.text), line.file, line.offset, 0});
    } else {
      seen = lines_of_ranks(path, ranks, block);
    }
    fuzz::check(seen.size() == expected.size(), std::to_string(ranks) + " rank(s) read " + std::to_string(seen.size()) +
                                                    " lines, the text has " + std::to_string(expected.size()));
    for (std::size_t i = 0; i < seen.size(); ++i) {
      fuzz::check(seen[i].text == expected[i].text && seen[i].offset == expected[i].offset,
                  "line " + std::to_string(i) + " differs on " + std::to_string(ranks) + " rank(s)");
    }
  }
  return 0;
}
