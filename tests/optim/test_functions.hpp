#pragma once
// Small analytic objectives for the optimizer tests. Each counts its calls so that tests can check
// the counts the optimizers report.
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "optim/objective.hpp"

namespace dlogit::optim::testing {

class CountingObjective : public Objective {
 public:
  long value_calls = 0;
  long hessian_calls = 0;
};

// 0.5 x'Ax - b'x with A symmetric positive definite; minimizer A^{-1} b.
class Quadratic : public CountingObjective {
 public:
  Quadratic(Eigen::MatrixXd A, Eigen::VectorXd b) : A_(std::move(A)), b_(std::move(b)) {}
  Eigen::Index dimension() const override { return b_.size(); }
  double value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    ++value_calls;
    g = A_ * x - b_;
    return 0.5 * x.dot(A_ * x) - b_.dot(x);
  }
  void hessian_vector(const Eigen::VectorXd&, const Eigen::VectorXd& v, Eigen::VectorXd& hv) override {
    ++hessian_calls;
    hv = A_ * v;
  }
  Eigen::VectorXd minimizer() const { return A_.llt().solve(b_); }
  const Eigen::MatrixXd& A() const { return A_; }

 private:
  Eigen::MatrixXd A_;
  Eigen::VectorXd b_;
};

// A = Q diag(logspace(0, log10(condition), n)) Q' with a fixed orthogonal Q; minimizer x_star.
inline Quadratic ill_conditioned_quadratic(int n, double condition, const Eigen::VectorXd& x_star) {
  Eigen::MatrixXd M(n, n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) M(i, j) = std::sin(1.0 + 7.0 * i + 3.0 * j * j);
  }
  const Eigen::MatrixXd Q = Eigen::HouseholderQR<Eigen::MatrixXd>(M).householderQ();
  Eigen::VectorXd lambda(n);
  for (int i = 0; i < n; ++i) lambda[i] = std::pow(condition, n > 1 ? double(i) / double(n - 1) : 0.0);
  Eigen::MatrixXd A = Q * lambda.asDiagonal() * Q.transpose();
  A = 0.5 * (A + A.transpose());
  Eigen::VectorXd b = A * x_star;
  return Quadratic(A, b);
}

// Σ_{i<n-1} 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2; minimum 0 at (1, ..., 1).
class Rosenbrock : public CountingObjective {
 public:
  explicit Rosenbrock(int n) : n_(n) {}
  Eigen::Index dimension() const override { return n_; }
  double value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    ++value_calls;
    g = Eigen::VectorXd::Zero(n_);
    double f = 0.0;
    for (int i = 0; i + 1 < n_; ++i) {
      const double t = x[i + 1] - x[i] * x[i];
      const double u = 1.0 - x[i];
      f += 100.0 * t * t + u * u;
      g[i] += -400.0 * x[i] * t - 2.0 * u;
      g[i + 1] += 200.0 * t;
    }
    return f;
  }
  void hessian_vector(const Eigen::VectorXd& x, const Eigen::VectorXd& v, Eigen::VectorXd& hv) override {
    ++hessian_calls;
    hv = Eigen::VectorXd::Zero(n_);
    for (int i = 0; i + 1 < n_; ++i) {
      const double hii = 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
      const double hij = -400.0 * x[i];
      hv[i] += hii * v[i] + hij * v[i + 1];
      hv[i + 1] += hij * v[i] + 200.0 * v[i + 1];
    }
  }

 private:
  int n_;
};

// The classic (-1.2, 1) in 2-d; zero in n-d (the chained function has a second local minimum near
// (-1, 1, ..., 1) that (-1.2, 1, -1.2, ...) leads to).
inline Eigen::VectorXd rosenbrock_start(int n) {
  if (n == 2) return Eigen::Vector2d(-1.2, 1.0);
  return Eigen::VectorXd::Zero(n);
}

// Deterministic uniform numbers in [-1, 1) (a 64-bit LCG; identical on every platform).
class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : state_(seed) {}
  double uniform() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return double(state_ >> 11) / double(1ULL << 53) * 2.0 - 1.0;
  }

 private:
  std::uint64_t state_;
};

