#include "optim/proximal_quasi_newton.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "optim/optim_common.hpp"
#include "optim/test_functions.hpp"

using namespace dlogit::optim;
using namespace dlogit::optim::testing;

namespace {

// Mean logistic loss with an L2 part, columns scaled by `scale` (badly scaled data) and a Hessian
// diagonal, which pqn takes at x_0 for its initial matrix. The last column is the intercept (1, not
// penalized).
class ScaledLogistic : public Objective {
 public:
  ScaledLogistic(int m, int p, const Eigen::VectorXd& scale, double l2, std::uint64_t seed) : l2_(l2) {
    Lcg rng(seed);
    X_.resize(m, p + 1);
    y_.resize(m);
    for (int i = 0; i < m; ++i) {
      double score = -1.5;  // unbalanced classes: the intercept is far from 0
      for (int j = 0; j < p; ++j) {
        const double v = rng.uniform();
        X_(i, j) = v * scale[j];
        score += (j % 4 == 0 ? 0.0 : 2.0 * (j % 2 == 0 ? 1.0 : -1.0)) * v;
      }
      X_(i, p) = 1.0;
      y_[i] = (score + rng.uniform() > 0.0) != (i % 9 == 0) ? 1.0 : 0.0;
    }
  }
  Eigen::Index dimension() const override { return X_.cols(); }
  double value_and_gradient(const Eigen::VectorXd& w, Eigen::VectorXd& g) override {
    const Eigen::VectorXd z = X_ * w;
    const double m = static_cast<double>(z.size());
    Eigen::VectorXd residual(z.size());
    curvature_.resize(z.size());
    double f = 0.0;
    for (Eigen::Index i = 0; i < z.size(); ++i) {
      const double p = 1.0 / (1.0 + std::exp(-z[i]));
      f += (z[i] > 0.0 ? z[i] + std::log1p(std::exp(-z[i])) : std::log1p(std::exp(z[i]))) - y_[i] * z[i];
      residual[i] = p - y_[i];
      curvature_[i] = p * (1.0 - p);
    }
    const Eigen::VectorXd w_penalized = penalized(w);
    g = X_.transpose() * residual / m + l2_ * w_penalized;
    return f / m + 0.5 * l2_ * w_penalized.squaredNorm();
  }
  void hessian_vector(const Eigen::VectorXd& /*w*/, const Eigen::VectorXd& v, Eigen::VectorXd& hv) override {
    hv = X_.transpose() * (curvature_.asDiagonal() * (X_ * v)) / static_cast<double>(X_.rows()) + l2_ * penalized(v);
  }
  bool hessian_diagonal(const Eigen::VectorXd& /*w*/, Eigen::VectorXd& diagonal) override {
    ++diagonal_calls;
    diagonal = (X_.array().square().colwise() * curvature_.array()).colwise().sum().transpose() /
               static_cast<double>(X_.rows());
    diagonal += l2_ * penalized(Eigen::VectorXd::Ones(X_.cols()));
    return true;
  }
  // The exact Hessian on a set, at w (pqn's model while its working set is small), when `with_block`.
  bool hessian_block(const Eigen::VectorXd& w, const std::vector<Eigen::Index>& set, double* block) override {
    if (!with_block) return false;
    ++block_calls;
    const Eigen::VectorXd z = X_ * w;
    const Eigen::ArrayXd p = (1.0 + (-z.array()).exp()).inverse();
    const Eigen::ArrayXd d = p * (1.0 - p);
    const auto n = static_cast<Eigen::Index>(set.size());
    Eigen::Map<Eigen::MatrixXd> out(block, n, n);
    for (Eigen::Index a = 0; a < n; ++a) {
      for (Eigen::Index b = 0; b < n; ++b) {
        out(a, b) = (X_.col(set[a]).array() * d * X_.col(set[b]).array()).sum() / static_cast<double>(X_.rows());
      }
      if (set[a] < X_.cols() - 1) out(a, a) += l2_;
    }
    return true;
  }
  // Makes column `to` a multiple of column `from` (collinear columns: a singular Hessian).
  void copy_column(int from, int to, double factor) { X_.col(to) = factor * X_.col(from); }
  int diagonal_calls = 0;
  int block_calls = 0;
  bool with_block = false;

