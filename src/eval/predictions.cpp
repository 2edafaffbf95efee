#include "eval/predictions.hpp"

#include <cstdio>

#include "eval/metrics.hpp"

namespace dlogit::eval {

std::string format_predictions(const std::vector<double>& margins, const model::TrainedModel& model) {
  const data::LabelMapping& labels = model.labels;
  std::string text;
  text.reserve(margins.size() * 28);
  char line[96];
  for (const double z : margins) {
    const double p = model.link(z);
    const double label = predicts_positive(p) ? labels.positive : labels.negative;
    const int length = std::snprintf(line, sizeof line, "%.17g\t%.17g\n", p, label);
    text.append(line, static_cast<std::size_t>(length));
  }
  return text;
}

}  // namespace dlogit::eval
