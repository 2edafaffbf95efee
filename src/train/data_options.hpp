#pragma once
#include <string>

#include "config/config.hpp"
#include "data/load_options.hpp"
#include "data/synthetic.hpp"

namespace dlogit::train {

// The config's data keys translated into what the data layer takes: the one place that maps
// [data], [data.synthetic] and model.class_weight onto loader and generator options.

// data.value_type and data.implicit_ones.
data::StorageOptions storage_options(const config::DataConfig& data);

// Reading `path` (train or test file) in the training layout, without row weights.
data::LoadOptions load_options(const config::Config& config, const std::string& path);

// The training set: load_options plus the objective's row weights (data.weights, model.class_weight).
data::LoadOptions training_options(const config::Config& config);

// [data.synthetic]: the training rows, or (`test_rows`) the held-out rows that follow them.
data::SyntheticOptions synthetic_options(const config::Config& config);
data::SyntheticOptions synthetic_test_options(const config::Config& config);

}  // namespace dlogit::train
