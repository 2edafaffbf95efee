#pragma once
#include <Eigen/Dense>
#include <functional>
#include <memory>
#include <type_traits>
#include <vector>

#include "data/dataset.hpp"
#include "model/local_objective.hpp"
#include "model/pass_threads.hpp"

namespace dlogit::model {

// The pass engine: a LocalObjective over one shard's rows for any per-row loss policy `Loss`, which
// supplies (see logistic_loss.hpp)
//   static constexpr const char* name;
//   static void block_terms(const RowBlock& z, const double* y, double* loss, double* slope, double* curvature);
//   static double link(double z);          // the prediction from a margin
//   static double loss(double z, double y);  // one row's loss, for metrics
// and optionally a few extra per-row sums that the gradient pass adds up beside the gradient, while
// keep_dual_terms() (the terms of a duality-gap certificate):
//   static constexpr int extra_sums = K;
//   static void block_extra_sums(const RowBlock& z, const double* y, const double* loss, const double* slope,
//                                const double* row_weight /* null: unweighted */, double* sums /* K */);
// (loss and slope unweighted, as block_terms wrote them). With an intercept and
//   static constexpr bool splits_gradient_by_label = true;   (targets 0/1)
// the dual terms also hold the positive rows' part of the gradient sum (LocalObjective::loss_and_gradient_sum).
// Everything else is the engine's: row views per storage layout, blocks of rows, the thread team,
// per-thread buffers, the fixed-order reduction, row weights and curvature storage.
//
// With threads > 1 each pass splits the rows into one contiguous block per thread (balanced by
// nonzeros); every thread sums its block into its own buffer and the buffers are added in thread
// order, so the result depends on the thread count but never on timing.
//
// The member functions are defined in row_pass_objective_impl.hpp, which only the file that
// instantiates a loss includes (model/losses.cpp, compiled with the pass flags of CMakeLists.txt; a
// test-only loss in its test), so every other file links against that one instantiation.
// How many extra sums a loss policy declares (0 without `extra_sums`).
template <class Loss, class = void>
struct ExtraSumsOf {
  static constexpr int value = 0;
};
template <class Loss>
struct ExtraSumsOf<Loss, std::void_t<decltype(Loss::extra_sums)>> {
  static constexpr int value = Loss::extra_sums;
};

// Whether a loss policy's dual terms include the gradient of its positive rows (targets 0/1 only):
// `static constexpr bool splits_gradient_by_label = true;` (false without it).
template <class Loss, class = void>
struct SplitsGradientByLabel {
  static constexpr bool value = false;
};
template <class Loss>
struct SplitsGradientByLabel<Loss, std::void_t<decltype(Loss::splits_gradient_by_label)>> {
  static constexpr bool value = Loss::splits_gradient_by_label;
};

// Whether a loss policy can build the linearized dual point: `static constexpr bool has_linearized_margins
// = true;` with block_linearized_margins (logistic_loss.hpp), beside extra_sums and the label split.
template <class Loss, class = void>
struct HasLinearizedMargins {
  static constexpr bool value = false;
};
template <class Loss>
struct HasLinearizedMargins<Loss, std::void_t<decltype(Loss::has_linearized_margins)>> {
  static constexpr bool value = Loss::has_linearized_margins && ExtraSumsOf<Loss>::value > 0;
};

template <class Loss>
class RowPassObjective final : public LocalObjective {
 public:
  // `row_weights`: one weight per local row, replacing the shard's own (e.g. a fold's mask of zeros
  // and ones); null: the shard's weights, or none when it is unweighted. Must outlive this object.
  RowPassObjective(const data::Dataset& shard, bool fit_intercept, int threads = 1,
                   const Eigen::VectorXd* row_weights = nullptr);

  Eigen::Index parameter_count() const override { return features_ + (fit_intercept_ ? 1 : 0); }
  bool fit_intercept() const override { return fit_intercept_; }
  int threads() const { return team_->size(); }
  Eigen::Index extra_sum_count() const override { return keeps_dual_terms_ ? dual_terms_size() : 0; }
  void keep_dual_terms(bool keep) override;
  bool keeps_dual_terms() const override { return keeps_dual_terms_; }

