#include "model/losses.hpp"

#include <iterator>
#include <stdexcept>

#include "model/row_pass_objective_impl.hpp"

namespace dlogit::model {

template class RowPassObjective<LogisticLoss>;

namespace {

struct LossEntry {
  LossKind kind;
  const char* name;
  std::unique_ptr<LocalObjective> (*make)(const data::Dataset&, bool, int, const Eigen::VectorXd*);
  double (*link)(double);
  double (*row_loss)(double, double);
};

template <class Loss>
LossEntry entry(LossKind kind) {
  return {kind, Loss::name,
          [](const data::Dataset& shard, bool fit_intercept, int threads, const Eigen::VectorXd* row_weights)
              -> std::unique_ptr<LocalObjective> {
            return std::make_unique<RowPassObjective<Loss>>(shard, fit_intercept, threads, row_weights);
          },
          &Loss::link, &Loss::loss};
}

// One line per loss.
const LossEntry kLosses[] = {
    entry<LogisticLoss>(LossKind::logistic),
};

const LossEntry& find(LossKind kind) {
  for (const LossEntry& loss : kLosses)
    if (loss.kind == kind) return loss;
  throw std::logic_error("a loss kind without a registry entry");
}

}  // namespace

std::unique_ptr<LocalObjective> make_local_objective(LossKind loss, const data::Dataset& shard, bool fit_intercept,
                                                     int threads, const Eigen::VectorXd* row_weights) {
  return find(loss).make(shard, fit_intercept, threads, row_weights);
}

double link(LossKind loss, double z) { return find(loss).link(z); }
double row_loss(LossKind loss, double z, double y) { return find(loss).row_loss(z, y); }
const char* loss_name(LossKind loss) { return find(loss).name; }

}  // namespace dlogit::model
