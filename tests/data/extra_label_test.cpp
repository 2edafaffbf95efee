// A label that only the ranks together see as a third one (or as not one of a model's) is reported
// with the file and line where it first occurs, on any rank count.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "data/dataset_loader.hpp"
#include "data_test_support.hpp"

using namespace dlogit::data;

namespace {

struct Verdict {
  std::vector<std::string> input_errors;
  int agreed = 0;
  int other = 0;
};

Verdict load_on(int ranks, const LoadOptions& options) {
  Verdict verdict;
  std::vector<int> calls;
  const auto errors = dlogit::test::run_ranks(
      ranks, [&](int, dlogit::comm::Communicator& comm) { load_dataset(options, comm); }, &calls);
  for (const auto& error : errors) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const dlogit::InputError& e) {
      verdict.input_errors.push_back(e.what());
    } catch (const dlogit::AgreedFailure& e) {
      CHECK(e.reported_elsewhere());
      ++verdict.agreed;
    } catch (...) {
      ++verdict.other;
    }
  }
  CHECK(calls == std::vector<int>(static_cast<std::size_t>(ranks), calls[0]));
  return verdict;
}

// 60 lines of 1 and -1, then 100 of 1, the third label on line 161 and one more line: on 2 or 3 ranks
// the last rank's shard alone has only the labels 1 and `third`.
std::string late_third_label(const std::string& row_of_one, const std::string& row_of_minus_one,
                             const std::string& row_of_third) {
  std::string text;
  for (int i = 0; i < 30; ++i) text += row_of_one + row_of_minus_one;
  for (int i = 0; i < 100; ++i) text += row_of_one;
  return text + row_of_third + row_of_one;
}

}  // namespace

TEST_CASE("ranks as threads: a third label in the last rank's shard is named with its line on 1-3 ranks",
          "[data][loader][ranks][labels]") {
  const std::string dir = dlogit::test::temp_dir("late-third");
  LoadOptions libsvm;
  libsvm.path = dlogit::test::write_file(dir, "late.svm", late_third_label("1 1:1\n", "-1 2:1\n", "2 1:1\n"));
  LoadOptions csv;
  csv.path = dlogit::test::write_file(dir, "late.csv", late_third_label("1,0.5\n", "-1,0.5\n", "2,0.5\n"));
  csv.format = Format::csv;
  csv.csv_header = false;
  for (const auto* options : {&libsvm, &csv}) {
    for (int ranks = 1; ranks <= 3; ++ranks) {
      INFO(options->path << " on " << ranks << " ranks");
      const Verdict verdict = load_on(ranks, *options);
      REQUIRE(verdict.input_errors.size() == 1);
      CHECK_THAT(verdict.input_errors[0],
                 Catch::Contains(options->path + ":161: third label '2'") && Catch::Contains("1 and -1"));
      CHECK(verdict.agreed == ranks - 1);
      CHECK(verdict.other == 0);
    }
  }
}

TEST_CASE("ranks as threads: the first third label is named, not a later one a rank stopped at",
          "[data][loader][ranks][labels]") {
  // The last rank (of 2 or 3) sees -1, 2 (line 161) and 3 (line 162), where it stops: 2 is the data's
  // third label, which that rank alone does not know.
  std::string text;
  for (int i = 0; i < 30; ++i) text += "1 1:1\n-1 1:1\n";
  for (int i = 0; i < 100; ++i) text += "-1 1:1\n";
  text += "2 1:1\n3 1:1\n";
  for (int i = 0; i < 10; ++i) text += "-1 1:1\n";
  LoadOptions options;
  options.path = dlogit::test::write_file(dlogit::test::temp_dir("first-third"), "two-more.svm", text);
  for (int ranks = 1; ranks <= 3; ++ranks) {
    INFO(ranks << " ranks");
    const Verdict verdict = load_on(ranks, options);
    REQUIRE(verdict.input_errors.size() == 1);
    CHECK_THAT(verdict.input_errors[0], Catch::Contains("two-more.svm:161: third label '2'"));
  }
}

TEST_CASE("ranks as threads: a label not of the model's is named with its line on 1-3 ranks",
          "[data][loader][ranks][labels]") {
  LoadOptions options;
  options.path = dlogit::test::write_file(dlogit::test::temp_dir("foreign-late"), "foreign.svm",
                                          late_third_label("1 1:1\n", "-1 2:1\n", "0 1:1\n"));
  options.known_labels = LabelMapping{-1, 1};
  for (int ranks = 1; ranks <= 3; ++ranks) {
    INFO(ranks << " ranks");
    const Verdict verdict = load_on(ranks, options);
    REQUIRE(verdict.input_errors.size() == 1);
    CHECK_THAT(verdict.input_errors[0],
               Catch::Contains("foreign.svm:161: label 0 is not one of the model's labels (-1, 1)"));
    CHECK(verdict.agreed == ranks - 1);
  }
}