// Σ_i log(1 + exp(-y_i w'x_i)) + (lambda/2) Σ_{j<n-1} w_j^2, the last coordinate being the
// unregularized intercept. Like the production objective, it caches the curvature D of the last
// value_and_gradient call and recomputes it (counted in `curvature_recomputations`) when
// hessian_vector is called at another point.
class Logistic : public CountingObjective {
 public:
  Logistic(Eigen::MatrixXd X, Eigen::VectorXd y, double lambda) : X_(std::move(X)), y_(std::move(y)), lambda_(lambda) {}
  Eigen::Index dimension() const override { return X_.cols(); }
  double value_and_gradient(const Eigen::VectorXd& w, Eigen::VectorXd& g) override {
    ++value_calls;
    const Eigen::VectorXd z = X_ * w;
    double f = 0.0;
    Eigen::VectorXd coef(z.size());
    D_.resize(z.size());
    for (Eigen::Index i = 0; i < z.size(); ++i) {
      const double m = y_[i] * z[i];
      f += m > 0.0 ? std::log1p(std::exp(-m)) : -m + std::log1p(std::exp(m));
      const double sigma = 1.0 / (1.0 + std::exp(-m));  // P(correct)
      coef[i] = -y_[i] * (1.0 - sigma);
      D_[i] = sigma * (1.0 - sigma);
    }
    g = X_.transpose() * coef + lambda_ * regularized(w);
    f += 0.5 * lambda_ * regularized(w).squaredNorm();
    cached_ = w;
    return f;
  }
  void hessian_vector(const Eigen::VectorXd& w, const Eigen::VectorXd& v, Eigen::VectorXd& hv) override {
    ++hessian_calls;
    if (cached_.size() != w.size() || cached_ != w) {
      ++curvature_recomputations;
      Eigen::VectorXd scratch;
      --value_calls;  // not a call by the optimizer
      value_and_gradient(w, scratch);
    }
    hv = X_.transpose() * (D_.asDiagonal() * (X_ * v)) + lambda_ * regularized(v);
  }
  long curvature_recomputations = 0;

 private:
  Eigen::VectorXd regularized(const Eigen::VectorXd& w) const {
    Eigen::VectorXd r = w;
    r[r.size() - 1] = 0.0;
    return r;
  }
  Eigen::MatrixXd X_;
  Eigen::VectorXd y_;
  double lambda_;
  Eigen::VectorXd D_;
  Eigen::VectorXd cached_;
};

// m examples, p features in [-1, 1) plus an intercept column; labels from a noisy linear rule with
// every 7th label flipped, so the data are not separable.
inline Logistic small_logistic(int m = 200, int p = 6, double lambda = 1.0, std::uint64_t seed = 42) {
  Lcg rng(seed);
  Eigen::MatrixXd X(m, p + 1);
  Eigen::VectorXd y(m);
  Eigen::VectorXd w_true(p);
  for (int j = 0; j < p; ++j) w_true[j] = (j % 3 == 2) ? 0.0 : 2.0 * rng.uniform();
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < p; ++j) X(i, j) = rng.uniform() * (1.0 + j);
    X(i, p) = 1.0;
    const double score = X.row(i).head(p).dot(w_true) + 0.3 + 0.5 * rng.uniform();
    y[i] = (score > 0.0) != (i % 7 == 0) ? 1.0 : -1.0;
  }
  return Logistic(X, y, lambda);
}

// 0.5 Σ a_i x_i^2 - b_i x_i; with the L1 weights c the minimizer of f + Σ c_i|x_i| is
// sign(b_i) max(|b_i| - c_i, 0) / a_i.
class DiagonalQuadratic : public CountingObjective {
 public:
  DiagonalQuadratic(Eigen::VectorXd a, Eigen::VectorXd b) : a_(std::move(a)), b_(std::move(b)) {}
  Eigen::Index dimension() const override { return a_.size(); }
  double value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    ++value_calls;
    g = a_.cwiseProduct(x) - b_;
    return 0.5 * x.dot(a_.cwiseProduct(x)) - b_.dot(x);
  }
  void hessian_vector(const Eigen::VectorXd&, const Eigen::VectorXd& v, Eigen::VectorXd& hv) override {
    ++hessian_calls;
    hv = a_.cwiseProduct(v);
  }
  Eigen::VectorXd l1_minimizer(const Eigen::VectorXd& c) const {
    Eigen::VectorXd x(a_.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      const double t = std::abs(b_[i]) - c[i];
      x[i] = t > 0.0 ? std::copysign(t, b_[i]) / a_[i] : 0.0;
    }
    return x;
  }

 private:
  Eigen::VectorXd a_;
  Eigen::VectorXd b_;
};

