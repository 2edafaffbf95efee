#pragma once
// Small datasets for the tests of src/eval (header only).
#include <Eigen/SparseCore>
#include <vector>

#include "data/dataset.hpp"

namespace dlogit::test {

// A sparse dataset of one feature per row: row i has x_1 = values[i] (so its margin under w = {1}, b = 0
// is values[i]); rows [begin, end) only, with global_rows set to all of them.
inline data::Dataset one_feature_rows(const std::vector<double>& values, const std::vector<double>& targets,
                                      std::size_t begin, std::size_t end) {
  data::Dataset::SparseRows rows(static_cast<Eigen::Index>(end - begin), 1);
  std::vector<Eigen::Triplet<double, int>> entries;
  for (std::size_t i = begin; i < end; ++i) entries.emplace_back(static_cast<int>(i - begin), 0, values[i]);
  rows.setFromTriplets(entries.begin(), entries.end());
  Eigen::VectorXd y(static_cast<Eigen::Index>(end - begin));
  for (std::size_t i = begin; i < end; ++i) y[static_cast<Eigen::Index>(i - begin)] = targets[i];
  data::Dataset dataset(std::move(rows), std::move(y));
  dataset.global_rows = static_cast<std::int64_t>(values.size());
  dataset.labels = {-1.0, 1.0};
  return dataset;
}

}  // namespace dlogit::test
