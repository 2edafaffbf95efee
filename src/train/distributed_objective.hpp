#pragma once
#include <Eigen/Dense>

#include "model/penalty.hpp"
#include "optim/objective.hpp"
#include "train/rank_protocol.hpp"

namespace dlogit::train {

// Rank 0's view of J(θ) = Σ loss / m + smooth part of R(w), over all ranks' rows: each call is one
// request of the rank protocol. The non-smooth L1 part is handed to the optimizers separately
// (Penalty::l1_weights). Keeps no time: the protocol does.
class DistributedObjective final : public optim::Objective {
 public:
  // `curvature_requests`: whether hessian_vector / hessian_diagonal will be asked (newton). Only then is
  // a copy of each evaluated θ kept to tell whether the ranks' cached curvature is current: at 2^24
  // features it is a 128 MiB vector and a 128 MiB copy per evaluation that lbfgs, owlqn and gd never
  // use. Without it a curvature request re-evaluates its θ first (correct, one pass more).
  DistributedObjective(RankProtocol& protocol, const model::Penalty& penalty, double global_rows,
                       bool curvature_requests = true);

  Eigen::Index dimension() const override { return protocol_.parameter_count(); }
  double value_and_gradient(const Eigen::VectorXd& theta, Eigen::VectorXd& gradient) override;
  void hessian_vector(const Eigen::VectorXd& theta, const Eigen::VectorXd& v, Eigen::VectorXd& hv) override;
  bool hessian_diagonal(const Eigen::VectorXd& theta, Eigen::VectorXd& diagonal) override;

 private:
  // The curvature every rank holds is from the last evaluated θ; refreshed when asked elsewhere.
  void refresh_curvature(const Eigen::VectorXd& theta);

  RankProtocol& protocol_;
  model::Penalty penalty_;
  double global_rows_;
  Eigen::Index weights_;
  bool curvature_requests_;
  Eigen::VectorXd last_theta_;  // where every rank's cached curvature was computed (curvature_requests_ only)
  Eigen::VectorXd refresh_gradient_;  // the unused gradient of a refresh, kept so that it is allocated once
};

}  // namespace dlogit::train
