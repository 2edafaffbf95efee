// The stopping rule optimizer.gap_tol: every method stops at the first iterate whose certificate
// (Objective::relative_gap_bound) is within gap_tol, before tol and max_iter, and reports it.
#include <catch2/catch.hpp>
#include <cmath>

#include "optim/optimizer.hpp"
#include "test_functions.hpp"

namespace {

using dlogit::optim::testing::Quadratic;

// A positive definite quadratic shifted to f* = 1 that certifies itself with a loose but valid bound:
// (f − f*)/f ≤ 4 (f − f*)/f. `certified = false`: no certificate (NaN).
class CertifiedQuadratic : public Quadratic {
 public:
  CertifiedQuadratic(const Quadratic& q, bool certified) : Quadratic(q), certified_(certified) {
    const Eigen::VectorXd x = minimizer();
    Eigen::VectorXd g;
    minimum_ = Quadratic::value_and_gradient(x, g);
  }
  double value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    return Quadratic::value_and_gradient(x, g) - minimum_ + 1.0;
  }
  double relative_gap_bound(const Eigen::VectorXd& /*x*/, const Eigen::VectorXd& /*g*/, double value) const override {
    if (!certified_) return std::numeric_limits<double>::quiet_NaN();
    return 4.0 * (value - 1.0) / value;
  }

 private:
  bool certified_;
  double minimum_ = 0.0;
};

}  // namespace

TEST_CASE("every method stops at the first iterate certified within gap_tol") {
  const Eigen::VectorXd x_star = Eigen::VectorXd::LinSpaced(8, -1.0, 2.0);
  const Quadratic base = dlogit::optim::testing::ill_conditioned_quadratic(8, 1e3, x_star);
  for (const char* method : {"gd", "lbfgs", "owlqn", "newton", "pqn"}) {
    INFO(method);
    CertifiedQuadratic f(base, true);
    dlogit::optim::OptimizerOptions options;
    options.gap_tol = 1e-8;
    options.tol = 1e-14;
    options.max_iter = 100000;
    std::vector<double> gaps;
    const auto result = dlogit::optim::make_optimizer(method, options)
                            ->minimize(f, {}, Eigen::VectorXd::Zero(8), [&](const dlogit::optim::IterationReport& r) {
                              gaps.push_back(r.gap_bound);
                              return true;
                            });
    CHECK(result.stop_reason == "gap");
    CHECK(result.converged);
    REQUIRE(!gaps.empty());
    CHECK(gaps.back() <= 1e-8);
    CHECK(result.gap_bound == gaps.back());
    for (std::size_t k = 0; k + 1 < gaps.size(); ++k) CHECK(gaps[k] > 1e-8);
  }
}

TEST_CASE("without a certificate gap_tol never stops a run, and the report says none") {
  const Eigen::VectorXd x_star = Eigen::VectorXd::LinSpaced(5, -1.0, 1.0);
  CertifiedQuadratic f(dlogit::optim::testing::ill_conditioned_quadratic(5, 10.0, x_star), false);
  dlogit::optim::OptimizerOptions options;
  options.gap_tol = 0.5;  // any certificate would meet it at once
  options.tol = 1e-8;
  bool all_nan = true;
  const auto result = dlogit::optim::make_optimizer("lbfgs", options)
                          ->minimize(f, {}, Eigen::VectorXd::Zero(5), [&](const dlogit::optim::IterationReport& r) {
                            all_nan = all_nan && std::isnan(r.gap_bound);
                            return true;
                          });
  CHECK(all_nan);
  CHECK(result.stop_reason == "converged");
  CHECK(std::isnan(result.gap_bound));
}

TEST_CASE("gap_tol is validated") {
  dlogit::optim::OptimizerOptions options;
  options.gap_tol = -1.0;
  CHECK_THROWS_AS(dlogit::optim::make_optimizer("lbfgs", options), std::invalid_argument);
}
