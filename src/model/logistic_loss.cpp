#include "model/logistic_loss.hpp"

#include "model/row_views.hpp"

#include <algorithm>
#include <stdexcept>
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

// Rows go through the per-row terms in blocks: first the margins of a block (the gathers), then exp and
// log over the whole block at once with Eigen's vectorised kernels (the scalar libm calls were a third of
// a sparse pass), then the gradient scatter while the block's rows are still in cache. The block arrays
// live on the stack: a fixed maximum size means no allocation in the pass.
constexpr Eigen::Index kBlockRows = 128;
using BlockArray = Eigen::Array<double, Eigen::Dynamic, 1, Eigen::ColMajor, kBlockRows, 1>;

// The per-row terms of a block. With y ∈ {0,1}:
//   nll = log(1 + e^z) − y z,   d nll / dz = σ(z) − y,   d² nll / dz² = σ(z)(1 − σ(z)).
// One exp per row: with e = e^{−|z|} ∈ (0,1], both softplus and σ are finite at any margin. log1p(e)
// comes from log(u), u = 1 + e, as log(u)·e/(u − 1) (exact to rounding wherever u > 1; e itself where u
// rounds to 1), so the rows far from the boundary keep their tiny loss. Every operation is written
// unconditionally, with selects between computed values, so the loop vectorises (with
// -fno-trapping-math, set for this file in CMakeLists.txt: GCC otherwise keeps a branch around the
// division that follows a select).
inline void block_terms(const BlockArray& z, const double* y, double* nll, double* residual, double* curvature) {
  const Eigen::Index n = z.size();
  const BlockArray exp_neg_abs_z = (-z.abs()).exp();
  const BlockArray log_u = (1.0 + exp_neg_abs_z).log();
  const double* zp = z.data();
  const double* ep = exp_neg_abs_z.data();
  const double* lp = log_u.data();
  for (Eigen::Index k = 0; k < n; ++k) {
    const double e = ep[k];
    const double z_k = zp[k];
    const double u = 1.0 + e;
    const double p = (z_k >= 0.0 ? 1.0 : e) / u;  // σ(|z|) = 1/u, σ(−|z|) = e/u
    const double u_minus_1 = u - 1.0;
    const double log_ratio = lp[k] / (u_minus_1 > 0.0 ? u_minus_1 : 1.0);
    const double log1p_e = (u_minus_1 > 0.0 ? log_ratio : 1.0) * e;
    const double positive_part = z_k > 0.0 ? z_k : 0.0;
    nll[k] = positive_part + log1p_e - y[k] * z_k;
    residual[k] = p - y[k];
    curvature[k] = p * (1.0 - p);
  }
}

// One pass over rows [begin, end): z_i = x_i·w + b, then the row (still in cache) is reused for the
// gradient. Weighted, the row weight s_i scales its nll, residual and curvature (so hessian_vector_pass
// needs no weights); the unweighted instantiation has no multiply at all. The nll and intercept sums run
// over the rows in order, as a row-at-a-time loop would.
template <bool Weighted, class Rows>
double nll_gradient_pass(const Rows& rows, Eigen::Index begin, Eigen::Index end, const double* y,
                         const double* row_weight, const double* w, double b, double* gradient, double* curvature,
                         double& intercept_gradient) {
  double nll = 0.0;
  BlockArray z;
  double row_nll[kBlockRows];
  double residual[kBlockRows];
  double row_curvature[kBlockRows];
  for (Eigen::Index first = begin; first < end; first += kBlockRows) {
    const Eigen::Index n = std::min(kBlockRows, end - first);
    z.resize(n);
    for (Eigen::Index k = 0; k < n; ++k) z[k] = rows.dot(first + k, w) + b;
    block_terms(z, y + first, row_nll, residual, row_curvature);
    // Only the Newton method reads the curvature back; the other optimizers save its 8 bytes per row
    // of writes (and its memory).
    if (curvature != nullptr) {
      for (Eigen::Index k = 0; k < n; ++k) {
        curvature[first + k] = Weighted ? row_curvature[k] * row_weight[first + k] : row_curvature[k];
      }
    }
    for (Eigen::Index k = 0; k < n; ++k) {
      double row_loss = row_nll[k];
      double row_residual = residual[k];
      if constexpr (Weighted) {
        const double s = row_weight[first + k];
        row_loss *= s;
        row_residual *= s;
      }
      nll += row_loss;
      intercept_gradient += row_residual;
      rows.add_scaled(first + k, row_residual, gradient);
    }
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

// One pass over rows [begin, end): Σ D_i x_ij² per column j.
template <class Rows>
void hessian_diagonal_pass(const Rows& rows, Eigen::Index begin, Eigen::Index end, const double* curvature,
                           double* diagonal, double& intercept_diagonal) {
  for (Eigen::Index i = begin; i < end; ++i) {
    intercept_diagonal += curvature[i];
    rows.add_scaled_squares(i, curvature[i], diagonal);
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
  // θ for a gradient pass, v for a Hessian-vector pass; the diagonal pass has no point and never reads it.
  const double* point = loss.pass_point_;
  const auto point_intercept = [&] { return loss.fit_intercept_ ? point[loss.features_] : 0.0; };
  double intercept = 0.0;
  double nll = 0.0;
  if (loss.pass_kind_ == PassKind::gradient) {
    // Only gradient passes write it, and only when it is kept.
    auto* curvature = loss.keeps_curvature_ ? const_cast<double*>(loss.curvature_.data()) : nullptr;
    const data::Dataset& shard = loss.shard_;
    const double* y = shard.targets().data();
    const double point_b = point_intercept();
    nll = with_row_view(shard, [&](const auto& rows) {
      return shard.is_weighted() ? nll_gradient_pass<true>(rows, begin, end, y, shard.row_weights().data(), point,
                                                           point_b, out, curvature, intercept)
                                 : nll_gradient_pass<false>(rows, begin, end, y, nullptr, point, point_b, out,
                                                            curvature, intercept);
    });
  } else if (loss.pass_kind_ == PassKind::hessian_vector) {
    const double point_b = point_intercept();
    with_row_view(loss.shard_, [&](const auto& rows) {
      hessian_vector_pass(rows, begin, end, loss.curvature_.data(), point, point_b, out, intercept);
    });
  } else {
    with_row_view(loss.shard_, [&](const auto& rows) {
      hessian_diagonal_pass(rows, begin, end, loss.curvature_.data(), out, intercept);
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

void LogisticLoss::keep_curvature(bool keep) {
  keeps_curvature_ = keep;
  if (!keep) {
    std::vector<double>().swap(curvature_);
  } else if (curvature_.empty()) {
    curvature_.assign(static_cast<std::size_t>(shard_.local_rows()), 0.0);
  }
}

void LogisticLoss::require_curvature() const {
  if (!keeps_curvature_) throw std::logic_error("LogisticLoss: a Hessian pass on a loss that keeps no curvature");
}

void LogisticLoss::hessian_vector_sum(const Eigen::VectorXd& v, double* hv_sum) const {
  require_curvature();
  run_pass(PassKind::hessian_vector, v.data(), hv_sum);
}

void LogisticLoss::hessian_diagonal_sum(double* diagonal_sum) const {
  require_curvature();
  run_pass(PassKind::hessian_diagonal, nullptr, diagonal_sum);
}

}  // namespace dlogit::model
