#include "model/penalty.hpp"

namespace dlogit::model {

Penalty::Penalty(Kind kind, double lambda, double l1_ratio, double rows) {
  const double per_row = lambda / rows;
  switch (kind) {
    case Kind::none: break;
    case Kind::l2: l2_ = per_row; break;
    case Kind::l1: l1_ = per_row; break;
    case Kind::elasticnet:
      l1_ = per_row * l1_ratio;
      l2_ = per_row * (1.0 - l1_ratio);
      break;
  }
}

double Penalty::smooth_value(const Eigen::VectorXd& theta, Eigen::Index weights) const {
  return l2_ == 0.0 ? 0.0 : 0.5 * l2_ * theta.head(weights).squaredNorm();
}

void Penalty::add_smooth_gradient(const Eigen::VectorXd& theta, Eigen::Index weights, Eigen::VectorXd& gradient) const {
  if (l2_ != 0.0) gradient.head(weights) += l2_ * theta.head(weights);
}

void Penalty::add_smooth_hessian_vector(const Eigen::VectorXd& v, Eigen::Index weights, Eigen::VectorXd& hv) const {
  if (l2_ != 0.0) hv.head(weights) += l2_ * v.head(weights);
}

void Penalty::add_smooth_hessian_diagonal(Eigen::Index weights, Eigen::VectorXd& diagonal) const {
  if (l2_ != 0.0) diagonal.head(weights).array() += l2_;
}

Eigen::VectorXd Penalty::l1_weights(Eigen::Index weights, Eigen::Index parameters) const {
  if (l1_ == 0.0) return {};
  Eigen::VectorXd c = Eigen::VectorXd::Zero(parameters);
  c.head(weights).setConstant(l1_);
  return c;
}

}  // namespace dlogit::model
