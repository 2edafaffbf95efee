#pragma once
#include <string>
#include <utility>
#include <vector>

namespace dlogit::data {

// Per-class weights, as scikit-learn's class_weight: "balanced" (m / (2 · rows of the class), counted
// over all ranks) or one weight for each of the two labels, given in their original values.
struct ClassWeights {
  bool balanced = false;
  std::vector<std::pair<double, double>> by_label;  // (original label, weight); exactly two when not balanced
  std::string origin;                               // "FILE:LINE: 'model.class_weight' = ...", to start messages
};

}  // namespace dlogit::data
