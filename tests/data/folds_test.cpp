// Fold assignment ([cv], `dlogit folds`): the same folds on any rank count, exact balance, and the
// unstratified fold a function of (seed, row) only.
#include "data/folds.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/dataset_loader.hpp"
#include "data_test_support.hpp"

using namespace dlogit::data;

namespace {

// 1000 rows, about 30% positive, in runs (the positives bunched, as sorted or time-ordered files are),
// so that a scheme that ignored the labels would not keep the proportions by luck.
std::string labelled_rows() {
  std::string text;
  for (int i = 0; i < 1000; ++i) {
    const bool positive = (i % 100) < 30;
    text += (positive ? "+1" : "-1") + std::string(" ") + std::to_string(1 + i % 7) + ":1\n";
  }
  return text;
}

// Loads `path` on `ranks` in-process ranks and returns the folds of all rows in global row order, and
// their 0/1 targets.
std::vector<int> folds_on_ranks(const std::string& path, int ranks, const FoldOptions& options,
                                std::vector<double>* targets = nullptr) {
  std::vector<std::vector<int>> parts(static_cast<std::size_t>(ranks));
  std::vector<std::vector<double>> part_targets(static_cast<std::size_t>(ranks));
  const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
    LoadOptions load;
    load.path = path;
    load.progress = false;
    const Dataset shard = load_dataset(load, comm);
    parts[static_cast<std::size_t>(rank)] = assign_folds(shard, options, comm);
    for (Eigen::Index i = 0; i < shard.local_rows(); ++i)
      part_targets[static_cast<std::size_t>(rank)].push_back(shard.targets()[i]);
  });
  for (const auto& error : errors) REQUIRE_FALSE(error);
  std::vector<int> all;
  for (const auto& part : parts) all.insert(all.end(), part.begin(), part.end());
  if (targets != nullptr) {
    targets->clear();
    for (const auto& part : part_targets) targets->insert(targets->end(), part.begin(), part.end());
  }
  return all;
}

std::string written_rows(const std::string& tag) {
  return dlogit::test::write_file(dlogit::test::temp_dir(tag), "rows.svm", labelled_rows());
}

}  // namespace

TEST_CASE("folds are the same on 1, 2 and 3 in-process ranks, stratified or not") {
  const std::string path = written_rows("folds-ranks");
  for (const bool stratified : {true, false}) {
    for (const int k : {2, 3, 5, 7}) {
      const FoldOptions options{k, 42, stratified};
      const std::vector<int> one = folds_on_ranks(path, 1, options);
      REQUIRE(one.size() == 1000);
      INFO("stratified " << stratified << ", folds " << k);
      CHECK(folds_on_ranks(path, 2, options) == one);
      CHECK(folds_on_ranks(path, 3, options) == one);
      CHECK(*std::min_element(one.begin(), one.end()) == 0);
      CHECK(*std::max_element(one.begin(), one.end()) == k - 1);
    }
  }
}

TEST_CASE("stratified folds hold each class's rows to within one row, and every fold within two") {
  const std::string path = written_rows("folds-stratified");
  for (const int k : {2, 3, 5, 7, 10}) {
    for (const std::uint64_t seed : {0ULL, 1ULL, 12345ULL}) {
      std::vector<double> targets;
      const std::vector<int> folds = folds_on_ranks(path, 3, {k, seed, true}, &targets);
      std::map<int, std::array<int, 2>> counts;
      for (std::size_t i = 0; i < folds.size(); ++i) ++counts[folds[i]][targets[i] != 0.0 ? 1 : 0];
      REQUIRE(counts.size() == static_cast<std::size_t>(k));
      INFO("folds " << k << ", seed " << seed);
      for (const int target : {0, 1}) {
        int low = 1 << 30, high = 0;
        for (const auto& [fold, count] : counts) {
          low = std::min(low, count[static_cast<std::size_t>(target)]);
          high = std::max(high, count[static_cast<std::size_t>(target)]);
        }
        CHECK(high - low <= 1);
        CHECK(low >= (target == 1 ? 300 : 700) / k);
      }
      int low = 1 << 30, high = 0;
      for (const auto& [fold, count] : counts) {
        low = std::min(low, count[0] + count[1]);
        high = std::max(high, count[0] + count[1]);
      }
      CHECK(high - low <= 2);
    }
  }
}

