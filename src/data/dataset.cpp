#include "data/dataset.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace dlogit::data {

const char* value_type_name(ValueType type) {
  switch (type) {
    case ValueType::float64: return "float64";
    case ValueType::float32: return "float32";
    case ValueType::implicit_ones: return "implicit_ones";
  }
  return "?";
}

Dataset::Dataset(const SparseRows& rows, Eigen::VectorXd targets)
    : is_sparse_(true), features_(rows.cols()), targets_(std::move(targets)) {
  SparseRows compressed = rows;
  compressed.makeCompressed();
  const auto row_count = static_cast<std::size_t>(compressed.rows());
  const auto nonzeros = static_cast<std::size_t>(compressed.nonZeros());
  sparse_.offsets.assign(compressed.outerIndexPtr(), compressed.outerIndexPtr() + row_count + 1);
  sparse_.columns.assign(compressed.innerIndexPtr(), compressed.innerIndexPtr() + nonzeros);
  sparse_.values64.assign(compressed.valuePtr(), compressed.valuePtr() + nonzeros);
  check_shape();
}

Dataset::Dataset(const DenseRows& rows, Eigen::VectorXd targets)
    : is_sparse_(false), features_(rows.cols()), targets_(std::move(targets)) {
  if (rows.rows() != targets_.size()) throw std::invalid_argument("Dataset: row and target counts differ");
  dense_.values64.assign(rows.data(), rows.data() + rows.size());
  check_shape();
}

Dataset::Dataset(SparseStorage rows, std::int64_t features, Eigen::VectorXd targets)
    : is_sparse_(true), features_(features), sparse_(std::move(rows)), targets_(std::move(targets)) {
  if (sparse_.values64.empty() && !sparse_.values32.empty()) value_type_ = ValueType::float32;
  if (sparse_.values64.empty() && sparse_.values32.empty() && !sparse_.columns.empty())
    value_type_ = ValueType::implicit_ones;
  check_shape();
}

Dataset::Dataset(DenseStorage rows, std::int64_t features, Eigen::VectorXd targets)
    : is_sparse_(false), features_(features), dense_(std::move(rows)), targets_(std::move(targets)) {
  if (dense_.values64.empty() && !dense_.values32.empty()) value_type_ = ValueType::float32;
  check_shape();
}

void Dataset::check_shape() const {
  const auto rows = static_cast<std::size_t>(targets_.size());
  if (features_ < 0) throw std::invalid_argument("Dataset: negative feature count");
  if (is_sparse_) {
    const SparseStorage& s = sparse_;
    if (s.offsets.size() != rows + 1) throw std::invalid_argument("Dataset: row and target counts differ");
    if (s.offsets.front() != 0 || static_cast<std::size_t>(s.offsets.back()) != s.columns.size())
      throw std::invalid_argument("Dataset: CSR offsets do not span the columns");
    const std::size_t values = value_type_ == ValueType::float64   ? s.values64.size()
                               : value_type_ == ValueType::float32 ? s.values32.size()
                                                                   : s.columns.size();
    if (values != s.columns.size()) throw std::invalid_argument("Dataset: CSR value and column counts differ");
  } else {
    const std::size_t size = value_type_ == ValueType::float32 ? dense_.values32.size() : dense_.values64.size();
    if (size != rows * static_cast<std::size_t>(features_))
      throw std::invalid_argument("Dataset: row and target counts differ");
  }
}

void Dataset::set_row_weights(Eigen::VectorXd weights) {
  if (weights.size() != targets_.size()) throw std::invalid_argument("Dataset: row and weight counts differ");
  row_weights_ = std::move(weights);
  weighted_ = true;
}

void Dataset::clear_row_weights() {
  row_weights_ = Eigen::VectorXd();
  weighted_ = false;
}

// Stored entries, explicit zeros included: the work a pass over the rows does.
std::int64_t Dataset::local_nonzeros() const {
  return is_sparse_ ? static_cast<std::int64_t>(sparse_.columns.size())
                    : static_cast<std::int64_t>(local_rows()) * features_;
}

