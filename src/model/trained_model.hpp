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

// A Boost.Serialization binary archive in the checked envelope of common/checked_file.hpp (magic,
// format version, CRC-32; written crash-safe). Both throw UserError naming the file on failure.
void save_model(const TrainedModel& model, const std::string& path);
TrainedModel load_model(const std::string& path);
bool is_model_file(const std::string& path);

constexpr unsigned kModelFormatVersion = 1;

}  // namespace dlogit::model
