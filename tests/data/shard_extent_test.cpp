#include "data/shard_extent.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "data/libsvm_parser.hpp"
#include "data_test_support.hpp"

using namespace dlogit::data;

TEST_CASE("shard extents bound the rows and nonzeros each rank parses, for any split", "[data][extent]") {
  std::string text;
  for (int i = 0; i < 60; ++i) {
    text += (i % 3 == 0 ? "1" : "-1");
    for (int j = 1; j <= i % 7; ++j) text += " " + std::to_string(j * 3) + ":" + std::to_string(i);
    text += (i % 5 == 0) ? "\r\n" : "\n";
  }
  text += "1 1:5 2:7";  // no final newline
  const InputSet whole = dlogit::test::write_single("extent", "d.svm", text);
  const std::size_t cut = text.find('\n', 200);
  const InputSet parts = dlogit::test::write_parts("extent-parts", {text.substr(0, cut), text.substr(cut + 1)});
  for (const InputSet* inputs : {&whole, &parts}) {
    for (int ranks = 1; ranks <= 9; ++ranks) {
      std::size_t lines = 0;
      for (int rank = 0; rank < ranks; ++rank) {
        const ByteRange range = shard_range(inputs->total_size, rank, ranks);
        const ShardExtent extent = measure_shard(*inputs, range, ':');
        const SparseShard shard = read_libsvm_shard(*inputs, range, {});
        INFO(ranks << " ranks, rank " << rank << ", " << inputs->files.size() << " files");
        CHECK(extent.lines >= static_cast<std::size_t>(shard.rows()));
        CHECK(extent.separators >= static_cast<std::size_t>(shard.nonzeros()));
        // An upper bound, but a tight one: at most the partial first line and one line per file more.
        CHECK(extent.lines <= static_cast<std::size_t>(shard.rows()) + 1 + inputs->files.size());
        lines += extent.lines;
      }
      CHECK(lines >= 61);
    }
  }
}
