#pragma once
#include <string>

#include "comm/communicator.hpp"
#include "config/config.hpp"
#include "data/dataset.hpp"
#include "train/checkpoint.hpp"

namespace dlogit::train {

// What a checkpoint must agree on to be resumed: the keys that change the optimum or the path to it,
// at the λ being trained. optimizer.max_iter and optimizer.tol may change (to train further), paths may move.
Fingerprint config_fingerprint(const config::Config& config, double lambda);

// The training data's shape, labels and content. `row_weights` is weights_fingerprint of the objective's
// row weights (the same on any rank count), or "none": a resume with another weights file, column or
// class weighting is refused. `content` is content_fingerprint: other data of the same shape (the same
// file with its labels swapped) is refused too.
Fingerprint data_fingerprint(const data::Dataset& shard, const std::string& row_weights, const std::string& content,
                             const config::Config& config);

// Collective: a hash of the parsed rows in global row order — each row's 0/1 target, column indices and
// values (as doubles, whatever the storage layout) with its global index, hashed per row and summed
// modulo 2^32 in two halves, so that it is the same on any rank count — as 16 hex digits. One pass over
// the shard's arrays (about a millisecond per million nonzeros).
std::string content_fingerprint(const data::Dataset& shard, comm::Communicator& comm);

}  // namespace dlogit::train
