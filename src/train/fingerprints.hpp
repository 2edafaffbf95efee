#pragma once
#include <string>

#include "config/config.hpp"
#include "data/dataset.hpp"
#include "train/checkpoint.hpp"

namespace dlogit::train {

// What a checkpoint must agree on to be resumed: the keys that change the optimum or the path to it,
// at the λ being trained. optimizer.max_iter and optimizer.tol may change (to train further), paths may move.
Fingerprint config_fingerprint(const config::Config& config, double lambda);

// The training data's shape and labels. `row_weights` is weights_fingerprint of the objective's row
// weights (the same on any rank count), or "none": a resume with another weights file, column or class
// weighting is refused.
Fingerprint data_fingerprint(const data::Dataset& shard, const std::string& row_weights, const config::Config& config);

}  // namespace dlogit::train
