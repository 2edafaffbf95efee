#include "train/distributed_objective.hpp"

namespace dlogit::train {

DistributedObjective::DistributedObjective(RankProtocol& protocol, const model::Penalty& penalty, double global_rows,
                                           bool curvature_requests)
    : protocol_(protocol),
      penalty_(penalty),
      global_rows_(global_rows),
      weights_(protocol.parameter_count() - (protocol.fit_intercept() ? 1 : 0)),
      curvature_requests_(curvature_requests) {}

double DistributedObjective::value_and_gradient(const Eigen::VectorXd& theta, Eigen::VectorXd& gradient) {
  const double* sums = protocol_.request(Request::loss_and_gradient, theta);
  if (curvature_requests_) last_theta_ = theta;
  gradient = Eigen::Map<const Eigen::VectorXd>(sums, dimension()) / global_rows_;
  penalty_.add_smooth_gradient(theta, weights_, gradient);
  return protocol_.loss_sum() / global_rows_ + penalty_.smooth_value(theta, weights_);
}

void DistributedObjective::hessian_vector(const Eigen::VectorXd& theta, const Eigen::VectorXd& v, Eigen::VectorXd& hv) {
  refresh_curvature(theta);
  hv = Eigen::Map<const Eigen::VectorXd>(protocol_.request(Request::hessian_vector, v), dimension()) / global_rows_;
  penalty_.add_smooth_hessian_vector(v, weights_, hv);
}

bool DistributedObjective::hessian_diagonal(const Eigen::VectorXd& theta, Eigen::VectorXd& diagonal) {
  if (!protocol_.has_hessian_diagonal()) return false;  // the same local objective type on every rank
  refresh_curvature(theta);
  diagonal =
      Eigen::Map<const Eigen::VectorXd>(protocol_.request(Request::hessian_diagonal, theta), dimension()) / global_rows_;
  penalty_.add_smooth_hessian_diagonal(weights_, diagonal);
  return true;
}

void DistributedObjective::refresh_curvature(const Eigen::VectorXd& theta) {
  if (!curvature_requests_ || last_theta_.size() != theta.size() || last_theta_ != theta) {
    value_and_gradient(theta, refresh_gradient_);
  }
}

}  // namespace dlogit::train
