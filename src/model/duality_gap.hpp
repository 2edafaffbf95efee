#pragma once
// A certificate of optimality for regularized logistic regression: an upper bound on J(θ) − J*, from what
// a gradient pass at θ computes anyway (no further pass over the data).
//
// With y ∈ {0,1}, row weights c_i, m rows, z_i = x_i·w + b and R(w) = l1‖w‖₁ + (l2/2)‖w‖² (J units), the
// Fenchel dual of J is, over u ∈ [0,1]^m with s_i = c_i (u_i − y_i),
//   D(u) = (1/m) Σ c_i H(u_i) − R*(Xᵀs / m),   H(u) = −u log u − (1−u) log(1−u),
//   R*(v) = Σ_j (|v_j| − l1)₊² / (2 l2)  (l2 > 0),   0 if ‖v‖∞ ≤ l1, else +∞  (l2 = 0),
// and, with an unpenalized intercept, the constraint Σ s_i = 0. Every feasible u has D(u) ≤ J* ≤ J(θ).
//
// The dual point is the residual one, u = σ(z) (the optimum's own at the optimum), with the residuals of
// each label scaled toward the label: u_i = y_i + t_y (σ_i − y_i), t_y ∈ [0, 1], which keeps u in [0, 1].
//  - The intercept: Σ s_i = t_0 S_0 + t_1 S_1 with S_y = Σ_{y_i = y} c_i (σ_i − y_i) (S_0 ≥ 0 ≥ S_1) is zero
//    for t_0 / t_1 = −S_1 / S_0. Its Xᵀs = t_0 G⁰ + t_1 G¹ needs the gradient sum split by label: the pass
//    adds the positive rows' part G¹ beside the whole (LocalObjective::keep_dual_terms).
//  - The scale T (t_y = a_y T, max a_y = 1) maximizes the bound below; for l1 alone it is also capped so
//    that ‖Xᵀs/m‖∞ ≤ l1. For elastic net R*(T v) ≤ T² R*(v) (T ≤ 1) stands in for the exact R*(T v).
// The entropy of the moved point needs every row; the pass keeps per-label sums that bound it from below:
// for rows with r = |σ − y| ≤ ½, Taylor at t = 1 with the curvature bounded on [t, 1]:
//   Σ c H(y + t(σ − y)) ≥ Σ c H(σ) + (1 − t) Σ c z (σ − y) − ½ (1 − t)² Σ 2 c r / t   (r/(1 − r) ≤ 2r),
// and for the others concavity, H(y + t(σ − y)) ≥ t H(σ) (H(y) = 0). Both are exact at t = 1, where the
// optimum puts the point, so the certificate tends to the true gap there (README "Certified optimality").
#include <Eigen/Dense>

namespace dlogit::model {

class DualityGap {
 public:
  // l1, l2: the coefficients of ‖w‖₁ and ½‖w‖² in J (model::Penalty's l1_strength, l2_strength);
  // features: n (θ has n + 1 entries with an intercept); rows: m.
  DualityGap(double l1, double l2, bool fit_intercept, Eigen::Index features, double rows);

  // Whether a certificate exists: some penalty (without one, J may have no minimizer).
  bool available() const { return l1_ > 0.0 || l2_ > 0.0; }

  // The number of dual terms a pass provides: the loss's ten sums (LogisticLoss::block_extra_sums), then
  // with an intercept the positive rows' gradient sum (n values).
  static constexpr int kLossSums = 10;
  Eigen::Index dual_terms_size() const { return kLossSums + (fit_intercept_ ? features_ : 0); }

  // The dual value D ≤ J* of the point above, from one gradient pass's sums over all ranks: the loss
  // gradient sum Σ c_i (σ_i − y_i) x̃_i (n or n + 1 values) and its dual terms (dual_terms_size()).
  // O(n), no allocation. NaN when !available().
  double dual_value(const double* loss_gradient_sum, const double* dual_terms) const;

  // max(J − D, 0) / J: an upper bound on the relative gap (J − J*)/J. NaN if J or D is not finite.
  static double relative_bound(double objective, double dual);

 private:
  double l1_;
  double l2_;
  bool fit_intercept_;
  Eigen::Index features_;
  double rows_;
};

}  // namespace dlogit::model
