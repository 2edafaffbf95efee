#pragma once
#include <cstddef>
#include <vector>

#include "comm/communicator.hpp"
#include "eval/auc.hpp"

namespace dlogit::eval {

// The exact AUC of the union of every rank's score counts (the same number, bit for bit, as
// ScoreCounts::auc() of the union), and with `roc` the ROC curve of the union thinned to at most
// max_points (ScoreCounts::roc_curve), returned on rank 0 only.
//
// No rank gathers all scores: the ranks agree on p - 1 splitters from samples of their scores, each
// rank sends every score range to the rank that owns it (one all-to-all exchange), and then each rank
// holds one range. The AUC's integer 2U and the curve's points need only the counts of the ranges
// below or above, so memory per rank follows its own distinct scores, not the global count.
// Collective: every rank calls it with its own counts (moved in: they are freed once sent) and with
// `roc` set or null alike.
double distributed_auc(ScoreCounts local, comm::Communicator& comm, std::vector<RocPoint>* roc,
                       std::size_t max_points);

}  // namespace dlogit::eval
