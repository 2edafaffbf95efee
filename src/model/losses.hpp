#pragma once
// The registry of per-row losses: one line per loss in losses.cpp names it and instantiates the pass
// engine for it. Training and scoring look a loss up here; nothing else names a concrete loss.
#include <Eigen/Dense>
#include <memory>
#include <string>

#include "data/dataset.hpp"
#include "model/local_objective.hpp"
#include "model/logistic_loss.hpp"
#include "model/row_pass_objective.hpp"

namespace dlogit::model {

enum class LossKind { logistic };

// The engine over the logistic loss, instantiated once in losses.cpp (with the pass flags).
extern template class RowPassObjective<LogisticLoss>;
using LogisticObjective = RowPassObjective<LogisticLoss>;

// What one rank computes for `loss` over `shard` (see RowPassObjective's constructor for row_weights).
std::unique_ptr<LocalObjective> make_local_objective(LossKind loss, const data::Dataset& shard, bool fit_intercept,
                                                     int threads, const Eigen::VectorXd* row_weights = nullptr);

// The prediction from a margin (for the logistic loss, P(positive label) = σ(z)).
double link(LossKind loss, double z);
// One row's loss at margin z with target y ∈ {0, 1} (the log loss metric for the logistic loss).
double row_loss(LossKind loss, double z, double y);

const char* loss_name(LossKind loss);

}  // namespace dlogit::model
