#pragma once
#include <Eigen/Core>
#include <utility>

#include "data/dataset.hpp"

// Opt-in (cmake -DDLOGIT_VECTOR_SUMS=ON): let the compiler split each dot product into vector lanes
// (`omp simd reduction` with -fopenmp-simd, no OpenMP runtime). The lane order is fixed by the build, so
// runs repeat bitwise, but the sums round differently from the sequential ones, so the models differ in
// the last bits from a default build (and from the reference values some end-to-end tests hold).
#if defined(DLOGIT_VECTOR_SUMS) && (defined(_OPENMP) || defined(DLOGIT_OPENMP_SIMD))
#define DLOGIT_SIMD_SUM _Pragma("omp simd reduction(+ : sum)")  // the accumulator is named sum
#else
#define DLOGIT_SIMD_SUM
#endif

namespace dlogit::model {

// The two operations a fused pass needs from one row, for each storage layout. The passes in
// logistic_loss.cpp are templates over these, so a layout is one more view, not one more copy of
// every loop. Values may be stored as float; products and sums are always formed in double.
template <class Value>
struct SparseRowView {
  const int* offsets;
  const int* columns;
  const Value* values;

  double dot(Eigen::Index row, const double* w) const {
    double sum = 0.0;
    DLOGIT_SIMD_SUM
    for (int k = offsets[row]; k < offsets[row + 1]; ++k) sum += static_cast<double>(values[k]) * w[columns[k]];
    return sum;
  }
  void add_scaled(Eigen::Index row, double scale, double* out) const {
    for (int k = offsets[row]; k < offsets[row + 1]; ++k) out[columns[k]] += scale * static_cast<double>(values[k]);
  }
};

// Binary features: every stored value is 1, so a row is only its column list.
struct SparseOnesRowView {
  const int* offsets;
  const int* columns;

  double dot(Eigen::Index row, const double* w) const {
    double sum = 0.0;
    DLOGIT_SIMD_SUM
    for (int k = offsets[row]; k < offsets[row + 1]; ++k) sum += w[columns[k]];
    return sum;
  }
  void add_scaled(Eigen::Index row, double scale, double* out) const {
    for (int k = offsets[row]; k < offsets[row + 1]; ++k) out[columns[k]] += scale;
  }
};

template <class Value>
struct DenseRowView {
  const Value* data;
  Eigen::Index width;

  double dot(Eigen::Index row, const double* w) const {
    const Value* x = data + row * width;
    double sum = 0.0;
    DLOGIT_SIMD_SUM
    for (Eigen::Index j = 0; j < width; ++j) sum += static_cast<double>(x[j]) * w[j];
    return sum;
  }
  void add_scaled(Eigen::Index row, double scale, double* out) const {
    const Value* x = data + row * width;
    for (Eigen::Index j = 0; j < width; ++j) out[j] += scale * static_cast<double>(x[j]);
  }
};

// Calls visit(view) with the view of the shard's layout and returns what it returns.
template <class Visit>
decltype(auto) with_row_view(const data::Dataset& shard, Visit&& visit) {
  using data::ValueType;
  if (shard.is_sparse()) {
    const data::SparseStorage& s = shard.sparse_storage();
    switch (shard.value_type()) {
      case ValueType::float32:
        return visit(SparseRowView<float>{s.offsets.data(), s.columns.data(), s.values32.data()});
      case ValueType::implicit_ones:
        return visit(SparseOnesRowView{s.offsets.data(), s.columns.data()});
      case ValueType::float64:
        break;
    }
    return visit(SparseRowView<double>{s.offsets.data(), s.columns.data(), s.values64.data()});
  }
  const data::DenseStorage& d = shard.dense_storage();
  if (shard.value_type() == ValueType::float32) return visit(DenseRowView<float>{d.values32.data(), shard.features()});
  return visit(DenseRowView<double>{d.values64.data(), shard.features()});
}

}  // namespace dlogit::model
