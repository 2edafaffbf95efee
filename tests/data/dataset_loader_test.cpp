#include "data/dataset_loader.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "data_test_support.hpp"

using namespace dlogit::data;
using dlogit::test::dataset;

namespace {

Dataset load(LoadOptions options) {
  dlogit::comm::SerialCommunicator comm;
  return load_dataset(options, comm);
}

LoadOptions libsvm(const std::string& path) {
  LoadOptions options;
  options.path = path;
  return options;
}

LoadOptions csv(const std::string& path) {
  LoadOptions options;
  options.path = path;
  options.format = Format::csv;
  return options;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string load_error(const LoadOptions& options) {
  try {
    load(options);
  } catch (const dlogit::UserError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a9a loads with its documented shape", "[data][loader]") {
  const Dataset data = load(libsvm(dataset("a9a.svm")));
  CHECK(data.is_sparse());
  CHECK(data.local_rows() == 32561);
  CHECK(data.global_rows == 32561);
  CHECK(data.features() == 123);
  CHECK(data.local_nonzeros() == 451592);
  CHECK(data.global_nonzeros == 451592);
  CHECK(data.labels.negative == -1);
  CHECK(data.labels.positive == 1);
  CHECK(data.targets().sum() == 7841);
  CHECK(data.targets()[0] == 0);
  // First row: "-1 3:1 11:1 14:1 ..."
  CHECK(data.coeff(0, 2) == 1.0);
  CHECK(data.coeff(0, 10) == 1.0);
  CHECK(data.coeff(0, 0) == 0.0);
}

TEST_CASE("a9a.t loads with 123 features given", "[data][loader]") {
  LoadOptions options = libsvm(dataset("a9a.t.svm"));
  options.features = 123;
  const Dataset data = load(options);
  CHECK(data.local_rows() == 16281);
  CHECK(data.features() == 123);
  CHECK(data.global_nonzeros == 225732);
  CHECK(data.targets().sum() == 3846);
}

TEST_CASE("w8a.t loads, empty rows included", "[data][loader]") {
  const Dataset data = load(libsvm(dataset("w8a.t.svm")));
  CHECK(data.local_rows() == 14951);
  CHECK(data.features() == 300);
  CHECK(data.global_nonzeros == 174276);
  CHECK(data.targets().sum() == 454);
}

TEST_CASE("covtype20k.csv loads densely from CRLF lines", "[data][loader]") {
  const Dataset data = load(csv(dataset("covtype20k.csv")));
  CHECK_FALSE(data.is_sparse());
  CHECK(data.local_rows() == 20000);
  CHECK(data.global_rows == 20000);
  CHECK(data.features() == 54);
  CHECK(data.labels.negative == 1);
  CHECK(data.labels.positive == 2);
  CHECK(data.targets().sum() == 9814);
  CHECK(data.coeff(0, 0) == Approx(0.409205));
  CHECK(data.coeff(0, 53) == 0.0);
}

TEST_CASE("a glob of part files loads like the single file", "[data][loader]") {
  const std::string text = read_text(dataset("a9a.svm"));
  const std::string dir = dlogit::test::temp_dir("a9a-parts");
  // Split inside lines too: each file end ends a line, so cut at line starts to keep the rows.
  std::size_t start = 0;
  for (int part = 0; part < 5; ++part) {
    std::size_t stop = part == 4 ? text.size() : text.find('\n', text.size() * static_cast<std::size_t>(part + 1) / 5) + 1;
    dlogit::test::write_file(dir, "part-" + std::to_string(part), text.substr(start, stop - start));
    start = stop;
  }
  const Dataset single = load(libsvm(dataset("a9a.svm")));
  const Dataset parts = load(libsvm(dir + "/part-*"));
  CHECK(parts.local_rows() == single.local_rows());
  CHECK(parts.global_nonzeros == single.global_nonzeros);
  CHECK(parts.features() == single.features());
  CHECK(parts.targets() == single.targets());
  CHECK(parts.to_dense_matrix() == single.to_dense_matrix());
}

TEST_CASE("label mappings of the loaded data", "[data][loader]") {
  const std::string dir = dlogit::test::temp_dir("labels");
  const std::string path = dlogit::test::write_file(dir, "l.svm", "2 1:1\n1 2:1\n2 3:1\n");
  const Dataset larger = load(libsvm(path));
  CHECK(larger.labels.positive == 2);
  CHECK(larger.targets() == Eigen::Vector3d(1, 0, 1));

  LoadOptions flipped = libsvm(path);
  flipped.positive_label = 1;
  const Dataset data = load(flipped);
  CHECK(data.labels.positive == 1);
  CHECK(data.labels.negative == 2);
  CHECK(data.targets() == Eigen::Vector3d(0, 1, 0));

  LoadOptions invalid = libsvm(path);
  invalid.positive_label = 3;
  CHECK_THAT(load_error(invalid), Catch::Contains("positive_label 3 is not one of the labels"));

  const std::string zero_one = dlogit::test::write_file(dir, "z.csv", "0,1\n1,2\n");
  CHECK(load(csv(zero_one)).targets() == Eigen::Vector2d(0, 1));
}

TEST_CASE("known labels (a model's) load a one-class file and reject foreign labels", "[data][loader]") {
  const std::string dir = dlogit::test::temp_dir("known-labels");
  LoadOptions one_class = libsvm(dlogit::test::write_file(dir, "one.svm", "-1 1:1\n-1 2:1\n"));
  one_class.known_labels = LabelMapping{-1, 1};
  const Dataset data = load(one_class);
  CHECK(data.labels.positive == 1);
  CHECK(data.targets() == Eigen::Vector2d(0, 0));

  LoadOptions foreign = libsvm(dlogit::test::write_file(dir, "foreign.svm", "0 1:1\n1 2:1\n"));
  foreign.known_labels = LabelMapping{-1, 1};
  CHECK_THAT(load_error(foreign), Catch::Contains("foreign.svm:1: label 0 is not one of the model's labels (-1, 1)"));
}

TEST_CASE("load errors name file and line", "[data][loader]") {
  const std::string dir = dlogit::test::temp_dir("load-errors");
  const auto file = [&](const std::string& name, const std::string& text) { return dlogit::test::write_file(dir, name, text); };

  CHECK_THAT(load_error(libsvm(file("idx.svm", "1 1:1\n-1 2:1\n1 0:1\n"))),
             Catch::Contains("idx.svm:3: bad feature index '0' in \"0:1\" (indices are 1-based)"));
  LoadOptions small = libsvm(file("big.svm", "1 1:1\n-1 200:1\n"));
  small.features = 123;
  CHECK_THAT(load_error(small), Catch::Contains("big.svm:2: feature index 200"));
  CHECK_THAT(load_error(libsvm(file("third.svm", "1 1:1\n-1 2:1\n\n3 1:1\n"))), Catch::Contains("third.svm:4: third label '3'"));
  CHECK_THAT(load_error(libsvm(file("one.svm", "1 1:1\n1 2:1\n"))), Catch::Contains("one.svm") && Catch::Contains("needs two classes"));
  CHECK_THAT(load_error(libsvm(file("empty.svm", ""))), Catch::Contains("empty.svm is empty"));
  CHECK_THAT(load_error(libsvm(file("blank.svm", "\n# only a comment\n\n"))), Catch::Contains("blank.svm has no data rows"));
  CHECK_THAT(load_error(libsvm(dir + "/absent.svm")), Catch::Contains("absent.svm") && Catch::Contains("not found"));
  CHECK_THAT(load_error(libsvm(dir + "/absent-*")), Catch::Contains("no data files match"));

  CHECK_THAT(load_error(csv(file("cols.csv", "1,2,3\r\n0,4,5\r\n\r\n1,6\r\n"))),
             Catch::Contains("cols.csv:4: line has 2 columns but the lines before it have 3"));
  CHECK_THAT(load_error(csv(file("header.csv", "y,a\n1,2,3\n"))),
             Catch::Contains("header.csv:2: line has 3 columns but the lines before it have 2"));
  CHECK_THAT(load_error(csv(file("value.csv", "1,2\n0,x\n"))), Catch::Contains("value.csv:2: bad value 'x' in column 2"));
  CHECK_THAT(load_error(csv(file("only-header.csv", "y,a\n"))), Catch::Contains("only-header.csv has no data rows"));
  LoadOptions too_few = csv(file("wide.csv", "1,2,3\n0,4,5\n"));
  too_few.features = 1;
  CHECK_THAT(load_error(too_few), Catch::Contains("has 2 feature columns"));
}

TEST_CASE("CSV data may be given more features than columns", "[data][loader]") {
  const std::string dir = dlogit::test::temp_dir("csv-pad");
  LoadOptions options = csv(dlogit::test::write_file(dir, "p.csv", "1,2\n0,3\n"));
  options.features = 3;
  const Dataset data = load(options);
  CHECK(data.features() == 3);
  CHECK(data.coeff(1, 0) == 3);
  CHECK(data.coeff(1, 2) == 0);
}

TEST_CASE("ranks as threads: shards add up and agree", "[data][loader][ranks]") {
  const Dataset single = load(libsvm(dataset("a9a.svm")));
  for (int ranks : {2, 3, 8}) {
    std::vector<Dataset> shards(static_cast<std::size_t>(ranks));
    const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
      shards[static_cast<std::size_t>(rank)] = load_dataset(libsvm(dataset("a9a.svm")), comm);
    });
    std::int64_t rows = 0;
    for (int r = 0; r < ranks; ++r) {
      INFO(ranks << " ranks, rank " << r);
      REQUIRE_FALSE(errors[static_cast<std::size_t>(r)]);
      const Dataset& shard = shards[static_cast<std::size_t>(r)];
      CHECK(shard.global_rows == 32561);
      CHECK(shard.global_nonzeros == 451592);
      CHECK(shard.features() == 123);
      CHECK(shard.targets() == single.targets().segment(rows, shard.local_rows()));
      rows += shard.local_rows();
    }
    CHECK(rows == 32561);
  }
}

TEST_CASE("ranks as threads: a rank with an empty shard contributes zeros", "[data][loader][ranks]") {
  const std::string path = dlogit::test::write_file(dlogit::test::temp_dir("tiny"), "t.svm", "1 1:1\n-1 2:1\n");
  std::vector<Dataset> shards(8);
  const auto errors = dlogit::test::run_ranks(8, [&](int rank, dlogit::comm::Communicator& comm) {
    shards[static_cast<std::size_t>(rank)] = load_dataset(libsvm(path), comm);
  });
  std::int64_t rows = 0;
  for (std::size_t r = 0; r < 8; ++r) {
    REQUIRE_FALSE(errors[r]);
    CHECK(shards[r].global_rows == 2);
    CHECK(shards[r].features() == 2);
    rows += shards[r].local_rows();
  }
  CHECK(rows == 2);
}

namespace {

// Which ranks threw InputError (with their messages) and which AgreedFailure.
struct Outcome {
  std::vector<std::string> input_errors;
  int agreed = 0;
  int other = 0;
};

Outcome outcome_of(const std::vector<std::exception_ptr>& errors) {
  Outcome outcome;
  for (const auto& error : errors) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const dlogit::InputError& e) {
      outcome.input_errors.push_back(e.what());
    } catch (const dlogit::AgreedFailure& e) {
      CHECK(e.reported_elsewhere());
      ++outcome.agreed;
    } catch (...) {
      ++outcome.other;
    }
  }
  return outcome;
}

}  // namespace

