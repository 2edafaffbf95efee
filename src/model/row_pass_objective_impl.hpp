#pragma once
// The definitions of RowPassObjective<Loss>: include only where a loss is instantiated (see
// row_pass_objective.hpp).
#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "model/row_block.hpp"
#include "model/row_pass_objective.hpp"
#include "model/row_views.hpp"

namespace dlogit::model {
namespace row_pass {

// z = X w + b over rows [first, first + n) and the loss's per-row terms there: the one evaluation of a
// block that the gradient pass and the diagonal-at-θ pass share, so that their curvature has the same bits.
template <class Loss, class Rows>
inline void evaluate_block(const Rows& rows, Eigen::Index first, Eigen::Index n, const double* y, const double* w,
                           double b, RowBlock& z, double* row_loss, double* slope, double* row_curvature) {
  z.resize(n);
  for (Eigen::Index k = 0; k < n; ++k) z[k] = rows.dot(first + k, w) + b;
  Loss::block_terms(z, y + first, row_loss, slope, row_curvature);
}

// Where a gradient pass puts the sums of its second dual point (LocalObjective::loss_and_gradient_sum_linearized):
// the step θ − anchor (its weights; step_b the intercept's), and, as the pass's own, the gradient, its
// intercept part, the loss's extra sums and the positive rows' gradient (null: not split).
struct LinearizedSums {
  const double* step = nullptr;  // null: no second point
  double step_b = 0.0;
  double* gradient = nullptr;
  double intercept = 0.0;
  double* extras = nullptr;
  double* positive_gradient = nullptr;
};

// Where a row of label y (0 or 1) scatters: `gradient`, or the positive rows' sum `to_positive` bytes
// further. Computed, not branched on: labels in file order mispredict (+18% on a9a).
inline double* label_destination(double* gradient, std::uintptr_t to_positive, double label) {
  return reinterpret_cast<double*>(reinterpret_cast<std::uintptr_t>(gradient) +
                                   static_cast<std::uintptr_t>(label) * to_positive);
}

// One pass over rows [begin, end): z_i = x_i·w + b for a block of rows (the gathers), the loss's terms
// over the whole block, then the gradient scatter while the block's rows are still in cache. Weighted,
// the row weight s_i scales its loss, slope and curvature (so the Hessian passes need no weights); the
// unweighted instantiation has no multiply at all. The loss and intercept sums run over the rows in
// order, as a row-at-a-time loop would.
// `extras` (null: dual terms off) receives the loss's extra sums; `positive_gradient` (null: none) the
// positive rows' part of the gradient.
// `shadow` (null, or its step null: none) receives the same sums at a second dual point, the predictions linearized
// from the earlier point θ − step (Loss::block_linearized_margins), in the same pass.
template <class Loss, bool Weighted, class Rows>
double loss_gradient_pass(const Rows& rows, Eigen::Index begin, Eigen::Index end, const double* y,
                          const double* row_weight, const double* w, double b, double* gradient, double* curvature,
                          double& intercept_gradient, double* extras, double* positive_gradient,
                          LinearizedSums* shadow = nullptr) {
  double loss_sum = 0.0;
  // A row of label y scatters into gradient + y·(positive_gradient − gradient) (y ∈ {0, 1}).
  const std::uintptr_t to_positive =
      positive_gradient != nullptr
          ? reinterpret_cast<std::uintptr_t>(positive_gradient) - reinterpret_cast<std::uintptr_t>(gradient)
          : 0;
  const bool linearize = shadow != nullptr && shadow->step != nullptr;
  const std::uintptr_t shadow_to_positive =
      linearize && shadow->positive_gradient != nullptr
          ? reinterpret_cast<std::uintptr_t>(shadow->positive_gradient) - reinterpret_cast<std::uintptr_t>(shadow->gradient)
          : 0;
  RowBlock z;
  double row_loss[kBlockRows];
  double slope[kBlockRows];
  double row_curvature[kBlockRows];
  RowBlock delta;
  RowBlock q;
  double shadow_loss[kBlockRows];
  double shadow_slope[kBlockRows];
  double shadow_curvature[kBlockRows];
  for (Eigen::Index first = begin; first < end; first += kBlockRows) {
    const Eigen::Index n = std::min(kBlockRows, end - first);
    evaluate_block<Loss>(rows, first, n, y, w, b, z, row_loss, slope, row_curvature);
    if constexpr (ExtraSumsOf<Loss>::value > 0) {
      if (extras != nullptr)
        Loss::block_extra_sums(z, y + first, row_loss, slope, Weighted ? row_weight + first : nullptr, extras);
    }
    if constexpr (HasLinearizedMargins<Loss>::value) {
      if (linearize) {
        delta.resize(n);
        for (Eigen::Index k = 0; k < n; ++k) delta[k] = rows.dot(first + k, shadow->step) + shadow->step_b;
        Loss::block_linearized_margins(z, delta, q);
        Loss::block_terms(q, y + first, shadow_loss, shadow_slope, shadow_curvature);
        Loss::block_extra_sums(q, y + first, shadow_loss, shadow_slope, Weighted ? row_weight + first : nullptr,
                               shadow->extras);
        for (Eigen::Index k = 0; k < n; ++k) {
          const double slope_k = Weighted ? shadow_slope[k] * row_weight[first + k] : shadow_slope[k];
          shadow->intercept += slope_k;
          rows.add_scaled(first + k, slope_k, label_destination(shadow->gradient, shadow_to_positive, y[first + k]));
        }
      }
    }
    // Only the Newton method reads the curvature back; the other optimizers save its 8 bytes per row
    // of writes (and its memory).
    if (curvature != nullptr) {
      for (Eigen::Index k = 0; k < n; ++k) {
        curvature[first + k] = Weighted ? row_curvature[k] * row_weight[first + k] : row_curvature[k];
      }
    }
    for (Eigen::Index k = 0; k < n; ++k) {
      double loss_k = row_loss[k];
      double slope_k = slope[k];
      if constexpr (Weighted) {
        const double s = row_weight[first + k];
        loss_k *= s;
        slope_k *= s;
      }
      loss_sum += loss_k;
      intercept_gradient += slope_k;
      // Split by label for the certificate: each row still scatters once (the whole is summed after).
      if (to_positive == 0) {  // the same every row: predicted, and the run without a certificate pays nothing
        rows.add_scaled(first + k, slope_k, gradient);
      } else {
        rows.add_scaled(first + k, slope_k, label_destination(gradient, to_positive, y[first + k]));
      }
    }
  }
  return loss_sum;
}

// One pass over rows [begin, end): Σ x_i D_i (x_i·v + v_b).
template <class Rows>
void hessian_vector_pass(const Rows& rows, Eigen::Index begin, Eigen::Index end, const double* curvature,
                         const double* v, double vb, double* hv, double& intercept_hv) {
  for (Eigen::Index i = begin; i < end; ++i) {
    const double scaled = curvature[i] * (rows.dot(i, v) + vb);
    intercept_hv += scaled;
    rows.add_scaled(i, scaled, hv);
  }
}

// One pass over rows [begin, end): Σ D_i x_ij² per column j.
template <class Rows>
void hessian_diagonal_pass(const Rows& rows, Eigen::Index begin, Eigen::Index end, const double* curvature,
                           double* diagonal, double& intercept_diagonal) {
  for (Eigen::Index i = begin; i < end; ++i) {
    intercept_diagonal += curvature[i];
    rows.add_scaled_squares(i, curvature[i], diagonal);
  }
}

// visit(i, D_i) for rows i in [begin, end) in order, with D_i = s_i ℓ''(z_i) at θ = [w; b] computed block by
// block exactly as loss_gradient_pass computes (and would keep) it: the curvature passes at θ share it.
template <class Loss, bool Weighted, class Rows, class Visit>
inline void for_each_curvature_at(const Rows& rows, Eigen::Index begin, Eigen::Index end, const double* y,
                                  const double* row_weight, const double* w, double b, Visit&& visit) {
  RowBlock z;
  double row_loss[kBlockRows];
  double slope[kBlockRows];
  double row_curvature[kBlockRows];
  for (Eigen::Index first = begin; first < end; first += kBlockRows) {
    const Eigen::Index n = std::min(kBlockRows, end - first);
    evaluate_block<Loss>(rows, first, n, y, w, b, z, row_loss, slope, row_curvature);
    for (Eigen::Index k = 0; k < n; ++k) {
      visit(first + k, Weighted ? row_curvature[k] * row_weight[first + k] : row_curvature[k]);
    }
  }
}

// One pass over rows [begin, end): Σ D_i x_ij² per column j with D_i at θ, so that the result has the bits of
// hessian_diagonal_pass after a gradient pass at θ, without a per-row array.
template <class Loss, bool Weighted, class Rows>
void hessian_diagonal_at_pass(const Rows& rows, Eigen::Index begin, Eigen::Index end, const double* y,
                              const double* row_weight, const double* w, double b, double* diagonal,
                              double& intercept_diagonal) {
  for_each_curvature_at<Loss, Weighted>(rows, begin, end, y, row_weight, w, b, [&](Eigen::Index i, double curvature) {
    intercept_diagonal += curvature;
    rows.add_scaled_squares(i, curvature, diagonal);
  });
}

// One pass over rows [begin, end): the lower triangle of Σ_i D_i x̃_iA x̃_iAᵀ over the parameters of a set A
// (`position`: each column's place in A, −1 outside it; `intercept_position`: the intercept's, −1 when it
// is not in A), packed by rows (see LocalObjective::hessian_block_sum_at), with D_i at θ = [w; b] as
// hessian_diagonal_at_pass computes it. `row_positions` / `row_values` hold one row's entries inside A.
template <class Loss, bool Weighted, class Rows>
void hessian_block_at_pass(const Rows& rows, Eigen::Index begin, Eigen::Index end, const double* y,
                           const double* row_weight, const double* w, double b, const int* position,
                           int intercept_position, int* row_positions, double* row_values, double* packed) {
  for_each_curvature_at<Loss, Weighted>(rows, begin, end, y, row_weight, w, b, [&](Eigen::Index i, double curvature) {
    if (curvature == 0.0) return;  // e.g. a row outside a fold: it adds nothing
    int entries = 0;
    rows.for_each(i, [&](Eigen::Index column, double value) {
      const int p = position[column];
      if (p >= 0) {
        row_positions[entries] = p;
        row_values[entries] = value;
        ++entries;
      }
    });
    if (intercept_position >= 0) {
      row_positions[entries] = intercept_position;
      row_values[entries] = 1.0;
      ++entries;
    }
    // A row's columns increase (SparseStorage's invariant; dense rows in order) and the set is ascending
    // with the intercept last, so the positions increase too: entry (a, c), c <= a, is in packed row a.
    for (int a = 0; a < entries; ++a) {
      const auto pa = static_cast<Eigen::Index>(row_positions[a]);
      const double scaled = curvature * row_values[a];
      double* packed_row = packed + pa * (pa + 1) / 2;
      for (int c = 0; c <= a; ++c) packed_row[row_positions[c]] += scaled * row_values[c];
    }
  });
}

}  // namespace row_pass

template <class Loss>
RowPassObjective<Loss>::RowPassObjective(const data::Dataset& shard, bool fit_intercept, int threads,
                                         const Eigen::VectorXd* row_weights)
    : shard_(shard),
      row_weights_(row_weights != nullptr ? row_weights->data()
                                          : shard.is_weighted() ? shard.row_weights().data() : nullptr),
      features_(shard.features()),
      fit_intercept_(fit_intercept),
      curvature_(static_cast<std::size_t>(shard.local_rows()), 0.0),
      team_(std::make_unique<PassThreads>(resolve_thread_count(threads))),
      block_starts_(split_rows(shard, team_->size())),
      block_task_([this](int thread) { run_block(thread); }),
      thread_sums_(static_cast<std::size_t>(team_->size() - 1), std::vector<double>(static_cast<std::size_t>(features_))),
      thread_loss_(static_cast<std::size_t>(team_->size()), 0.0),
      thread_intercept_(static_cast<std::size_t>(team_->size()), 0.0),
      thread_extras_(static_cast<std::size_t>(team_->size() - 1)),
      thread_linearized_intercept_(static_cast<std::size_t>(team_->size()), 0.0) {
  if (row_weights != nullptr && row_weights->size() != shard.local_rows())
    throw std::invalid_argument("RowPassObjective: one row weight per local row is needed");
}

template <class Loss>
void RowPassObjective<Loss>::run_block(int thread) {
  if (pass_.kind == PassKind::hessian_block_at) {
    run_hessian_block(thread);
    return;
  }
  const auto t = static_cast<std::size_t>(thread);
  double* out = thread == 0 ? pass_.out : thread_sums_[t - 1].data();
  std::fill(out, out + features_, 0.0);
  const Eigen::Index begin = block_starts_[t];
  const Eigen::Index end = block_starts_[t + 1];
  // θ for a gradient pass and a diagonal pass at θ, v for a Hessian-vector pass; the diagonal pass from
  // kept curvature has no point and never reads it.
  const double* point = pass_.point;
  const auto point_intercept = [&] { return fit_intercept_ ? point[features_] : 0.0; };
  double intercept = 0.0;
  double loss = 0.0;
  // Thread 0 sums the dual terms straight into the output, after the gradient (as it does the gradient).
  double* extras = nullptr;
  double* positive_gradient = nullptr;
  if (pass_.kind == PassKind::gradient && keeps_dual_terms_) {
    extras = thread == 0 ? pass_.out + parameter_count() : thread_extras_[t - 1].data();
    std::fill(extras, extras + dual_terms_size(), 0.0);
    if (splits_gradient()) positive_gradient = extras + kExtraSums;
  }
  row_pass::LinearizedSums linearized;
  if (pass_.kind == PassKind::gradient && pass_.step != nullptr) {
    double* sums = thread == 0 ? pass_.linearized_out : thread_linearized_[t - 1].data();
    std::fill(sums, sums + parameter_count() + dual_terms_size(), 0.0);
    linearized.step = pass_.step;
    linearized.step_b = fit_intercept_ ? pass_.step[features_] : 0.0;
    linearized.gradient = sums;
    linearized.extras = sums + parameter_count();
    if (splits_gradient()) linearized.positive_gradient = linearized.extras + kExtraSums;
  }
  if (pass_.kind == PassKind::gradient) {
    double* curvature = keeps_curvature_ ? curvature_.data() : nullptr;  // written only when kept
    const double* y = shard_.targets().data();
    const double point_b = point_intercept();
    loss = with_row_view(shard_, [&](const auto& rows) {
      return row_weights_ != nullptr
                 ? row_pass::loss_gradient_pass<Loss, true>(rows, begin, end, y, row_weights_, point, point_b, out,
                                                           curvature, intercept, extras, positive_gradient,
                                                           &linearized)
                 : row_pass::loss_gradient_pass<Loss, false>(rows, begin, end, y, nullptr, point, point_b, out,
                                                            curvature, intercept, extras, positive_gradient,
                                                            &linearized);
    });
    thread_linearized_intercept_[t] = linearized.intercept;
  } else if (pass_.kind == PassKind::hessian_vector) {
    const double point_b = point_intercept();
    with_row_view(shard_, [&](const auto& rows) {
      row_pass::hessian_vector_pass(rows, begin, end, curvature_.data(), point, point_b, out, intercept);
    });
  } else if (pass_.kind == PassKind::hessian_diagonal) {
    with_row_view(shard_, [&](const auto& rows) {
      row_pass::hessian_diagonal_pass(rows, begin, end, curvature_.data(), out, intercept);
    });
  } else {
    const double* y = shard_.targets().data();
    const double point_b = point_intercept();
    with_row_view(shard_, [&](const auto& rows) {
      if (row_weights_ != nullptr) {
        row_pass::hessian_diagonal_at_pass<Loss, true>(rows, begin, end, y, row_weights_, point, point_b, out,
                                                       intercept);
      } else {
        row_pass::hessian_diagonal_at_pass<Loss, false>(rows, begin, end, y, nullptr, point, point_b, out, intercept);
      }
    });
  }
  thread_loss_[t] = loss;
  thread_intercept_[t] = intercept;
}

template <class Loss>
void RowPassObjective<Loss>::run_hessian_block(int thread) {
  const auto t = static_cast<std::size_t>(thread);
  const Eigen::Index packed_size = block_count_ * (block_count_ + 1) / 2;
  double* out = thread == 0 ? pass_.out : thread_blocks_[t - 1].data();
  std::fill(out, out + packed_size, 0.0);
  const double* theta = pass_.point;
  const double b = fit_intercept_ ? theta[features_] : 0.0;
  const int intercept_position = fit_intercept_ ? block_position_[static_cast<std::size_t>(features_)] : -1;
  const double* y = shard_.targets().data();
  int* row_positions = thread_row_positions_[t].data();
  double* row_values = thread_row_values_[t].data();
  const Eigen::Index begin = block_starts_[t];
  const Eigen::Index end = block_starts_[t + 1];
  with_row_view(shard_, [&](const auto& rows) {
    if (row_weights_ != nullptr) {
      row_pass::hessian_block_at_pass<Loss, true>(rows, begin, end, y, row_weights_, theta, b, block_position_.data(),
                                                  intercept_position, row_positions, row_values, out);
    } else {
      row_pass::hessian_block_at_pass<Loss, false>(rows, begin, end, y, nullptr, theta, b, block_position_.data(),
                                                   intercept_position, row_positions, row_values, out);
    }
  });
}

template <class Loss>
void RowPassObjective<Loss>::hessian_block_sum_at(const double* theta, const Eigen::Index* set, Eigen::Index count,
                                                  double* packed_sum) {
  const Eigen::Index parameters = parameter_count();
  if (block_position_.empty()) block_position_.assign(static_cast<std::size_t>(parameters), -1);
  for (Eigen::Index a = 0; a < count; ++a) {
    if (set[a] < 0 || set[a] >= parameters || (a > 0 && set[a] <= set[a - 1]))
      throw std::invalid_argument("hessian_block_sum_at: the set must be ascending parameter indices");
  }
  for (Eigen::Index a = 0; a < count; ++a) block_position_[static_cast<std::size_t>(set[a])] = static_cast<int>(a);
  block_count_ = count;
  const auto packed_size = static_cast<std::size_t>(count * (count + 1) / 2);
  const auto threads = static_cast<std::size_t>(team_->size());
  thread_blocks_.resize(threads - 1);
  for (auto& partial : thread_blocks_) partial.resize(packed_size);
  thread_row_positions_.resize(threads);
  thread_row_values_.resize(threads);
  for (std::size_t t = 0; t < threads; ++t) {
    thread_row_positions_[t].resize(static_cast<std::size_t>(count));
    thread_row_values_[t].resize(static_cast<std::size_t>(count));
  }
  pass_ = Pass{PassKind::hessian_block_at, theta, packed_sum};
  team_->run(block_task_);
  for (const auto& partial : thread_blocks_) {  // fixed order, as run_pass
    for (std::size_t k = 0; k < packed_size; ++k) packed_sum[k] += partial[k];
  }
  for (Eigen::Index a = 0; a < count; ++a) block_position_[static_cast<std::size_t>(set[a])] = -1;
}

template <class Loss>
void RowPassObjective<Loss>::run_pass(PassKind kind, const double* point, double* out, const double* step,
                                      double* linearized_out) {
  pass_ = Pass{kind, point, out, step, linearized_out};
  team_->run(block_task_);
  // Fixed order: thread 0's block (already in out), then 1, 2, ...
  for (const auto& partial : thread_sums_) {
    for (Eigen::Index j = 0; j < features_; ++j) out[j] += partial[static_cast<std::size_t>(j)];
  }
  double intercept = thread_intercept_[0];
  for (std::size_t t = 1; t < thread_intercept_.size(); ++t) intercept += thread_intercept_[t];
  if (fit_intercept_) out[features_] = intercept;
}

template <class Loss>
double RowPassObjective<Loss>::gradient_pass(const double* theta, double* gradient_sum, const double* step,
                                             double* linearized_sum) {
  run_pass(PassKind::gradient, theta, gradient_sum, step, linearized_sum);
  double loss = thread_loss_[0];
  for (std::size_t t = 1; t < thread_loss_.size(); ++t) loss += thread_loss_[t];
  if (keeps_dual_terms_) reduce_dual_terms(gradient_sum, thread_extras_, 0);
  return loss;
}

template <class Loss>
double RowPassObjective<Loss>::loss_and_gradient_sum(const double* theta, double* gradient_sum) {
  return gradient_pass(theta, gradient_sum, nullptr, nullptr);
}

template <class Loss>
void RowPassObjective<Loss>::reduce_dual_terms(double* gradient_sum, const std::vector<std::vector<double>>& partials,
                                               Eigen::Index offset) {
  // Thread 0's are in place; the others' added in thread order (`offset`: where they start in a partial).
  double* extras = gradient_sum + parameter_count();
  const Eigen::Index size = dual_terms_size();
  for (const auto& partial : partials) {
    for (Eigen::Index k = 0; k < size; ++k) extras[k] += partial[static_cast<std::size_t>(offset + k)];
  }
  // The pass scattered the positive rows into their own sum only: the whole gradient is both parts.
  if (splits_gradient()) {
    const double* positive = extras + kExtraSums;
    for (Eigen::Index j = 0; j < features_; ++j) gradient_sum[j] += positive[j];
  }
}

template <class Loss>
double RowPassObjective<Loss>::loss_and_gradient_sum_linearized(const double* theta, const double* step,
                                                                double* gradient_sum, double* linearized_sum) {
  if (!has_linearized_dual())
    throw std::logic_error(std::string("RowPassObjective<") + Loss::name + ">: no linearized dual point without dual terms");
  const auto size = static_cast<std::size_t>(parameter_count() + dual_terms_size());
  thread_linearized_.resize(static_cast<std::size_t>(team_->size() - 1));
  for (auto& partial : thread_linearized_) partial.resize(size);
  const double loss = gradient_pass(theta, gradient_sum, step, linearized_sum);
  // The second point's sums as run_pass and reduce_dual_terms add the first's, in thread order.
  for (const auto& partial : thread_linearized_) {
    for (Eigen::Index j = 0; j < features_; ++j) linearized_sum[j] += partial[static_cast<std::size_t>(j)];
  }
  double intercept = thread_linearized_intercept_[0];
  for (std::size_t t = 1; t < thread_linearized_intercept_.size(); ++t) intercept += thread_linearized_intercept_[t];
  if (fit_intercept_) linearized_sum[features_] = intercept;
  reduce_dual_terms(linearized_sum, thread_linearized_, parameter_count());
  return loss;
}

template <class Loss>
void RowPassObjective<Loss>::keep_dual_terms(bool keep) {
  keeps_dual_terms_ = keep && kExtraSums > 0;
  for (auto& partial : thread_extras_) {
    if (keeps_dual_terms_) {
      partial.assign(static_cast<std::size_t>(dual_terms_size()), 0.0);
    } else {
      std::vector<double>().swap(partial);
    }
  }
}

template <class Loss>
void RowPassObjective<Loss>::keep_curvature(bool keep) {
  keeps_curvature_ = keep;
  if (!keep) {
    std::vector<double>().swap(curvature_);
  } else if (curvature_.empty()) {
    curvature_.assign(static_cast<std::size_t>(shard_.local_rows()), 0.0);
  }
}

template <class Loss>
void RowPassObjective<Loss>::require_curvature() const {
  if (!keeps_curvature_)
    throw std::logic_error(std::string("RowPassObjective<") + Loss::name + ">: a Hessian pass without kept curvature");
}

template <class Loss>
void RowPassObjective<Loss>::hessian_vector_sum(const double* v, double* hv_sum) {
  require_curvature();
  run_pass(PassKind::hessian_vector, v, hv_sum);
}

template <class Loss>
void RowPassObjective<Loss>::hessian_diagonal_sum(double* diagonal_sum) {
  require_curvature();
  run_pass(PassKind::hessian_diagonal, nullptr, diagonal_sum);
}

template <class Loss>
void RowPassObjective<Loss>::hessian_diagonal_sum_at(const double* theta, double* diagonal_sum) {
  run_pass(PassKind::hessian_diagonal_at, theta, diagonal_sum);
}

}  // namespace dlogit::model
