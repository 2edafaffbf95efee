#include "model/losses.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <vector>

#include "model/model_fixtures.hpp"

using dlogit::model::LogisticObjective;
using dlogit::data::Dataset;

namespace {

double loss_at(LogisticObjective& loss, const Eigen::VectorXd& theta) {
  Eigen::VectorXd unused(loss.parameter_count());
  return loss.loss_and_gradient_sum(theta.data(), unused.data());
}

Eigen::VectorXd gradient_at(LogisticObjective& loss, const Eigen::VectorXd& theta) {
  Eigen::VectorXd g(loss.parameter_count());
  loss.loss_and_gradient_sum(theta.data(), g.data());
  return g;
}

// Relative error of `actual` against `expected`, measured on the whole vector.
double relative_error(const Eigen::VectorXd& actual, const Eigen::VectorXd& expected) {
  return (actual - expected).norm() / std::max(expected.norm(), 1e-300);
}

void check_derivatives(const dlogit::data::Dataset& shard, bool fit_intercept) {
  LogisticObjective loss(shard, fit_intercept);
  const Eigen::VectorXd theta = dlogit::test::random_vector(loss.parameter_count(), 11, 0.3);
  const Eigen::VectorXd analytic = gradient_at(loss, theta);

  const double h = 1e-5;
  Eigen::VectorXd numeric(theta.size());
  for (Eigen::Index j = 0; j < theta.size(); ++j) {
    Eigen::VectorXd plus = theta, minus = theta;
    plus[j] += h;
    minus[j] -= h;
    numeric[j] = (loss_at(loss, plus) - loss_at(loss, minus)) / (2 * h);
  }
  CHECK(relative_error(analytic, numeric) <= 1e-6);

  // Hv against the central difference of the gradient along v.
  const Eigen::VectorXd v = dlogit::test::random_vector(theta.size(), 12);
  loss_at(loss, theta);
  Eigen::VectorXd hv(theta.size());
  loss.hessian_vector_sum(v.data(), hv.data());
  const Eigen::VectorXd numeric_hv = (gradient_at(loss, theta + h * v) - gradient_at(loss, theta - h * v)) / (2 * h);
  CHECK(relative_error(hv, numeric_hv) <= 1e-6);
}

}  // namespace

// The four storage layouts a pass runs over: sparse float64, sparse implicit ones (the sparse rows'
// pattern), dense float64 and dense float32 (9 and 7 features).
namespace {
std::vector<Dataset> four_layouts(int sparse_rows, int dense_rows, unsigned sparse_seed, unsigned dense_seed) {
  using dlogit::data::StorageOptions;
  Dataset sparse = dlogit::test::random_sparse_shard(sparse_rows, 9, 0.4, sparse_seed);
  const Dataset::SparseRows pattern =
      sparse.to_dense_matrix().unaryExpr([](double x) { return x != 0.0 ? 1.0 : 0.0; }).sparseView();
  Dataset binary(pattern, sparse.targets());
  StorageOptions ones;
  ones.implicit_ones = true;
  binary.compact(ones);
  Dataset dense = dlogit::test::random_dense_shard(dense_rows, 7, dense_seed);
  Dataset dense32 = dense;
  StorageOptions narrow;
  narrow.values = StorageOptions::Values::float32;
  dense32.compact(narrow);
  std::vector<Dataset> layouts;
  layouts.push_back(std::move(sparse));
  layouts.push_back(std::move(binary));
  layouts.push_back(std::move(dense));
  layouts.push_back(std::move(dense32));
  return layouts;
}

// Runs check(kept, lean, weighted, intercept, threads) on each layout, unweighted and weighted, with and
// without intercept, on 1 and 3 threads: `kept` keeps curvature, `lean` keeps none.
template <class Check>
void for_each_pass_setting(std::vector<Dataset>& layouts, Check&& check) {
  for (Dataset& shard : layouts) {
    const Eigen::VectorXd weights = Eigen::VectorXd::LinSpaced(shard.local_rows(), 0.25, 3.0);
    for (const bool weighted : {false, true}) {
      if (weighted) shard.set_row_weights(weights);
      for (const bool intercept : {false, true}) {
        for (const int threads : {1, 3}) {
          LogisticObjective kept(shard, intercept, threads);
          LogisticObjective lean(shard, intercept, threads);
          lean.keep_curvature(false);
          check(kept, lean, weighted, intercept, threads);
        }
      }
    }
  }
}
}  // namespace

