// Failures end every rank with a clear message and a non-zero exit; none hangs.
#include <catch2/catch.hpp>
#include <filesystem>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::run_dlogit;

namespace {

std::string many_lines(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += (i % 2 ? "1 1:0.5 3:1\n" : "-1 2:1.5\n");
  return text;
}

}  // namespace

TEST_CASE("a bad line on a middle rank stops all three ranks and names file and line") {
  const std::string dir = dlogit::test::temp_dir("e2e-badline");
  std::string text = many_lines(300);
  // Line 150 sits in rank 1's byte range of three.
  const auto at = [&] {
    std::size_t pos = 0;
    for (int line = 1; line < 150; ++line) pos = text.find('\n', pos) + 1;
    return pos;
  }();
  text.insert(at, "1 4:abc\n");
  const auto data = dlogit::test::write_file(dir, "bad.svm", text);
  const auto config = dlogit::test::write_file(dir, "c.toml", "[data]\ntrain = \"" + data + "\"\n");
  const auto outcome = run_dlogit(3, "train " + config + " --set output.dir=" + dir + "/out", 60);
  INFO(outcome.out);
  CHECK(outcome.exit_code != 0);
  CHECK(outcome.exit_code != 124);  // not the timeout
  CHECK_THAT(outcome.out, Catch::Contains("bad.svm:150"));
  CHECK_THAT(outcome.out, Catch::Contains("abc"));
  CHECK_FALSE(std::filesystem::exists(dir + "/out/model.bin"));
}

TEST_CASE("an unknown config key is an error naming file, line and key, before any data is read") {
  const std::string dir = dlogit::test::temp_dir("e2e-badkey");
  const auto config = dlogit::test::write_file(
      dir, "c.toml", "[data]\ntrain = \"/nonexistent/data.svm\"\n[optimizer]\nmax_iters = 3\n");
  const auto outcome = run_dlogit(2, "train " + config, 60);
  INFO(outcome.out);
  CHECK(outcome.exit_code == 1);
  CHECK_THAT(outcome.out, Catch::Contains("c.toml:4"));
  CHECK_THAT(outcome.out, Catch::Contains("max_iters"));
  CHECK_THAT(outcome.out, !Catch::Contains("nonexistent"));
}

TEST_CASE("a missing data file fails on every rank without a hang") {
  const std::string dir = dlogit::test::temp_dir("e2e-missing");
  const auto config = dlogit::test::write_file(dir, "c.toml", "[data]\ntrain = \"" + dir + "/nothere.svm\"\n");
  const auto outcome = run_dlogit(2, "train " + config + " --set output.dir=" + dir + "/out", 60);
  INFO(outcome.out);
  CHECK(outcome.exit_code == 1);
  CHECK_THAT(outcome.out, Catch::Contains("nothere.svm"));
}

TEST_CASE("more ranks than lines: ranks with empty shards contribute zeros") {
  const std::string dir = dlogit::test::temp_dir("e2e-tiny");
  const auto data = dlogit::test::write_file(dir, "tiny.svm", "1 1:1\n-1 2:1\n");
  const auto config = dlogit::test::write_file(dir, "c.toml", "[data]\ntrain = \"" + data + "\"\n");
  const auto one = run_dlogit(1, "train " + config + " --set output.dir=" + dir + "/one", 60);
  const auto four = run_dlogit(4, "train " + config + " --set output.dir=" + dir + "/four", 60);
  INFO(one.out << four.out);
  REQUIRE(one.exit_code == 0);
  REQUIRE(four.exit_code == 0);
  CHECK(dlogit::test::json_number(dir + "/four/result.json", "rows") == 2);
  CHECK(dlogit::test::json_number(dir + "/four/result.json", "objective") ==
        Approx(dlogit::test::json_number(dir + "/one/result.json", "objective")).epsilon(1e-12));
}

TEST_CASE("an output.dir that cannot be created is a clear error") {
  const std::string dir = dlogit::test::temp_dir("e2e-outdir");
  const auto blocker = dlogit::test::write_file(dir, "file", "x");
  const auto config = dlogit::test::write_file(
      dir, "c.toml", "[data]\ntrain = \"" + dlogit::test::dataset("a9a.svm") + "\"\n[output]\ndir = \"" + blocker + "/sub\"\n");
  const auto outcome = run_dlogit(2, "train " + config, 60);
  INFO(outcome.out);
  CHECK(outcome.exit_code == 1);
  CHECK_THAT(outcome.out, Catch::Contains("output.dir"));
}
