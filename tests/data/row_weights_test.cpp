// Sample weights (file or CSV column) and class weights, read and combined on 1 to 3 ranks.
#include "data/row_weights.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "data/dataset_loader.hpp"
#include "data_test_support.hpp"

using namespace dlogit::data;
using dlogit::test::run_ranks;
using dlogit::test::temp_dir;
using dlogit::test::write_file;

namespace {

// 1 + (i mod 3) for rows 0 .. rows-1, one per line.
std::string cyclic_weights(int rows) {
  std::string text;
  for (int i = 0; i < rows; ++i) text += std::to_string(1 + i % 3) + "\n";
  return text;
}

// Loads `options` on `ranks` thread-ranks; returns every rank's dataset (rank order) and errors.
struct RankResults {
  std::vector<Dataset> shards;
  std::vector<std::string> errors;  // "" when the rank succeeded; "agreed" for AgreedFailure
  std::vector<std::string> fingerprints;
};

RankResults load_on(int ranks, const LoadOptions& options) {
  RankResults results;
  results.shards.resize(static_cast<std::size_t>(ranks));
  results.errors.assign(static_cast<std::size_t>(ranks), "");
  results.fingerprints.assign(static_cast<std::size_t>(ranks), "");
  const auto errors = run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
    auto& shard = results.shards[static_cast<std::size_t>(rank)];
    shard = load_dataset(options, comm);
    if (shard.is_weighted())
      results.fingerprints[static_cast<std::size_t>(rank)] = weights_fingerprint(shard.row_weights(), shard.first_row, comm);
  });
  for (int r = 0; r < ranks; ++r) {
    const auto& error = errors[static_cast<std::size_t>(r)];
    if (!error) continue;
    try {
      std::rethrow_exception(error);
    } catch (const dlogit::AgreedFailure&) {
      results.errors[static_cast<std::size_t>(r)] = "agreed";
    } catch (const std::exception& e) {
      results.errors[static_cast<std::size_t>(r)] = e.what();
    }
  }
  return results;
}

// All ranks' weights in global order.
std::vector<double> global_weights(const RankResults& results) {
  std::vector<double> all;
  for (const auto& shard : results.shards) {
    REQUIRE(shard.is_weighted());
    CHECK(shard.first_row == static_cast<std::int64_t>(all.size()));
    all.insert(all.end(), shard.row_weights().data(), shard.row_weights().data() + shard.local_rows());
  }
  return all;
}

// The one message among the ranks (the others agreed); fails if none or several ranks reported.
std::string reported(const RankResults& results) {
  std::string message;
  int reporters = 0;
  for (const auto& error : results.errors) {
    REQUIRE_FALSE(error.empty());
    if (error != "agreed") {
      message = error;
      ++reporters;
    }
  }
  CHECK(reporters == 1);
  return message;
}

const char* kSvm = "1 1:1\n-1 2:1\n1 1:0.5 2:0.5\n-1 3:1\n# comment only\n1 2:2\n-1 1:1 3:1\n-1 2:1\n";  // 7 rows

}  // namespace

TEST_CASE("a weights file gives row i the weight on line i, on any rank count", "[data][weights]") {
  const std::string dir = temp_dir("weights-file");
  LoadOptions options;
  options.path = write_file(dir, "d.svm", kSvm);
  options.weighting.weights_file = write_file(dir, "w.txt", " 0.5\n2\r\n0\n1e1\n+3\n4.25 \n7");  // no final newline
  const std::vector<double> expected = {0.5, 2, 0, 10, 3, 4.25, 7};
  for (int ranks = 1; ranks <= 3; ++ranks) {
    INFO(ranks << " ranks");
    const RankResults results = load_on(ranks, options);
    for (const auto& error : results.errors) REQUIRE(error.empty());
    CHECK(global_weights(results) == expected);
  }
}

TEST_CASE("the weights fingerprint is the same on any rank count and changes with the weights", "[data][weights]") {
  const std::string dir = temp_dir("weights-print");
  LoadOptions options;
  options.path = write_file(dir, "d.svm", kSvm);
  options.weighting.weights_file = write_file(dir, "w.txt", cyclic_weights(7));
  const std::string one = load_on(1, options).fingerprints[0];
  CHECK(one.size() == 16);
  for (int ranks = 2; ranks <= 3; ++ranks) {
    const RankResults results = load_on(ranks, options);
    for (const auto& print : results.fingerprints) CHECK(print == one);
  }
  // Two weights swapped: the same sum, another fingerprint.
  options.weighting.weights_file = write_file(dir, "w2.txt", "2\n1\n3\n1\n2\n3\n1\n");
  CHECK(load_on(2, options).fingerprints[0] != one);
}

TEST_CASE("bad weights are reported with the file and line by the rank that read them", "[data][weights]") {
  const std::string dir = temp_dir("weights-bad");
  LoadOptions options;
  options.path = write_file(dir, "d.svm", kSvm);
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"1\n1\n1\n1\n1\n-2\n1\n", "w.txt:6: weight '-2' is negative"},
      {"1\n1\nabc\n1\n1\n1\n1\n", "w.txt:3: bad weight 'abc' (expected a number)"},
      {"1\n1\n1\n1\n1\n1\nnan\n", "w.txt:7: weight 'nan' is not a finite number"},
      {"1\n\n1\n1\n1\n1\n1\n", "w.txt:2: empty line (expected a weight)"},
      {"1\n1\n1\n1\n1\n1\n", "w.txt:7: missing weight: the file has 6 lines but "},
      {"1\n1\n1\n1\n1\n1\n1\n1\n", "w.txt:8: more weights than the 7 rows of "},
  };
  for (const Case& c : cases) {
    options.weighting.weights_file = write_file(dir, "w.txt", c.text);
    for (int ranks = 1; ranks <= 3; ++ranks) {
      INFO(c.text << " on " << ranks << " ranks");
      CHECK_THAT(reported(load_on(ranks, options)), Catch::Contains(c.message));
    }
  }
  options.weighting.weights_file = dir + "/missing.txt";
  CHECK_THAT(reported(load_on(1, options)), Catch::Contains("missing.txt"));
}

