#pragma once
#include <vector>

#include "data/dataset.hpp"
#include "model/trained_model.hpp"

namespace dlogit::eval {

// The margins z_i = w·x_i + b of this rank's rows under `model`, in row order (σ(z_i) is P(class 1)).
// Each is the sum over the row's stored entries in column order, starting from 0, plus b, so a reader
// that computes x @ w + b the same way (scipy's CSR product) gets the same doubles.
// The shard must have the model's width (load it with LoadOptions::features = model.features()).
std::vector<double> margins(const data::Dataset& shard, const model::TrainedModel& model);

}  // namespace dlogit::eval
