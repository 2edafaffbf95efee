#include "eval/evaluate.hpp"

#include <vector>

#include "eval/auc.hpp"
#include "eval/scoring.hpp"
#include "model/logistic_loss.hpp"

namespace dlogit::eval {

Metrics evaluate(const data::Dataset& shard, const model::TrainedModel& model, comm::Communicator& comm,
                 std::vector<RocPoint>* roc) {
  const std::vector<double> z = margins(shard, model);
  const double* targets = shard.targets().data();
  PartialMetrics local;
  std::vector<double> probabilities(z.size());
  for (std::size_t i = 0; i < z.size(); ++i) {
    local.add(z[i], targets[i]);
    probabilities[i] = model::sigmoid(z[i]);
  }
  double sums[PartialMetrics::packed_size];
  local.pack(sums);
  comm.allreduce_sum(sums, PartialMetrics::packed_size);

  // AUC ranks rows by the probability itself (not the margin), as roc_auc_score on predict_proba does:
  // margins that round to the same probability are ties.
  const ScoreCounts counts = ScoreCounts::from_rows(probabilities.data(), targets, probabilities.size());
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
