#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.hpp"
#include "model/losses.hpp"

namespace dlogit::model {

// Which build and config made a model: what is the same for the same build and config (no host, no
// time, no path), so that equal runs still give byte-identical model.bin files. Empty in a model read
// from a format 1 file, which did not hold it.
struct ModelProvenance {
  std::string version;        // dlogit's version
  std::string commit;         // its git commit ("-dirty", "unknown": common/build_info.hpp)
  std::string config_sha256;  // SHA-256 of the resolved config's model keys (config/resolved_config.hpp)
};

// What model.bin holds: only the trained state and its provenance (no paths, no timestamps), so equal
// states of the same build and config give byte-identical files.
struct TrainedModel {
  std::vector<double> weights;  // one per feature
  double intercept = 0.0;
  bool fit_intercept = true;
  data::LabelMapping labels;
  ModelProvenance provenance;
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
// Format 2 is format 1's payload followed by the provenance; load_model reads both.
void save_model(const TrainedModel& model, const std::string& path);
TrainedModel load_model(const std::string& path);
bool is_model_file(const std::string& path);

constexpr unsigned kModelFormatVersion = 2;
// The version of the file that load_model read last is in `format`: see load_model_format.
struct LoadedModel {
  TrainedModel model;
  unsigned format = kModelFormatVersion;
};
// load_model with the file's format version (dlogit inspect shows it).
LoadedModel load_model_format(const std::string& path);

}  // namespace dlogit::model
