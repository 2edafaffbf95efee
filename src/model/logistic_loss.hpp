#pragma once
#include <Eigen/Dense>
#include <memory>
#include <vector>

#include "data/dataset.hpp"
#include "model/pass_threads.hpp"

namespace dlogit::model {

// The unregularized negative log-likelihood of this rank's shard, as sums (not means): the driver
// adds the shards together with one allreduce and divides by the global row count.
// Parameters θ = [w; b] (b present only when fit_intercept).
//
// With threads > 1 each pass splits the rows into one contiguous block per thread (balanced by
// nonzeros); every thread sums its block into its own buffer and the buffers are added in thread
// order, so the result depends on the thread count but never on timing.
class LogisticLoss {
 public:
  LogisticLoss(const data::Dataset& shard, bool fit_intercept, int threads = 1);

  Eigen::Index parameter_count() const { return features_ + (fit_intercept_ ? 1 : 0); }
  bool fit_intercept() const { return fit_intercept_; }
  int threads() const { return team_->size(); }

  // One fused pass over the rows: returns Σ_i s_i nll_i and writes Σ_i s_i (σ(z_i) − y_i) x̃_i into
  // gradient_sum[0 .. parameter_count()) (x̃ = [x; 1] with an intercept). Also keeps the curvature
  // D_i = s_i σ(z_i)(1 − σ(z_i)) of every row for hessian_vector_sum at this θ. s_i is the shard's row
  // weight (Dataset::row_weights), 1 when the shard is unweighted.
  double nll_and_gradient_sum(const Eigen::VectorXd& theta, double* gradient_sum);

  // Whether gradient passes keep D for the Hessian passes (default: yes). Only the Newton method needs
  // it; without it a gradient pass writes 8 bytes less per row and the loss holds no per-row array.
  // Takes effect from the next gradient pass; a Hessian pass without it throws std::logic_error.
  void keep_curvature(bool keep);
  bool keeps_curvature() const { return keeps_curvature_; }

  // One fused pass: writes Σ_i x̃_i D_i x̃_iᵀ v into hv_sum, with D from the last nll_and_gradient_sum.
  void hessian_vector_sum(const Eigen::VectorXd& v, double* hv_sum) const;

  // One pass: writes the diagonal of Σ_i x̃_i D_i x̃_iᵀ into diagonal_sum, with D from the last
  // nll_and_gradient_sum (a preconditioner for the Newton method's conjugate gradients).
  void hessian_diagonal_sum(double* diagonal_sum) const;

 private:
  enum class PassKind { gradient, hessian_vector, hessian_diagonal };
  static void run_block(void* self, int thread);
  void run_pass(PassKind kind, const double* point, double* out) const;
  void require_curvature() const;

  const data::Dataset& shard_;
  Eigen::Index features_;
  bool fit_intercept_;
  std::vector<double> curvature_;  // D_i, one per local row, while kept; sized once
  bool keeps_curvature_ = true;
  std::unique_ptr<PassThreads> team_;
  std::vector<Eigen::Index> block_starts_;  // thread t owns rows [block_starts_[t], block_starts_[t+1])

  // The pass in flight and each thread's share of it; buffers sized once. Written by the passes of
  // the const hessian_vector_sum too, hence mutable.
  mutable PassKind pass_kind_ = PassKind::gradient;
  mutable const double* pass_point_ = nullptr;
  mutable double* pass_out_ = nullptr;
  mutable std::vector<std::vector<double>> thread_sums_;  // threads 1.. (thread 0 writes pass_out_)
  mutable std::vector<double> thread_nll_;
  mutable std::vector<double> thread_intercept_;
};

// log(1 + e^z) without overflow for any finite z.
double softplus(double z);
// 1 / (1 + e^{-z}) without overflow for any finite z.
double sigmoid(double z);

}  // namespace dlogit::model
