#pragma once
#include <Eigen/Dense>
#include <cstdint>

#include "comm/communicator.hpp"
#include "data/dataset.hpp"

namespace dlogit::train {

// How well θ fits a data set, summed over every rank's shard (collective).
struct Fit {
  std::int64_t rows = 0;
  double logloss = 0.0;   // mean negative log-likelihood, no penalty
  double accuracy = 0.0;  // at threshold 0.5
};

Fit evaluate(const data::Dataset& shard, const Eigen::VectorXd& theta, bool fit_intercept, comm::Communicator& comm);

}  // namespace dlogit::train
