#pragma once
#include <Eigen/Dense>
#include <cstdint>
#include <string>

#include "comm/communicator.hpp"
#include "data/dataset.hpp"

namespace dlogit::data {

// A logistic-regression data set drawn from a known model, for scaling studies and tests. Every value
// of global row i is a pure function of (seed, i), so any rank count sees the same rows and no file is
// read. The true weights are w_j ~ N(0, (weight_scale)^2 / k) with k the stored entries per row, so the
// true margin w.x has standard deviation weight_scale whatever the density; the true intercept is 0.
// Labels: y ~ Bernoulli(sigmoid(w.x)), then flipped with probability label_noise.
struct SyntheticOptions {
  std::int64_t rows = 0;            // rows in this set
  std::int64_t first_row = 0;       // global index of its first row (a test set continues after training)
  std::int64_t features = 1000;
  double density = 0.01;            // share of stored entries per row (sparse)
  bool dense = false;               // every feature stored, N(0,1) values
  bool binary = false;              // sparse values are 1 instead of N(0,1)
  std::uint64_t seed = 1;
  double weight_scale = 1.0;
  double label_noise = 0.0;
  StorageOptions storage;            // how the values are held, as for a loaded set

  // Stored entries per row: every feature when dense, else max(1, round(density * features)).
  std::int64_t entries_per_row() const;
};

Eigen::VectorXd synthetic_true_weights(const SyntheticOptions& options);

// Rows [begin, end) of the set (0-based within it), as a Dataset whose global facts describe the whole set.
Dataset synthetic_rows(const SyntheticOptions& options, std::int64_t begin, std::int64_t end);

// Collective: this rank's even share of the rows, rank r gets [r*N/P, (r+1)*N/P).
Dataset generate_dataset(const SyntheticOptions& options, comm::Communicator& comm);

// The rows as LIBSVM lines ("label index:value ...", 1-based indices, labels 0/1, values with 17 digits
// so that they read back exactly).
std::string libsvm_lines(const Dataset& rows);

}  // namespace dlogit::data