TEST_CASE("gradient and Hessian-vector product match central finite differences (sparse)") {
  const auto shard = dlogit::test::random_sparse_shard(60, 9, 0.4, 1);
  check_derivatives(shard, true);
  check_derivatives(shard, false);
}

TEST_CASE("gradient and Hessian-vector product match central finite differences (dense)") {
  const auto shard = dlogit::test::random_dense_shard(50, 7, 2);
  check_derivatives(shard, true);
  check_derivatives(shard, false);
}

TEST_CASE("the loss matches the textbook formula") {
  const auto shard = dlogit::test::random_dense_shard(20, 4, 3);
  LogisticObjective loss(shard, true);
  const Eigen::VectorXd theta = dlogit::test::random_vector(5, 4);
  double expected = 0.0;
  for (Eigen::Index i = 0; i < 20; ++i) {
    const double z = shard.to_dense_matrix().row(i).dot(theta.head(4)) + theta[4];
    const double p = 1.0 / (1.0 + std::exp(-z));
    const double y = shard.targets()[i];
    expected -= y * std::log(p) + (1 - y) * std::log(1 - p);
  }
  CHECK(loss_at(loss, theta) == Approx(expected).epsilon(1e-12));
}

TEST_CASE("the loss is finite and exact at extreme margins") {
  // One row x = [1], label 1, then label 0; margins z = ±1000.
  dlogit::data::Dataset::DenseRows x(2, 1);
  x << 1.0, 1.0;
  Eigen::VectorXd y(2);
  y << 1.0, 0.0;
  const dlogit::data::Dataset shard(x, y);
  LogisticObjective loss(shard, false);
  for (const double w : {1000.0, -1000.0, 750.0, -40.0}) {
    Eigen::VectorXd theta(1);
    theta << w;
    Eigen::VectorXd g(1);
    const double value = loss.loss_and_gradient_sum(theta.data(), g.data());
    REQUIRE(std::isfinite(value));
    REQUIRE(std::isfinite(g[0]));
    // One row is classified right (loss ≈ 0), the other wrong (loss ≈ |w|).
    CHECK(value == Approx(std::abs(w) + std::log1p(std::exp(-std::abs(w))) + std::log1p(std::exp(-std::abs(w))))
                       .epsilon(1e-12));
    CHECK(std::abs(g[0]) == Approx(1.0 - 2.0 / (1.0 + std::exp(std::abs(w)))).epsilon(1e-12));
    Eigen::VectorXd v(1), hv(1);
    v << 1.0;
    loss.hessian_vector_sum(v.data(), hv.data());
    REQUIRE(std::isfinite(hv[0]));
    CHECK(hv[0] >= 0.0);
  }
}

TEST_CASE("sigmoid and softplus do not overflow") {
  CHECK(dlogit::model::sigmoid(1000) == 1.0);
  CHECK(dlogit::model::sigmoid(-1000) == 0.0);
  CHECK(dlogit::model::softplus(1000) == 1000.0);
  CHECK(dlogit::model::softplus(-1000) == Approx(0.0).margin(1e-300));
  CHECK(dlogit::model::softplus(0.0) == Approx(std::log(2.0)));
}

TEST_CASE("an empty shard contributes zeros") {
  const dlogit::data::Dataset shard(dlogit::data::Dataset::SparseRows(0, 5), Eigen::VectorXd(0));
  LogisticObjective loss(shard, true);
  Eigen::VectorXd g = Eigen::VectorXd::Constant(6, 7.0);
  CHECK(loss.loss_and_gradient_sum(Eigen::VectorXd::Ones(6).eval().data(), g.data()) == 0.0);
  CHECK(g.isZero());
  Eigen::VectorXd hv = Eigen::VectorXd::Constant(6, 7.0);
  loss.hessian_vector_sum(Eigen::VectorXd::Ones(6).eval().data(), hv.data());
  CHECK(hv.isZero());
}

