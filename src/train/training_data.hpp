#pragma once
#include <optional>
#include <string>

#include "comm/communicator.hpp"
#include "config/config.hpp"
#include "data/dataset.hpp"
#include "train/console.hpp"

namespace dlogit::train {

// What every rank holds for the whole job: its shard of the training rows (with their row weights)
// and of the test rows.
struct TrainingData {
  data::Dataset train;
  std::optional<data::Dataset> test;  // data.test or data.synthetic.test_rows
  std::string weights_fingerprint;    // of the row weights (data_fingerprint), or "none"
  std::string content_fingerprint;    // of the training rows (data_fingerprint)
  double mean_row_weight = 1.0;       // Σ row weights / rows (1 without weights)
  double load_seconds = 0.0;          // the slowest rank's
};

// Collective: loads (or generates) this rank's shards and prints what was loaded.
TrainingData load_training_data(const config::Config& config, comm::Communicator& comm, const Console& console);

}  // namespace dlogit::train
