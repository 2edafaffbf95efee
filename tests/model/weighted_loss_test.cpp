// The weighted objective: s_i multiplies each row's nll, residual and curvature.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "model/losses.hpp"
#include "model/model_fixtures.hpp"

using dlogit::data::Dataset;
using dlogit::model::LogisticObjective;

namespace {

struct Evaluation {
  double nll = 0.0;
  Eigen::VectorXd gradient;
  Eigen::VectorXd hv;
};

Evaluation evaluate(const Dataset& shard, bool fit_intercept, const Eigen::VectorXd& theta, const Eigen::VectorXd& v) {
  LogisticObjective loss(shard, fit_intercept);
  Evaluation out;
  out.gradient.resize(loss.parameter_count());
  out.hv.resize(loss.parameter_count());
  out.nll = loss.loss_and_gradient_sum(theta.data(), out.gradient.data());
  loss.hessian_vector_sum(v.data(), out.hv.data());
  return out;
}

double relative_error(const Eigen::VectorXd& actual, const Eigen::VectorXd& expected) {
  return (actual - expected).norm() / std::max(expected.norm(), 1e-300);
}

// Integer weights 0..3 (zero included), deterministic in the row index.
Eigen::VectorXd integer_weights(Eigen::Index rows) {
  Eigen::VectorXd weights(rows);
  for (Eigen::Index i = 0; i < rows; ++i) weights[i] = static_cast<double>((i * 7 + 3) % 4);
  return weights;
}

// The same rows, row i repeated weights[i] times (dense).
Dataset replicate_dense(const Dataset& shard, const Eigen::VectorXd& weights) {
  std::vector<Eigen::Index> order;
  for (Eigen::Index i = 0; i < shard.local_rows(); ++i)
    for (int k = 0; k < static_cast<int>(weights[i]); ++k) order.push_back(i);
  Dataset::DenseRows x(static_cast<Eigen::Index>(order.size()), shard.features());
  Eigen::VectorXd y(static_cast<Eigen::Index>(order.size()));
  const Eigen::MatrixXd rows = shard.to_dense_matrix();
  for (std::size_t r = 0; r < order.size(); ++r) {
    x.row(static_cast<Eigen::Index>(r)) = rows.row(order[r]);
    y[static_cast<Eigen::Index>(r)] = shard.targets()[order[r]];
  }
  return Dataset(std::move(x), std::move(y));
}

Dataset replicate_sparse(const Dataset& shard, const Eigen::VectorXd& weights) {
  std::vector<Eigen::Triplet<double, int>> entries;
  std::vector<double> targets;
  int row = 0;
  const Dataset::SparseRows rows = shard.to_dense_matrix().sparseView();
  for (Eigen::Index i = 0; i < shard.local_rows(); ++i) {
    for (int k = 0; k < static_cast<int>(weights[i]); ++k, ++row) {
      for (Dataset::SparseRows::InnerIterator it(rows, i); it; ++it)
        entries.emplace_back(row, static_cast<int>(it.col()), it.value());
      targets.push_back(shard.targets()[i]);
    }
  }
  Dataset::SparseRows x(row, shard.features());
  x.setFromTriplets(entries.begin(), entries.end());
  return Dataset(std::move(x), Eigen::Map<Eigen::VectorXd>(targets.data(), row));
}

void check_finite_differences(const Dataset& shard, bool fit_intercept) {
  LogisticObjective loss(shard, fit_intercept);
  const Eigen::Index n = loss.parameter_count();
  const Eigen::VectorXd theta = dlogit::test::random_vector(n, 21, 0.3);
  const Eigen::VectorXd v = dlogit::test::random_vector(n, 22);
  auto value = [&](const Eigen::VectorXd& at) {
    Eigen::VectorXd unused(n);
    return loss.loss_and_gradient_sum(at.data(), unused.data());
  };
  auto gradient = [&](const Eigen::VectorXd& at) {
    Eigen::VectorXd g(n);
    loss.loss_and_gradient_sum(at.data(), g.data());
    return g;
  };
  const double h = 1e-5;
  Eigen::VectorXd numeric(n);
  for (Eigen::Index j = 0; j < n; ++j) {
    Eigen::VectorXd plus = theta, minus = theta;
    plus[j] += h;
    minus[j] -= h;
    numeric[j] = (value(plus) - value(minus)) / (2 * h);
  }
  CHECK(relative_error(gradient(theta), numeric) <= 1e-6);
  gradient(theta);
  Eigen::VectorXd hv(n);
  loss.hessian_vector_sum(v.data(), hv.data());
  const Eigen::VectorXd numeric_hv = (gradient(theta + h * v) - gradient(theta - h * v)) / (2 * h);
  CHECK(relative_error(hv, numeric_hv) <= 1e-6);
}

// Non-integer weights in [0, 2.5].
Eigen::VectorXd fractional_weights(Eigen::Index rows) {
  Eigen::VectorXd weights(rows);
  for (Eigen::Index i = 0; i < rows; ++i) weights[i] = 0.5 * static_cast<double>(i % 6) + (i % 5 == 0 ? 0.0 : 0.125);
  return weights;
}

}  // namespace

