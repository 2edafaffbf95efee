// The synthetic generator: row i depends on (seed, i) only, so every split of the rows across ranks
// generates the same global data set.
#include <catch2/catch.hpp>
#include <cmath>

#include "comm/communicator.hpp"
#include "data/synthetic.hpp"

using dlogit::data::Dataset;
using dlogit::data::SyntheticOptions;
using dlogit::data::libsvm_lines;
using dlogit::data::synthetic_rows;

namespace {

SyntheticOptions small(bool dense) {
  SyntheticOptions options;
  options.rows = 301;
  options.features = 57;
  options.density = 0.1;
  options.dense = dense;
  options.seed = 42;
  options.label_noise = 0.05;
  return options;
}

// Rank r of P generates rows [r*N/P, (r+1)*N/P), as generate_dataset does.
std::string rows_split_over(const SyntheticOptions& options, std::int64_t ranks) {
  std::string text;
  for (std::int64_t r = 0; r < ranks; ++r) {
    const Dataset shard = synthetic_rows(options, r * options.rows / ranks, (r + 1) * options.rows / ranks);
    CHECK(shard.global_rows == options.rows);
    CHECK(shard.features() == options.features);
    text += libsvm_lines(shard);
  }
  return text;
}

}  // namespace

TEST_CASE("synthetic rows are the same on 1, 2 and 3 ranks, sparse and dense") {
  for (const bool dense : {false, true}) {
    INFO("dense " << dense);
    const SyntheticOptions options = small(dense);
    const std::string one = rows_split_over(options, 1);
    CHECK(std::count(one.begin(), one.end(), '\n') == options.rows);
    CHECK(rows_split_over(options, 2) == one);
    CHECK(rows_split_over(options, 3) == one);
    SyntheticOptions other_seed = options;
    other_seed.seed = 43;
    CHECK(rows_split_over(other_seed, 1) != one);
  }
}

TEST_CASE("synthetic sparse rows have round(density * features) distinct sorted columns") {
  const SyntheticOptions options = small(false);
  const Dataset rows = synthetic_rows(options, 0, options.rows);
  REQUIRE(rows.is_sparse());
  CHECK(options.entries_per_row() == 6);  // round(0.1 * 57)
  CHECK(rows.global_nonzeros == options.rows * 6);
  CHECK(rows.local_nonzeros() == options.rows * 6);
  for (Eigen::Index i = 0; i < rows.local_rows(); ++i) {
    int previous = -1, count = 0;
    const auto& x = rows.sparse_storage();
    for (int k = x.offsets[static_cast<std::size_t>(i)]; k < x.offsets[static_cast<std::size_t>(i) + 1]; ++k, ++count) {
      CHECK(x.columns[static_cast<std::size_t>(k)] > previous);
      previous = x.columns[static_cast<std::size_t>(k)];
    }
    CHECK(count == 6);
  }
  SyntheticOptions binary = options;
  binary.binary = true;
  const Dataset ones = synthetic_rows(binary, 0, 10);
  // All values 1: stored without a value array, and every stored entry reads back as 1.
  CHECK(ones.value_type() == dlogit::data::ValueType::implicit_ones);
  const Eigen::MatrixXd dense_ones = ones.to_dense_matrix();
  CHECK(((dense_ones.array() == 0.0) || (dense_ones.array() == 1.0)).all());
  CHECK(dense_ones.sum() == static_cast<double>(ones.local_nonzeros()));
}

TEST_CASE("synthetic labels follow the true model: both classes, noise flips some") {
  SyntheticOptions options = small(true);
  options.rows = 20000;
  options.label_noise = 0.0;
  options.weight_scale = 4.0;
  const Dataset rows = synthetic_rows(options, 0, options.rows);
  const Eigen::VectorXd weights = dlogit::data::synthetic_true_weights(options);
  // With a strong true model, the sign of w.x predicts the label far better than chance.
  const Eigen::VectorXd margin = rows.to_dense_matrix() * weights;
  double agree = 0.0;
  for (Eigen::Index i = 0; i < margin.size(); ++i) agree += (margin[i] > 0) == (rows.targets()[i] > 0.5) ? 1.0 : 0.0;
  CHECK(agree / static_cast<double>(options.rows) > 0.8);
  CHECK(rows.targets().mean() > 0.4);
  CHECK(rows.targets().mean() < 0.6);
  // The margin's standard deviation is weight_scale whatever the density.
  const double sd = std::sqrt((margin.array() - margin.mean()).square().mean());
  CHECK(sd == Approx(4.0).epsilon(0.1));

  options.label_noise = 0.5;  // labels independent of x
  const Dataset noisy = synthetic_rows(options, 0, options.rows);
  double noisy_agree = 0.0;
  for (Eigen::Index i = 0; i < margin.size(); ++i)
    noisy_agree += (margin[i] > 0) == (noisy.targets()[i] > 0.5) ? 1.0 : 0.0;
  CHECK(noisy_agree / static_cast<double>(options.rows) < 0.55);
}
