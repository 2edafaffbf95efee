#include "config/stopping_rules.hpp"

namespace dlogit::config {

namespace {

bool certified(const Config& config, double lambda) {
  return config.regularization.penalty != model::PenaltyKind::none && lambda > 0.0 && config.optimizer.gap_tol > 0.0;
}

}  // namespace

bool certificate_wanted(const Config& config) {
  // A path's points all have λ > 0 (validation refuses a path without a penalty).
  return certified(config, config.regularization.is_path() ? 1.0 : config.regularization.lambda);
}

StoppingRules stopping_rules(const Config& config, double lambda) {
  StoppingRules rules;
  rules.max_iter = config.optimizer.max_iter;
  rules.tol = config.optimizer.tol;
  if (!certified(config, lambda)) return rules;
  rules.gap_tol = config.optimizer.gap_tol;
  if (!config.is_set("optimizer.tol"))
    rules.tol = config.resolved_method() == Method::pqn ? StoppingRules::kSafetyTolPqn : StoppingRules::kSafetyTol;
  if (!config.is_set("optimizer.max_iter")) rules.max_iter = StoppingRules::kSafetyMaxIter;
  return rules;
}

}  // namespace dlogit::config