TEST_CASE("ranks as threads: one bad line fails its rank and ends the others cleanly", "[data][loader][ranks]") {
  std::string text;
  for (int i = 0; i < 100; ++i) text += (i % 2 ? "1 1:1 2:1\n" : "-1 3:1\n");
  text += "1 0:1\n";  // line 101, in the last rank's shard
  for (int i = 0; i < 20; ++i) text += "1 1:1\n";
  const std::string path = dlogit::test::write_file(dlogit::test::temp_dir("bad-rank"), "bad.svm", text);
  std::vector<int> calls;
  const auto errors = dlogit::test::run_ranks(
      4, [&](int, dlogit::comm::Communicator& comm) { load_dataset(libsvm(path), comm); }, &calls);
  const Outcome outcome = outcome_of(errors);
  REQUIRE(outcome.input_errors.size() == 1);
  CHECK_THAT(outcome.input_errors[0], Catch::Contains("bad.svm:101: bad feature index '0'"));
  CHECK(outcome.agreed == 3);
  CHECK(outcome.other == 0);
  CHECK(calls == std::vector<int>(4, calls[0]));  // every rank made the same collective calls
}

TEST_CASE("ranks as threads: a missing file fails every rank alike", "[data][loader][ranks]") {
  std::vector<int> calls;
  const auto errors = dlogit::test::run_ranks(
      3, [&](int, dlogit::comm::Communicator& comm) { load_dataset(libsvm("/nonexistent/x-*"), comm); }, &calls);
  const Outcome outcome = outcome_of(errors);
  CHECK(outcome.input_errors.size() == 3);
  CHECK(calls == std::vector<int>(3, calls[0]));
}

