#pragma once
// The logistic loss as a per-row policy of the pass engine (row_pass_objective.hpp). With y ∈ {0,1}
// and margin z:
//   ℓ = log(1 + e^z) − y z,   ℓ' = σ(z) − y,   ℓ'' = σ(z)(1 − σ(z)),   link: P(y = 1 | x) = σ(z).
#include <cmath>

#include "model/row_block.hpp"

namespace dlogit::model {

// log(1 + e^z) without overflow for any finite z.
inline double softplus(double z) { return z > 0.0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

// 1 / (1 + e^{-z}) without overflow for any finite z.
inline double sigmoid(double z) {
  if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

struct LogisticLoss {
  static constexpr const char* name = "logistic";

  // What a prediction is made of: the probability of the positive label.
  static double link(double z) { return sigmoid(z); }
  // One row's loss, for metrics (the pass uses block_terms).
  static double loss(double z, double y) { return softplus(z) - (y == 1.0 ? z : 0.0); }

  // ℓ, ℓ' and ℓ'' of a block of rows. One exp per row: with e = e^{−|z|} ∈ (0,1], both softplus and σ
  // are finite at any margin. log1p(e) comes from log(u), u = 1 + e, as log(u)·e/(u − 1) (exact to
  // rounding wherever u > 1; e itself where u rounds to 1), so the rows far from the boundary keep their
  // tiny loss. Every operation is written unconditionally, with selects between computed values, so the
  // loop vectorises (with -fno-trapping-math, set in CMakeLists.txt for the file that instantiates the
  // passes: GCC otherwise keeps a branch around the division that follows a select).
  static void block_terms(const RowBlock& z, const double* y, double* loss, double* slope, double* curvature) {
    const Eigen::Index n = z.size();
    const RowBlock exp_neg_abs_z = (-z.abs()).exp();
    const RowBlock log_u = (1.0 + exp_neg_abs_z).log();
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
      loss[k] = positive_part + log1p_e - y[k] * z_k;
      slope[k] = p - y[k];
      curvature[k] = p * (1.0 - p);
    }
  }

  // The per-row sums of the duality-gap certificate (model/duality_gap.hpp), weighted by c_i, for each
  // label y ∈ {0, 1} (five each, y = 0 first), with r = |σ − y| the row's residual and H(σ) = ℓ − z(σ − y)
  // the entropy of its prediction:
  //   Σ c (σ − y);  over the rows with r ≤ ½: Σ c H(σ), Σ c z (σ − y), Σ c r/(1 − r);  over r > ½: Σ c H(σ).
  static constexpr int extra_sums = 10;
  static void block_extra_sums(const RowBlock& z, const double* y, const double* loss, const double* slope,
                               const double* row_weight, double* sums) {
    const Eigen::Index n = z.size();
    for (Eigen::Index k = 0; k < n; ++k) {
      const double c = row_weight != nullptr ? row_weight[k] : 1.0;
      const double residual = slope[k];
      const double r = std::abs(residual);
      const double z_residual = z[k] * residual;
      const double entropy = loss[k] - z_residual;
      const bool near = r <= 0.5;
      double* label_sums = sums + (y[k] == 1.0 ? 5 : 0);
      label_sums[0] += c * residual;
      if (near) {
        label_sums[1] += c * entropy;
        label_sums[2] += c * z_residual;
        label_sums[3] += c * r / (1.0 - r);
      } else {
        label_sums[4] += c * entropy;
      }
    }
  }
};

}  // namespace dlogit::model