std::int64_t Dataset::memory_bytes() const {
  std::size_t bytes = static_cast<std::size_t>(targets_.size()) * sizeof(double);
  if (is_sparse_) {
    bytes += sparse_.offsets.size() * sizeof(int) + sparse_.columns.size() * sizeof(int) +
             sparse_.values64.size() * sizeof(double) + sparse_.values32.size() * sizeof(float);
  } else {
    bytes += dense_.values64.size() * sizeof(double) + dense_.values32.size() * sizeof(float);
  }
  return static_cast<std::int64_t>(bytes);
}

namespace {

bool all_ones(const std::vector<double>& values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return v == 1.0; });
}

bool exact_in_float(const std::vector<double>& values) {
  return std::all_of(values.begin(), values.end(),
                     [](double v) { return static_cast<double>(static_cast<float>(v)) == v; });
}

void to_float(std::vector<double>& from, std::vector<float>& to) {
  to.resize(from.size());
  std::transform(from.begin(), from.end(), to.begin(), [](double v) { return static_cast<float>(v); });
  std::vector<double>().swap(from);
}

}  // namespace

void Dataset::compact(const StorageOptions& options) {
  if (value_type_ != ValueType::float64) return;  // already compacted (e.g. loaded from the cache)
  using Values = StorageOptions::Values;
  std::vector<double>& values = is_sparse_ ? sparse_.values64 : dense_.values64;
  std::vector<float>& narrow = is_sparse_ ? sparse_.values32 : dense_.values32;
  if (is_sparse_ && options.implicit_ones && options.values != Values::float64 && !values.empty() &&
      all_ones(values)) {
    std::vector<double>().swap(values);
    value_type_ = ValueType::implicit_ones;
    return;
  }
  if (values.empty()) return;
  if (options.values == Values::float32 || (options.values == Values::automatic && exact_in_float(values))) {
    to_float(values, narrow);
    value_type_ = ValueType::float32;
  }
}

double Dataset::coeff(Eigen::Index row, Eigen::Index column) const {
  if (!is_sparse_) {
    const std::size_t at = static_cast<std::size_t>(row * features_ + column);
    return value_type_ == ValueType::float32 ? static_cast<double>(dense_.values32[at]) : dense_.values64[at];
  }
  const auto begin = sparse_.columns.begin() + sparse_.offsets[static_cast<std::size_t>(row)];
  const auto end = sparse_.columns.begin() + sparse_.offsets[static_cast<std::size_t>(row) + 1];
  const auto found = std::lower_bound(begin, end, static_cast<int>(column));
  if (found == end || *found != column) return 0.0;
  const auto k = static_cast<std::size_t>(found - sparse_.columns.begin());
  switch (value_type_) {
    case ValueType::float64: return sparse_.values64[k];
    case ValueType::float32: return static_cast<double>(sparse_.values32[k]);
    case ValueType::implicit_ones: return 1.0;
  }
  return 0.0;
}

Eigen::MatrixXd Dataset::to_dense_matrix() const {
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(local_rows(), features_);
  for (Eigen::Index i = 0; i < local_rows(); ++i) {
    if (!is_sparse_) {
      for (Eigen::Index j = 0; j < features_; ++j) out(i, j) = coeff(i, j);
      continue;
    }
    for (int k = sparse_.offsets[static_cast<std::size_t>(i)]; k < sparse_.offsets[static_cast<std::size_t>(i) + 1]; ++k) {
      const auto at = static_cast<std::size_t>(k);
      out(i, sparse_.columns[at]) = value_type_ == ValueType::float64   ? sparse_.values64[at]
                                    : value_type_ == ValueType::float32 ? static_cast<double>(sparse_.values32[at])
                                                                        : 1.0;
    }
  }
  return out;
}

}  // namespace dlogit::data
