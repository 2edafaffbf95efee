// The software-prefetch variants of dlogit_pass_bench, compiled with the flags of the pass.
#include "pass_bench_kernels.hpp"

#include <algorithm>

#include "model/losses.hpp"
#include "model/row_pass_objective_impl.hpp"

namespace {

// SparseRowView<double> that prefetches the columns of row + Ahead before working on row.
template <int Ahead>
struct PrefetchingView {
  dlogit::model::SparseRowView<double> rows;
  Eigen::Index row_count;

  double dot(Eigen::Index row, const double* w) const {
    if (Ahead > 0 && row + Ahead < row_count) {
      for (int k = rows.offsets[row + Ahead]; k < rows.offsets[row + Ahead + 1]; ++k) __builtin_prefetch(w + rows.columns[k], 0, 3);
    }
    return rows.dot(row, w);
  }
  void add_scaled(Eigen::Index row, double scale, double* out) const {
    if (Ahead > 0 && row + Ahead < row_count) {
      for (int k = rows.offsets[row + Ahead]; k < rows.offsets[row + Ahead + 1]; ++k) __builtin_prefetch(out + rows.columns[k], 1, 3);
    }
    rows.add_scaled(row, scale, out);
  }
};

template <int Ahead>
double prefetching_pass_impl(const dlogit::data::Dataset& shard, const double* theta, double* gradient) {
  const auto& s = shard.sparse_storage();
  const PrefetchingView<Ahead> view{{s.offsets.data(), s.columns.data(), s.values64.data()}, shard.local_rows()};
  const Eigen::Index features = shard.features();
  std::fill(gradient, gradient + features, 0.0);
  double intercept = 0.0;
  const double loss = dlogit::model::row_pass::loss_gradient_pass<dlogit::model::LogisticLoss, false>(
      view, 0, shard.local_rows(), shard.targets().data(), nullptr, theta, theta[features], gradient, nullptr,
      intercept, nullptr, nullptr);  // no dual terms: the pass of a run without a certificate
  gradient[features] = intercept;
  return loss;
}

}  // namespace

double prefetching_pass_0(const dlogit::data::Dataset& shard, const double* theta, double* gradient) {
  return prefetching_pass_impl<0>(shard, theta, gradient);
}
double prefetching_pass_1(const dlogit::data::Dataset& shard, const double* theta, double* gradient) {
  return prefetching_pass_impl<1>(shard, theta, gradient);
}
double prefetching_pass_2(const dlogit::data::Dataset& shard, const double* theta, double* gradient) {
  return prefetching_pass_impl<2>(shard, theta, gradient);
}
double prefetching_pass_4(const dlogit::data::Dataset& shard, const double* theta, double* gradient) {
  return prefetching_pass_impl<4>(shard, theta, gradient);
}
