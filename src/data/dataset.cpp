#include "data/dataset.hpp"

#include <stdexcept>
#include <utility>

namespace dlogit::data {

Dataset::Dataset(SparseRows rows, Eigen::VectorXd targets) : is_sparse_(true), targets_(std::move(targets)) {
  sparse_.swap(rows);  // no copy: SparseMatrix has no move constructor
  if (sparse_.rows() != targets_.size()) throw std::invalid_argument("Dataset: row and target counts differ");
  // The objective walks the CSR arrays directly, which needs the compressed form.
  sparse_.makeCompressed();
}

Dataset::Dataset(DenseRows rows, Eigen::VectorXd targets)
    : is_sparse_(false), dense_(std::move(rows)), targets_(std::move(targets)) {
  if (dense_.rows() != targets_.size()) throw std::invalid_argument("Dataset: row and target counts differ");
}

Dataset::Dataset(Dataset&& other) noexcept { *this = std::move(other); }

Dataset& Dataset::operator=(Dataset&& other) noexcept {
  if (this == &other) return *this;
  global_rows = other.global_rows;
  global_nonzeros = other.global_nonzeros;
  first_row = other.first_row;
  labels = other.labels;
  is_sparse_ = other.is_sparse_;
  sparse_.swap(other.sparse_);
  dense_ = std::move(other.dense_);
  targets_ = std::move(other.targets_);
  row_weights_ = std::move(other.row_weights_);
  weighted_ = other.weighted_;
  return *this;
}

void Dataset::set_row_weights(Eigen::VectorXd weights) {
  if (weights.size() != targets_.size()) throw std::invalid_argument("Dataset: row and weight counts differ");
  row_weights_ = std::move(weights);
  weighted_ = true;
}

// Stored entries, explicit zeros included: the work a pass over the rows does.
std::int64_t Dataset::local_nonzeros() const {
  return is_sparse_ ? static_cast<std::int64_t>(sparse_.nonZeros()) : static_cast<std::int64_t>(dense_.size());
}

}  // namespace dlogit::data
