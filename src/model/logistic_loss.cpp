#include "model/logistic_loss.hpp"

#include <algorithm>
#include <cmath>

namespace dlogit::model {

double softplus(double z) { return z > 0.0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

double sigmoid(double z) {
  if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

LogisticLoss::LogisticLoss(const data::Dataset& shard, bool fit_intercept)
    : shard_(shard), features_(shard.features()), fit_intercept_(fit_intercept),
      curvature_(static_cast<std::size_t>(shard.local_rows()), 0.0) {}

namespace {

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

}  // namespace

double LogisticLoss::nll_and_gradient_sum(const Eigen::VectorXd& theta, double* gradient_sum) {
  const Eigen::Index n = features_;
  const double* w = theta.data();
  const double b = fit_intercept_ ? theta[n] : 0.0;
  std::fill(gradient_sum, gradient_sum + parameter_count(), 0.0);
  const double* y = shard_.targets().data();
  const Eigen::Index rows = shard_.local_rows();
  double nll = 0.0;
  double intercept_gradient = 0.0;

  if (shard_.is_sparse()) {
    const auto& x = shard_.sparse();
    const int* offsets = x.outerIndexPtr();
    const int* columns = x.innerIndexPtr();
    const double* values = x.valuePtr();
    for (Eigen::Index i = 0; i < rows; ++i) {
      const int begin = offsets[i];
      const int end = offsets[i + 1];
      double z = b;
      for (int k = begin; k < end; ++k) z += values[k] * w[columns[k]];
      const RowTerms t = row_terms(z, y[i]);
      nll += t.nll;
      curvature_[static_cast<std::size_t>(i)] = t.curvature;
      intercept_gradient += t.residual;
      // The row's indices and values are still in cache from the dot product above.
      for (int k = begin; k < end; ++k) gradient_sum[columns[k]] += t.residual * values[k];
    }
  } else {
    const auto& x = shard_.dense();
    for (Eigen::Index i = 0; i < rows; ++i) {
      const double* row = x.data() + i * n;
      double z = b;
      for (Eigen::Index j = 0; j < n; ++j) z += row[j] * w[j];
      const RowTerms t = row_terms(z, y[i]);
      nll += t.nll;
      curvature_[static_cast<std::size_t>(i)] = t.curvature;
      intercept_gradient += t.residual;
      for (Eigen::Index j = 0; j < n; ++j) gradient_sum[j] += t.residual * row[j];
    }
  }
  if (fit_intercept_) gradient_sum[n] = intercept_gradient;
  return nll;
}

void LogisticLoss::hessian_vector_sum(const Eigen::VectorXd& v, double* hv_sum) const {
  const Eigen::Index n = features_;
  const double* vw = v.data();
  const double vb = fit_intercept_ ? v[n] : 0.0;
  std::fill(hv_sum, hv_sum + parameter_count(), 0.0);
  const Eigen::Index rows = shard_.local_rows();
  double intercept_hv = 0.0;

  if (shard_.is_sparse()) {
    const auto& x = shard_.sparse();
    const int* offsets = x.outerIndexPtr();
    const int* columns = x.innerIndexPtr();
    const double* values = x.valuePtr();
    for (Eigen::Index i = 0; i < rows; ++i) {
      const int begin = offsets[i];
      const int end = offsets[i + 1];
      double xv = vb;
      for (int k = begin; k < end; ++k) xv += values[k] * vw[columns[k]];
      const double scaled = curvature_[static_cast<std::size_t>(i)] * xv;
      intercept_hv += scaled;
      for (int k = begin; k < end; ++k) hv_sum[columns[k]] += scaled * values[k];
    }
  } else {
    const auto& x = shard_.dense();
    for (Eigen::Index i = 0; i < rows; ++i) {
      const double* row = x.data() + i * n;
      double xv = vb;
      for (Eigen::Index j = 0; j < n; ++j) xv += row[j] * vw[j];
      const double scaled = curvature_[static_cast<std::size_t>(i)] * xv;
      intercept_hv += scaled;
      for (Eigen::Index j = 0; j < n; ++j) hv_sum[j] += scaled * row[j];
    }
  }
  if (fit_intercept_) hv_sum[n] = intercept_hv;
}

}  // namespace dlogit::model