TEST_CASE("ranks as threads: labels and columns are agreed across ranks", "[data][loader][ranks]") {
  const std::string dir = dlogit::test::temp_dir("agree");
  // Each rank alone sees two labels; together there are three. Both halves are 390 bytes.
  std::string labels_text;
  for (int i = 0; i < 30; ++i) labels_text += "1 1:1\n-1 1:1\n";
  for (int i = 0; i < 30; ++i) labels_text += "+1 1:1\n2 1:1\n";
  const std::string labels_path = dlogit::test::write_file(dir, "three.svm", labels_text);
  const Outcome labels = outcome_of(dlogit::test::run_ranks(
      2, [&](int, dlogit::comm::Communicator& comm) { load_dataset(libsvm(labels_path), comm); }));
  // The rank whose shard holds the first line of the third label names it; the other ends quietly.
  REQUIRE(labels.input_errors.size() == 1);
  CHECK_THAT(labels.input_errors[0], Catch::Contains("three.svm:62: third label '2'"));
  CHECK(labels.agreed == 1);

  // Rank 1's shard is consistent within itself but has a column fewer than the data's first line.
  std::string cols_text;
  for (int i = 0; i < 30; ++i) cols_text += "1,2,3\n";
  cols_text += "0,5\n";  // line 31
  for (int i = 0; i < 30; ++i) cols_text += "0,5\n";
  const std::string cols_path = dlogit::test::write_file(dir, "cols.csv", cols_text);
  const Outcome cols = outcome_of(dlogit::test::run_ranks(
      2, [&](int, dlogit::comm::Communicator& comm) { load_dataset(csv(cols_path), comm); }));
  REQUIRE(cols.input_errors.size() == 1);
  CHECK_THAT(cols.input_errors[0], Catch::Contains("cols.csv:31: line has 2 columns but the"));
  CHECK(cols.agreed == 1);
}

