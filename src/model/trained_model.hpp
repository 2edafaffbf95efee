#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.hpp"
#include "model/losses.hpp"

namespace dlogit::model {

// What model.bin holds: only the trained state (no paths, no timestamps), so equal states give
// byte-identical files.
struct TrainedModel {
  std::vector<double> weights;  // one per feature
  double intercept = 0.0;
  bool fit_intercept = true;
  data::LabelMapping labels;
  // Not stored: model.bin format 1 holds logistic models only.
  const Loss* loss = &logistic_loss();

  std::int64_t features() const { return static_cast<std::int64_t>(weights.size()); }
  // The prediction from a margin w·x + b: the loss's link (for the logistic loss, σ).
  double link(double margin) const { return loss->link(margin); }
  // P(y = positive label | x) for a dense row x of length features().
  double probability(const double* x) const;
};

// A Boost.Serialization binary archive in the checked envelope of common/checked_file.hpp (magic,
// format version, CRC-32; written crash-safe). Both throw UserError naming the file on failure.
void save_model(const TrainedModel& model, const std::string& path);
TrainedModel load_model(const std::string& path);
bool is_model_file(const std::string& path);

constexpr unsigned kModelFormatVersion = 1;

}  // namespace dlogit::model
