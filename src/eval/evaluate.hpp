#pragma once
#include "comm/communicator.hpp"
#include "data/dataset.hpp"
#include "eval/auc.hpp"
#include "eval/metrics.hpp"
#include "model/trained_model.hpp"

namespace dlogit::eval {

// Collective: every rank passes its shard (loaded with the model's width and labels). Each rank scores
// its own rows; the sums combine with one allreduce and the exact AUC with eval/distributed_auc (each
// rank ends up holding one score range; no rank gathers them all), so every rank returns the same
// Metrics. With `roc` (set or null alike on every rank), rank 0 also stores the ROC curve
// (ScoreCounts::roc_curve of all rows, at most kRocPoints points) there.
Metrics evaluate(const data::Dataset& shard, const model::TrainedModel& model, comm::Communicator& comm,
                 std::vector<RocPoint>* roc = nullptr);

constexpr std::size_t kRocPoints = 1000;

}  // namespace dlogit::eval