 private:
  Eigen::VectorXd penalized(const Eigen::VectorXd& w) const {
    Eigen::VectorXd r = w;
    r[r.size() - 1] = 0.0;
    return r;
  }
  Eigen::MatrixXd X_;
  Eigen::VectorXd y_;
  Eigen::VectorXd curvature_;
  double l2_;
};

Eigen::VectorXd bad_scale(int p) {
  Eigen::VectorXd scale = Eigen::VectorXd::Ones(p);
  for (int j = 0; j < p; j += 3) scale[j] = 1000.0;
  return scale;
}

OptimizerOptions tight() {
  OptimizerOptions options;
  options.tol = 1e-11;
  options.max_iter = 200000;
  return options;
}

void check_same_optimum(const OptimizerResult& a, const OptimizerResult& b) {
  CHECK(std::abs(a.objective - b.objective) <= 1e-8 * std::abs(b.objective));
  int zeros = 0;
  for (Eigen::Index j = 0; j < a.x.size(); ++j) {
    INFO("coordinate " << j << ": " << a.x[j] << " vs " << b.x[j]);
    CHECK((a.x[j] == 0.0) == (b.x[j] == 0.0));
    zeros += a.x[j] == 0.0 ? 1 : 0;
  }
  INFO(zeros << " zeros");
  CHECK(zeros >= 1);
  CHECK(zeros < a.x.size() - 1);
}

}  // namespace

TEST_CASE("pqn finds the soft-threshold solution of a diagonal quadratic with exact zeros", "[pqn][l1]") {
  const Eigen::VectorXd a = (Eigen::VectorXd(6) << 1.0, 2.0, 10.0, 0.5, 4.0, 3.0).finished();
  const Eigen::VectorXd b = (Eigen::VectorXd(6) << 3.0, -0.5, -4.0, 0.2, 1.0, -2.0).finished();
  const Eigen::VectorXd c = (Eigen::VectorXd(6) << 1.0, 1.0, 1.0, 1.0, 1.0, 0.0).finished();
  DiagonalQuadratic f(a, b);
  const Eigen::VectorXd expected = f.l1_minimizer(c);
  for (double start : {1.0, -1.0, 0.0}) {
    OptimizerOptions options;
    options.tol = 1e-10;
    const OptimizerResult r = run("pqn", f, Eigen::VectorXd::Constant(6, start), options, L1Term{c});
    INFO("start " << start << " reason " << r.stop_reason);
    CHECK(r.converged);
    CHECK((r.x - expected).norm() < 1e-8);
    for (int i = 0; i < 6; ++i) CHECK((r.x[i] == 0.0) == (expected[i] == 0.0));
  }
}

TEST_CASE("pqn and owlqn reach the same l1 optimum and zero pattern (logistic, intercept unpenalized)", "[pqn][l1]") {
  for (double c : {20.0, 40.0}) {
    INFO("c " << c);
    Logistic f = small_logistic(300, 12);
    const L1Term l1 = logistic_l1(f.dimension(), c);
    const OptimizerResult q = run("pqn", f, Eigen::VectorXd::Zero(f.dimension()), tight(), l1);
    const OptimizerResult o = run("owlqn", f, Eigen::VectorXd::Zero(f.dimension()), tight(), l1);
    INFO("pqn " << q.stop_reason << " after " << q.function_evals << " evaluations; owlqn " << o.stop_reason << " after "
                << o.function_evals);
    CHECK(kkt_violation(f, l1, q.x) < 1e-8);
    check_same_optimum(q, o);
  }
}

