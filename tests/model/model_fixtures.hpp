#pragma once
#include <Eigen/Dense>
#include <random>
#include <vector>

#include "data/dataset.hpp"

// Small deterministic shards for the objective's tests.
namespace dlogit::test {

inline data::Dataset random_sparse_shard(int rows, int features, double density, unsigned seed) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<Eigen::Triplet<double, int>> entries;
  Eigen::VectorXd targets(rows);
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < features; ++j)
      if (uniform(engine) < density) entries.emplace_back(i, j, normal(engine));
    targets[i] = uniform(engine) < 0.4 ? 1.0 : 0.0;
  }
  data::Dataset::SparseRows x(rows, features);
  x.setFromTriplets(entries.begin(), entries.end());
  x.makeCompressed();
  return data::Dataset(std::move(x), std::move(targets));
}

inline data::Dataset random_dense_shard(int rows, int features, unsigned seed) {
  std::mt19937 engine(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  data::Dataset::DenseRows x(rows, features);
  Eigen::VectorXd targets(rows);
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < features; ++j) x(i, j) = normal(engine);
    targets[i] = normal(engine) > 0.3 ? 1.0 : 0.0;
  }
  return data::Dataset(std::move(x), std::move(targets));
}

inline Eigen::VectorXd random_vector(Eigen::Index size, unsigned seed, double scale = 1.0) {
  std::mt19937 engine(seed);
  std::normal_distribution<double> normal(0.0, scale);
  Eigen::VectorXd v(size);
  for (Eigen::Index i = 0; i < size; ++i) v[i] = normal(engine);
  return v;
}

}  // namespace dlogit::test
