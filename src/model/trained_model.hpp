#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.hpp"

namespace dlogit::model {

// What model.bin holds: only the trained state (no paths, no timestamps), so equal states give
// byte-identical files.
struct TrainedModel {
  std::vector<double> weights;  // one per feature
  double intercept = 0.0;
  bool fit_intercept = true;
  data::LabelMapping labels;

  std::int64_t features() const { return static_cast<std::int64_t>(weights.size()); }
  // P(y = positive label | x) for a dense row x of length features().
  double probability(const double* x) const;
};

// Boost.Serialization binary archive behind a magic string and a format version. Written to a
// temporary file in the same folder and renamed, so a crash never leaves a half-written model.
// Both throw UserError naming the file on failure.
void save_model(const TrainedModel& model, const std::string& path);
TrainedModel load_model(const std::string& path);

constexpr unsigned kModelFormatVersion = 1;

}  // namespace dlogit::model
