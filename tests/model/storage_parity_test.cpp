// The lean layouts (float32 values, implicit ones) against the double layout: same objective.
#include <catch2/catch.hpp>
#include <cmath>

#include "comm/communicator.hpp"
#include "data/dataset_loader.hpp"
#include "model/losses.hpp"
#include "model/model_fixtures.hpp"
#include "support/test_paths.hpp"

using dlogit::data::Dataset;
using dlogit::data::StorageOptions;
using dlogit::data::ValueType;
using dlogit::model::LogisticObjective;

namespace {

struct Evaluation {
  double nll;
  Eigen::VectorXd gradient;
  Eigen::VectorXd hv;
};

Evaluation evaluate(const Dataset& shard, unsigned seed, int threads = 1) {
  LogisticObjective loss(shard, true, threads);
  const Eigen::VectorXd theta = dlogit::test::random_vector(loss.parameter_count(), seed, 0.3);
  const Eigen::VectorXd v = dlogit::test::random_vector(loss.parameter_count(), seed + 1);
  Evaluation e{0.0, Eigen::VectorXd(loss.parameter_count()), Eigen::VectorXd(loss.parameter_count())};
  e.nll = loss.loss_and_gradient_sum(theta.data(), e.gradient.data());
  loss.hessian_vector_sum(v.data(), e.hv.data());
  return e;
}

double relative(const Eigen::VectorXd& a, const Eigen::VectorXd& b) { return (a - b).norm() / b.norm(); }

StorageOptions values(StorageOptions::Values kind, bool implicit_ones = true) {
  StorageOptions options;
  options.values = kind;
  options.implicit_ones = implicit_ones;
  return options;
}

Dataset binary_sparse_shard() {
  Dataset source = dlogit::test::random_sparse_shard(300, 40, 0.2, 7);
  Dataset::SparseRows ones = source.to_dense_matrix().sparseView().cast<double>();
  for (int k = 0; k < ones.outerSize(); ++k)
    for (Dataset::SparseRows::InnerIterator it(ones, k); it; ++it) it.valueRef() = 1.0;
  return Dataset(ones, source.targets());
}

}  // namespace

TEST_CASE("float32 storage gives the double objective to 1e-6 relative", "[model][storage]") {
  for (const bool sparse : {true, false}) {
    Dataset wide = sparse ? dlogit::test::random_sparse_shard(400, 30, 0.3, 3)
                          : dlogit::test::random_dense_shard(400, 30, 3);
    Dataset narrow = wide;
    narrow.compact(values(StorageOptions::Values::float32));
    REQUIRE(narrow.value_type() == ValueType::float32);
    CHECK(narrow.memory_bytes() < wide.memory_bytes());
    const Evaluation a = evaluate(wide, 5), b = evaluate(narrow, 5);
    CHECK(b.nll != a.nll);  // the values were rounded: a layout that ignored them would not differ
    CHECK(std::abs(b.nll - a.nll) <= 1e-6 * std::abs(a.nll));
    CHECK(relative(b.gradient, a.gradient) <= 1e-6);
    CHECK(relative(b.hv, a.hv) <= 1e-6);
  }
}

TEST_CASE("binary sparse data is stored without values and gives the same objective bitwise", "[model][storage]") {
  const Dataset wide = binary_sparse_shard();
  Dataset lean = wide;
  lean.compact(values(StorageOptions::Values::automatic));
  REQUIRE(lean.value_type() == ValueType::implicit_ones);
  CHECK(lean.sparse_storage().values64.empty());
  CHECK(lean.sparse_storage().values32.empty());
  CHECK(lean.to_dense_matrix() == wide.to_dense_matrix());
  const Evaluation a = evaluate(wide, 9), b = evaluate(lean, 9);
  CHECK(b.nll == a.nll);
  CHECK(b.gradient == a.gradient);
  CHECK(b.hv == a.hv);

  Dataset kept = wide;
  kept.compact(values(StorageOptions::Values::automatic, false));
  CHECK(kept.value_type() == ValueType::float32);  // 1.0 is exact in float32: lossless, so chosen
  kept = wide;
  kept.compact(values(StorageOptions::Values::float64));
  CHECK(kept.value_type() == ValueType::float64);
}

TEST_CASE("automatic storage narrows only values that float32 holds exactly", "[model][storage]") {
  Dataset inexact = dlogit::test::random_dense_shard(50, 6, 1);
  inexact.compact(values(StorageOptions::Values::automatic));
  CHECK(inexact.value_type() == ValueType::float64);

  const Dataset::DenseRows halves =
      ((dlogit::test::random_dense_shard(50, 6, 1).to_dense_matrix() * 8).array().round() / 8).matrix();
  const Dataset wide(halves, dlogit::test::random_dense_shard(50, 6, 1).targets());
  Dataset exact = wide;
  exact.compact(values(StorageOptions::Values::automatic));
  CHECK(exact.value_type() == ValueType::float32);
  const Evaluation a = evaluate(wide, 2), b = evaluate(exact, 2);
  CHECK(b.nll == a.nll);
  CHECK(b.gradient == a.gradient);
}

TEST_CASE("a9a loads without values by default and matches double storage", "[model][storage][data]") {
  dlogit::comm::SerialCommunicator comm;
  dlogit::data::LoadOptions options;
  options.path = dlogit::test::dataset("a9a.svm");
  const Dataset lean = dlogit::data::load_dataset(options, comm);
  options.storage.values = StorageOptions::Values::float64;
  const Dataset wide = dlogit::data::load_dataset(options, comm);
  options.storage.values = StorageOptions::Values::float32;
  options.storage.implicit_ones = false;
  const Dataset narrow = dlogit::data::load_dataset(options, comm);
  REQUIRE(lean.value_type() == ValueType::implicit_ones);
  REQUIRE(wide.value_type() == ValueType::float64);
  REQUIRE(narrow.value_type() == ValueType::float32);
  CHECK(lean.memory_bytes() < narrow.memory_bytes());
  CHECK(narrow.memory_bytes() < wide.memory_bytes());
  const Evaluation a = evaluate(wide, 4), b = evaluate(lean, 4), c = evaluate(narrow, 4);
  CHECK(std::abs(b.nll - a.nll) <= 1e-12 * std::abs(a.nll));
  CHECK(std::abs(c.nll - a.nll) <= 1e-12 * std::abs(a.nll));
  CHECK(relative(b.gradient, a.gradient) <= 1e-12);
}

TEST_CASE("covtype (CSV) in float32 matches double storage to 1e-6", "[model][storage][data]") {
  dlogit::comm::SerialCommunicator comm;
  dlogit::data::LoadOptions options;
  options.path = dlogit::test::dataset("covtype20k.csv");
  options.format = dlogit::data::Format::csv;
  const Dataset automatic = dlogit::data::load_dataset(options, comm);
  options.storage.values = StorageOptions::Values::float32;
  const Dataset narrow = dlogit::data::load_dataset(options, comm);
  REQUIRE(narrow.value_type() == ValueType::float32);
  const Evaluation a = evaluate(automatic, 6), b = evaluate(narrow, 6);
  CHECK(std::abs(b.nll - a.nll) <= 1e-6 * std::abs(a.nll));
  CHECK(relative(b.gradient, a.gradient) <= 1e-6);
}