TEST_CASE("the Hessian diagonal pass equals the diagonal of the Hessian-vector products, on every layout") {
  std::vector<Dataset> layouts = four_layouts(120, 90, 21, 22);
  REQUIRE(layouts[1].value_type() == dlogit::data::ValueType::implicit_ones);
  for (const Dataset* shard : {&layouts[0], &layouts[1], &layouts[2], &layouts[3]}) {
    for (const int threads : {1, 3}) {
      LogisticObjective loss(*shard, true, threads);
      const Eigen::Index p = loss.parameter_count();
      const Eigen::VectorXd theta = dlogit::test::random_vector(p, 5, 0.4);
      Eigen::VectorXd gradient(p);
      loss.loss_and_gradient_sum(theta.data(), gradient.data());
      Eigen::VectorXd diagonal(p);
      loss.hessian_diagonal_sum(diagonal.data());
      for (Eigen::Index j = 0; j < p; ++j) {
        Eigen::VectorXd hv(p);
        loss.hessian_vector_sum(Eigen::VectorXd::Unit(p, j).eval().data(), hv.data());
        INFO("column " << j << " of " << p << ", threads " << threads);
        CHECK(std::abs(diagonal[j] - hv[j]) <= 1e-12 * std::max(1.0, std::abs(hv[j])));
      }
      CHECK(diagonal.minCoeff() >= 0.0);
    }
  }
}

TEST_CASE("a loss that keeps no curvature gives the same gradient bitwise and refuses Hessian passes") {
  Dataset shard = dlogit::test::random_sparse_shard(300, 11, 0.3, 31);
  Eigen::VectorXd weights = Eigen::VectorXd::LinSpaced(shard.local_rows(), 0.5, 2.0);
  for (const bool weighted : {false, true}) {
    if (weighted) shard.set_row_weights(weights);
    for (const int threads : {1, 2}) {
      LogisticObjective kept(shard, true, threads);
      LogisticObjective lean(shard, true, threads);
      lean.keep_curvature(false);
      CHECK_FALSE(lean.keeps_curvature());
      const Eigen::VectorXd theta = dlogit::test::random_vector(kept.parameter_count(), 7, 0.5);
      Eigen::VectorXd g_kept(kept.parameter_count()), g_lean(lean.parameter_count());
      CHECK(kept.loss_and_gradient_sum(theta.data(), g_kept.data()) == lean.loss_and_gradient_sum(theta.data(), g_lean.data()));
      CHECK(g_kept == g_lean);
      Eigen::VectorXd out(lean.parameter_count());
      CHECK_THROWS_AS(lean.hessian_vector_sum(theta.data(), out.data()), std::logic_error);
      CHECK_THROWS_AS(lean.hessian_diagonal_sum(out.data()), std::logic_error);

      // Kept again: the next gradient pass stores the curvature, and Hv is that of a loss that always kept it.
      lean.keep_curvature(true);
      lean.loss_and_gradient_sum(theta.data(), g_lean.data());
      Eigen::VectorXd hv_kept(kept.parameter_count()), hv_lean(lean.parameter_count());
      kept.hessian_vector_sum(theta.data(), hv_kept.data());
      lean.hessian_vector_sum(theta.data(), hv_lean.data());
      CHECK(hv_kept == hv_lean);
    }
  }
}

// pqn's one diagonal (at x_0) is computed in its own pass so that no gradient pass has to keep
// curvature for it: it must have the bits of the diagonal from curvature kept by a gradient pass at θ.
TEST_CASE("the Hessian diagonal at a point equals bitwise the one from kept curvature, and keeps none") {
  std::vector<Dataset> layouts = four_layouts(700, 530, 41, 42);
  for_each_pass_setting(layouts, [&](LogisticObjective& kept, LogisticObjective& lean, bool weighted, bool intercept,
                                    int threads) {
    const Eigen::Index p = kept.parameter_count();
    const Eigen::VectorXd theta = dlogit::test::random_vector(p, 13, 0.8);
    Eigen::VectorXd gradient(p);
    kept.loss_and_gradient_sum(theta.data(), gradient.data());
    Eigen::VectorXd expected(p), at_theta = Eigen::VectorXd::Constant(p, 7.0);
    kept.hessian_diagonal_sum(expected.data());
    // Some other point evaluated last, on the lean loss: the pass must use θ, not any past pass.
    lean.loss_and_gradient_sum(Eigen::VectorXd::Zero(p).eval().data(), gradient.data());
    lean.hessian_diagonal_sum_at(theta.data(), at_theta.data());
    INFO("weighted " << weighted << ", intercept " << intercept << ", threads " << threads);
    CHECK(at_theta == expected);
    CHECK(expected.minCoeff() > 0.0);
    CHECK_FALSE(lean.keeps_curvature());
    Eigen::VectorXd out(p);
    CHECK_THROWS_AS(lean.hessian_diagonal_sum(out.data()), std::logic_error);
    // Also on an objective that keeps curvature: its kept curvature (at θ) is neither used nor changed.
    kept.hessian_diagonal_sum_at(Eigen::VectorXd::Zero(p).eval().data(), out.data());
    CHECK(out != expected);
    kept.hessian_diagonal_sum(out.data());
    CHECK(out == expected);
  });
}

