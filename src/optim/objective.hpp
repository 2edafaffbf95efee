#pragma once
#include <Eigen/Dense>
#include <limits>
#include <vector>

namespace dlogit::optim {

// What every optimizer minimizes: a smooth function f with its gradient in one call and a
// Hessian-vector product. A quadratic in a test and the distributed logistic loss are the same thing
// here. Non-smooth L1 terms are not part of f: optimizers take them separately (see L1Term).
class Objective {
 public:
  virtual ~Objective() = default;
  virtual Eigen::Index dimension() const = 0;
  // Returns f(x) and writes its gradient into `gradient` (resized by the callee if needed).
  virtual double value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) = 0;
  // Writes H(x) v into `hv`. Implementations may reuse curvature cached by the most recent
  // value_and_gradient call, so optimizers call it at the point they last evaluated, or pass that point.
  virtual void hessian_vector(const Eigen::VectorXd& x, const Eigen::VectorXd& v, Eigen::VectorXd& hv) = 0;
  // Writes the diagonal of H(x) into `diagonal` and returns true, or returns false when the objective
  // has no cheap diagonal (the Newton method then runs its conjugate gradients unpreconditioned).
  // Same caching contract as hessian_vector.
  virtual bool hessian_diagonal(const Eigen::VectorXd& /*x*/, Eigen::VectorXd& /*diagonal*/) { return false; }
  // Writes the block of H(x) on the coordinates `set` (ascending) into `block`, set.size() squared values
  // column by column (the block is symmetric), and returns true; or returns false when the objective has
  // no such block (pqn then keeps its quasi-Newton model). One pass over the data; it computes its
  // curvature at x itself, so needs no earlier evaluation there.
  virtual bool hessian_block(const Eigen::VectorXd& /*x*/, const std::vector<Eigen::Index>& /*set*/, double* /*block*/) {
    return false;
  }
  // Until called again with null, every value_and_gradient may also build its certificate from a second
  // dual point, linearized from `anchor` (the point a Newton-type step left; it must stay alive): after a
  // step that minimized an exact second-order model at the anchor, that point is nearly the model's dual
  // optimum, and certifies the new iterate about as tightly as its true gap. Same cost in passes.
  virtual void linearize_dual_from(const Eigen::VectorXd* /*anchor*/) {}
  // A certificate of optimality, when the objective has one: an upper bound on (F(x) − F*) / F(x), with
  // F = f + the L1 term the optimizer was given, from x, f's gradient at x and F(x) (as the optimizer holds
  // them after evaluating x: no new evaluation). NaN: no certificate (the default). Must be cheap (no
  // pass over the data) and deterministic: the stopping rule optimizer.gap_tol uses it every iteration.
  virtual double relative_gap_bound(const Eigen::VectorXd& /*x*/, const Eigen::VectorXd& /*gradient*/,
                                    double /*value*/) const {
    return std::numeric_limits<double>::quiet_NaN();
  }
};

// The non-smooth part Σ_j c_j |x_j| with c_j ≥ 0 (c_j = 0 for the intercept). Empty = no L1 term.
struct L1Term {
  Eigen::VectorXd weights;
  bool active() const { return weights.size() > 0 && weights.maxCoeff() > 0.0; }
  double value(const Eigen::VectorXd& x) const { return active() ? weights.cwiseProduct(x.cwiseAbs()).sum() : 0.0; }
};

}  // namespace dlogit::optim
