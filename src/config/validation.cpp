#include "config/validation.hpp"

#include <algorithm>
#include <iomanip>

#include "common/errors.hpp"
#include "common/quoted_excerpt.hpp"

namespace dlogit::config {
namespace {

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

bool is_smooth_penalty(model::PenaltyKind penalty) {
  return penalty == model::PenaltyKind::none || penalty == model::PenaltyKind::l2;
}

// [data.synthetic] with rows replaces data.train (and its test_rows data.test); both at once is a mistake.
// Without rows the section is inert (reference.toml shows its defaults).
void validate_synthetic(const Config& config, const Origins& origins) {
  if (!config.synthetic.rows) return;
  if (origins.has("data.train")) {
    throw ConfigError(origins.where("data.train") + ": 'data.train' and [data.synthetic] (rows set at " +
                      origins.where("data.synthetic.rows") +
                      ") are mutually exclusive: train on a file or on generated rows, not both");
  }
  for (const char* key : {"data.weights", "data.weight_column", "model.class_weight"}) {
    if (origins.has(key))
      throw ConfigError(origins.where(key) + ": '" + key + "' weighs the rows of data.train, but [data.synthetic] " +
                        "generates the rows (rows set at " + origins.where("data.synthetic.rows") +
                        "), which are not weighted");
  }
  if (config.synthetic.test_rows && config.data.test) {
    throw ConfigError(origins.where("data.test") + ": 'data.test' and 'data.synthetic.test_rows' (set at " +
                      origins.where("data.synthetic.test_rows") + ") are mutually exclusive");
  }
}

}  // namespace

std::string format_number(double value) {
  std::ostringstream out;
  out << std::setprecision(15) << value;
  return out.str();
}

Check<double> at_least(double low) {
  return [low](const double& value) -> std::string {
    if (value >= low) return "";
    return "must be >= " + format_number(low) + ", got " + format_number(value);
  };
}

Check<double> between(double low, double high) {
  return [low, high](const double& value) -> std::string {
    if (value >= low && value <= high) return "";
    return "must be in [" + format_number(low) + ", " + format_number(high) + "], got " + format_number(value);
  };
}

Check<double> positive_at_most_one() {
  return [](const double& value) -> std::string {
    if (value > 0.0 && value <= 1.0) return "";
    return "must be in (0, 1], got " + format_number(value);
  };
}

std::string not_one_of(const std::string& allowed, const std::string& got) {
  return "must be one of " + allowed + "; got \"" + quoted_excerpt(got) + "\"";
}

Check<std::string> one_of(const std::vector<std::string>& allowed) {
  return [allowed](const std::string& value) -> std::string {
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return "";
    return not_one_of(quoted_list(allowed), value);
  };
}

Check<std::string> non_empty() {
  return [](const std::string& value) -> std::string { return value.empty() ? "must not be empty" : ""; };
}

void validate(const Config& config, const Origins& origins) {
  const bool synthetic = config.synthetic.rows.has_value();
  for (const auto& spec : key_table()) {
    const std::string key = spec.full_name();
    const bool replaced_by_synthetic = synthetic && key == "data.train" && !origins.has(key);
    if (spec.required && !origins.has(key) && !replaced_by_synthetic) {
      auto section = origins.sections.find(spec.section);
      const std::string where = section == origins.sections.end() ? origins.file : section->second;
      throw ConfigError(where + ": missing required key '" + key + "' (set it in [" + spec.section +
                        "] or with --set " + key + "=...)" +
                        (key == "data.train" ? ", or generate rows with [data.synthetic] rows = N" : ""));
    }
    std::string problem;
    if (!replaced_by_synthetic) {
      const auto unreadable = origins.unreadable.find(key);
      problem = unreadable != origins.unreadable.end() ? unreadable->second : spec.check(config);
    }
    if (!problem.empty()) throw ConfigError(origins.where(key) + ": '" + key + "' " + problem);
  }

  // Sample weights: from a file or a CSV column, not both; the column is neither the label nor absent.
  if (config.data.weight_column) {
    const std::string where = origins.where("data.weight_column");
    if (config.data.format != data::Format::csv) {
      throw ConfigError(where + ": 'data.weight_column' needs CSV data, but 'data.format' is \"" +
                        data::format_names().name(config.data.format) + "\"; give LIBSVM data its weights with 'data.weights' (a file, one weight per line)");
    }
    if (*config.data.weight_column == config.data.label_column) {
      throw ConfigError(where + ": 'data.weight_column' = " + std::to_string(*config.data.weight_column) +
                        " is also 'data.label_column' (set at " + origins.where("data.label_column") + ")");
    }
    if (config.data.weights) {
      throw ConfigError(where + ": 'data.weight_column' and 'data.weights' (set at " + origins.where("data.weights") +
                        ") both give sample weights; keep one");
    }
  }

  validate_synthetic(config, origins);

  // A path is a lambda list or regularization.path, not both; without an L1 part no lambda zeroes every
  // weight, so the path must say where to start.
  const RegularizationConfig& regularization = config.regularization;
  if (!regularization.lambda_list.empty() && regularization.path.requested()) {
    const char* path_key = regularization.path.max ? "regularization.path.max"
                           : regularization.path.min_ratio ? "regularization.path.min_ratio"
                                                            : "regularization.path.count";
    throw ConfigError(origins.where(path_key) + ": '" + path_key + "' cannot be combined with a list of lambdas in " +
                      "'regularization.lambda' (set at " + origins.where("regularization.lambda") +
                      "): give either the list or regularization.path");
  }
  if (regularization.is_path() && regularization.penalty == model::PenaltyKind::none) {
    const std::string key = regularization.lambda_list.empty() ? "regularization.path" : "regularization.lambda";
    throw ConfigError(origins.where(regularization.lambda_list.empty() ? "regularization.path.count" : key) + ": '" +
                      key + "' asks for a regularization path, but 'regularization.penalty' = \"none\" ignores lambda");
  }
  const bool has_l1_part = regularization.penalty == model::PenaltyKind::l1 ||
                           (regularization.penalty == model::PenaltyKind::elasticnet && regularization.l1_ratio > 0.0);
  if (regularization.path.requested() && !regularization.path.max && !has_l1_part) {
    const std::string where = regularization.path.min_ratio ? origins.where("regularization.path.min_ratio")
                                                            : origins.where("regularization.path.count");
    throw ConfigError(where + ": 'regularization.path' needs 'regularization.path.max' with penalty \"" +
                      model::penalty_names().name(regularization.penalty) +
                      "\" (set at " + origins.where("regularization.penalty") +
                      "): only an L1 part has a lambda that zeroes every weight to start the path from");
  }

  // Method vs penalty: lbfgs and newton need a smooth objective.
  if (needs_smooth_penalty(config.optimizer.method) && !is_smooth_penalty(config.regularization.penalty)) {
    const std::string& method = method_names().name(config.optimizer.method);
    const std::string& penalty = model::penalty_names().name(config.regularization.penalty);
    throw ConfigError(origins.where("optimizer.method") + ": 'optimizer.method' = \"" + method +
                      "\" cannot be used with 'regularization.penalty' = \"" + penalty + "\" (set at " +
                      origins.where("regularization.penalty") + "): " + method +
                      " needs penalty none or l2; use method \"pqn\", \"owlqn\" or \"gd\" (or \"auto\") for l1/elasticnet");
  }
}

}  // namespace dlogit::config
