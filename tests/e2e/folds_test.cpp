// `dlogit folds` on a9a under mpirun: the same file on 1, 2 and 3 ranks, the pure fold functions of
// data/folds.hpp line for line, stratified balance; and the refusals around [cv].
#include "data/folds.hpp"

#include <catch2/catch.hpp>
#include <array>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::lines_of;
using dlogit::test::read_text;
using dlogit::test::run_dlogit;

namespace {


std::string a9a_config(const std::string& dir, const std::string& train, const std::string& cv) {
  return dlogit::test::write_file(dir, "folds.toml",
                                  "[data]\ntrain = \"" + train + "\"\n[output]\ndir = \"" + dir + "/out\"\n[cv]\n" + cv);
}

// The file's folds (1-based), checked to be integers in 1..k.
std::vector<int> folds_in(const std::string& path, int k) {
  std::vector<int> folds;
  for (const std::string& line : lines_of(read_text(path))) {
    const int fold = std::stoi(line);
    REQUIRE(std::to_string(fold) == line);
    REQUIRE(fold >= 1);
    REQUIRE(fold <= k);
    folds.push_back(fold);
  }
  return folds;
}

// a9a's labels in file order, as 0/1 targets (+1 is the positive label).
std::vector<int> a9a_targets() {
  std::vector<int> targets;
  for (const std::string& line : lines_of(read_text(dlogit::test::dataset("a9a.svm"))))
    targets.push_back(line.compare(0, 2, "+1") == 0 ? 1 : 0);
  return targets;
}

}  // namespace

TEST_CASE("dlogit folds writes the same folds on 1, 2 and 3 ranks, as the fold functions define them") {
  const std::string dir = dlogit::test::temp_dir("e2e-folds");
  const std::vector<int> targets = a9a_targets();
  REQUIRE(targets.size() == 32561);
  for (const bool stratified : {true, false}) {
    const std::string config = a9a_config(dir, dlogit::test::dataset("a9a.svm"),
                                          std::string("folds = 5\nseed = 3\nstratified = ") +
                                              (stratified ? "true" : "false") + "\n");
    for (const int ranks : {1, 2, 3}) {
      const auto outcome =
          run_dlogit(ranks, "folds " + config + " --output " + dir + "/folds" + std::to_string(ranks) + ".txt");
      INFO(outcome.out);
      REQUIRE(outcome.exit_code == 0);
      CHECK_THAT(outcome.out, Catch::Contains("32561 training rows"));
      CHECK_THAT(outcome.out, Catch::Contains(stratified ? "stratified by label" : "unstratified"));
    }
    INFO("stratified " << stratified);
    CHECK(dlogit::test::same_bytes(dir + "/folds1.txt", dir + "/folds2.txt"));
    CHECK(dlogit::test::same_bytes(dir + "/folds1.txt", dir + "/folds3.txt"));
    const std::vector<int> folds = folds_in(dir + "/folds3.txt", 5);
    REQUIRE(folds.size() == targets.size());
    std::array<std::int64_t, 2> seen{0, 0};
    std::map<int, std::array<int, 2>> counts;
    for (std::size_t i = 0; i < folds.size(); ++i) {
      const int target = targets[i];
      const int expected = stratified ? dlogit::data::fold_of_class_row(3, target, seen[static_cast<std::size_t>(target)]++, 5)
                                      : dlogit::data::fold_of_row(3, static_cast<std::int64_t>(i), 5);
      INFO("row " << i);
      REQUIRE(folds[i] == expected + 1);
      ++counts[folds[i]][static_cast<std::size_t>(target)];
    }
    // a9a: 24720 rows of label -1 (5 x 4944) and 7841 of +1 (5 x 1568 + 1).
    if (stratified) {
      for (const auto& [fold, count] : counts) {
        CHECK(count[0] == 4944);
        CHECK((count[1] == 1568 || count[1] == 1569));
      }
    }
  }
}

TEST_CASE("dlogit folds gives a glob of part files the folds of the one file they split") {
  const std::string dir = dlogit::test::temp_dir("e2e-folds-parts");
  const std::vector<std::string> lines = lines_of(read_text(dlogit::test::dataset("a9a.svm")));
  const std::array<std::size_t, 4> cuts{0, 10000, 22345, lines.size()};
  std::filesystem::create_directories(dir + "/parts");
  for (std::size_t p = 0; p + 1 < cuts.size(); ++p) {
    std::string text;
    for (std::size_t i = cuts[p]; i < cuts[p + 1]; ++i) text += lines[i] + "\n";
    dlogit::test::write_file(dir + "/parts", "part-" + std::to_string(p), text);
  }
  const std::string whole = a9a_config(dir, dlogit::test::dataset("a9a.svm"), "folds = 4\n");
  REQUIRE(run_dlogit(1, "folds " + whole + " --output " + dir + "/whole.txt").exit_code == 0);
  const auto outcome = run_dlogit(2, "folds " + whole + " --set data.train=" + dir + "/parts/part-* --output " + dir +
                                         "/parts.txt");
  INFO(outcome.out);
  REQUIRE(outcome.exit_code == 0);
  CHECK(dlogit::test::same_bytes(dir + "/whole.txt", dir + "/parts.txt"));
}

TEST_CASE("dlogit folds without cv.folds, or with more folds than rows, says what to set") {
  const std::string dir = dlogit::test::temp_dir("e2e-folds-refused");
  const std::string config = a9a_config(dir, dlogit::test::dataset("a9a.svm"), "metric = \"auc\"\n");
  auto outcome = run_dlogit(2, "folds " + config + " --output " + dir + "/f.txt");
  CHECK(outcome.exit_code == 1);
  CHECK_THAT(outcome.out, Catch::Contains("dlogit folds needs 'cv.folds'"));
  outcome = run_dlogit(2, "folds " + config + " --set cv.folds=40000 --output " + dir + "/f.txt");
  CHECK(outcome.exit_code == 1);
  CHECK_THAT(outcome.out, Catch::Contains("--set cv.folds: 'cv.folds' = 40000 exceeds the 32561 training rows"));
  outcome = run_dlogit(1, "folds " + config + " --set cv.folds=1 --output " + dir + "/f.txt");
  CHECK(outcome.exit_code == 1);
  CHECK_THAT(outcome.out, Catch::Contains("'cv.folds' must be >= 2, got 1"));
  // The output must not be the training data.
  outcome = run_dlogit(1, "folds " + config + " --set cv.folds=2 --output " + dlogit::test::dataset("a9a.svm"));
  CHECK(outcome.exit_code == 1);
  CHECK_THAT(outcome.out, Catch::Contains("is the input file"));
  const auto help = run_dlogit(1, "folds --help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("--output") && Catch::Contains("same on any rank count"));
}