// pqn's exact model: the Hessian block on a set of parameters, at a point, in one pass.
TEST_CASE("the Hessian block at a point holds the Hessian's entries on the set, on every layout") {
  std::vector<Dataset> layouts = four_layouts(300, 240, 51, 52);
  for_each_pass_setting(layouts, [&](LogisticObjective& kept, LogisticObjective& lean, bool weighted, bool intercept,
                                    int threads) {
    const Eigen::Index p = kept.parameter_count();
    const Eigen::VectorXd theta = dlogit::test::random_vector(p, 17, 0.8);
    Eigen::VectorXd gradient(p), diagonal(p);
    kept.loss_and_gradient_sum(theta.data(), gradient.data());
    kept.hessian_diagonal_sum(diagonal.data());
    // The whole set, and a part of it with gaps (the intercept, when fitted, is the last parameter).
    std::vector<std::vector<Eigen::Index>> sets(2);
    for (Eigen::Index j = 0; j < p; ++j) sets[0].push_back(j);
    sets[1] = {1, 2, 4, p - 1};
    for (const auto& set : sets) {
      const auto count = static_cast<Eigen::Index>(set.size());
      std::vector<double> packed(static_cast<std::size_t>(count * (count + 1) / 2), 7.0);
      // Another point evaluated last: the block must be at θ.
      lean.loss_and_gradient_sum(Eigen::VectorXd::Zero(p).eval().data(), gradient.data());
      lean.hessian_block_sum_at(theta.data(), set.data(), count, packed.data());
      INFO("weighted " << weighted << ", intercept " << intercept << ", threads " << threads << ", set of "
                       << count);
      for (Eigen::Index b = 0; b < count; ++b) {
        Eigen::VectorXd unit = Eigen::VectorXd::Zero(p), column(p);
        unit[set[static_cast<std::size_t>(b)]] = 1.0;
        kept.hessian_vector_sum(unit.data(), column.data());
        for (Eigen::Index a = b; a < count; ++a) {
          const double got = packed[static_cast<std::size_t>(a * (a + 1) / 2 + b)];
          const double expected = column[set[static_cast<std::size_t>(a)]];
          CHECK(std::abs(got - expected) <= 1e-12 * std::max(1.0, std::abs(expected)));
        }
        // The diagonal is summed in the diagonal pass's order: the same bits.
        const Eigen::Index j = set[static_cast<std::size_t>(b)];
        CHECK(packed[static_cast<std::size_t>(b * (b + 1) / 2 + b)] == diagonal[j]);
      }
    }
    const std::vector<Eigen::Index> unordered{2, 1};
    std::vector<double> out(3);
    CHECK_THROWS_AS(lean.hessian_block_sum_at(theta.data(), unordered.data(), 2, out.data()), std::invalid_argument);
    const std::vector<Eigen::Index> outside{p};
    CHECK_THROWS_AS(lean.hessian_block_sum_at(theta.data(), outside.data(), 1, out.data()), std::invalid_argument);
  });
}

namespace {
double entropy(double u) {
  return (u > 0.0 ? -u * std::log(u) : 0.0) - (u < 1.0 ? (1.0 - u) * std::log1p(-u) : 0.0);
}
}  // namespace