// Wraps an objective: after `good_calls` value_and_gradient calls every value and gradient is NaN
// (a numerical blow-up in the middle of a run).
class NanAfter : public CountingObjective {
 public:
  NanAfter(Objective& inner, long good_calls) : inner_(inner), good_calls_(good_calls) {}
  Eigen::Index dimension() const override { return inner_.dimension(); }
  double value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    ++value_calls;
    const double f = inner_.value_and_gradient(x, g);
    if (value_calls <= good_calls_) return f;
    g.setConstant(std::numeric_limits<double>::quiet_NaN());
    return std::numeric_limits<double>::quiet_NaN();
  }
  void hessian_vector(const Eigen::VectorXd& x, const Eigen::VectorXd& v, Eigen::VectorXd& hv) override {
    ++hessian_calls;
    inner_.hessian_vector(x, v, hv);
    if (value_calls > good_calls_) hv.setConstant(std::numeric_limits<double>::quiet_NaN());
  }

 private:
  Objective& inner_;
  long good_calls_;
};

// Wraps an objective: NaN value and gradient wherever x_0 > limit (an objective that is only
// defined on part of the space, with its unconstrained minimizer outside).
class NanRegion : public CountingObjective {
 public:
  NanRegion(Objective& inner, double limit) : inner_(inner), limit_(limit) {}
  Eigen::Index dimension() const override { return inner_.dimension(); }
  double value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    ++value_calls;
    const double f = inner_.value_and_gradient(x, g);
    if (x[0] <= limit_) return f;
    g.setConstant(std::numeric_limits<double>::quiet_NaN());
    return std::numeric_limits<double>::quiet_NaN();
  }
  void hessian_vector(const Eigen::VectorXd& x, const Eigen::VectorXd& v, Eigen::VectorXd& hv) override {
    ++hessian_calls;
    inner_.hessian_vector(x, v, hv);
  }

 private:
  Objective& inner_;
  double limit_;
};

}  // namespace dlogit::optim::testing

#include <memory>
#include <string>

#include "optim/optim_common.hpp"
#include "optim/optimizer.hpp"

namespace dlogit::optim::testing {

inline OptimizerResult run(const std::string& method, Objective& objective, const Eigen::VectorXd& x0,
                           OptimizerOptions options = {}, const L1Term& l1 = {},
                           const IterationCallback& callback = {}) {
  return make_optimizer(method, options)->minimize(objective, l1, x0, callback);
}

// The minimizer of small_logistic(), from newton with tol = 1e-12.
inline Eigen::VectorXd logistic_reference() {
  Logistic objective = small_logistic();
  OptimizerOptions options;
  options.tol = 1e-12;
  options.max_iter = 100;
  return run("newton", objective, Eigen::VectorXd::Zero(objective.dimension()), options).x;
}

// Σ c_j |x_j| weights for the logistic problem: c on the features, 0 on the intercept.
inline L1Term logistic_l1(Eigen::Index dimension, double c) {
  L1Term l1;
  l1.weights = Eigen::VectorXd::Constant(dimension, c);
  l1.weights[dimension - 1] = 0.0;
  return l1;
}

// The largest optimality violation of f + L1 at x: |g_j + c_j sign(x_j)| for x_j != 0, max(|g_j| - c_j, 0)
// for x_j = 0 (the pseudo-gradient's largest entry).
inline double kkt_violation(Objective& f, const L1Term& l1, const Eigen::VectorXd& x) {
  Eigen::VectorXd g, pg;
  f.value_and_gradient(x, g);
  detail::pseudo_gradient(x, g, l1.weights, pg);
  return pg.cwiseAbs().maxCoeff();
}

}  // namespace dlogit::optim::testing
