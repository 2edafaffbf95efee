#include "train/training_data.hpp"

#include "data/dataset_loader.hpp"
#include "data/row_weights.hpp"
#include "data/synthetic.hpp"
#include "train/data_options.hpp"
#include "train/fingerprints.hpp"
#include "train/progress.hpp"
#include "train/timers.hpp"

namespace dlogit::train {
namespace {

// Collective: the sum of the row weights (printed) and their mean.
double mean_row_weight(const config::Config& config, const data::Dataset& shard, comm::Communicator& comm,
                       const Console& console) {
  if (!shard.is_weighted()) return 1.0;
  const double weight_sum = comm.allreduce_sum(shard.row_weights().sum());
  std::string sample = "none";
  if (config.data.weights) sample = "from " + *config.data.weights;
  if (config.data.weight_column) sample = "from column " + std::to_string(*config.data.weight_column);
  console.normal("row weights: sample weights %s, class_weight %s; their sum is %.6g over %lld rows", sample.c_str(),
                 config::class_weight_text(config.model.class_weight).c_str(), weight_sum,
                 static_cast<long long>(shard.global_rows));
  return weight_sum / static_cast<double>(shard.global_rows);
}

std::optional<data::Dataset> load_test(const config::Config& config, const data::Dataset& train,
                                       comm::Communicator& comm, const Console& console) {
  if (config.synthetic.test_rows) return data::generate_dataset(synthetic_test_options(config), comm);
  if (!config.data.test) return std::nullopt;
  data::LoadOptions options = load_options(config, *config.data.test);
  options.features = train.features();  // the model's width; an index beyond it is an error naming the line
  options.positive_label = train.labels.positive;
  options.progress = console.verbosity() != Verbosity::quiet;
  Stopwatch clock;
  data::Dataset test = data::load_dataset(options, comm);
  const double own_seconds = clock.seconds();
  const double slowest = comm.allreduce_max(own_seconds);
  report_load(comm, *config.data.test, *config.data.test, test, own_seconds, slowest,
              console.verbosity() == Verbosity::verbose ? Verbosity::verbose : Verbosity::quiet);
  return test;
}

}  // namespace

TrainingData load_training_data(const config::Config& config, comm::Communicator& comm, const Console& console) {
  TrainingData data;
  Stopwatch clock;
  const bool synthetic = config.synthetic.rows.has_value();
  data::LoadOptions options = training_options(config);
  options.progress = console.verbosity() != Verbosity::quiet;
  data.train = synthetic ? data::generate_dataset(synthetic_options(config), comm) : data::load_dataset(options, comm);
  data.content_fingerprint = content_fingerprint(data.train, comm);  // counted as loading
  const double own_seconds = clock.seconds();
  data.load_seconds = comm.allreduce_max(own_seconds);
  const data::Dataset& train = data.train;
  if (!synthetic) {
    report_load(comm, config.data.train, config.data.train, train, own_seconds, data.load_seconds,
                console.verbosity());
  } else {
    console.normal("generated [data.synthetic] seed %s: %lld rows, %lld features, %lld nonzeros on %d rank%s in %.3fs",
                   std::to_string(config.synthetic.seed).c_str(), static_cast<long long>(train.global_rows),
                   static_cast<long long>(train.features()), static_cast<long long>(train.global_nonzeros),
                   comm.size(), comm.size() == 1 ? "" : "s", data.load_seconds);
  }
  data.mean_row_weight = mean_row_weight(config, train, comm, console);
  data.weights_fingerprint =
      train.is_weighted() ? data::weights_fingerprint(train.row_weights(), train.first_row, comm) : "none";
  data.test = load_test(config, train, comm, console);
  return data;
}

}  // namespace dlogit::train
