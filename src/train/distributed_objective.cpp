#include "train/distributed_objective.hpp"

namespace dlogit::train {

DistributedObjective::DistributedObjective(RankProtocol& protocol, const model::Penalty& penalty, double global_rows,
                                           bool curvature_requests, const model::DualityGap* gap)
    : protocol_(protocol),
      penalty_(penalty),
      global_rows_(global_rows),
      weights_(protocol.parameter_count() - (protocol.fit_intercept() ? 1 : 0)),
      curvature_requests_(curvature_requests),
      gap_(gap) {}

double DistributedObjective::relative_gap_bound(const Eigen::VectorXd& theta, const Eigen::VectorXd& gradient,
                                                double value) const {
  if (gap_ == nullptr || gradient.size() != dimension() || gradient.sum() != gradient_checksum_)
    return optim::Objective::relative_gap_bound(theta, gradient, value);
  const double bound = model::DualityGap::relative_bound(value, last_dual_);
  return recorded_bound_ < bound ? recorded_bound_ : bound;  // false for NaN: the computed one
}

void DistributedObjective::certify_resumed(const Eigen::VectorXd& theta, const Eigen::VectorXd& gradient,
                                           double recorded) {
  if (gap_ == nullptr) return;
  const double* sums = protocol_.request(Request::loss_and_gradient, theta);
  if (curvature_requests_) last_theta_ = theta;
  last_dual_ = gap_->dual_value(sums, protocol_.extra_sums());
  gradient_checksum_ = gradient.sum();
  recorded_bound_ = recorded;
}

void DistributedObjective::linearize_dual_from(const Eigen::VectorXd* anchor) {
  dual_anchor_ = gap_ != nullptr && protocol_.has_linearized_dual() ? anchor : nullptr;
}

double DistributedObjective::value_and_gradient(const Eigen::VectorXd& theta, Eigen::VectorXd& gradient) {
  recorded_bound_ = std::numeric_limits<double>::quiet_NaN();
  const bool linearized = dual_anchor_ != nullptr && dual_anchor_->size() == theta.size();
  const double* sums = nullptr;
  if (linearized) {
    dual_step_ = theta - *dual_anchor_;  // allocates on the first such pass only
    sums = protocol_.request_linearized(theta, dual_step_);
  } else {
    sums = protocol_.request(Request::loss_and_gradient, theta);
  }
  if (curvature_requests_) last_theta_ = theta;
  gradient = Eigen::Map<const Eigen::VectorXd>(sums, dimension()) / global_rows_;
  penalty_.add_smooth_gradient(theta, weights_, gradient);
  if (gap_ != nullptr) {  // now, while the protocol holds this pass's sums (a curvature pass may follow)
    last_dual_ = gap_->dual_value(sums, protocol_.extra_sums());
    if (linearized) {
      const double* second = protocol_.linearized_sums();
      const double dual = gap_->dual_value(second, second + dimension());
      if (dual > last_dual_) last_dual_ = dual;  // both are ≤ J*; NaN never wins
    }
    gradient_checksum_ = gradient.sum();
  }
  return protocol_.loss_sum() / global_rows_ + penalty_.smooth_value(theta, weights_);
}

void DistributedObjective::hessian_vector(const Eigen::VectorXd& theta, const Eigen::VectorXd& v, Eigen::VectorXd& hv) {
  refresh_curvature(theta);
  hv = Eigen::Map<const Eigen::VectorXd>(protocol_.request(Request::hessian_vector, v), dimension()) / global_rows_;
  penalty_.add_smooth_hessian_vector(v, weights_, hv);
}

bool DistributedObjective::hessian_diagonal(const Eigen::VectorXd& theta, Eigen::VectorXd& diagonal) {
  if (!protocol_.has_hessian_diagonal()) return false;  // the same local objective type on every rank
  const double* sums = nullptr;
  if (curvature_requests_) {
    refresh_curvature(theta);
    sums = protocol_.request(Request::hessian_diagonal, theta);
  } else {
    sums = protocol_.request(Request::hessian_diagonal_at, theta);
  }
  diagonal = Eigen::Map<const Eigen::VectorXd>(sums, dimension()) / global_rows_;
  penalty_.add_smooth_hessian_diagonal(weights_, diagonal);
  return true;
}

bool DistributedObjective::hessian_block(const Eigen::VectorXd& theta, const std::vector<Eigen::Index>& set,
                                         double* block) {
  if (!protocol_.has_hessian_block()) return false;  // the same local objective type on every rank
  const double* packed = protocol_.request_hessian_block(theta, set);
  const auto count = static_cast<Eigen::Index>(set.size());
  Eigen::Map<Eigen::MatrixXd> out(block, count, count);
  for (Eigen::Index a = 0; a < count; ++a) {
    const double* row = packed + a * (a + 1) / 2;
    for (Eigen::Index b = 0; b <= a; ++b) out(a, b) = out(b, a) = row[b] / global_rows_;
  }
  // The smooth penalty's curvature, on the weights only (as add_smooth_hessian_diagonal).
  for (Eigen::Index a = 0; a < count; ++a) {
    if (set[static_cast<std::size_t>(a)] < weights_) out(a, a) += penalty_.l2_strength();
  }
  return true;
}

void DistributedObjective::refresh_curvature(const Eigen::VectorXd& theta) {
  if (!curvature_requests_ || last_theta_.size() != theta.size() || last_theta_ != theta) {
    value_and_gradient(theta, refresh_gradient_);
  }
}

}  // namespace dlogit::train
