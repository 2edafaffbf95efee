#pragma once
#include <Eigen/Dense>

#include "model/penalty_kind.hpp"

namespace dlogit::model {

// R(w) of the objective J = NLL/m + R(w), for the weights only (the intercept is never penalized):
//   l2:         (λ/2m) ‖w‖²
//   l1:         (λ/m)  ‖w‖₁
//   elasticnet: (λ/m) (α ‖w‖₁ + (1−α)/2 ‖w‖²),  α = l1_ratio
//   none:       0
// With λ = 1/C, m·C·J is liblinear's and scikit-learn's primal objective.
class Penalty {
 public:
  using Kind = PenaltyKind;

  Penalty(Kind kind, double lambda, double l1_ratio, double rows);

  // Coefficient of ½‖w‖² and of ‖w‖₁ in J (already divided by m).
  double l2_strength() const { return l2_; }
  double l1_strength() const { return l1_; }

  // The smooth (squared) part, for the weights θ[0 .. weights).
  double smooth_value(const Eigen::VectorXd& theta, Eigen::Index weights) const;
  void add_smooth_gradient(const Eigen::VectorXd& theta, Eigen::Index weights, Eigen::VectorXd& gradient) const;
  void add_smooth_hessian_vector(const Eigen::VectorXd& v, Eigen::Index weights, Eigen::VectorXd& hv) const;
  void add_smooth_hessian_diagonal(Eigen::Index weights, Eigen::VectorXd& diagonal) const;
  // Per-coordinate L1 weights for the optimizers: l1_strength on weights, 0 on the intercept.
  Eigen::VectorXd l1_weights(Eigen::Index weights, Eigen::Index parameters) const;

 private:
  double l2_ = 0.0;
  double l1_ = 0.0;
};

}  // namespace dlogit::model
