#pragma once
#include <Eigen/Dense>
#include <Eigen/SparseCore>
#include <cstdint>
#include <string>
#include <vector>

namespace dlogit::data {

// Original label values of the two classes, as they appear in the file.
struct LabelMapping {
  double negative = 0.0;  // mapped to y = 0
  double positive = 1.0;  // mapped to y = 1
};

// How feature values are held in memory. A pass streams the whole shard, so its bytes set the speed.
enum class ValueType {
  float64,
  float32,
  implicit_ones,  // sparse only: every stored value is 1 (binary features), no value array at all
};
const char* value_type_name(ValueType type);

// What the loader (or the cache) may do to shrink a shard after parsing.
struct StorageOptions {
  enum class Values {
    automatic,  // the leanest lossless layout: implicit ones, else float32 when every value converts exactly
    float64,
    float32,    // rounds values that float32 cannot hold; accumulation stays in double
  };
  Values values = Values::automatic;
  bool implicit_ones = true;  // drop the value array of a sparse shard whose values are all 1
};

// CSR with 32-bit offsets and column indices (the parser caps one rank's nonzeros at 2^31-1).
// Exactly one of the value arrays is used, as the Dataset's value_type() says.
struct SparseStorage {
  std::vector<int> offsets{0};  // row i is [offsets[i], offsets[i+1])
  std::vector<int> columns;     // 0-based, increasing within a row
  std::vector<double> values64;
  std::vector<float> values32;
};

// Row-major, width = features().
struct DenseStorage {
  std::vector<double> values64;
  std::vector<float> values32;
};

// This rank's shard of the training rows plus the facts all ranks agreed on.
// Rows are stored either as CSR (LIBSVM) or as a dense row-major matrix (CSV); the objective
// streams over them row by row (model/row_views.hpp has one view per layout).
class Dataset {
 public:
  // Convenient for building small shards in tests and tools; the loader hands over its arrays instead.
  using SparseRows = Eigen::SparseMatrix<double, Eigen::RowMajor, int>;
  using DenseRows = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  Dataset() = default;
  Dataset(const SparseRows& rows, Eigen::VectorXd targets);
  Dataset(const DenseRows& rows, Eigen::VectorXd targets);
  // The arrays are moved in; throws std::invalid_argument when they do not describe `targets.size()` rows.
  Dataset(SparseStorage rows, std::int64_t features, Eigen::VectorXd targets);
  Dataset(DenseStorage rows, std::int64_t features, Eigen::VectorXd targets);

  bool is_sparse() const { return is_sparse_; }
  ValueType value_type() const { return value_type_; }
  const SparseStorage& sparse_storage() const { return sparse_; }
  const DenseStorage& dense_storage() const { return dense_; }
  // 0/1 targets of the local rows (1 = positive class).
  const Eigen::VectorXd& targets() const { return targets_; }

  // Per-row weights s_i of the objective (sample weight × class weight); empty when unweighted, which
  // selects the passes without a multiply per row. Weighted or not is the same on every rank, also on
  // a rank without rows.
  const Eigen::VectorXd& row_weights() const { return row_weights_; }
  bool is_weighted() const { return weighted_; }
  // Throws std::invalid_argument unless there is one weight per local row.
  void set_row_weights(Eigen::VectorXd weights);
  // Back to unweighted (the passes without a multiply per row).
  void clear_row_weights();

  Eigen::Index local_rows() const { return targets_.size(); }
  Eigen::Index features() const { return features_; }
  std::int64_t local_nonzeros() const;
  // Bytes of the rows and targets as held: what one pass over the shard reads.
  std::int64_t memory_bytes() const;

  // Converts the values to the layout `options` asks for (in place; frees what is no longer used).
  void compact(const StorageOptions& options);

  // For tests and small data: one entry, or the whole shard as a dense double matrix.
  double coeff(Eigen::Index row, Eigen::Index column) const;
  Eigen::MatrixXd to_dense_matrix() const;

  // Agreed across ranks by the loader.
  std::int64_t global_rows = 0;
  std::int64_t global_nonzeros = 0;
  std::int64_t first_row = 0;  // global index of this rank's first row (rows of lower ranks come first)
  LabelMapping labels;

 private:
  void check_shape() const;

  bool is_sparse_ = true;
  ValueType value_type_ = ValueType::float64;
  std::int64_t features_ = 0;
  SparseStorage sparse_;
  DenseStorage dense_;
  Eigen::VectorXd targets_;
  Eigen::VectorXd row_weights_;
  bool weighted_ = false;
};

}  // namespace dlogit::data
