// libFuzzer target: LineSource (the byte-range line reader under both parsers).
// For one file and three part files, block sizes from the minimum up to the default, and 1..3 ranks,
// the lines of all ranks in rank order must be exactly the file's lines (text, file, offset), once each.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/line_source.hpp"
#include "fuzz_support.hpp"

using namespace dlogit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  for (const bool parts : {false, true}) {
    const fuzz::Layout layout = fuzz::write_layout(data, size, parts);
    const data::InputSet inputs = data::resolve_inputs(layout.pattern);
    if (fuzz::any_compressed(inputs)) continue;
    const std::vector<fuzz::RefLine> expected = fuzz::reference_lines(layout.contents);
    for (const std::size_t block : {std::size_t{1}, std::size_t{17}, std::size_t{64}, data::LineSource::default_block_size}) {
      for (int ranks = 1; ranks <= 3; ++ranks) {
        std::size_t seen = 0;
        for (int rank = 0; rank < ranks; ++rank) {
          data::LineSource source(inputs, data::shard_range(inputs.total_size, rank, ranks), block);
          data::Line line;
          while (source.next(line)) {
            const std::string where = fuzz::describe(inputs) + ", block " + std::to_string(block) + ", rank " +
                                      std::to_string(rank) + " of " + std::to_string(ranks) + ", line " +
                                      std::to_string(seen);
            fuzz::check(seen < expected.size(), "more lines than the input has: " + where);
            const fuzz::RefLine& want = expected[seen];
            fuzz::check(line.file == want.file && line.offset == want.offset,
                        "line at file " + std::to_string(line.file) + " offset " + std::to_string(line.offset) +
                            ", expected file " + std::to_string(want.file) + " offset " + std::to_string(want.offset) +
                            ": " + where);
            fuzz::check(line.text == want.text, "wrong text of the line at offset " + std::to_string(want.offset) +
                                                    ": " + where);
            ++seen;
          }
        }
        fuzz::check(seen == expected.size(), "ranks read " + std::to_string(seen) + " lines, the input has " +
                                                 std::to_string(expected.size()) + ": " + fuzz::describe(inputs) +
                                                 ", block " + std::to_string(block) + ", " + std::to_string(ranks) +
                                                 " ranks");
      }
    }
  }
  return 0;
}
