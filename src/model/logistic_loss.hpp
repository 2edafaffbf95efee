#pragma once
// The logistic loss as a per-row policy of the pass engine (row_pass_objective.hpp). With y ∈ {0,1}
// and margin z:
//   ℓ = log(1 + e^z) − y z,   ℓ' = σ(z) − y,   ℓ'' = σ(z)(1 − σ(z)),   link: P(y = 1 | x) = σ(z).
#include <cmath>
#include <utility>

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

  // The margins of a dual point that a gradient pass at z can add beside the residual one (see
  // LocalObjective::loss_and_gradient_sum_linearized): each row's prediction linearized from its margin
  // z − δ at an earlier point, σ(z⁰) + σ'(z⁰)δ, as a margin q = logit of it. Where the linearization leaves
  // (0, 1) the row keeps its own margin z: any prediction in [0, 1] gives a feasible point, the certificate
  // only needs the pass to use the same q for its residual and its entropy (block_terms at q).
  static constexpr bool has_linearized_margins = true;
  static void block_linearized_margins(const RowBlock& z, const RowBlock& delta, RowBlock& q) {
    const Eigen::Index n = z.size();
    q.resize(n);
    for (Eigen::Index k = 0; k < n; ++k) {
      const double z0 = z[k] - delta[k];
      // σ(z⁰) and 1 − σ(z⁰) = σ(−z⁰) from one exp, each without cancellation.
      const double e = std::exp(-std::abs(z0));
      const double near_one = 1.0 / (1.0 + e);
      const double near_zero = e * near_one;
      const double p = z0 >= 0.0 ? near_one : near_zero;
      const double p_complement = z0 >= 0.0 ? near_zero : near_one;
      const double move = p * p_complement * delta[k];
      const double up = p + move;
      const double down = p_complement - move;  // 1 − up
      q[k] = up > 0.0 && down > 0.0 ? std::log(up) - std::log(down) : z[k];
    }
  }

  // The per-row sums of the duality-gap certificate (model/duality_gap.hpp), weighted by c_i, for each
  // label y ∈ {0, 1} (five each, y = 0 first), with r = |σ − y| the row's residual and H(σ) = ℓ − z(σ − y)
  // the entropy of its prediction:
  //   Σ c (σ − y);  over the rows with r ≤ ½: Σ c H(σ), Σ c z (σ − y), Σ 2 c r (≥ Σ c r/(1 − r), the
  //   curvature bound of duality_gap.hpp, without a division);  over r > ½: Σ c H(σ).
  static constexpr int extra_sums = 10;
  static constexpr bool splits_gradient_by_label = true;
  // Written over the whole block without branches (masks as 0/1 factors), so that it vectorises: with
  // branches on the label and the residual it cost half a pass more on a9a.
  static void block_extra_sums(const RowBlock& z, const double* y, const double* loss, const double* slope,
                               const double* row_weight, double* sums) {
    const Eigen::Index n = z.size();
    const Eigen::Map<const Eigen::ArrayXd> label(y, n), row_loss(loss, n), residual(slope, n);
    RowBlock c(n);
    if (row_weight != nullptr) {
      c = Eigen::Map<const Eigen::ArrayXd>(row_weight, n);
    } else {
      c.setOnes();
    }
    const RowBlock r = residual.abs();
    const RowBlock near = (r <= 0.5).cast<double>();
    const RowBlock near_r = near * r;
    const RowBlock z_residual = z * residual;
    const RowBlock entropy = row_loss - z_residual;
    const RowBlock near_entropy = near * entropy;
    const RowBlock near_z_residual = near * z_residual;
    const RowBlock near_curvature = 2.0 * near_r;  // ≥ r/(1 − r) for r ≤ ½; 0 on far rows
    const RowBlock far_entropy = entropy - near_entropy;
    const RowBlock positive = c * label;
    const RowBlock negative = c - positive;
    for (const auto& [weight, out] : {std::pair<const RowBlock*, double*>{&negative, sums},
                                      std::pair<const RowBlock*, double*>{&positive, sums + 5}}) {
      out[0] += (*weight * residual).sum();
      out[1] += (*weight * near_entropy).sum();
      out[2] += (*weight * near_z_residual).sum();
      out[3] += (*weight * near_curvature).sum();
      out[4] += (*weight * far_entropy).sum();
    }
  }
};

}  // namespace dlogit::model
