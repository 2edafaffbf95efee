#include "train/trainer.hpp"

#include <cstdio>
#include <filesystem>
#include <optional>

#include "common/errors.hpp"
#include "config/class_weight.hpp"
#include "data/row_weights.hpp"
#include "common/memory_usage.hpp"
#include "data/dataset_loader.hpp"
#include "data/synthetic.hpp"
#include "eval/evaluate.hpp"
#include "eval/metrics_report.hpp"
#include "model/logistic_loss.hpp"
#include "model/penalty.hpp"
#include "optim/optimizer.hpp"
#include "train/distributed_objective.hpp"
#include "train/optimizer_driver.hpp"
#include "train/stop_signal.hpp"
#include "train/run_record.hpp"

namespace dlogit::train {
namespace {

// Rank 0 decides whether `failed` holds and tells everyone; rank 0 throws `error`, the others an
// AgreedFailure, so no rank proceeds into a collective the others skip.
void agree_on_root_failure(comm::Communicator& comm, const std::optional<UserError>& error) {
  double failed = error ? 1.0 : 0.0;
  comm.broadcast(&failed, 1, 0);
  if (failed == 0.0) return;
  if (comm.is_root()) throw *error;
  throw AgreedFailure("rank 0 failed", true);
}

void prepare_output_dir(const std::string& dir, comm::Communicator& comm) {
  std::optional<UserError> error;
  if (comm.is_root()) {
    std::error_code code;
    std::filesystem::create_directories(dir, code);
    if (code) {
      error = UserError("cannot create output.dir '" + dir + "': " + code.message());
    } else {
      const std::string probe = dir + "/.dlogit-write-test";
      std::FILE* file = std::fopen(probe.c_str(), "w");
      if (file == nullptr) {
        error = UserError("output.dir '" + dir + "' is not writable");
      } else {
        std::fclose(file);
        std::filesystem::remove(probe, code);
      }
    }
  }
  agree_on_root_failure(comm, error);
}

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
  options.format = data.format == "csv" ? data::Format::csv : data::Format::libsvm;
  options.features = data.features;
  options.positive_label = data.positive_label;
  options.csv_label_column = data.label_column;
  options.csv_header = data.header;
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
  if (config.model.class_weight) {
    config::ClassWeightSpec spec;
    config::parse_class_weight(*config.model.class_weight, spec);  // validated with the config
    data::ClassWeights weights;
    weights.balanced = spec.balanced;
    weights.by_label = spec.by_label;
    weights.origin = config.model.class_weight_origin + ": 'model.class_weight' = \"" + *config.model.class_weight + "\"";
    options.weighting.class_weights = weights;
  }
  return options;
}

std::string exact(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

// What a checkpoint must agree on to be resumed: the keys that change the optimum or the path to it.
// optimizer.max_iter and optimizer.tol may change (to train further), paths may move.
Fingerprint config_fingerprint(const config::Config& config) {
  return {{"optimizer.method", config.resolved_method()},
          {"optimizer.history", std::to_string(config.optimizer.history)},
          {"regularization.penalty", config.regularization.penalty},
          {"regularization.lambda", exact(config.regularization.lambda)},
          {"regularization.l1_ratio", exact(config.regularization.l1_ratio)},
          {"model.fit_intercept", config.model.fit_intercept ? "true" : "false"},
          {"model.class_weight", config.model.class_weight.value_or("none")}};
}

// `row_weights` is the fingerprint of the objective's row weights (weights_fingerprint, the same on
// any rank count), or "none": a resume with another weights file, column or class weighting is refused.
Fingerprint data_fingerprint(const data::Dataset& shard, const std::string& row_weights, const config::Config& config) {
  Fingerprint fingerprint = {{"rows", std::to_string(shard.global_rows)},
                             {"features", std::to_string(shard.features())},
                             {"nonzeros", std::to_string(shard.global_nonzeros)},
                             {"negative label", exact(shard.labels.negative)},
                             {"positive label", exact(shard.labels.positive)},
                             {"row weights", row_weights}};
  // Two synthetic sets of the same shape differ only in these.
  if (config.synthetic.rows) {
    const config::SyntheticConfig& synthetic = config.synthetic;
    fingerprint.push_back({"synthetic", "seed " + std::to_string(synthetic.seed) + " weight_scale " +
                                            exact(synthetic.weight_scale) + " label_noise " +
                                            exact(synthetic.label_noise) + (synthetic.binary ? " binary" : "")});
  }
  return fingerprint;
}

data::SyntheticOptions synthetic_options(const config::SyntheticConfig& synthetic, const data::StorageOptions& storage) {
  data::SyntheticOptions options;
  options.storage = storage;
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

// The held-out rows of a synthetic set: the test_rows rows that follow the training rows.
data::SyntheticOptions synthetic_test_options(const config::SyntheticConfig& synthetic, const data::StorageOptions& storage) {
  data::SyntheticOptions options = synthetic_options(synthetic, storage);
  options.first_row = options.rows;
  options.rows = synthetic.test_rows.value_or(0);
  return options;
}

// Splits rank 0's allreduce time into imbalance and the allreduce itself: every rank's compute time of
// every evaluation, gathered once at the end so that the iterations carry no extra collective.
void add_breakdowns(RunRecord& record, const PhaseTimers& timers, comm::Communicator& comm) {
  const std::vector<double> all = comm.gather(timers.evaluation_compute, 0);
  if (!comm.is_root()) return;
  const std::size_t per_rank = timers.evaluation_compute.size();
  if (all.size() != per_rank * static_cast<std::size_t>(comm.size()))
    throw std::logic_error("ranks counted different numbers of evaluations");
  std::vector<std::vector<double>> by_rank;
  for (int r = 0; r < comm.size(); ++r)
    by_rank.emplace_back(all.begin() + static_cast<std::ptrdiff_t>(r * per_rank),
                         all.begin() + static_cast<std::ptrdiff_t>((r + 1) * per_rank));
  fill_breakdowns(record.trace, by_rank);
  record.breakdown = total_breakdown(record.trace);
}

// θ = [w; b] as the model every rank evaluates and rank 0 saves.
model::TrainedModel make_model(const Eigen::VectorXd& theta, const data::Dataset& shard, bool fit_intercept) {
  model::TrainedModel model;
  const Eigen::Index weights = shard.features();
  model.weights.assign(theta.data(), theta.data() + weights);
  model.fit_intercept = fit_intercept;
  model.intercept = fit_intercept ? theta[weights] : 0.0;
  model.labels = shard.labels;
  return model;
}

void fill_record(RunRecord& record, const config::Config& config, const data::Dataset& shard, int ranks,
                 const PhaseTimers& timers, double total_seconds) {
  const Eigen::Index weights = shard.features();
  record.method = config.resolved_method();
  record.penalty = config.regularization.penalty;
  record.lambda = config.regularization.lambda;
  record.l1_ratio = config.regularization.l1_ratio;
  if (config.data.weights) record.sample_weights = "file " + *config.data.weights;
  if (config.data.weight_column) record.sample_weights = "column " + std::to_string(*config.data.weight_column);
  record.class_weight = config.model.class_weight.value_or("none");
  record.rows = shard.global_rows;
  record.features = weights;
  record.nonzeros = shard.global_nonzeros;
  record.ranks = ranks;
  record.time = timers;
  record.time.evaluation_compute.clear();
  record.time.total = total_seconds;
}

// After training, before the test set is loaded: the peak of the training itself.
MemoryRecord gather_memory(const data::Dataset& shard, comm::Communicator& comm) {
  constexpr double mib = 1024.0 * 1024.0;
  const double mine[2] = {peak_rss_mb(), static_cast<double>(shard.memory_bytes()) / mib};
  double largest[2] = {mine[0], mine[1]};
  double total[2] = {mine[0], mine[1]};
  comm.allreduce_max(largest, 2);
  comm.allreduce_sum(total, 2);
  MemoryRecord memory;
  memory.peak_rss_mb_max = largest[0];
  memory.peak_rss_mb_sum = total[0];
  memory.shard_mb_max = largest[1];
  memory.shard_mb_sum = total[1];
  memory.value_type = data::value_type_name(shard.value_type());
  return memory;
}

void print_summary(const RunRecord& record, const std::string& dir) {
  std::printf("%s after %d iterations (%s): objective %.12e, |g| %.3e, %ld passes over the data\n",
              record.result.converged ? "converged" : "stopped", record.result.iterations,
              record.result.stop_reason.c_str(), record.result.objective, record.result.gradient_norm,
              record.result.function_evals + record.result.hessian_evals);
  std::printf("train: %s\n", eval::metrics_line(record.train_fit).c_str());
  if (record.test_fit)
    std::printf("test (%lld rows): %s\n", static_cast<long long>(record.test_fit->rows),
                eval::metrics_line(*record.test_fit).c_str());
  std::printf("time: load %.3fs compute %.3fs comm %.3fs total %.3fs; wrote %s/{model.bin,result.json,trace.csv}\n",
              record.time.load, record.time.compute, record.time.comm, record.time.total, dir.c_str());
  std::fflush(stdout);
}

}  // namespace

void train(const config::Config& config, comm::Communicator& comm) {
  StopSignal::install();
  Stopwatch total_clock;
  PhaseTimers timers;
  prepare_output_dir(config.output.dir, comm);

  Stopwatch load_clock;
  const bool synthetic = config.synthetic.rows.has_value();
  const data::Dataset shard = synthetic ? data::generate_dataset(synthetic_options(config.synthetic, storage_options(config.data)), comm)
                                        : data::load_dataset(training_options(config), comm);
  timers.load = comm.allreduce_max(load_clock.seconds());
  const Eigen::Index weights = shard.features();
  if (comm.is_root()) {
    std::printf("%s %s: %lld rows, %lld features, %lld nonzeros on %d rank%s in %.3fs; labels %g -> 0, %g -> 1\n",
                synthetic ? "generated" : "loaded",
                synthetic ? ("[data.synthetic] seed " + std::to_string(config.synthetic.seed)).c_str()
                          : config.data.train.c_str(),
                static_cast<long long>(shard.global_rows),
                static_cast<long long>(weights), static_cast<long long>(shard.global_nonzeros), comm.size(),
                comm.size() == 1 ? "" : "s", timers.load, shard.labels.negative, shard.labels.positive);
  }
  if (shard.is_weighted()) {
    const double weight_sum = comm.allreduce_sum(shard.row_weights().sum());
    std::string sample = "none";
    if (config.data.weights) sample = "from " + *config.data.weights;
    if (config.data.weight_column) sample = "from column " + std::to_string(*config.data.weight_column);
    if (comm.is_root())
      std::printf("row weights: sample weights %s, class_weight %s; their sum is %.17g over %lld rows\n",
                  sample.c_str(), config.model.class_weight.value_or("none").c_str(), weight_sum,
                  static_cast<long long>(shard.global_rows));
  }
  const std::string weights_print =
      shard.is_weighted() ? data::weights_fingerprint(shard.row_weights(), shard.first_row, comm) : "none";

  model::LogisticLoss local_loss(shard, config.model.fit_intercept, config.runtime.threads);
  const model::Penalty penalty(model::Penalty::parse_kind(config.regularization.penalty),
                               config.regularization.lambda, config.regularization.l1_ratio,
                               static_cast<double>(shard.global_rows));

  // Rank 0 drives the optimizer; the other ranks evaluate what it asks for until it says finish.
  RunRecord record;
  bool interrupted = false;
  if (comm.is_root()) {
    DistributedObjective objective(comm, local_loss, penalty, static_cast<double>(shard.global_rows), timers);
    try {
      DriverOutcome outcome = drive_optimizer(config, objective, penalty, weights, timers,
                                              config_fingerprint(config), data_fingerprint(shard, weights_print, config));
      record.result = std::move(outcome.result);
      record.trace = std::move(outcome.trace);
      interrupted = outcome.interrupted;
    } catch (...) {
      objective.finish(true);
      throw;
    }
    objective.finish(false);
  } else {
    serve(comm, local_loss, timers);
  }

  // The final parameters and whether a signal interrupted the run, from rank 0 to everyone.
  const Eigen::Index parameters = local_loss.parameter_count();
  Eigen::VectorXd final_message = Eigen::VectorXd::Zero(parameters + 1);
  if (comm.is_root()) final_message << record.result.x, interrupted ? 1.0 : 0.0;
  comm.broadcast(final_message.data(), static_cast<std::size_t>(final_message.size()), 0);
  if (final_message[parameters] != 0.0)
    throw Interrupted("stopped by a signal; checkpoint written to " + config.checkpoint.directory(config.output.dir) +
                      ": run the same command again to resume");
  add_breakdowns(record, timers, comm);
  record.memory = gather_memory(shard, comm);
  const Eigen::VectorXd theta = final_message.head(parameters);
  record.model = make_model(theta, shard, config.model.fit_intercept);
  record.train_fit = eval::evaluate(shard, record.model, comm);
  if (config.synthetic.test_rows) {
    const data::Dataset test_shard = data::generate_dataset(synthetic_test_options(config.synthetic, storage_options(config.data)), comm);
    record.test_fit = eval::evaluate(test_shard, record.model, comm);
  } else if (config.data.test) {
    data::LoadOptions test_options = load_options(config, *config.data.test);
    test_options.features = weights;  // the model's width; an index beyond it is an error naming the line
    test_options.positive_label = shard.labels.positive;
    const data::Dataset test_shard = data::load_dataset(test_options, comm);
    record.test_fit = eval::evaluate(test_shard, record.model, comm);
  }

  std::optional<UserError> error;
  if (comm.is_root()) {
    try {
      fill_record(record, config, shard, comm.size(), timers, total_clock.seconds());
      write_run(record, config.output.dir);
      print_summary(record, config.output.dir);
    } catch (const UserError& e) {
      error = e;
    }
  }
  agree_on_root_failure(comm, error);
}

}  // namespace dlogit::train
