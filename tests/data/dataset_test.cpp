#include "data/dataset.hpp"

#include <catch2/catch.hpp>

using dlogit::data::Dataset;

TEST_CASE("a sparse Dataset reports its shape and stored entries", "[data][dataset]") {
  Dataset::SparseRows rows(3, 5);
  rows.insert(0, 1) = 1.0;
  rows.insert(2, 4) = 0.0;  // an explicit zero is still a stored entry
  Eigen::VectorXd targets(3);
  targets << 1, 0, 1;
  const Dataset data(rows, targets);
  CHECK(data.is_sparse());
  CHECK(data.local_rows() == 3);
  CHECK(data.features() == 5);
  CHECK(data.local_nonzeros() == 2);
}

TEST_CASE("a dense Dataset reports its shape", "[data][dataset]") {
  const Dataset data(Dataset::DenseRows::Ones(2, 4), Eigen::VectorXd::Zero(2));
  CHECK_FALSE(data.is_sparse());
  CHECK(data.local_rows() == 2);
  CHECK(data.features() == 4);
  CHECK(data.local_nonzeros() == 8);
}

TEST_CASE("Dataset rejects targets that do not match the rows", "[data][dataset]") {
  CHECK_THROWS(Dataset(Dataset::DenseRows::Ones(2, 4), Eigen::VectorXd::Zero(3)));
  CHECK_THROWS(Dataset(Dataset::SparseRows(2, 4), Eigen::VectorXd::Zero(1)));
}

TEST_CASE("an empty Dataset has no rows", "[data][dataset]") {
  const Dataset data;
  CHECK(data.local_rows() == 0);
  CHECK(data.local_nonzeros() == 0);
}

TEST_CASE("moving a Dataset keeps its rows and facts", "[data][dataset]") {
  Dataset::SparseRows rows(2, 3);
  rows.insert(1, 2) = 4.0;
  Dataset source(rows, Eigen::Vector2d(0, 1));
  source.global_rows = 7;
  source.labels = {-1, 1};
  Dataset moved(std::move(source));
  CHECK(moved.coeff(1, 2) == 4.0);
  CHECK(moved.global_rows == 7);
  CHECK(moved.labels.negative == -1);
  Dataset assigned;
  assigned = std::move(moved);
  CHECK(assigned.local_rows() == 2);
  CHECK(assigned.local_nonzeros() == 1);
  const Dataset copy = assigned;
  CHECK(copy.coeff(1, 2) == 4.0);
  CHECK(assigned.coeff(1, 2) == 4.0);
}
