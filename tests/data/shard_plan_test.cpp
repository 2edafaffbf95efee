#include "data/shard_plan.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "data/line_source.hpp"
#include "data_test_support.hpp"
#include "support/compress.hpp"

using namespace dlogit::data;
using dlogit::test::compress_bytes;

namespace {

InputSet sized(const std::vector<std::uint64_t>& sizes, bool compressed = true) {
  InputSet inputs;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    inputs.files.push_back({"part-" + std::to_string(i), inputs.total_size, sizes[i],
                            compressed ? Compression::gzip : Compression::none});
    inputs.total_size += sizes[i];
  }
  return inputs;
}

std::string numbered_lines(int first, int count) {
  std::string text;
  for (int i = first; i < first + count; ++i) text += std::to_string(i % 2 ? 1 : -1) + " " + std::to_string(i + 1) + ":1\n";
  return text;
}

// The lines every rank reads, in rank order, after each rank planned its own shard from a fresh InputSet.
std::vector<std::string> lines_of_all_ranks(const std::string& pattern, int ranks, std::vector<std::size_t>* per_rank) {
  std::vector<std::string> all;
  for (int rank = 0; rank < ranks; ++rank) {
    InputSet inputs = resolve_inputs(pattern);
    const ByteRange range = plan_shard(inputs, rank, ranks);
    LineSource source(inputs, range, 64);
    Line line;
    std::size_t count = 0;
    while (source.next(line)) {
      all.emplace_back(line.text);
      ++count;
    }
    if (per_rank) per_rank->push_back(count);
  }
  return all;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t stop = text.find('\n', start);
    lines.push_back(text.substr(start, stop - start));
    start = stop + 1;
  }
  return lines;
}

}  // namespace

TEST_CASE("plain input splits by bytes, compressed by whole files or, with fewer files than ranks, by its text",
          "[data][shard_plan]") {
  CHECK(choose_split(sized({10, 10}, false), 3) == Split::bytes);
  CHECK(choose_split(sized({10, 10, 10}), 3) == Split::whole_files);
  CHECK(choose_split(sized({10, 10, 10}), 2) == Split::whole_files);
  CHECK(choose_split(sized({10, 10}), 3) == Split::decompressed_bytes);
  InputSet mixed = sized({10, 10}, false);
  mixed.files[1].compression = Compression::xz;
  CHECK(choose_split(mixed, 2) == Split::whole_files);
  CHECK(choose_split(mixed, 3) == Split::decompressed_bytes);
}

TEST_CASE("whole files go to ranks in contiguous runs balanced by size, at least one each", "[data][shard_plan]") {
  using Starts = std::vector<std::size_t>;
  CHECK(whole_file_starts(sized({10, 10, 10, 10}), 1) == Starts{0, 4});
  CHECK(whole_file_starts(sized({10, 10, 10, 10}), 2) == Starts{0, 2, 4});
  CHECK(whole_file_starts(sized({10, 10, 10, 10}), 4) == Starts{0, 1, 2, 3, 4});
  CHECK(whole_file_starts(sized({100, 1, 1, 1}), 2) == Starts{0, 1, 4});
  CHECK(whole_file_starts(sized({1, 1, 1, 100}), 2) == Starts{0, 3, 4});
  CHECK(whole_file_starts(sized({100, 1, 1, 1}), 4) == Starts{0, 1, 2, 3, 4});
  CHECK(whole_file_starts(sized({0, 0, 0}), 3) == Starts{0, 1, 2, 3});
  CHECK(whole_file_starts(sized({30, 10, 10, 10, 30, 10}), 3) == Starts{0, 1, 4, 6});
}

TEST_CASE("every line once, in order, on 1 to 4 ranks: parts, a single file, mixed plain and compressed",
          "[data][shard_plan]") {
  const std::string text = numbered_lines(0, 120);
  const std::vector<std::string> expected = split_lines(text);
  const std::string third = numbered_lines(0, 40), second = numbered_lines(40, 50), last = numbered_lines(90, 30);
  REQUIRE(third + second + last == text);

  const std::string dir = dlogit::test::temp_dir("plan");
  dlogit::test::write_file(dir, "single.svm", compress_bytes(Compression::xz, text));
  dlogit::test::write_file(dir, "part-0", compress_bytes(Compression::gzip, third));
  dlogit::test::write_file(dir, "part-1", compress_bytes(Compression::bzip2, second));
  dlogit::test::write_file(dir, "part-2", compress_bytes(Compression::xz, last));
  dlogit::test::write_file(dir, "mix-0", third + second);
  dlogit::test::write_file(dir, "mix-1", compress_bytes(Compression::gzip, last));

  for (const std::string pattern : {"single.svm", "part-*", "mix-*"}) {
    for (int ranks = 1; ranks <= 4; ++ranks) {
      INFO(pattern << " on " << ranks << " ranks");
      std::vector<std::size_t> per_rank;
      CHECK(lines_of_all_ranks(dir + "/" + pattern, ranks, &per_rank) == expected);
      // The text of a single file is shared by bytes, so every rank gets lines.
      if (pattern == std::string("single.svm")) {
        for (const std::size_t count : per_rank) CHECK(count > 0);
      }
    }
  }
}

TEST_CASE("measure_decompressed gives the text's sizes and offsets", "[data][shard_plan]") {
  const std::string dir = dlogit::test::temp_dir("measure");
  dlogit::test::write_file(dir, "a", "plain text\n");
  dlogit::test::write_file(dir, "b", compress_bytes(Compression::bzip2, std::string(5000, 'x')));
  InputSet inputs = resolve_inputs(dir + "/*");
  measure_decompressed(inputs);
  REQUIRE(inputs.files.size() == 2);
  CHECK(inputs.files[0].size == 11);
  CHECK(inputs.files[1].offset == 11);
  CHECK(inputs.files[1].size == 5000);
  CHECK(inputs.total_size == 5011);
}
