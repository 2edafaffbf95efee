#pragma once
#include <string>
#include <vector>

#include "data/dataset.hpp"
#include "model/trained_model.hpp"

namespace dlogit::eval {

// One line per margin, in order: P(class 1) with 17 significant digits (reads back to the same double),
// a tab, and the predicted label in the file's original values (labels.positive when P ≥ 0.5).
std::string format_predictions(const std::vector<double>& margins, const model::TrainedModel& model);

}  // namespace dlogit::eval
