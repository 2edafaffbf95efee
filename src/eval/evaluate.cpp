#include "eval/evaluate.hpp"

#include <utility>
#include <vector>

#include "eval/auc.hpp"
#include "eval/distributed_auc.hpp"
#include "eval/scoring.hpp"
#include "model/losses.hpp"

namespace dlogit::eval {

namespace {

// This rank's partial sums (packed into `sums`) and AUC counts; the per-row array is freed on return.
ScoreCounts local_counts(const data::Dataset& shard, const model::TrainedModel& model, double* sums) {
  // One array for the rows: margins, turned into probabilities in place once counted.
  std::vector<double> probabilities = margins(shard, model);
  const double* targets = shard.targets().data();
  PartialMetrics local;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double margin = probabilities[i];
    probabilities[i] = model.link(margin);
    local.add(model.loss->row_loss(margin, targets[i]), probabilities[i], targets[i]);
  }
  local.pack(sums);
  return ScoreCounts::from_probabilities(probabilities, targets);
}

}  // namespace

Metrics evaluate(const data::Dataset& shard, const model::TrainedModel& model, comm::Communicator& comm,
                 std::vector<RocPoint>* roc) {
  double sums[PartialMetrics::packed_size];
  // AUC ranks rows by the probability itself (not the margin), as roc_auc_score on predict_proba does:
  // margins that round to the same probability are ties.
  ScoreCounts counts = local_counts(shard, model, sums);
  comm.allreduce_sum(sums, PartialMetrics::packed_size);

  // Exact across ranks without gathering every rank's scores on one (eval/distributed_auc.hpp).
  const double auc = distributed_auc(std::move(counts), comm, roc, kRocPoints);
  return finish(PartialMetrics::unpack(sums), auc);
}

}  // namespace dlogit::eval
