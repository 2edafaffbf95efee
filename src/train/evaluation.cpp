#include "train/evaluation.hpp"

#include "model/logistic_loss.hpp"

namespace dlogit::train {

Fit evaluate(const data::Dataset& shard, const Eigen::VectorXd& theta, bool fit_intercept, comm::Communicator& comm) {
  model::LogisticLoss loss(shard, fit_intercept);
  Eigen::VectorXd unused(loss.parameter_count());
  const Eigen::Index n = shard.features();
  const double b = fit_intercept ? theta[n] : 0.0;
  const Eigen::VectorXd margins = shard.is_sparse() ? Eigen::VectorXd(shard.sparse() * theta.head(n))
                                                    : Eigen::VectorXd(shard.dense() * theta.head(n));
  double correct = 0.0;
  for (Eigen::Index i = 0; i < shard.local_rows(); ++i)
    correct += ((margins[i] + b >= 0.0) == (shard.targets()[i] == 1.0)) ? 1.0 : 0.0;
  double sums[3] = {loss.nll_and_gradient_sum(theta, unused.data()), correct, static_cast<double>(shard.local_rows())};
  comm.allreduce_sum(sums, 3);
  Fit fit;
  fit.rows = static_cast<std::int64_t>(sums[2]);
  if (fit.rows > 0) {
    fit.logloss = sums[0] / sums[2];
    fit.accuracy = sums[1] / sums[2];
  }
  return fit;
}

}  // namespace dlogit::train
