#pragma once
// The registry of per-row losses (one line per loss in losses.cpp): what training and scoring need of
// a loss, looked up once by name. Nothing outside this file and the policies names a concrete loss.
#include <Eigen/Dense>
#include <memory>
#include <string>

#include "data/dataset.hpp"
#include "model/local_objective.hpp"
#include "model/logistic_loss.hpp"
#include "model/row_pass_objective.hpp"

namespace dlogit::model {

struct Loss {
  const char* name;
  // What one rank computes over `shard` (see RowPassObjective's constructor for row_weights).
  std::unique_ptr<LocalObjective> (*make_local_objective)(const data::Dataset& shard, bool fit_intercept, int threads,
                                                          const Eigen::VectorXd* row_weights);
  // The prediction from a margin (for the logistic loss, P(positive label) = σ(z)).
  double (*link)(double z);
  // One row's loss at margin z with target y ∈ {0, 1} (the log loss metric for the logistic loss).
  double (*row_loss)(double z, double y);
};

// The loss dlogit trains (the mission's objective): "logistic".
const Loss& logistic_loss();
// A registered loss by name; std::invalid_argument naming the known ones otherwise.
const Loss& loss_named(const std::string& name);

// The engine over the logistic loss, instantiated once in losses.cpp (with the pass flags).
extern template class RowPassObjective<LogisticLoss>;
using LogisticObjective = RowPassObjective<LogisticLoss>;

}  // namespace dlogit::model