TEST_CASE("a linearized gradient pass keeps the pass's bits and sums the linearized dual point's terms, on every layout") {
  std::vector<Dataset> layouts = four_layouts(300, 240, 61, 62);
  int kept_own = 0;  // rows whose linearized prediction left (0, 1), over the whole case
  for (Dataset& shard : layouts) {
    const Eigen::MatrixXd x = shard.to_dense_matrix();
    const Eigen::VectorXd& y = shard.targets();
    const Eigen::VectorXd weights = Eigen::VectorXd::LinSpaced(shard.local_rows(), 0.25, 3.0);
    const Eigen::Index n = x.cols();
    for (const bool weighted : {false, true}) {
      if (weighted) shard.set_row_weights(weights);
      for (const bool intercept : {false, true}) {
        for (const int threads : {1, 3}) {
          LogisticObjective plain(shard, intercept, threads), linearized(shard, intercept, threads);
          plain.keep_dual_terms(true);
          linearized.keep_dual_terms(true);
          REQUIRE(linearized.has_linearized_dual());
          const Eigen::Index p = plain.parameter_count();
          const Eigen::Index size = p + plain.extra_sum_count();
          const Eigen::VectorXd theta = dlogit::test::random_vector(p, 23, 0.8);
          // No step (the point's own predictions), a Newton-sized one, and one so long that many rows'
          // linearized predictions leave (0, 1) and keep their own.
          for (const double length : {0.0, 0.3, 2.0}) {
            const Eigen::VectorXd step = dlogit::test::random_vector(p, 29, length);
            Eigen::VectorXd expected_pass(size), pass(size), sums(size);
            const double expected_loss = plain.loss_and_gradient_sum(theta.data(), expected_pass.data());
            const double loss = linearized.loss_and_gradient_sum_linearized(theta.data(), step.data(), pass.data(),
                                                                           sums.data());
            INFO("weighted " << weighted << ", intercept " << intercept << ", threads " << threads << ", step "
                             << length);
            CHECK(loss == expected_loss);
            CHECK(pass == expected_pass);
            // The same sums row by row: [gradient; per label (y = 0, then 1): Σc(u − y), near rows' Σc H(u),
            // Σc q(u − y), Σ2c r, far rows' Σc H(u); the positive rows' gradient (intercept only)].
            Eigen::VectorXd expected = Eigen::VectorXd::Zero(size);
            for (Eigen::Index i = 0; i < x.rows(); ++i) {
              const double b = intercept ? theta[n] : 0.0;
              const double step_b = intercept ? step[n] : 0.0;
              const double z = x.row(i).dot(theta.head(n)) + b;
              const double delta = x.row(i).dot(step.head(n)) + step_b;
              const double p0 = dlogit::model::sigmoid(z - delta);
              const double up = p0 + p0 * (1.0 - p0) * delta;
              const double down = dlogit::model::sigmoid(delta - z) - p0 * (1.0 - p0) * delta;
              double q = z;
              if (up > 0.0 && down > 0.0) {
                q = std::log(up) - std::log(down);
              } else {
                ++kept_own;
              }
              const double u = dlogit::model::sigmoid(q);
              const double c = weighted ? weights[i] : 1.0;
              const double residual = u - y[i];
              expected.head(n) += c * residual * x.row(i).transpose();
              if (intercept) expected[n] += c * residual;
              double* label = expected.data() + p + (y[i] == 1.0 ? 5 : 0);
              label[0] += c * residual;
              if (std::abs(residual) <= 0.5) {
                label[1] += c * entropy(u);
                label[2] += c * q * residual;
                label[3] += 2.0 * c * std::abs(residual);
              } else {
                label[4] += c * entropy(u);
              }
              if (intercept && y[i] == 1.0) expected.segment(p + 10, n) += c * residual * x.row(i).transpose();
            }
            for (Eigen::Index k = 0; k < size; ++k) {
              INFO("sum " << k);
              CHECK(std::abs(sums[k] - expected[k]) <= 1e-9 * std::max(1.0, std::abs(expected[k])));
            }
            // Without a step the point is the pass's own: its sums are the pass's, to rounding.
            if (length == 0.0) CHECK((sums - pass).norm() <= 1e-10 * std::max(1.0, pass.norm()));
          }
        }
      }
    }
  }
  CHECK(kept_own > 0);
}

TEST_CASE("a linearized gradient pass needs the dual terms") {
  Dataset shard = dlogit::test::random_dense_shard(20, 3, 5);
  LogisticObjective loss(shard, true);
  CHECK_FALSE(loss.has_linearized_dual());
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(4), out(4), second(4);
  CHECK_THROWS_AS(loss.loss_and_gradient_sum_linearized(theta.data(), theta.data(), out.data(), second.data()),
                  std::logic_error);
}
