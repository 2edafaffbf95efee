// A third label that only the ranks together see: named with its file and line on 1, 2 and 3 ranks.
#include <catch2/catch.hpp>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::run_dlogit;

TEST_CASE("a third label in the last rank's shard is reported with its file and line on 1-3 ranks") {
  const std::string dir = dlogit::test::temp_dir("e2e-third-label");
  // Lines 1-60 hold 1 and -1, 61-160 only 1, line 161 the label 2: on 2 or 3 ranks the last rank's shard
  // alone has two labels (1 and 2), so before, no rank could name the line.
  std::string text;
  for (int i = 0; i < 30; ++i) text += "1 1:1\n-1 2:1\n";
  for (int i = 0; i < 100; ++i) text += "1 1:1\n";
  text += "2 1:1\n1 2:1\n";
  const std::string data = dlogit::test::write_file(dir, "late.svm", text);
  const std::string config = dlogit::test::write_file(dir, "late.toml", "[data]\ntrain = \"" + data + "\"\n");
  for (int ranks = 1; ranks <= 3; ++ranks) {
    const auto outcome =
        run_dlogit(ranks, "train " + config + " --set output.dir=" + dir + "/out" + std::to_string(ranks), 60);
    INFO(ranks << " ranks:\n" << outcome.out);
    CHECK(outcome.exit_code == 1);
    CHECK_THAT(outcome.out, Catch::Contains(data + ":161: third label '2' (the lines before it have labels 1 and -1"));
    CHECK_THAT(outcome.out, !Catch::Contains("more than two labels"));
  }
}
