#pragma once
#include "comm/communicator.hpp"
#include "data/dataset.hpp"
#include "eval/auc.hpp"
#include "eval/metrics.hpp"
#include "model/trained_model.hpp"

namespace dlogit::eval {

// Collective: every rank passes its shard (loaded with the model's width and labels). Each rank scores
// its own rows; the sums combine with one allreduce, the per-score counts of the AUC are gathered on
// rank 0 (one triple per distinct score) and its AUC is broadcast, so every rank returns the same Metrics.
// With `roc` (read on rank 0 only), rank 0 also stores the ROC curve (ScoreCounts::roc_curve, at most
// kRocPoints points) there, from the counts it gathers anyway.
Metrics evaluate(const data::Dataset& shard, const model::TrainedModel& model, comm::Communicator& comm,
                 std::vector<RocPoint>* roc = nullptr);

constexpr std::size_t kRocPoints = 1000;

}  // namespace dlogit::eval
