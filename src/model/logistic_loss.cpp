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

// One pass: z_i = x_i·w + b, then the row (still in cache) is reused for the gradient. Weighted, the
// row weight s_i scales its nll, residual and curvature (so hessian_vector_pass needs no weights); the
// unweighted instantiation has no multiply at all, so unweighted training runs exactly as before.
template <bool Weighted, class Rows>
double nll_gradient_pass(const Rows& rows, Eigen::Index count, const double* y, const double* row_weight,
                         const double* w, double b, double* gradient, double* curvature, double& intercept_gradient) {
  double nll = 0.0;
  for (Eigen::Index i = 0; i < count; ++i) {
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

template <class Rows>
double nll_gradient_pass(const Rows& rows, const data::Dataset& shard, const double* w, double b, double* gradient,
                         double* curvature, double& intercept_gradient) {
  const Eigen::Index count = shard.local_rows();
  const double* y = shard.targets().data();
  return shard.is_weighted()
             ? nll_gradient_pass<true>(rows, count, y, shard.row_weights().data(), w, b, gradient, curvature,
                                       intercept_gradient)
             : nll_gradient_pass<false>(rows, count, y, nullptr, w, b, gradient, curvature, intercept_gradient);
}

// One pass: Σ x_i D_i (x_i·v + v_b).
template <class Rows>
void hessian_vector_pass(const Rows& rows, Eigen::Index count, const double* curvature, const double* v, double vb,
                         double* hv, double& intercept_hv) {
  for (Eigen::Index i = 0; i < count; ++i) {
    const double scaled = curvature[i] * (rows.dot(i, v) + vb);
    intercept_hv += scaled;
    rows.add_scaled(i, scaled, hv);
  }
}

}  // namespace

double LogisticLoss::nll_and_gradient_sum(const Eigen::VectorXd& theta, double* gradient_sum) {
  const double b = fit_intercept_ ? theta[features_] : 0.0;
  std::fill(gradient_sum, gradient_sum + parameter_count(), 0.0);
  double intercept_gradient = 0.0;
  const double nll = shard_.is_sparse() ? nll_gradient_pass(SparseRowView(shard_.sparse()), shard_, theta.data(), b,
                                                            gradient_sum, curvature_.data(), intercept_gradient)
                                        : nll_gradient_pass(DenseRowView(shard_.dense()), shard_, theta.data(), b,
                                                            gradient_sum, curvature_.data(), intercept_gradient);
  if (fit_intercept_) gradient_sum[features_] = intercept_gradient;
  return nll;
}

void LogisticLoss::hessian_vector_sum(const Eigen::VectorXd& v, double* hv_sum) const {
  const double vb = fit_intercept_ ? v[features_] : 0.0;
  std::fill(hv_sum, hv_sum + parameter_count(), 0.0);
  const Eigen::Index rows = shard_.local_rows();
  double intercept_hv = 0.0;
  if (shard_.is_sparse())
    hessian_vector_pass(SparseRowView(shard_.sparse()), rows, curvature_.data(), v.data(), vb, hv_sum, intercept_hv);
  else
    hessian_vector_pass(DenseRowView(shard_.dense()), rows, curvature_.data(), v.data(), vb, hv_sum, intercept_hv);
  if (fit_intercept_) hv_sum[features_] = intercept_hv;
}

}  // namespace dlogit::model