TEST_CASE("LIBSVM parse speed", "[data][loader][.speed]") {
  // Hidden by default ([.speed]); run with: dlogit_data_tests "[speed]"
  const std::string text = read_text(dataset("a9a.svm"));
  const std::string dir = dlogit::test::temp_dir("speed");
  std::string big;
  for (int i = 0; i < 40; ++i) big += text;
  const std::string path = dlogit::test::write_file(dir, "big.svm", big);
  load(libsvm(path));  // warm the page cache
  const auto start = std::chrono::steady_clock::now();
  const Dataset data = load(libsvm(path));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("LIBSVM load: %.1f MB in %.3f s = %.0f MB/s\n", static_cast<double>(big.size()) / 1e6, seconds,
              static_cast<double>(big.size()) / 1e6 / seconds);
  CHECK(data.global_rows == 40 * 32561);
  std::remove(path.c_str());
}

TEST_CASE("data.zero_based = auto: an index 0 on any rank makes every rank read 0-based", "[data][loader][ranks]") {
  const std::string dir = dlogit::test::temp_dir("zero-based");
  // The same rows written 1-based and 0-based; only the last rank's part of the 0-based file holds an index 0.
  std::string one_based;
  std::string zero_based;
  for (int i = 0; i < 60; ++i) {
    const int j = i < 59 ? 2 + i % 5 : 1;
    const std::string label = i % 3 ? "1" : "-1";
    one_based += label + " " + std::to_string(j) + ":1.5 " + std::to_string(j + 2) + ":2\n";
    zero_based += label + " " + std::to_string(j - 1) + ":1.5 " + std::to_string(j + 1) + ":2\n";
  }
  const std::string one_path = dlogit::test::write_file(dir, "one.svm", one_based);
  const std::string zero_path = dlogit::test::write_file(dir, "zero.svm", zero_based);
  for (const int ranks : {1, 3}) {
    std::vector<Dataset> expected(static_cast<std::size_t>(ranks));
    std::vector<Dataset> detected_zero(static_cast<std::size_t>(ranks));
    std::vector<Dataset> detected_one(static_cast<std::size_t>(ranks));
    std::vector<Dataset> forced_zero(static_cast<std::size_t>(ranks));
    const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
      const auto r = static_cast<std::size_t>(rank);
      expected[r] = load_dataset(libsvm(one_path), comm);
      LoadOptions options = libsvm(zero_path);
      options.index_base = IndexBase::detect;
      detected_zero[r] = load_dataset(options, comm);
      options.index_base = IndexBase::zero;
      forced_zero[r] = load_dataset(options, comm);
      options.path = one_path;
      options.index_base = IndexBase::detect;
      detected_one[r] = load_dataset(options, comm);
    });
    for (std::size_t r = 0; r < static_cast<std::size_t>(ranks); ++r) {
      INFO(ranks << " ranks, rank " << r);
      REQUIRE_FALSE(errors[r]);
      CHECK(expected[r].features() == 8);
      for (const std::vector<Dataset>* other : {&detected_zero, &detected_one, &forced_zero}) {
        CHECK((*other)[r].features() == 8);
        CHECK((*other)[r].to_dense_matrix() == expected[r].to_dense_matrix());
      }
    }
  }
  // Without an index 0, forcing 0-based reading makes every index one feature higher.
  LoadOptions forced = libsvm(one_path);
  forced.index_base = IndexBase::zero;
  CHECK(load(forced).features() == 9);
  // A width given (a model's): a 0-based index at the width is beyond it once the data turns out 0-based.
  LoadOptions narrow = libsvm(zero_path);
  narrow.index_base = IndexBase::detect;
  narrow.features = 7;
  CHECK_THAT(load_error(narrow), Catch::Contains("zero.svm holds feature index 7, beyond the feature count 7") &&
                                     Catch::Contains("0-based"));
  narrow.features = 8;
  CHECK(load(narrow).features() == 8);
  // 1-based reading still refuses an index 0, and says how to read 0-based data.
  CHECK_THAT(load_error(libsvm(zero_path)), Catch::Contains("zero.svm:60: bad feature index '0'") &&
                                                Catch::Contains("data.zero_based = true or \"auto\""));
}
