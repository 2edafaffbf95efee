#include "model/logistic_loss.hpp"

#include "model/row_views.hpp"

#include <algorithm>
#include <cmath>

namespace dlogit::model {

double softplus(double z) { return z > 0.0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

double sigmoid(double z) {
  if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

namespace {

// Row blocks of about equal work (nonzeros plus a per-row cost), one per thread.
std::vector<Eigen::Index> split_rows(const data::Dataset& shard, int threads) {
  const Eigen::Index rows = shard.local_rows();
  std::vector<Eigen::Index> starts(static_cast<std::size_t>(threads) + 1, rows);
  starts[0] = 0;
  if (!shard.is_sparse()) {
    for (int t = 1; t < threads; ++t) starts[static_cast<std::size_t>(t)] = rows * t / threads;
    return starts;
  }
  const std::vector<int>& offsets = shard.sparse_storage().offsets;
  const double total = static_cast<double>(offsets.back()) + static_cast<double>(rows);
  Eigen::Index row = 0;
  for (int t = 1; t < threads; ++t) {
    const double target = total * t / threads;
    while (row < rows && static_cast<double>(offsets[static_cast<std::size_t>(row)]) + static_cast<double>(row) < target)
      ++row;
    starts[static_cast<std::size_t>(t)] = row;
  }
  return starts;
}

// The per-row work shared by the sparse and dense passes. With y ∈ {0,1}:
//   nll = log(1 + e^z) − y z,   d nll / dz = σ(z) − y,   d² nll / dz² = σ(z)(1 − σ(z)).
struct RowTerms {
  double nll;
  double residual;
  double curvature;
};

// One exp per row: with e = e^{−|z|} ∈ (0,1], both softplus and σ are finite at any margin.
inline RowTerms row_terms(double z, double y) {
  const double e = std::exp(-std::abs(z));
  const double inv = 1.0 / (1.0 + e);
  const double p = z >= 0.0 ? inv : e * inv;
  const double softplus_z = std::max(z, 0.0) + std::log1p(e);
  return {softplus_z - y * z, p - y, p * (1.0 - p)};
}

// One pass over rows [begin, end): z_i = x_i·w + b, then the row (still in cache) is reused for the
// gradient. Weighted, the row weight s_i scales its nll, residual and curvature (so hessian_vector_pass
// needs no weights); the unweighted instantiation has no multiply at all.
template <bool Weighted, class Rows>
double nll_gradient_pass(const Rows& rows, Eigen::Index begin, Eigen::Index end, const double* y,
                         const double* row_weight, const double* w, double b, double* gradient, double* curvature,
                         double& intercept_gradient) {
  double nll = 0.0;
  for (Eigen::Index i = begin; i < end; ++i) {
    RowTerms t = row_terms(rows.dot(i, w) + b, y[i]);
    if constexpr (Weighted) {
      const double s = row_weight[i];
      t.nll *= s;
      t.residual *= s;
      t.curvature *= s;
    }
    nll += t.nll;
    curvature[i] = t.curvature;
    intercept_gradient += t.residual;
    rows.add_scaled(i, t.residual, gradient);
  }
  return nll;
}

// One pass over rows [begin, end): Σ x_i D_i (x_i·v + v_b).
template <class Rows>
void hessian_vector_pass(const Rows& rows, Eigen::Index begin, Eigen::Index end, const double* curvature,
                         const double* v, double vb, double* hv, double& intercept_hv) {
  for (Eigen::Index i = begin; i < end; ++i) {
    const double scaled = curvature[i] * (rows.dot(i, v) + vb);
    intercept_hv += scaled;
    rows.add_scaled(i, scaled, hv);
  }
}

}  // namespace

LogisticLoss::LogisticLoss(const data::Dataset& shard, bool fit_intercept, int threads)
    : shard_(shard), features_(shard.features()), fit_intercept_(fit_intercept),
      curvature_(static_cast<std::size_t>(shard.local_rows()), 0.0),
      team_(std::make_unique<PassThreads>(resolve_thread_count(threads))),
      block_starts_(split_rows(shard, team_->size())),
      thread_sums_(static_cast<std::size_t>(team_->size() - 1), std::vector<double>(static_cast<std::size_t>(features_))),
      thread_nll_(static_cast<std::size_t>(team_->size()), 0.0),
      thread_intercept_(static_cast<std::size_t>(team_->size()), 0.0) {}

void LogisticLoss::run_block(void* self, int thread) {
  const auto& loss = *static_cast<const LogisticLoss*>(self);
  const auto t = static_cast<std::size_t>(thread);
  double* out = thread == 0 ? loss.pass_out_ : loss.thread_sums_[t - 1].data();
  std::fill(out, out + loss.features_, 0.0);
  const Eigen::Index begin = loss.block_starts_[t];
  const Eigen::Index end = loss.block_starts_[t + 1];
  const double* point = loss.pass_point_;
  const double point_b = loss.fit_intercept_ ? point[loss.features_] : 0.0;
  double intercept = 0.0;
  double nll = 0.0;
  if (loss.pass_kind_ == PassKind::gradient) {
    auto* curvature = const_cast<double*>(loss.curvature_.data());  // only gradient passes write it
    const data::Dataset& shard = loss.shard_;
    const double* y = shard.targets().data();
    nll = with_row_view(shard, [&](const auto& rows) {
      return shard.is_weighted() ? nll_gradient_pass<true>(rows, begin, end, y, shard.row_weights().data(), point,
                                                           point_b, out, curvature, intercept)
                                 : nll_gradient_pass<false>(rows, begin, end, y, nullptr, point, point_b, out,
                                                            curvature, intercept);
    });
  } else {
    with_row_view(loss.shard_, [&](const auto& rows) {
      hessian_vector_pass(rows, begin, end, loss.curvature_.data(), point, point_b, out, intercept);
    });
  }
  loss.thread_nll_[t] = nll;
  loss.thread_intercept_[t] = intercept;
}

void LogisticLoss::run_pass(PassKind kind, const double* point, double* out) const {
  pass_kind_ = kind;
  pass_point_ = point;
  pass_out_ = out;
  team_->run(&LogisticLoss::run_block, const_cast<LogisticLoss*>(this));
  // Fixed order: thread 0's block (already in out), then 1, 2, ...
  for (const auto& partial : thread_sums_) {
    for (Eigen::Index j = 0; j < features_; ++j) out[j] += partial[static_cast<std::size_t>(j)];
  }
  double intercept = thread_intercept_[0];
  for (std::size_t t = 1; t < thread_intercept_.size(); ++t) intercept += thread_intercept_[t];
  if (fit_intercept_) out[features_] = intercept;
}

double LogisticLoss::nll_and_gradient_sum(const Eigen::VectorXd& theta, double* gradient_sum) {
  run_pass(PassKind::gradient, theta.data(), gradient_sum);
  double nll = thread_nll_[0];
  for (std::size_t t = 1; t < thread_nll_.size(); ++t) nll += thread_nll_[t];
  return nll;
}

void LogisticLoss::hessian_vector_sum(const Eigen::VectorXd& v, double* hv_sum) const {
  run_pass(PassKind::hessian_vector, v.data(), hv_sum);
}

}  // namespace dlogit::model
