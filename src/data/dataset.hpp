#pragma once
#include <Eigen/Dense>
#include <Eigen/SparseCore>
#include <cstdint>
#include <string>

namespace dlogit::data {

// Original label values of the two classes, as they appear in the file.
struct LabelMapping {
  double negative = 0.0;  // mapped to y = 0
  double positive = 1.0;  // mapped to y = 1
};

// This rank's shard of the training rows plus the facts all ranks agreed on.
// Rows are stored either as CSR (LIBSVM) or as a dense row-major matrix (CSV); the objective
// streams over them row by row.
class Dataset {
 public:
  using SparseRows = Eigen::SparseMatrix<double, Eigen::RowMajor, int>;
  using DenseRows = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  Dataset() = default;
  Dataset(SparseRows rows, Eigen::VectorXd targets);
  Dataset(DenseRows rows, Eigen::VectorXd targets);
  // Eigen 3.4's SparseMatrix has no move operations, so the defaults would copy the rows; these swap.
  Dataset(const Dataset&) = default;
  Dataset& operator=(const Dataset&) = default;
  Dataset(Dataset&& other) noexcept;
  Dataset& operator=(Dataset&& other) noexcept;

  bool is_sparse() const { return is_sparse_; }
  const SparseRows& sparse() const { return sparse_; }
  const DenseRows& dense() const { return dense_; }
  // 0/1 targets of the local rows (1 = positive class).
  const Eigen::VectorXd& targets() const { return targets_; }

  // Per-row weights s_i of the objective (sample weight × class weight); empty when unweighted, which
  // selects the passes without a multiply per row. Weighted or not is the same on every rank, also on
  // a rank without rows.
  const Eigen::VectorXd& row_weights() const { return row_weights_; }
  bool is_weighted() const { return weighted_; }
  // Throws std::invalid_argument unless there is one weight per local row.
  void set_row_weights(Eigen::VectorXd weights);

  Eigen::Index local_rows() const { return targets_.size(); }
  Eigen::Index features() const { return is_sparse_ ? sparse_.cols() : dense_.cols(); }
  std::int64_t local_nonzeros() const;

  // Agreed across ranks by the loader.
  std::int64_t global_rows = 0;
  std::int64_t global_nonzeros = 0;
  std::int64_t first_row = 0;  // global index of this rank's first row (rows of lower ranks come first)
  LabelMapping labels;

 private:
  bool is_sparse_ = true;
  SparseRows sparse_;
  DenseRows dense_;
  Eigen::VectorXd targets_;
  Eigen::VectorXd row_weights_;
  bool weighted_ = false;
};

}  // namespace dlogit::data
