#pragma once
#include <Eigen/Core>

#include "data/dataset.hpp"

namespace dlogit::model {

// The two operations a fused pass needs from one row, for each storage layout. The passes in
// logistic_loss.cpp are templates over these, so a new layout (e.g. float values, implicit ones)
// is one more view, not one more copy of every loop.
struct SparseRowView {
  const int* offsets;
  const int* columns;
  const double* values;

  explicit SparseRowView(const data::Dataset::SparseRows& x)
      : offsets(x.outerIndexPtr()), columns(x.innerIndexPtr()), values(x.valuePtr()) {}

  double dot(Eigen::Index row, const double* w) const {
    double sum = 0.0;
    for (int k = offsets[row]; k < offsets[row + 1]; ++k) sum += values[k] * w[columns[k]];
    return sum;
  }
  void add_scaled(Eigen::Index row, double scale, double* out) const {
    for (int k = offsets[row]; k < offsets[row + 1]; ++k) out[columns[k]] += scale * values[k];
  }
};

struct DenseRowView {
  const double* data;
  Eigen::Index width;

  explicit DenseRowView(const data::Dataset::DenseRows& x) : data(x.data()), width(x.cols()) {}

  double dot(Eigen::Index row, const double* w) const {
    const double* x = data + row * width;
    double sum = 0.0;
    for (Eigen::Index j = 0; j < width; ++j) sum += x[j] * w[j];
    return sum;
  }
  void add_scaled(Eigen::Index row, double scale, double* out) const {
    const double* x = data + row * width;
    for (Eigen::Index j = 0; j < width; ++j) out[j] += scale * x[j];
  }
};

}  // namespace dlogit::model
