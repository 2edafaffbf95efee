#pragma once
#include <Eigen/Core>
#include <utility>

#include "data/dataset.hpp"

namespace dlogit::model {

// Σ_k term(k) for k in [begin, end) with four independent accumulators, combined as (s0 + s1) + (s2 + s3).
// One accumulator makes every add wait for the previous one (a dense row of 100 values took four times
// the time to read it); four keep the adder busy. The order is fixed in the source, so every build, rank
// count and thread count rounds a row's dot product the same way.
template <class Index, class Term>
inline double four_way_sum(Index begin, Index end, Term term) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  Index k = begin;
  for (; k + 4 <= end; k += 4) {
    s0 += term(k);
    s1 += term(k + 1);
    s2 += term(k + 2);
    s3 += term(k + 3);
  }
  for (; k < end; ++k) s0 += term(k);
  return (s0 + s1) + (s2 + s3);
}

// The operations a fused pass needs from one row, for each storage layout. The passes in
// row_pass_objective_impl.hpp are templates over these, so a layout is one more view, not one more copy of
// every loop. Values may be stored as float; products and sums are always formed in double.
template <class Value>
struct SparseRowView {
  const int* offsets;
  const int* columns;
  const Value* values;

  double dot(Eigen::Index row, const double* w) const {
    return four_way_sum(offsets[row], offsets[row + 1],
                        [&](int k) { return static_cast<double>(values[k]) * w[columns[k]]; });
  }
  void add_scaled(Eigen::Index row, double scale, double* out) const {
    for (int k = offsets[row]; k < offsets[row + 1]; ++k) out[columns[k]] += scale * static_cast<double>(values[k]);
  }
  void add_scaled_squares(Eigen::Index row, double scale, double* out) const {
    for (int k = offsets[row]; k < offsets[row + 1]; ++k) {
      const auto x = static_cast<double>(values[k]);
      out[columns[k]] += scale * x * x;
    }
  }
  // visit(column, value) for each stored value of the row, in storage order.
  template <class Visit>
  void for_each(Eigen::Index row, Visit&& visit) const {
    for (int k = offsets[row]; k < offsets[row + 1]; ++k) visit(static_cast<Eigen::Index>(columns[k]), static_cast<double>(values[k]));
  }
};

// Binary features: every stored value is 1, so a row is only its column list.
struct SparseOnesRowView {
  const int* offsets;
  const int* columns;

  double dot(Eigen::Index row, const double* w) const {
    return four_way_sum(offsets[row], offsets[row + 1], [&](int k) { return w[columns[k]]; });
  }
  void add_scaled(Eigen::Index row, double scale, double* out) const {
    for (int k = offsets[row]; k < offsets[row + 1]; ++k) out[columns[k]] += scale;
  }
  void add_scaled_squares(Eigen::Index row, double scale, double* out) const { add_scaled(row, scale, out); }
  template <class Visit>
  void for_each(Eigen::Index row, Visit&& visit) const {
    for (int k = offsets[row]; k < offsets[row + 1]; ++k) visit(static_cast<Eigen::Index>(columns[k]), 1.0);
  }
};

template <class Value>
struct DenseRowView {
  const Value* data;
  Eigen::Index width;

  double dot(Eigen::Index row, const double* w) const {
    const Value* x = data + row * width;
    return four_way_sum(Eigen::Index{0}, width, [&](Eigen::Index j) { return static_cast<double>(x[j]) * w[j]; });
  }
  void add_scaled(Eigen::Index row, double scale, double* out) const {
    const Value* x = data + row * width;
    for (Eigen::Index j = 0; j < width; ++j) out[j] += scale * static_cast<double>(x[j]);
  }
  void add_scaled_squares(Eigen::Index row, double scale, double* out) const {
    const Value* x = data + row * width;
    for (Eigen::Index j = 0; j < width; ++j) out[j] += scale * static_cast<double>(x[j]) * static_cast<double>(x[j]);
  }
  // The row's nonzero values only (a dense row stores its zeros).
  template <class Visit>
  void for_each(Eigen::Index row, Visit&& visit) const {
    const Value* x = data + row * width;
    for (Eigen::Index j = 0; j < width; ++j) {
      if (x[j] != Value(0)) visit(j, static_cast<double>(x[j]));
    }
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
