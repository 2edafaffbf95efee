#include "eval/evaluate.hpp"

#include <vector>

#include "eval/auc.hpp"
#include "eval/scoring.hpp"
#include "model/logistic_loss.hpp"

namespace dlogit::eval {

Metrics evaluate(const data::Dataset& shard, const model::TrainedModel& model, comm::Communicator& comm,
                 std::vector<RocPoint>* roc) {
  // One array for the rows: margins, turned into probabilities in place once counted.
  std::vector<double> probabilities = margins(shard, model);
  const double* targets = shard.targets().data();
  PartialMetrics local;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    local.add(probabilities[i], targets[i]);
    probabilities[i] = model::sigmoid(probabilities[i]);
  }
  double sums[PartialMetrics::packed_size];
  local.pack(sums);
  comm.allreduce_sum(sums, PartialMetrics::packed_size);

  // AUC ranks rows by the probability itself (not the margin), as roc_auc_score on predict_proba does:
  // margins that round to the same probability are ties.
  const ScoreCounts counts = ScoreCounts::from_probabilities(probabilities, targets);
  const std::vector<double> gathered = comm.gather(counts.pack(), 0);
  double auc = 0.0;
  if (comm.is_root()) {
    const ScoreCounts all = ScoreCounts::unpack(gathered);
    auc = all.auc();
    if (roc != nullptr) *roc = all.roc_curve(kRocPoints);
  }
  comm.broadcast(&auc, 1, 0);
  return finish(PartialMetrics::unpack(sums), auc);
}

}  // namespace dlogit::eval
