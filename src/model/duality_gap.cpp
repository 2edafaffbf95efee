#include "model/duality_gap.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dlogit::model {
namespace {

// The lower bound on Σ c H(y + t(σ − y)) over one label's rows from its sums [S, H_near, F_near, K_near,
// H_far] (duality_gap.hpp). t = 0 moves every row onto its label, where H = 0.
double entropy_bound(double t, const double* label_sums) {
  if (t <= 0.0) return 0.0;
  const double near_entropy = label_sums[1];
  const double near_slope = label_sums[2];  // Σ c z (σ − y) ≤ 0
  const double near_curvature = label_sums[3];
  const double far_entropy = label_sums[4];
  const double away = 1.0 - t;
  return near_entropy + away * near_slope - 0.5 * away * away * near_curvature / t + t * far_entropy;
}

}  // namespace

DualityGap::DualityGap(double l1, double l2, bool fit_intercept, Eigen::Index features, double rows)
    : l1_(l1), l2_(l2), fit_intercept_(fit_intercept), features_(features), rows_(rows) {}

double DualityGap::dual_value(const double* loss_gradient_sum, const double* dual_terms) const {
  if (!available()) return std::numeric_limits<double>::quiet_NaN();
  const double* negative_sums = dual_terms;
  const double* positive_sums = dual_terms + 5;
  // The ratio of the labels' scales, a_0 : a_1, that makes the residuals sum to zero (intercept only).
  double a0 = 1.0, a1 = 1.0;
  if (fit_intercept_) {
    const double s0 = negative_sums[0];  // ≥ 0
    const double s1 = positive_sums[0];  // ≤ 0
    if (s0 > 0.0 && s1 < 0.0) {
      const double ratio = -s1 / s0;  // t_0 / t_1
      if (ratio <= 1.0) {
        a0 = ratio;
      } else {
        a1 = 1.0 / ratio;
      }
    } else if (s0 > 0.0) {
      a0 = 0.0;  // no positive residual to balance: the negative rows go onto their label
    } else if (s1 < 0.0) {
      a1 = 0.0;
    }
  }
  // v̂ = (a_0 G⁰ + a_1 G¹)/m, G⁰ = G − G¹: its largest entry and R*(v̂), in one sweep.
  const double* positive_gradient = fit_intercept_ ? dual_terms + kLossSums : nullptr;
  double largest = 0.0;
  double conjugate = 0.0;
  for (Eigen::Index j = 0; j < features_; ++j) {
    const double whole = loss_gradient_sum[j];
    const double v = positive_gradient != nullptr
                         ? (a0 * (whole - positive_gradient[j]) + a1 * positive_gradient[j]) / rows_
                         : whole / rows_;
    const double size = std::abs(v);
    largest = std::max(largest, size);
    const double excess = size - l1_;
    if (excess > 0.0) conjugate += excess * excess;
  }
  double scale_limit = 1.0;
  if (l2_ > 0.0) {
    conjugate /= 2.0 * l2_;
  } else {
    conjugate = 0.0;
    if (largest > l1_) scale_limit = l1_ / largest;
  }
  // D(T) = Σ_y bound_y(a_y T)/m − T² R*(v̂), concave in T: golden-section search on (0, scale_limit].
  const auto dual_at = [&](double t) {
    return (entropy_bound(a0 * t, negative_sums) + entropy_bound(a1 * t, positive_sums)) / rows_ -
           t * t * conjugate;
  };
  const double golden = 0.5 * (std::sqrt(5.0) - 1.0);
  double lo = 0.0, hi = scale_limit;
  double x1 = hi - golden * (hi - lo), x2 = lo + golden * (hi - lo);
  double f1 = dual_at(x1), f2 = dual_at(x2);
  for (int k = 0; k < 80; ++k) {
    if (f1 < f2) {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + golden * (hi - lo);
      f2 = dual_at(x2);
    } else {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - golden * (hi - lo);
      f1 = dual_at(x1);
    }
  }
  // The search's best, or the end of the interval where the maximum usually is near the optimum.
  return std::max({f1, f2, dual_at(scale_limit)});
}

double DualityGap::relative_bound(double objective, double dual) {
  if (!std::isfinite(objective) || !std::isfinite(dual) || !(objective > 0.0))
    return std::numeric_limits<double>::quiet_NaN();
  return std::max(objective - dual, 0.0) / objective;
}

}  // namespace dlogit::model
