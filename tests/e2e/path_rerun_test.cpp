// Rerunning a path into a folder: the same path resumes, another is refused before anything is
// trained; the point numbers of the console, the folders and path.csv agree; the best point is marked.
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <sstream>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::lines_of;
using dlogit::test::read_text;
using dlogit::test::run_dlogit;

namespace {

std::string path_config(const std::string& dir, const std::string& lambdas) {
  return dlogit::test::write_file(dir, "path.toml",
                                  "[data]\ntrain = \"" + dlogit::test::dataset("a9a.svm") + "\"\ntest = \"" +
                                      dlogit::test::dataset("a9a.t.svm") +
                                      "\"\n[regularization]\npenalty = \"l1\"\nlambda = " + lambdas +
                                      "\n[optimizer]\nmax_iter = 30\n[output]\ndir = \"" + dir + "/out\"\n");
}


}  // namespace

TEST_CASE("a path rerun into a folder holding another path is refused, its own path resumes") {
  const std::string dir = dlogit::test::temp_dir("e2e-path-rerun");
  const auto first = run_dlogit(2, "train " + path_config(dir, "[100.0, 10.0, 1.0]"), 300);
  INFO(first.out);
  REQUIRE(first.exit_code == 0);
  const std::string csv_before = read_text(dir + "/out/path.csv");

  // Console, folders and path.csv number the points alike: 0, 1, 2.
  const std::regex console_line("path point ([0-9]+) \\(points 0-2\\): lambda .* -> .*/path/([0-9]{3})-lambda-.*");
  int seen = 0;
  for (const std::string& line : lines_of(first.out)) {
    std::smatch match;
    if (!std::regex_match(line, match, console_line)) continue;
    CHECK(std::stoi(match[1]) == seen);
    CHECK(std::stoi(match[2]) == seen);
    ++seen;
  }
  CHECK(seen == 3);
  const auto csv_lines = lines_of(csv_before);
  REQUIRE(csv_lines.size() == 4);
  for (int i = 0; i < 3; ++i) {
    CHECK(csv_lines[static_cast<std::size_t>(i) + 1].rfind(std::to_string(i) + ",", 0) == 0);
    CHECK(csv_lines[static_cast<std::size_t>(i) + 1].find(",path/00" + std::to_string(i) + "-lambda-") != std::string::npos);
  }
  // Exactly one point is the best by test log-loss, and the summary says which.
  CHECK_THAT(csv_lines[0], Catch::EndsWith(",folder,best"));
  int best = 0;
  for (int i = 1; i <= 3; ++i) best += csv_lines[static_cast<std::size_t>(i)].back() == '1' ? 1 : 0;
  CHECK(best == 1);
  CHECK_THAT(first.out, Catch::Contains("best by test log-loss: point "));

  // Another count, then another range: refused before training, nothing of the first path touched.
  for (const std::string other : {"[100.0, 10.0, 1.0, 0.1]", "[100.0, 10.0, 2.0]"}) {
    const auto refused = run_dlogit(2, "train " + path_config(dir, other), 120);
    INFO(other << "\n" << refused.out);
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.out, Catch::Contains("output.dir " + dir + "/out holds another regularization path"));
    CHECK_THAT(refused.out, Catch::Contains("3 lambdas from 1.000000e+02 to 1.000000e+00"));
    CHECK_THAT(refused.out, !Catch::Contains("path point"));
    CHECK(read_text(dir + "/out/path.csv") == csv_before);
  }
  CHECK_FALSE(std::filesystem::exists(dir + "/out/path/003-lambda-1.000000e-01"));

  // The same path again: resumed, same table.
  const auto again = run_dlogit(2, "train " + path_config(dir, "[100.0, 10.0, 1.0]"), 300);
  INFO(again.out);
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("resuming from"));
}
