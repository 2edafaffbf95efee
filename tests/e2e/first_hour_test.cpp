// What a new user meets in the first hour: messages and defaults of `dlogit train` (issue 13).
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <string>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using Catch::Matchers::Contains;
using dlogit::test::run_dlogit;

namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

std::size_t iteration_lines(const std::string& out) {
  const std::regex line("(^|\n)iter +[0-9]+ ");
  return static_cast<std::size_t>(std::distance(std::sregex_iterator(out.begin(), out.end(), line), std::sregex_iterator()));
}

}  // namespace

TEST_CASE("a relative data path that is missing names the config line and the path it resolved to, once") {
  const std::string dir = dlogit::test::temp_dir("e2e-missing-path");
  const std::string config = dlogit::test::write_file(
      dir, "c.toml", "[data]\ntrain = \"no-such-folder/a9a.svm\"\n[output]\ndir = \"" + dir + "/out\"\n");
  for (int ranks : {1, 2}) {
    const auto outcome = run_dlogit(ranks, "train " + config);
    INFO(outcome.out);
    CHECK(outcome.exit_code == 1);
    CHECK_THAT(outcome.out, Contains(config + ":2: 'data.train'") && Contains("'no-such-folder/a9a.svm' not found"));
    const std::string resolved = (std::filesystem::current_path() / "no-such-folder/a9a.svm").string();
    CHECK_THAT(outcome.out, Contains("relative to the working directory") && Contains(resolved));
    CHECK(count_of(outcome.out, "not found") == 1);
  }
  const auto outcome = run_dlogit(1, "train " + config + " --set data.test=" + dir + "/absent.svm --set data.train=" +
                                         dlogit::test::dataset("a9a.svm"));
  CHECK_THAT(outcome.out, Contains("--set data.test") && Contains("absent.svm' not found"));
}

TEST_CASE("train --set takes one value so the config may follow it, and train --ranks points to launch/train") {
  const std::string dir = dlogit::test::temp_dir("e2e-set-order");
  const std::string config = dlogit::test::write_file(
      dir, "c.toml", "[data]\ntrain = \"" + dlogit::test::dataset("a9a.svm") + "\"\n[output]\ndir = \"" + dir + "/out\"\n");
  auto outcome = run_dlogit(1, "train --set optimizer.max_iter=2 --set optimizer.tol=0 " + config + " --quiet");
  INFO(outcome.out);
  CHECK(outcome.exit_code == 0);
  CHECK_THAT(outcome.out, Contains("stopped after 2 iterations (max_iter)"));
  outcome = run_dlogit(1, "train --ranks 4 " + config);
  CHECK(outcome.exit_code == 1);
  CHECK_THAT(outcome.out, Contains("launch/train CONFIG --ranks 4") && Contains("mpirun -n 4"));
}

TEST_CASE("the summary does not repeat 'converged', and result.json shows l1_ratio for elastic net only") {
  const std::string dir = dlogit::test::temp_dir("e2e-summary");
  const std::string data = "[data]\ntrain = \"" + dlogit::test::dataset("a9a.svm") + "\"\n";
  const std::string l2 = dlogit::test::write_file(dir, "l2.toml", data + "[output]\ndir = \"" + dir + "/l2\"\n");
  auto outcome = run_dlogit(1, "train " + l2 + " --quiet");
  INFO(outcome.out);
  REQUIRE(outcome.exit_code == 0);
  CHECK(std::regex_search(outcome.out, std::regex("converged after [0-9]+ iterations: objective")));
  CHECK_THAT(dlogit::test::read_text(dir + "/l2/result.json"), !Contains("l1_ratio"));
  const std::string net = dlogit::test::write_file(
      dir, "net.toml",
      data + "[regularization]\npenalty = \"elasticnet\"\nl1_ratio = 0.25\n[output]\ndir = \"" + dir + "/net\"\n");
  outcome = run_dlogit(1, "train " + net + " --quiet");
  REQUIRE(outcome.exit_code == 0);
  CHECK(dlogit::test::json_number(dir + "/net/result.json", "l1_ratio") == 0.25);
}

TEST_CASE("iteration lines are bounded by default, with --log-every N and the last iteration line") {
  const std::string dir = dlogit::test::temp_dir("e2e-log-every");
  const std::string config = dlogit::test::write_file(
      dir, "c.toml",
      "[data]\ntrain = \"" + dlogit::test::dataset("a9a.t.svm") +
          "\"\n[optimizer]\nmethod = \"gd\"\nmax_iter = 200\ntol = 0\n[checkpoint]\nevery = 0\n");
  // 200 fast iterations (well under a second each): the first lines, a few more, and the last.
  auto outcome = run_dlogit(1, "train " + config + " --set output.dir=" + dir + "/default");
  INFO(outcome.out);
  REQUIRE(outcome.exit_code == 0);
  CHECK(iteration_lines(outcome.out) >= 11);
  CHECK(iteration_lines(outcome.out) < 40);
  CHECK(std::regex_search(outcome.out, std::regex("\niter +200 ")));
  outcome = run_dlogit(1, "train " + config + " --log-every 50 --set output.dir=" + dir + "/every50");
  REQUIRE(outcome.exit_code == 0);
  // iteration 0 (the start) and 1, then 50, 100, 150, 200
  CHECK(iteration_lines(outcome.out) == 6);
  CHECK(std::regex_search(outcome.out, std::regex("\niter +150 ")));
  outcome = run_dlogit(1, "train " + config + " --log-every 0 --set output.dir=" + dir + "/zero");
  CHECK(outcome.exit_code != 0);
}