  double loss_and_gradient_sum(const double* theta, double* gradient_sum) override;
  bool has_linearized_dual() const override { return HasLinearizedMargins<Loss>::value && keeps_dual_terms_; }
  double loss_and_gradient_sum_linearized(const double* theta, const double* step, double* gradient_sum,
                                          double* linearized_sum) override;
  void hessian_vector_sum(const double* v, double* hv_sum) override;
  bool has_hessian_diagonal() const override { return true; }
  void hessian_diagonal_sum(double* diagonal_sum) override;
  void hessian_diagonal_sum_at(const double* theta, double* diagonal_sum) override;
  bool has_hessian_block() const override { return true; }
  void hessian_block_sum_at(const double* theta, const Eigen::Index* set, Eigen::Index count,
                            double* packed_sum) override;
  void keep_curvature(bool keep) override;
  bool keeps_curvature() const override { return keeps_curvature_; }

 private:
  static constexpr int kExtraSums = ExtraSumsOf<Loss>::value;
  enum class PassKind { gradient, hessian_vector, hessian_diagonal, hessian_diagonal_at, hessian_block_at };
  // The pass in flight: what to compute, at which point (θ or v; none for the diagonal from kept
  // curvature), into where.
  struct Pass {
    PassKind kind = PassKind::gradient;
    const double* point = nullptr;
    double* out = nullptr;
    const double* step = nullptr;  // a gradient pass's second dual point (null: none), into linearized_out
    double* linearized_out = nullptr;
  };
  void run_pass(PassKind kind, const double* point, double* out, const double* step = nullptr,
                double* linearized_out = nullptr);
  // A gradient pass (with its second dual point when `step` is set): the loss, with the gradient and the
  // dual terms added over threads; the second point's sums are left per thread.
  double gradient_pass(const double* theta, double* gradient_sum, const double* step, double* linearized_sum);
  // Adds the other threads' sums of a gradient pass's dual terms (and of its second point) in thread order.
  void reduce_dual_terms(double* gradient_sum, const std::vector<std::vector<double>>& partials, Eigen::Index offset);
  void run_block(int thread);
  void run_hessian_block(int thread);
  void require_curvature() const;
  // The loss's sums, then (with an intercept, for a loss that splits by label) the positive rows' gradient.
  bool splits_gradient() const { return fit_intercept_ && SplitsGradientByLabel<Loss>::value; }
  Eigen::Index dual_terms_size() const { return kExtraSums + (splits_gradient() ? features_ : 0); }

  const data::Dataset& shard_;
  const double* row_weights_;  // null: unweighted
  Eigen::Index features_;
  bool fit_intercept_;
  std::vector<double> curvature_;  // D_i, one per local row, while kept; sized once
  bool keeps_curvature_ = true;
  bool keeps_dual_terms_ = false;
  std::unique_ptr<PassThreads> team_;
  std::vector<Eigen::Index> block_starts_;  // thread t owns rows [block_starts_[t], block_starts_[t+1])
  std::function<void(int)> block_task_;     // run_block, bound once
  Pass pass_;
  std::vector<std::vector<double>> thread_sums_;  // threads 1.. (thread 0 writes pass_.out)
  std::vector<double> thread_loss_;
  std::vector<double> thread_intercept_;
  std::vector<std::vector<double>> thread_extras_;  // threads 1.., dual_terms_size() each while kept
  // The second dual point's sums of threads 1.. (parameter_count() + dual_terms_size() each, sized on the
  // first such pass) and every thread's intercept part.
  std::vector<std::vector<double>> thread_linearized_;
  std::vector<double> thread_linearized_intercept_;
  // The Hessian block pass: each parameter's position in the requested set (−1: not in it; sized on the
  // first block pass, reset after each), the set's size, the other threads' packed sums, and every
  // thread's scratch for one row's entries inside the set. All keep their capacity between passes.
  std::vector<int> block_position_;
  Eigen::Index block_count_ = 0;
  std::vector<std::vector<double>> thread_blocks_;
  std::vector<std::vector<int>> thread_row_positions_;
  std::vector<std::vector<double>> thread_row_values_;
};

}  // namespace dlogit::model
