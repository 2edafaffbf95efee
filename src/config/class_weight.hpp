#pragma once
#include <string>
#include <utility>
#include <vector>

namespace dlogit::config {

// model.class_weight, parsed: "balanced", or "LABEL:WEIGHT, LABEL:WEIGHT" with the two original label
// values (e.g. "-1:1, 1:3"). Whether the labels are those of the data is checked once it is loaded.
struct ClassWeightSpec {
  bool balanced = false;
  std::vector<std::pair<double, double>> by_label;  // (label, weight), two distinct labels, weights >= 0
};

// Returns "" and fills `spec`, or says what is wrong with `text`.
std::string parse_class_weight(const std::string& text, ClassWeightSpec& spec);

}  // namespace dlogit::config
