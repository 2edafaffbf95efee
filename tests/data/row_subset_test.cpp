// select_rows: the kept rows in order and layout, their weights, and the global facts across ranks.
#include "data/row_subset.hpp"

#include <catch2/catch.hpp>

#include "comm/communicator.hpp"

using dlogit::data::Dataset;
using dlogit::data::select_rows;

TEST_CASE("select_rows keeps the flagged rows of a sparse shard, in order, with their weights") {
  Dataset::SparseRows rows(4, 5);
  rows.insert(0, 1) = 1.5;
  rows.insert(1, 0) = 2.0;
  rows.insert(1, 4) = -1.0;
  rows.insert(3, 2) = 3.0;
  rows.makeCompressed();
  Dataset shard(rows, Eigen::Vector4d(1, 0, 1, 0));
  shard.set_row_weights(Eigen::Vector4d(0.5, 1.0, 2.0, 4.0));
  shard.labels.negative = -1;
  shard.labels.positive = 1;
  dlogit::comm::SerialCommunicator comm;
  const Dataset subset = select_rows(shard, {0, 1, 1, 1}, comm);
  REQUIRE(subset.local_rows() == 3);
  CHECK(subset.features() == 5);
  CHECK(subset.to_dense_matrix() == shard.to_dense_matrix().bottomRows(3));
  CHECK(subset.targets() == Eigen::Vector3d(0, 1, 0));
  REQUIRE(subset.is_weighted());
  CHECK(subset.row_weights() == Eigen::Vector3d(1.0, 2.0, 4.0));
  CHECK(subset.global_rows == 3);
  CHECK(subset.global_nonzeros == 3);
  CHECK(subset.first_row == 0);
  CHECK(subset.labels.negative == -1);
  CHECK(subset.value_type() == shard.value_type());

  const Dataset none = select_rows(shard, {0, 0, 0, 0}, comm);
  CHECK(none.local_rows() == 0);
  CHECK(none.is_weighted());  // weighted or not is the same on every rank, also one without rows
  CHECK_THROWS_AS(select_rows(shard, {1, 1}, comm), std::invalid_argument);
}

TEST_CASE("select_rows keeps the flagged rows of a dense float32 shard") {
  Dataset::DenseRows rows(3, 2);
  rows << 1, 2, 3, 4, 5, 6;
  Dataset shard(rows, Eigen::Vector3d(1, 1, 0));
  shard.compact({dlogit::data::StorageOptions::Values::float32, true});
  REQUIRE(shard.value_type() == dlogit::data::ValueType::float32);
  dlogit::comm::SerialCommunicator comm;
  const Dataset subset = select_rows(shard, {1, 0, 1}, comm);
  CHECK(subset.value_type() == dlogit::data::ValueType::float32);
  CHECK_FALSE(subset.is_weighted());
  Eigen::MatrixXd expected(2, 2);
  expected << 1, 2, 5, 6;
  CHECK(subset.to_dense_matrix() == expected);
  CHECK(subset.global_nonzeros == 4);
}
