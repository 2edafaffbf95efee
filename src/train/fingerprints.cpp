#include "train/fingerprints.hpp"

#include <cstdio>

namespace dlogit::train {
namespace {

std::string exact(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace

Fingerprint config_fingerprint(const config::Config& config, double lambda) {
  return {{"optimizer.method", config::method_names().name(config.resolved_method())},
          {"optimizer.history", std::to_string(config.optimizer.history)},
          {"optimizer.preconditioner", config.optimizer.preconditioner ? "true" : "false"},
          {"regularization.penalty", model::penalty_names().name(config.regularization.penalty)},
          {"regularization.lambda", exact(lambda)},
          {"regularization.l1_ratio", exact(config.regularization.l1_ratio)},
          {"model.fit_intercept", config.model.fit_intercept ? "true" : "false"},
          {"model.class_weight", config::class_weight_text(config.model.class_weight)}};
}

Fingerprint data_fingerprint(const data::Dataset& shard, const std::string& row_weights, const config::Config& config) {
  Fingerprint fingerprint = {{"rows", std::to_string(shard.global_rows)},
                             {"features", std::to_string(shard.features())},
                             {"nonzeros", std::to_string(shard.global_nonzeros)},
                             {"negative label", exact(shard.labels.negative)},
                             {"positive label", exact(shard.labels.positive)},
                             {"row weights", row_weights}};
  // Two synthetic sets of the same shape differ only in these.
  if (config.synthetic.rows) {
    const config::SyntheticConfig& synthetic = config.synthetic;
    fingerprint.push_back({"synthetic", "seed " + std::to_string(synthetic.seed) + " weight_scale " +
                                            exact(synthetic.weight_scale) + " label_noise " +
                                            exact(synthetic.label_noise) + (synthetic.binary ? " binary" : "")});
  }
  return fingerprint;
}

}  // namespace dlogit::train