TEST_CASE("balanced class weights are m / (2 count(class)), counted over all ranks", "[data][weights]") {
  const std::string dir = temp_dir("weights-balanced");
  LoadOptions options;
  options.path = write_file(dir, "d.svm", kSvm);  // 3 positive (label 1), 4 negative rows
  options.weighting.class_weights = ClassWeights{true, {}, "c.toml:3: 'model.class_weight'"};
  const double positive = 7.0 / (2.0 * 3.0);
  const double negative = 7.0 / (2.0 * 4.0);
  const std::vector<double> expected = {positive, negative, positive, negative, positive, negative, negative};
  for (int ranks = 1; ranks <= 3; ++ranks) {
    const RankResults results = load_on(ranks, options);
    const std::vector<double> got = global_weights(results);
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) CHECK(got[i] == Approx(expected[i]).epsilon(1e-15));
  }
  // Combined with sample weights: the product.
  options.weighting.weights_file = write_file(dir, "w.txt", cyclic_weights(7));
  const std::vector<double> got = global_weights(load_on(2, options));
  for (std::size_t i = 0; i < got.size(); ++i)
    CHECK(got[i] == Approx(expected[i] * static_cast<double>(1 + i % 3)).epsilon(1e-15));
}

TEST_CASE("explicit class weights are given in the data's own labels", "[data][weights]") {
  const std::string dir = temp_dir("weights-explicit");
  LoadOptions options;
  options.path = write_file(dir, "d.svm", kSvm);
  options.weighting.class_weights = ClassWeights{false, {{1.0, 3.0}, {-1.0, 0.5}}, "c.toml:3: 'model.class_weight'"};
  CHECK(global_weights(load_on(2, options)) == std::vector<double>{3, 0.5, 3, 0.5, 3, 0.5, 0.5});

  options.weighting.class_weights->by_label = {{0.0, 1.0}, {1.0, 2.0}};
  const RankResults wrong = load_on(2, options);
  for (const auto& error : wrong.errors)
    CHECK_THAT(error, Catch::Contains("c.toml:3: 'model.class_weight' names label 0, but the labels of") &&
                          Catch::Contains("are -1 and 1"));
}

TEST_CASE("a CSV weight column is read as sample weights and is not a feature", "[data][weights]") {
  const std::string dir = temp_dir("weights-column");
  LoadOptions options;
  options.format = Format::csv;
  options.csv_weight_column = 3;
  options.path = write_file(dir, "d.csv", "y,a,w,b\r\n1,0.5,2,1\r\n0,1.5,0,2\r\n1,2.5,0.25,3\r\n0,3.5,1,4\r\n");
  for (int ranks = 1; ranks <= 3; ++ranks) {
    const RankResults results = load_on(ranks, options);
    for (const auto& error : results.errors) REQUIRE(error.empty());
    CHECK(global_weights(results) == std::vector<double>{2, 0, 0.25, 1});
    for (const auto& shard : results.shards) {
      CHECK(shard.features() == 2);
      for (Eigen::Index i = 0; i < shard.local_rows(); ++i)
        CHECK(shard.coeff(i, 1) == static_cast<double>(shard.first_row + i + 1));
    }
  }
  options.path = write_file(dir, "bad.csv", "1,0.5,2,1\n0,1.5,-1,2\n");
  CHECK_THAT(reported(load_on(1, options)), Catch::Contains("bad.csv:2: weight '-1' in column 3 is negative"));
  options.path = write_file(dir, "short.csv", "1,0.5\n0,1.5\n");
  CHECK_THAT(reported(load_on(1, options)), Catch::Contains("short.csv:1: line has 2 columns, so there is no weight column 3"));
}

TEST_CASE("a rank without rows is weighted too and joins every collective", "[data][weights]") {
  const std::string dir = temp_dir("weights-empty-rank");
  LoadOptions options;
  // The long first line puts the second rank's byte range inside it: that rank reads no rows.
  options.path = write_file(dir, "d.svm", "1 1:1 # " + std::string(200, 'x') + "\n-1 2:1\n");
  options.weighting.weights_file = write_file(dir, "w.txt", "2\n3\n");
  options.weighting.class_weights = ClassWeights{true, {}, "c.toml:3: 'model.class_weight'"};
  const RankResults results = load_on(3, options);
  for (const auto& error : results.errors) REQUIRE(error.empty());
  bool some_rank_empty = false;
  for (const auto& shard : results.shards) some_rank_empty = some_rank_empty || shard.local_rows() == 0;
  CHECK(some_rank_empty);
  CHECK(global_weights(results) == std::vector<double>{2, 3});
  for (const auto& print : results.fingerprints) CHECK(print == results.fingerprints[0]);
  CHECK(results.fingerprints[0] == load_on(1, options).fingerprints[0]);
}
