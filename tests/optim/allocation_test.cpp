// Issue 14: the optimizers allocate nothing in their iterations once their work vectors exist. This
// file replaces malloc (forwarding to glibc's) so that every heap allocation in the test binary is
// counted, Eigen's included (they do not go through operator new). Not built under the sanitizers,
// whose runtimes replace malloc themselves.
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define DLOGIT_NO_MALLOC_COUNT 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define DLOGIT_NO_MALLOC_COUNT 1
#endif

#ifndef DLOGIT_NO_MALLOC_COUNT

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <vector>

#include <catch2/catch.hpp>

#include "optim/gradient_descent.hpp"
#include "optim/lbfgs.hpp"
#include "optim/owlqn.hpp"
#include "optim/proximal_quasi_newton.hpp"
#include "optim/trust_region_newton.hpp"

namespace {
std::atomic<long> g_allocations{0};
}

extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* pointer, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
void __libc_free(void* pointer);

void* malloc(std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(count, size);
}
void* realloc(void* pointer, std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(pointer, size);
}
void* memalign(std::size_t alignment, std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_memalign(alignment, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  void* pointer = __libc_memalign(alignment, size);
  if (pointer == nullptr) return ENOMEM;
  *out = pointer;
  return 0;
}
void free(void* pointer) noexcept { __libc_free(pointer); }
}

namespace dlogit::optim {
namespace {

// A chained logistic-like objective that allocates nothing itself (all loops, no temporaries):
// f(x) = Σ_i log(1 + exp(a_i x_i + b_i x_{i+1} + c_i)) + (λ/2) ||x||², indices modulo n.
class ChainedSoftplus : public Objective {
 public:
  explicit ChainedSoftplus(Eigen::Index n) : a_(n), b_(n), c_(n) {
    for (Eigen::Index i = 0; i < n; ++i) {
      a_[i] = 1.0 + 0.5 * std::sin(0.7 * static_cast<double>(i));
      b_[i] = 0.8 * std::cos(1.3 * static_cast<double>(i));
      c_[i] = std::sin(2.1 * static_cast<double>(i) + 0.4) - 0.3;
    }
  }
  Eigen::Index dimension() const override { return a_.size(); }
  double value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    const Eigen::Index n = dimension();
    g.resize(n);
    double f = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) g[i] = kLambda * x[i];
    for (Eigen::Index i = 0; i < n; ++i) {
      const Eigen::Index k = (i + 1) % n;
      const double t = a_[i] * x[i] + b_[i] * x[k] + c_[i];
      f += t > 0.0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t));
      const double sigma = 1.0 / (1.0 + std::exp(-t));
      g[i] += a_[i] * sigma;
      g[k] += b_[i] * sigma;
    }
    return f + 0.5 * kLambda * x.squaredNorm();
  }
  void hessian_vector(const Eigen::VectorXd& x, const Eigen::VectorXd& v, Eigen::VectorXd& hv) override {
    const Eigen::Index n = dimension();
    hv.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) hv[i] = kLambda * v[i];
    for (Eigen::Index i = 0; i < n; ++i) {
      const Eigen::Index k = (i + 1) % n;
      const double D = curvature(x, i);
      const double u = D * (a_[i] * v[i] + b_[i] * v[k]);
      hv[i] += a_[i] * u;
      hv[k] += b_[i] * u;
    }
  }
  bool hessian_diagonal(const Eigen::VectorXd& x, Eigen::VectorXd& diagonal) override {
    const Eigen::Index n = dimension();
    diagonal.resize(n);
    diagonal.setConstant(kLambda);
    for (Eigen::Index i = 0; i < n; ++i) {
      const Eigen::Index k = (i + 1) % n;
      const double D = curvature(x, i);
      diagonal[i] += a_[i] * a_[i] * D;
      diagonal[k] += b_[i] * b_[i] * D;
    }
    return true;
  }

 private:
  static constexpr double kLambda = 1e-3;
  double curvature(const Eigen::VectorXd& x, Eigen::Index i) const {
    const Eigen::Index k = (i + 1) % dimension();
    const double sigma = 1.0 / (1.0 + std::exp(-(a_[i] * x[i] + b_[i] * x[k] + c_[i])));
    return sigma * (1.0 - sigma);
  }
  Eigen::VectorXd a_, b_, c_;
};

