#pragma once
#include <Eigen/Dense>
#include <limits>

#include "model/duality_gap.hpp"
#include "model/penalty.hpp"
#include "optim/objective.hpp"
#include "train/rank_protocol.hpp"

namespace dlogit::train {

// Rank 0's view of J(θ) = Σ loss / m + smooth part of R(w), over all ranks' rows: each call is one
// request of the rank protocol. The non-smooth L1 part is handed to the optimizers separately
// (Penalty::l1_weights). Keeps no time: the protocol does.
class DistributedObjective final : public optim::Objective {
 public:
  // `curvature_requests`: whether hessian_vector / hessian_diagonal will be asked repeatedly, from the
  // curvature the ranks keep at each evaluated θ (newton: its local objectives keep curvature). Only then
  // is a copy of each evaluated θ kept to tell whether that curvature is current: at 2^24 features it is a
  // 128 MiB vector and a 128 MiB copy per evaluation that lbfgs, owlqn, gd and pqn never use. Without
  // it a Hessian-vector request re-evaluates its θ first (correct, one pass more), and hessian_diagonal
  // is one pass that computes the curvature at θ itself (pqn's one diagonal, at x_0), so that the local
  // objectives need not keep curvature in every gradient pass of the run for it.
  // `gap`: the certificate of J (null: none); must outlive this object, and the ranks' local objectives
  // must keep its dual terms (LocalObjective::keep_dual_terms).
  DistributedObjective(RankProtocol& protocol, const model::Penalty& penalty, double global_rows,
                       bool curvature_requests = true, const model::DualityGap* gap = nullptr);

  Eigen::Index dimension() const override { return protocol_.parameter_count(); }
  double value_and_gradient(const Eigen::VectorXd& theta, Eigen::VectorXd& gradient) override;
  void hessian_vector(const Eigen::VectorXd& theta, const Eigen::VectorXd& v, Eigen::VectorXd& hv) override;
  bool hessian_diagonal(const Eigen::VectorXd& theta, Eigen::VectorXd& diagonal) override;
  bool hessian_block(const Eigen::VectorXd& theta, const std::vector<Eigen::Index>& set, double* block) override;
  // With a certificate whose ranks can build the linearized point (RankProtocol::has_linearized_dual);
  // otherwise a no-op. The dual value is then the better of the two points'.
  void linearize_dual_from(const Eigen::VectorXd* anchor) override;
  double relative_gap_bound(const Eigen::VectorXd& theta, const Eigen::VectorXd& gradient,
                            double value) const override;
  // For a run resumed from a checkpoint, which holds θ and its gradient but not the pass sums of its
  // certificate: one pass at θ (not counted as an evaluation of the optimizer), so that the resumed
  // iteration is certified as the uninterrupted run's was. `recorded`: the bound the checkpoint's trace
  // holds for θ (NaN: none, a version-0 file), which the certificate at θ is then no looser than (pqn's
  // came from a dual point of its last step, which the resumed run cannot rebuild). No-op without a
  // certificate.
  void certify_resumed(const Eigen::VectorXd& theta, const Eigen::VectorXd& gradient, double recorded);

 private:
  // The curvature every rank keeps is from the last evaluated θ; refreshed when asked elsewhere.
  void refresh_curvature(const Eigen::VectorXd& theta);

  RankProtocol& protocol_;
  model::Penalty penalty_;
  double global_rows_;
  Eigen::Index weights_;
  bool curvature_requests_;
  const model::DualityGap* gap_;
  // The dual value of the last gradient evaluation (O(features) on rank 0 each), and its gradient's sum,
  // so that a certificate is given only for that point (the one an optimizer reports after evaluating it).
  double last_dual_ = 0.0;
  double recorded_bound_ = std::numeric_limits<double>::quiet_NaN();  // certify_resumed's, until the next pass
  double gradient_checksum_ = std::numeric_limits<double>::quiet_NaN();
  const Eigen::VectorXd* dual_anchor_ = nullptr;
  Eigen::VectorXd dual_step_;  // θ − anchor, allocated once
  Eigen::VectorXd last_theta_;  // where every rank's cached curvature was computed (curvature_requests_ only)
  Eigen::VectorXd refresh_gradient_;  // the unused gradient of a refresh, kept so that it is allocated once
};

}  // namespace dlogit::train