TEST_CASE("pqn on badly scaled columns: the same optimum as owlqn, with the Hessian diagonal taken once", "[pqn][l1]") {
  const int p = 12;
  for (double l2 : {0.0, 1e-3}) {  // l1 and elastic net
    INFO("l2 " << l2);
    ScaledLogistic f(400, p, bad_scale(p), l2, 7);
    L1Term l1;
    l1.weights = Eigen::VectorXd::Constant(p + 1, 0.05);
    l1.weights[p] = 0.0;
    const OptimizerResult q = run("pqn", f, Eigen::VectorXd::Zero(p + 1), tight(), l1);
    CHECK(f.diagonal_calls == 1);
    const OptimizerResult o = run("owlqn", f, Eigen::VectorXd::Zero(p + 1), tight(), l1);
    INFO("pqn " << q.stop_reason << " after " << q.function_evals << " evaluations; owlqn " << o.stop_reason << " after "
                << o.function_evals);
    CHECK(kkt_violation(f, l1, q.x) < 1e-9);
    check_same_optimum(q, o);
    CHECK(q.x[p] != 0.0);  // the intercept is free
  }
}

TEST_CASE("pqn without an L1 term is a quasi-Newton method for the smooth objective", "[pqn]") {
  Logistic f = small_logistic();
  const Eigen::VectorXd reference = logistic_reference();
  OptimizerOptions options;
  options.tol = 1e-10;
  const OptimizerResult r = run("pqn", f, Eigen::VectorXd::Zero(f.dimension()), options);
  CHECK(r.converged);
  CHECK((r.x - reference).norm() < 1e-7);
}

TEST_CASE("pqn with the exact Hessian block: owlqn's optimum in few iterations, on badly scaled and collinear columns", "[pqn][l1]") {
  const int p = 12;
  for (double l2 : {0.0, 1e-3}) {  // l1 and elastic net
    INFO("l2 " << l2);
    ScaledLogistic f(400, p, bad_scale(p), l2, 7);
    f.copy_column(1, 5, 3.0);  // with l1 alone the split between them is decided by the penalty only
    L1Term l1;
    l1.weights = Eigen::VectorXd::Constant(p + 1, 0.05);
    l1.weights[p] = 0.0;
    const OptimizerResult quasi = run("pqn", f, Eigen::VectorXd::Zero(p + 1), tight(), l1);
    f.with_block = true;
    const OptimizerResult exact = run("pqn", f, Eigen::VectorXd::Zero(p + 1), tight(), l1);
    CHECK(f.block_calls == exact.iterations);  // one block per iteration, counted as a Hessian pass
    CHECK(exact.hessian_evals == exact.iterations + 1);  // and the diagonal at x_0
    const OptimizerResult o = run("owlqn", f, Eigen::VectorXd::Zero(p + 1), tight(), l1);
    INFO("pqn exact " << exact.stop_reason << " after " << exact.iterations << " iterations; pqn quasi-Newton "
                      << quasi.iterations << "; owlqn " << o.stop_reason << " after " << o.function_evals);
    CHECK(kkt_violation(f, l1, exact.x) < 1e-9);
    check_same_optimum(exact, o);
    // 5 and 6 iterations against the quasi-Newton model's 12 and 16 when written.
    CHECK(exact.iterations <= 10);
    CHECK(exact.iterations * 2 < quasi.iterations);
  }
}

TEST_CASE("pqn asks for no Hessian block above options.hessian_block, and none at 0", "[pqn][l1]") {
  const int p = 12;
  ScaledLogistic f(400, p, bad_scale(p), 0.0, 7);
  f.with_block = true;
  L1Term l1;
  l1.weights = Eigen::VectorXd::Constant(p + 1, 0.05);
  l1.weights[p] = 0.0;
  OptimizerOptions options = tight();
  options.hessian_block = 0;
  const OptimizerResult none = run("pqn", f, Eigen::VectorXd::Zero(p + 1), options, l1);
  CHECK(f.block_calls == 0);
  CHECK(none.hessian_evals == 1);  // the diagonal at x_0 only
  // At 3 the first working sets (every coordinate violates optimality at 0) are too large.
  options.hessian_block = 3;
  const OptimizerResult small = run("pqn", f, Eigen::VectorXd::Zero(p + 1), options, l1);
  CHECK(f.block_calls < small.iterations);
  CHECK(kkt_violation(f, l1, small.x) < 1e-9);
}