TEST_CASE("fold_class_counts sums every rank's rows per fold and class") {
  const std::string path = written_rows("folds-counts");
  std::vector<double> targets;
  const std::vector<int> expected_folds = folds_on_ranks(path, 1, {4, 9, true}, &targets);
  std::vector<std::array<std::int64_t, 2>> expected(4, {0, 0});
  for (std::size_t i = 0; i < targets.size(); ++i)
    ++expected[static_cast<std::size_t>(expected_folds[i])][targets[i] != 0.0 ? 1 : 0];
  const auto errors = dlogit::test::run_ranks(2, [&](int, dlogit::comm::Communicator& comm) {
    LoadOptions load;
    load.path = path;
    load.progress = false;
    const Dataset shard = load_dataset(load, comm);
    CHECK(fold_class_counts(shard, assign_folds(shard, {4, 9, true}, comm), 4, comm) == expected);
  });
  for (const auto& error : errors) CHECK_FALSE(error);
}

TEST_CASE("unstratified, the fold of a row is a function of the seed and its global index only") {
  const std::string path = written_rows("folds-unstratified");
  const std::vector<int> folds = folds_on_ranks(path, 2, {5, 7, false});
  for (std::size_t i = 0; i < folds.size(); ++i) {
    INFO("row " << i);
    REQUIRE(folds[i] == fold_of_row(7, static_cast<std::int64_t>(i), 5));
  }
  // The labels play no part: rows past the file's end (as on a larger file) follow the same function,
  // and the pure function gives balanced blocks of five.
  std::map<int, int> sizes;
  for (std::int64_t i = 0; i < 1003; ++i) ++sizes[fold_of_row(7, i, 5)];
  for (const auto& [fold, size] : sizes) CHECK((size == 200 || size == 201));
  // Another seed gives other folds (almost every block is permuted differently).
  const std::vector<int> other = folds_on_ranks(path, 2, {5, 8, false});
  std::size_t differ = 0;
  for (std::size_t i = 0; i < folds.size(); ++i) differ += folds[i] != other[i];
  CHECK(differ > folds.size() / 2);
  // And the assignment is not the identity pattern i mod K.
  std::size_t diagonal = 0;
  for (std::size_t i = 0; i < folds.size(); ++i) diagonal += folds[i] == static_cast<int>(i % 5);
  CHECK(diagonal < folds.size() / 2);
}

TEST_CASE("stratified, the fold of a row is a function of the seed, its class and its rank in the class") {
  const std::string path = written_rows("folds-class-rank");
  std::vector<double> targets;
  const std::vector<int> folds = folds_on_ranks(path, 3, {3, 11, true}, &targets);
  std::array<std::int64_t, 2> seen{0, 0};
  for (std::size_t i = 0; i < folds.size(); ++i) {
    const int target = targets[i] != 0.0 ? 1 : 0;
    INFO("row " << i);
    REQUIRE(folds[i] == fold_of_class_row(11, target, seen[static_cast<std::size_t>(target)]++, 3));
  }
  std::vector<double> unused;
  const std::vector<int> reseeded = folds_on_ranks(path, 3, {3, 12, true}, &unused);
  CHECK(reseeded != folds);
}

TEST_CASE("fold assignment refuses fewer than two folds") {
  CHECK_THROWS_AS(fold_of_row(1, 0, 1), std::invalid_argument);
  CHECK_THROWS_AS(fold_of_row(1, -1, 3), std::invalid_argument);
  dlogit::comm::SerialCommunicator comm;
  Dataset empty;
  CHECK_THROWS_AS(assign_folds(empty, {1, 1, true}, comm), std::invalid_argument);
  CHECK(assign_folds(empty, {2, 1, true}, comm).empty());
}