// Runs `optimizer` and returns the heap allocations made between the reports of consecutive
// iterations: entry k - 1 is what iteration k allocated.
std::vector<long> allocations_per_iteration(Optimizer& optimizer, Objective& objective, const L1Term& l1) {
  std::vector<long> at_report;
  at_report.reserve(1000);
  const IterationCallback record = [&](const IterationReport&) {
    at_report.push_back(g_allocations.load());
    return true;
  };
  optimizer.minimize(objective, l1, Eigen::VectorXd::Zero(objective.dimension()), record);
  std::vector<long> per_iteration;
  for (std::size_t k = 1; k < at_report.size(); ++k) per_iteration.push_back(at_report[k] - at_report[k - 1]);
  return per_iteration;
}

// The iterations from `first` (1-based) on allocate nothing; at least `at_least` iterations ran.
void check_no_allocation_from(const std::vector<long>& per_iteration, std::size_t first, std::size_t at_least) {
  REQUIRE(per_iteration.size() >= at_least);
  for (std::size_t k = first; k <= per_iteration.size(); ++k) {
    INFO("iteration " << k);
    CHECK(per_iteration[k - 1] == 0);
  }
}

OptimizerOptions options(int history) {
  OptimizerOptions o;
  o.max_iter = 25;
  o.tol = 0.0;
  o.history = history;
  return o;
}

constexpr Eigen::Index kDimension = 3000;

TEST_CASE("allocation: the counter sees Eigen's vectors", "[allocation]") {
  const long before = g_allocations.load();
  Eigen::VectorXd v(kDimension);
  v.setZero();
  CHECK(g_allocations.load() == before + 1);
}

// The memory allocates one slot per pair until it is full (each slot once per run); after that, and
// after the first iteration has sized the work vectors, an iteration allocates nothing.
TEST_CASE("allocation: lbfgs iterations allocate nothing once the memory is full", "[allocation]") {
  ChainedSoftplus f(kDimension);
  const auto optimizer = make_lbfgs(options(3));
  check_no_allocation_from(allocations_per_iteration(*optimizer, f, L1Term{}), 3 + 3, 15);
}

TEST_CASE("allocation: owlqn iterations allocate nothing once the memory is full", "[allocation]") {
  ChainedSoftplus f(kDimension);
  L1Term l1;
  l1.weights = Eigen::VectorXd::Constant(kDimension, 0.01);
  const auto optimizer = make_owlqn(options(3));
  check_no_allocation_from(allocations_per_iteration(*optimizer, f, l1), 3 + 3, 15);
}

// pqn's memory-sized matrices (the compact form's middle matrix, its LU and inverse, the pairs' inner
// products) are kept from one iteration to the next like its feature-sized vectors: resized while the
// memory fills, then never. With a strong penalty the working set is a few features, with a weak one
// nearly all of them (W and W M are then feature-sized and must not be reallocated either).
TEST_CASE("allocation: pqn iterations allocate nothing once the memory is full", "[allocation]") {
  ChainedSoftplus f(kDimension);
  for (const double penalty : {0.01, 1e-5}) {
    for (const int history : {3, 10}) {
      L1Term l1;
      l1.weights = Eigen::VectorXd::Constant(kDimension, penalty);
      const auto optimizer = make_proximal_quasi_newton(options(history));
      INFO("penalty " << penalty << ", history " << history);
      check_no_allocation_from(allocations_per_iteration(*optimizer, f, l1), static_cast<std::size_t>(history) + 3, 15);
    }
  }
}

TEST_CASE("allocation: gd iterations after the first allocate nothing", "[allocation]") {
  ChainedSoftplus f(kDimension);
  const auto plain = make_gradient_descent(options(3));
  check_no_allocation_from(allocations_per_iteration(*plain, f, L1Term{}), 2, 15);
  L1Term l1;
  l1.weights = Eigen::VectorXd::Constant(kDimension, 0.01);
  const auto proximal = make_gradient_descent(options(3));
  check_no_allocation_from(allocations_per_iteration(*proximal, f, l1), 2, 15);
}

// Without a stored CG path (newton_cg_path_bytes = 0), whose points are allocated the first time a
// solve reaches them, which can be in any iteration.
TEST_CASE("allocation: newton iterations after the first allocate nothing", "[allocation]") {
  ChainedSoftplus f(kDimension);
  OptimizerOptions o = options(3);
  o.max_iter = 8;
  o.newton_cg_path_bytes = 0;
  const auto optimizer = make_trust_region_newton(o);
  check_no_allocation_from(allocations_per_iteration(*optimizer, f, L1Term{}), 2, 4);
}

}  // namespace
}  // namespace dlogit::optim

#endif  // DLOGIT_NO_MALLOC_COUNT
