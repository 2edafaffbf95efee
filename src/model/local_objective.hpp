#pragma once
#include <Eigen/Dense>

namespace dlogit::model {

// What one rank computes: the unregularized loss of its own rows as sums (not means), at parameters
// θ = [w; b] (b present only with an intercept). Points and results are parameter_count() doubles
// (raw arrays, so that the rank protocol evaluates straight from its message buffer). The rank protocol (train/rank_protocol.hpp) adds the
// ranks' sums with one allreduce and divides by the global row count; optimizers never see this type.
// Implemented by RowPassObjective<Loss> (row_pass_objective.hpp) for any per-row loss policy.
class LocalObjective {
 public:
  virtual ~LocalObjective() = default;

  virtual Eigen::Index parameter_count() const = 0;
  virtual bool fit_intercept() const = 0;

  // One pass over the rows: returns Σ_i s_i ℓ(z_i, y_i) and writes Σ_i s_i ℓ'(z_i, y_i) x̃_i into
  // gradient_sum[0 .. parameter_count()), with z_i = x̃_i·θ, x̃ = [x; 1] with an intercept and s_i the
  // row weight (1 unweighted). Keeps the curvature s_i ℓ''(z_i) for the Hessian passes at this θ when
  // keeps_curvature().
  // While keeps_dual_terms(), the gradient is followed by extra_sum_count() more sums: the loss's own
  // per-row sums for the duality-gap certificate (model/duality_gap.hpp), then, with an intercept, the
  // part of the gradient sum from the positive rows, Σ_{y_i = 1} s_i ℓ'(z_i) x_i (one per feature):
  // gradient_sum has room for parameter_count() + extra_sum_count() values.
  virtual double loss_and_gradient_sum(const double* theta, double* gradient_sum) = 0;
  virtual Eigen::Index extra_sum_count() const { return 0; }
  // Whether loss_and_gradient_sum_linearized is available (while keeps_dual_terms()).
  virtual bool has_linearized_dual() const { return false; }
  // loss_and_gradient_sum at θ, and in the same pass a second dual point for the certificate: each row's
  // prediction linearized from the earlier point θ − step, σ(z⁰) + σ'(z⁰) x̃·step (σ(z) where that leaves
  // (0, 1)). Writes its gradient sum and dual terms, laid out as gradient_sum's, into linearized_sum
  // (parameter_count() + extra_sum_count() values). After a Newton-type step from θ − step this point is
  // the step's model's own dual point: its certificate is second order where the residual one is first.
  virtual double loss_and_gradient_sum_linearized(const double* theta, const double* /*step*/, double* gradient_sum,
                                                  double* /*linearized_sum*/) {
    return loss_and_gradient_sum(theta, gradient_sum);
  }
  // Whether gradient passes compute the certificate's sums (off by default: they cost a little per row
  // and, with an intercept, one more feature-sized sum). Set before a RankProtocol is built on this
  // objective: it sizes its messages by extra_sum_count().
  virtual void keep_dual_terms(bool /*keep*/) {}
  virtual bool keeps_dual_terms() const { return false; }

  // One pass: writes Σ_i x̃_i D_i x̃_iᵀ v into hv_sum, D from the last loss_and_gradient_sum.
  virtual void hessian_vector_sum(const double* v, double* hv_sum) = 0;

  // Whether hessian_diagonal_sum and hessian_diagonal_sum_at are available (the Newton method's CG
  // preconditioner; pqn's initial matrix).
  virtual bool has_hessian_diagonal() const { return false; }
  // One pass: writes the diagonal of Σ_i x̃_i D_i x̃_iᵀ into diagonal_sum, D from the last loss_and_gradient_sum.
  virtual void hessian_diagonal_sum(double* /*diagonal_sum*/) {}
  // One pass: the same diagonal with D at θ, computed row by row in this pass from z_i = x̃_i·θ (the same
  // bits a gradient pass at θ would have kept). Needs no kept curvature and keeps none: for an optimizer
  // that wants the diagonal once (pqn, at x_0), so that its gradient passes store nothing per row.
  virtual void hessian_diagonal_sum_at(const double* /*theta*/, double* /*diagonal_sum*/) {}

  // Whether hessian_block_sum_at is available (pqn's exact model on its working set).
  virtual bool has_hessian_block() const { return false; }
  // One pass: the block of Σ_i x̃_i D_i x̃_iᵀ on the parameters set[0 .. count) (ascending, each below
  // parameter_count()), with D at θ computed in the pass as hessian_diagonal_sum_at does. Writes its lower
  // triangle packed by rows: entry (a, b), b <= a, positions in `set`, at a(a+1)/2 + b, count(count+1)/2
  // values. A row costs the square of its nonzeros inside the set, so callers keep the set small.
  virtual void hessian_block_sum_at(const double* /*theta*/, const Eigen::Index* /*set*/, Eigen::Index /*count*/,
                                    double* /*packed_sum*/) {}

  // Whether gradient passes keep D for hessian_vector_sum and hessian_diagonal_sum. Only the Newton
  // method needs it; without it a gradient pass writes 8 bytes less per row and holds no per-row array.
  // Takes effect from the next gradient pass; those two passes without it throw std::logic_error.
  virtual void keep_curvature(bool keep) = 0;
  virtual bool keeps_curvature() const = 0;
};

}  // namespace dlogit::model
