#include "data/line_source.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "data/byte_range.hpp"
#include "data_test_support.hpp"

using namespace dlogit::data;

namespace {

struct Seen {
  std::string text;
  std::size_t file;
  std::uint64_t offset;
};

std::vector<Seen> read_rank(const InputSet& inputs, int rank, int ranks, std::size_t block) {
  LineSource source(inputs, shard_range(inputs.total_size, rank, ranks), block);
  std::vector<Seen> seen;
  Line line;
  while (source.next(line)) seen.push_back({std::string(line.text), line.file, line.offset});
  return seen;
}

std::vector<Seen> read_all_ranks(const InputSet& inputs, int ranks, std::size_t block) {
  std::vector<Seen> all;
  for (int rank = 0; rank < ranks; ++rank) {
    for (auto& line : read_rank(inputs, rank, ranks, block)) all.push_back(line);
  }
  return all;
}

std::vector<std::string> texts(const std::vector<Seen>& lines) {
  std::vector<std::string> out;
  for (const auto& line : lines) out.push_back(line.text);
  return out;
}

}  // namespace

TEST_CASE("every rank's lines together are every line once, in order", "[data][line_source]") {
  struct Case {
    const char* name;
    std::vector<std::string> parts;
    std::vector<std::string> lines;
  };
  const std::vector<Case> cases = {
      {"trailing newline", {"a1\nbb2\nccc3\n"}, {"a1", "bb2", "ccc3"}},
      {"no trailing newline", {"a1\nbb2\nccc3"}, {"a1", "bb2", "ccc3"}},
      {"crlf", {"a1\r\nbb2\r\nccc3\r\n"}, {"a1", "bb2", "ccc3"}},
      {"crlf without final newline", {"a1\r\nbb2\r\nccc3"}, {"a1", "bb2", "ccc3"}},
      {"blank lines", {"\n\na1\n\nbb2\n\n"}, {"", "", "a1", "", "bb2", ""}},
      {"single line", {"x"}, {"x"}},
      {"long line", {"short\n" + std::string(100, 'L') + "\nend\n"}, {"short", std::string(100, 'L'), "end"}},
      {"parts end lines", {"a1\nb2", "c3\nd4\n", "", "e5"}, {"a1", "b2", "c3", "d4", "e5"}},
      {"parts with empty first", {"", "a1\n", "\n", "b2\r\n"}, {"a1", "", "b2"}},
  };
  for (const auto& test : cases) {
    const InputSet inputs = dlogit::test::write_parts("lines", test.parts);
    for (std::size_t block : {std::size_t{16}, std::size_t{4096}}) {
      for (int ranks = 1; ranks <= 8; ++ranks) {
        INFO(test.name << ", " << ranks << " ranks, block " << block);
        CHECK(texts(read_all_ranks(inputs, ranks, block)) == test.lines);
      }
    }
  }
}

TEST_CASE("a line belongs to the rank whose range holds its first byte", "[data][line_source]") {
  // Lines start at bytes 0, 4, 8; with 3 ranks over 12 bytes the ranges are [0,4) [4,8) [8,12).
  const InputSet inputs = dlogit::test::write_single("owner", "f.txt", "aaa\nbbb\nccc\n");
  CHECK(texts(read_rank(inputs, 0, 3, 16)) == std::vector<std::string>{"aaa"});
  CHECK(texts(read_rank(inputs, 1, 3, 16)) == std::vector<std::string>{"bbb"});
  CHECK(texts(read_rank(inputs, 2, 3, 16)) == std::vector<std::string>{"ccc"});
  // 4 ranks over 12 bytes: [0,3) [3,6) [6,9) [9,12). Rank 1's range starts at the '\n' ending
  // line 1 and holds byte 4, so it owns "bbb"; rank 2 owns "ccc" (byte 8); rank 3 starts mid-line.
  CHECK(texts(read_rank(inputs, 0, 4, 16)) == std::vector<std::string>{"aaa"});
  CHECK(texts(read_rank(inputs, 1, 4, 16)) == std::vector<std::string>{"bbb"});
  CHECK(texts(read_rank(inputs, 2, 4, 16)) == std::vector<std::string>{"ccc"});
  CHECK(read_rank(inputs, 3, 4, 16).empty());
}

TEST_CASE("lines report their file and byte offset", "[data][line_source]") {
  const InputSet inputs = dlogit::test::write_parts("offsets", {"ab\ncd\n", "\xEF\xBB\xBFx\r\ny"});
  const auto lines = read_all_ranks(inputs, 1, 16);
  REQUIRE(lines.size() == 4);
  CHECK(lines[1].file == 0);
  CHECK(lines[1].offset == 3);
  CHECK(lines[2].text == "x");  // byte order mark dropped
  CHECK(lines[2].file == 1);
  CHECK(lines[2].offset == 0);
  CHECK(lines[3].offset == 6);
}

TEST_CASE("resolve_inputs sorts glob matches and reports missing files", "[data][line_source]") {
  const std::string dir = dlogit::test::temp_dir("glob");
  dlogit::test::write_file(dir, "part-10", "c\n");
  dlogit::test::write_file(dir, "part-02", "b\n");
  dlogit::test::write_file(dir, "part-01", "a\n");
  const InputSet inputs = resolve_inputs(dir + "/part-*");
  REQUIRE(inputs.files.size() == 3);
  CHECK(inputs.files[0].path == dir + "/part-01");
  CHECK(inputs.files[2].path == dir + "/part-10");
  CHECK(inputs.files[2].offset == 4);
  CHECK(inputs.total_size == 6);

  CHECK_THROWS_WITH(resolve_inputs(dir + "/nothing-*"), Catch::Contains("no data files match") &&
                                                            Catch::Contains("nothing-*"));
  CHECK_THROWS_AS(resolve_inputs(dir + "/missing.svm"), dlogit::InputError);
  CHECK_THROWS_WITH(resolve_inputs(dir + "/missing.svm"), Catch::Contains("missing.svm") && Catch::Contains("not found"));
  CHECK_THROWS_WITH(resolve_inputs(dir), Catch::Contains("not a regular file"));
}
