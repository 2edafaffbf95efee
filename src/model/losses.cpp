#include "model/losses.hpp"

#include <cstring>
#include <stdexcept>

#include "model/row_pass_objective_impl.hpp"

namespace dlogit::model {

template class RowPassObjective<LogisticLoss>;

namespace {

template <class Policy>
Loss registered() {
  return {Policy::name,
          [](const data::Dataset& shard, bool fit_intercept, int threads, const Eigen::VectorXd* row_weights)
              -> std::unique_ptr<LocalObjective> {
            return std::make_unique<RowPassObjective<Policy>>(shard, fit_intercept, threads, row_weights);
          },
          &Policy::link, &Policy::loss};
}

// The registry: one line per loss (its policy's header is included by losses.hpp or here).
const Loss kLosses[] = {
    registered<LogisticLoss>(),
};

}  // namespace

const Loss& logistic_loss() { return kLosses[0]; }

const Loss& loss_named(const std::string& name) {
  std::string known;
  for (const Loss& loss : kLosses) {
    if (name == loss.name) return loss;
    known += (known.empty() ? "" : ", ") + std::string(loss.name);
  }
  throw std::invalid_argument("unknown loss '" + name + "' (known: " + known + ")");
}

}  // namespace dlogit::model
