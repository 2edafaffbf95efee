#include "train/data_options.hpp"

namespace dlogit::train {

data::StorageOptions storage_options(const config::DataConfig& data) {
  data::StorageOptions storage;
  storage.values = data.value_type == "float32"   ? data::StorageOptions::Values::float32
                   : data.value_type == "float64" ? data::StorageOptions::Values::float64
                                                  : data::StorageOptions::Values::automatic;
  storage.implicit_ones = data.implicit_ones;
  return storage;
}

data::LoadOptions load_options(const config::Config& config, const std::string& path) {
  const config::DataConfig& data = config.data;
  data::LoadOptions options;
  options.path = path;
  options.format = data.format;
  options.features = data.features;
  options.positive_label = data.positive_label;
  options.csv_label_column = data.label_column;
  options.csv_header = data.header;
  options.index_base = data.zero_based;
  options.storage = storage_options(data);
  if (data.cache) options.cache_dir = data.cache_dir.value_or(config.output.dir + "/cache");
  // Test data in the training layout: its weight column is skipped too (metrics are unweighted).
  options.csv_weight_column = data.weight_column.value_or(0);
  return options;
}

// The training set's options: load_options plus the row weights of the objective.
data::LoadOptions training_options(const config::Config& config) {
  data::LoadOptions options = load_options(config, config.data.train);
  options.weighting.weights_file = config.data.weights;
  if (config.model.class_weight) options.weighting.class_weights = config.model.class_weight->weights;
  return options;
}

data::SyntheticOptions synthetic_options(const config::Config& config) {
  const config::SyntheticConfig& synthetic = config.synthetic;
  data::SyntheticOptions options;
  options.storage = storage_options(config.data);
  options.rows = synthetic.rows.value_or(0);
  options.features = synthetic.features;
  options.density = synthetic.density;
  options.dense = synthetic.dense;
  options.binary = synthetic.binary;
  options.seed = static_cast<std::uint64_t>(synthetic.seed);
  options.weight_scale = synthetic.weight_scale;
  options.label_noise = synthetic.label_noise;
  return options;
}

data::SyntheticOptions synthetic_test_options(const config::Config& config) {
  data::SyntheticOptions options = synthetic_options(config);
  options.first_row = options.rows;
  options.rows = config.synthetic.test_rows.value_or(0);
  return options;
}

}  // namespace dlogit::train
