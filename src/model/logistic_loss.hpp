#pragma once
#include <Eigen/Dense>
#include <vector>

#include "data/dataset.hpp"

namespace dlogit::model {

// The unregularized negative log-likelihood of this rank's shard, as sums (not means): the driver
// adds the shards together with one allreduce and divides by the global row count.
// Parameters θ = [w; b] (b present only when fit_intercept).
class LogisticLoss {
 public:
  LogisticLoss(const data::Dataset& shard, bool fit_intercept);

  Eigen::Index parameter_count() const { return features_ + (fit_intercept_ ? 1 : 0); }
  bool fit_intercept() const { return fit_intercept_; }

  // One fused pass over the rows: returns Σ_i s_i nll_i and writes Σ_i s_i (σ(z_i) − y_i) x̃_i into
  // gradient_sum[0 .. parameter_count()) (x̃ = [x; 1] with an intercept). Also keeps the curvature
  // D_i = s_i σ(z_i)(1 − σ(z_i)) of every row for hessian_vector_sum at this θ. s_i is the shard's row
  // weight (Dataset::row_weights), 1 when the shard is unweighted.
  double nll_and_gradient_sum(const Eigen::VectorXd& theta, double* gradient_sum);

  // One fused pass: writes Σ_i x̃_i D_i x̃_iᵀ v into hv_sum, with D from the last nll_and_gradient_sum.
  void hessian_vector_sum(const Eigen::VectorXd& v, double* hv_sum) const;

 private:
  const data::Dataset& shard_;
  Eigen::Index features_;
  bool fit_intercept_;
  std::vector<double> curvature_;  // D_i, one per local row; sized once
};

// log(1 + e^z) without overflow for any finite z.
double softplus(double z);
// 1 / (1 + e^{-z}) without overflow for any finite z.
double sigmoid(double z);

}  // namespace dlogit::model
