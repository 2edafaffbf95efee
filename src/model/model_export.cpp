#include "model/model_export.hpp"

#include <cstdio>

#include "common/json_writer.hpp"

namespace dlogit::model {

std::string model_json(const TrainedModel& model) {
  JsonWriter json;
  json.begin_object()
      .field("format", "dlogit-model")
      .field("features", model.features())
      .field("fit_intercept", model.fit_intercept)
      .field("intercept", model.intercept)
      .begin_object("labels")
      .field("negative", model.labels.negative)
      .field("positive", model.labels.positive)
      .end_object()
      .field("weights", model.weights)
      .field("note",
             "P(label = labels.positive | x) = 1 / (1 + exp(-(sum_j weights[j-1] * x_j + intercept))), j the 1-based "
             "feature index; the training config is in the result.json written beside model.bin")
      .end_object();
  return json.str();
}

std::string model_csv(const TrainedModel& model) {
  std::string text = "feature,weight\n";
  char line[64];
  for (std::size_t j = 0; j < model.weights.size(); ++j) {
    std::snprintf(line, sizeof line, "%zu,%.17g\n", j + 1, model.weights[j]);
    text += line;
  }
  std::snprintf(line, sizeof line, "intercept,%.17g\n", model.intercept);
  text += line;
  text += model.fit_intercept ? "fit_intercept,1\n" : "fit_intercept,0\n";
  std::snprintf(line, sizeof line, "negative_label,%.17g\n", model.labels.negative);
  text += line;
  std::snprintf(line, sizeof line, "positive_label,%.17g\n", model.labels.positive);
  text += line;
  return text;
}

}  // namespace dlogit::model
