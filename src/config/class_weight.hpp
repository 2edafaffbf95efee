#pragma once
#include <optional>
#include <string>

#include "data/class_weights.hpp"

namespace dlogit::config {

// model.class_weight, read when the config is loaded: "balanced", or "LABEL:WEIGHT, LABEL:WEIGHT" with the
// two original label values (e.g. "-1:1, 1:3"). Whether the labels are those of the data is checked once
// it is loaded.
struct ClassWeightSetting {
  std::string text;            // as written: the log, result.json and the checkpoint fingerprint repeat it
  data::ClassWeights weights;  // its origin names the config line (or --set) and the key, for the data's messages
};

// Returns "" and fills `weights` (all but its origin), or says what is wrong with `text`.
std::string parse_class_weight(const std::string& text, data::ClassWeights& weights);

// The setting as written, or "none" without one.
std::string class_weight_text(const std::optional<ClassWeightSetting>& setting);

}  // namespace dlogit::config