TEST_CASE("weighted gradient and Hv match central finite differences", "[model][weights]") {
  auto sparse = dlogit::test::random_sparse_shard(70, 8, 0.4, 5);
  sparse.set_row_weights(fractional_weights(70));
  check_finite_differences(sparse, true);
  check_finite_differences(sparse, false);
  auto dense = dlogit::test::random_dense_shard(60, 6, 6);
  dense.set_row_weights(fractional_weights(60));
  check_finite_differences(dense, true);
  check_finite_differences(dense, false);
}

TEST_CASE("an integer weight k equals the row repeated k times (zero drops it)", "[model][weights]") {
  const Eigen::VectorXd weights = integer_weights(40);
  for (const bool sparse : {true, false}) {
    Dataset weighted = sparse ? dlogit::test::random_sparse_shard(40, 7, 0.5, 7) : dlogit::test::random_dense_shard(40, 7, 8);
    const Dataset replicated = sparse ? replicate_sparse(weighted, weights) : replicate_dense(weighted, weights);
    REQUIRE(replicated.local_rows() == static_cast<Eigen::Index>(weights.sum()));
    weighted.set_row_weights(weights);
    const Eigen::VectorXd theta = dlogit::test::random_vector(8, 9, 0.5);
    const Eigen::VectorXd v = dlogit::test::random_vector(8, 10);
    const Evaluation a = evaluate(weighted, true, theta, v);
    const Evaluation b = evaluate(replicated, true, theta, v);
    INFO((sparse ? "sparse" : "dense"));
    CHECK(a.nll == Approx(b.nll).epsilon(1e-13));
    CHECK(relative_error(a.gradient, b.gradient) <= 1e-13);
    CHECK(relative_error(a.hv, b.hv) <= 1e-13);
  }
}

TEST_CASE("unit weights give exactly the unweighted sums", "[model][weights]") {
  const Dataset plain = dlogit::test::random_sparse_shard(50, 6, 0.5, 11);
  Dataset ones = plain;
  ones.set_row_weights(Eigen::VectorXd::Ones(50));
  REQUIRE(ones.is_weighted());
  REQUIRE_FALSE(plain.is_weighted());
  const Eigen::VectorXd theta = dlogit::test::random_vector(7, 12, 0.5);
  const Eigen::VectorXd v = dlogit::test::random_vector(7, 13);
  const Evaluation a = evaluate(plain, true, theta, v);
  const Evaluation b = evaluate(ones, true, theta, v);
  CHECK(a.nll == b.nll);
  CHECK(a.gradient == b.gradient);
  CHECK(a.hv == b.hv);
}

TEST_CASE("a row weight count other than the row count is rejected", "[model][weights]") {
  Dataset shard = dlogit::test::random_dense_shard(5, 2, 14);
  CHECK_THROWS_AS(shard.set_row_weights(Eigen::VectorXd::Ones(4)), std::invalid_argument);
}
