#include "train/trainer.hpp"

#include <cstdio>
#include <filesystem>
#include <optional>
#include <vector>

#include "comm/agreement.hpp"
#include "common/checked_file.hpp"
#include "common/errors.hpp"
#include "common/memory_usage.hpp"
#include "data/row_weights.hpp"
#include "data/dataset_loader.hpp"
#include "data/synthetic.hpp"
#include "eval/evaluate.hpp"
#include "eval/metrics_report.hpp"
#include "model/losses.hpp"
#include "model/penalty.hpp"
#include "optim/optimizer.hpp"
#include "train/data_options.hpp"
#include "train/distributed_objective.hpp"
#include "train/optimizer_driver.hpp"
#include "train/progress.hpp"
#include "train/regularization_path.hpp"
#include "train/run_record.hpp"
#include "train/stop_signal.hpp"

namespace dlogit::train {
namespace {

void prepare_output_dir(const std::string& dir, comm::Communicator& comm) {
  comm::on_root(comm, "rank 0 failed", [&] {
    std::error_code code;
    std::filesystem::create_directories(dir, code);
    if (code) throw UserError("cannot create output.dir '" + dir + "': " + code.message());
    const std::string probe = dir + "/.dlogit-write-test";
    std::FILE* file = std::fopen(probe.c_str(), "w");
    if (file == nullptr) throw UserError("output.dir '" + dir + "' is not writable");
    std::fclose(file);
    std::filesystem::remove(probe, code);
  });
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
          {"optimizer.preconditioner", config.optimizer.preconditioner ? "true" : "false"},
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
  std::printf("time: load %.3fs compute %.3fs comm %.3fs total %.3fs; wrote %s/{model.bin,result.json,trace.csv%s}\n",
              record.time.load, record.time.compute, record.time.comm, record.time.total, dir.c_str(),
              record.test_roc.empty() ? "" : ",roc.csv");
  std::fflush(stdout);
}

// What every rank holds for the whole job: its shards and its local loss.
struct Shards {
  const data::Dataset& train;
  const data::Dataset* test;  // nullptr without data.test
  model::LocalObjective& loss;
  std::string weights_fingerprint;  // of the row weights (data_fingerprint), or "none"
  double mean_row_weight = 1.0;     // Σ row weights / rows (1 without weights)
};

// One lambda to train: its config (lambda, output.dir and checkpoint.dir of its own), where rank 0's
// optimizer starts, and the stopping reference (0: the start's own gradient norm).
struct Point {
  config::Config config;
  Eigen::VectorXd start;
  double reference_norm = 0.0;
  Stopwatch clock;  // result.json's time.total counts from here
};

// Collective: trains one lambda, evaluates the model on the train (and test) shards and has rank 0 write
// the point's folder. Returns the record on every rank (complete on rank 0; elsewhere only its model and
// metrics). Throws Interrupted on every rank when a signal stopped the optimizer.
RunRecord train_point(const Point& point, comm::Communicator& comm, const Shards& shards, double load_seconds,
                      Verbosity verbosity, bool print_run_summary) {
  const config::Config& config = point.config;
  PhaseTimers timers;
  timers.load = load_seconds;
  const data::Dataset& shard = shards.train;
  const Eigen::Index weights = shard.features();
  const model::Penalty penalty(model::Penalty::parse_kind(config.regularization.penalty),
                               config.regularization.lambda, config.regularization.l1_ratio,
                               static_cast<double>(shard.global_rows));

  // Rank 0 drives the optimizer; the other ranks evaluate what it asks for until it says finish.
  RunRecord record;
  bool interrupted = false;
  const auto run_optimizer = [&](RankProtocol& protocol) {
    DistributedObjective objective(protocol, penalty, static_cast<double>(shard.global_rows));
    DriveOptions drive;
    drive.start = point.start;
    drive.reference_norm = point.reference_norm;
    drive.verbosity = verbosity;
    DriverOutcome outcome = drive_optimizer(config, protocol, objective, penalty, weights, timers, config_fingerprint(config),
                                            data_fingerprint(shard, shards.weights_fingerprint, config), drive);
    record.result = std::move(outcome.result);
    record.trace = std::move(outcome.trace);
    interrupted = outcome.interrupted;
  };
  drive_on_root_serve_elsewhere(comm, shards.loss, timers, run_optimizer);

  // The final parameters and whether a signal interrupted the run, from rank 0 to everyone.
  const Eigen::Index parameters = shards.loss.parameter_count();
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
  if (shards.test != nullptr) record.test_fit = eval::evaluate(*shards.test, record.model, comm, &record.test_roc);

  comm::on_root(comm, "rank 0 failed", [&] {
    fill_record(record, config, shard, comm.size(), timers, point.clock.seconds());
    write_run(record, config.output.dir);
    if (print_run_summary) print_summary(record, config.output.dir);
  });
  return record;
}

// Collective: ∇(NLL/m) at θ = 0 and, when the path starts from lambda_max, at θ = [0; b*] too.
struct ZeroWeights {
  Eigen::VectorXd gradient_at_zero;
  std::optional<double> lambda_max;
  Eigen::VectorXd optimum;  // [0; b*]: the exact optimum at lambda_max, where the path starts; else θ = 0
};

ZeroWeights evaluate_zero_weights(const config::Config& config, comm::Communicator& comm, const Shards& shards,
                                  bool need_lambda_max, Verbosity verbosity) {
  ZeroWeights zero;
  const data::Dataset& shard = shards.train;
  const Eigen::Index weights = shard.features();
  const double rows = static_cast<double>(shard.global_rows);
  PhaseTimers timers;
  std::exception_ptr error;
  const model::Penalty unpenalized(model::Penalty::Kind::none, 0.0, 0.0, rows);
  drive_on_root_serve_elsewhere(comm, shards.loss, timers, [&](RankProtocol& protocol) {
    DistributedObjective objective(protocol, unpenalized, rows);
    try {
      Eigen::VectorXd theta = Eigen::VectorXd::Zero(objective.dimension());
      objective.value_and_gradient(theta, zero.gradient_at_zero);
      if (need_lambda_max) {
        Eigen::VectorXd gradient = zero.gradient_at_zero;
        if (config.model.fit_intercept) {
          theta[weights] = intercept_alone(zero.gradient_at_zero[weights], shards.mean_row_weight);
          objective.value_and_gradient(theta, gradient);
        }
        const double l1_share = config.regularization.penalty == "l1" ? 1.0 : config.regularization.l1_ratio;
        zero.lambda_max = lambda_max(gradient, weights, rows, l1_share);
        zero.optimum = theta;
        if (!(*zero.lambda_max > 0.0))
          throw UserError("every weight's gradient is zero at zero weights, so no lambda zeroes them first: set "
                          "regularization.path.max");
        if (verbosity == Verbosity::verbose)
          std::printf("lambda_max %.17g: max |dJ/dw| %.6e at w = 0, intercept %.17g (its gradient there %.3e)\n",
                      *zero.lambda_max, gradient.head(weights).cwiseAbs().maxCoeff(),
                      config.model.fit_intercept ? theta[weights] : 0.0,
                      config.model.fit_intercept ? gradient[weights] : 0.0);
      }
    } catch (const UserError&) {
      error = std::current_exception();  // a user error on rank 0 still releases the other ranks normally
    }
  });
  comm::agree_on_root_outcome(comm, error, "rank 0 failed");
  if (zero.optimum.size() == 0) zero.optimum = Eigen::VectorXd::Zero(shards.loss.parameter_count());
  return zero;
}

void print_path_table(const std::vector<PathRow>& rows, const std::string& dir) {
  const bool has_test = !rows.empty() && rows.front().test.has_value();
  std::printf("path of %zu lambdas written to %s/path.csv and %s/path/:\n", rows.size(), dir.c_str(), dir.c_str());
  std::printf("%5s %14s %18s %6s %7s %9s %9s%s\n", "point", "lambda", "objective", "iters", "passes", "nonzeros",
              "train_auc", has_test ? "  test_auc test_logloss" : "");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const PathRow& row = rows[i];
    std::printf("%5zu %14.6e %18.10e %6d %7ld %9lld %9.5f", i, row.lambda, row.objective, row.iterations,
                row.function_evals + row.hessian_evals, static_cast<long long>(row.nonzero_weights), row.train.auc);
    if (row.test) std::printf(" %9.5f %12.6f", row.test->auc, row.test->logloss);
    std::printf("\n");
  }
  std::fflush(stdout);
}

// Collective: trains every lambda of the path, largest first, each from the previous optimum.
void train_path(const config::Config& config, comm::Communicator& comm, const Shards& shards, double load_seconds,
                Verbosity verbosity) {
  const config::RegularizationConfig& regularization = config.regularization;
  const bool from_lambda_max = regularization.lambda_list.empty() && !regularization.path.max;
  const ZeroWeights zero = evaluate_zero_weights(config, comm, shards, from_lambda_max, verbosity);
  std::vector<double> lambdas = regularization.lambda_list;
  if (lambdas.empty()) {
    const double max = from_lambda_max ? *zero.lambda_max : *regularization.path.max;
    lambdas = geometric_lambdas(max, regularization.path.min_ratio.value_or(config::PathConfig::default_min_ratio),
                                regularization.path.count.value_or(config::PathConfig::default_count));
  }

  const Eigen::Index weights = shards.train.features();
  const double rows = static_cast<double>(shards.train.global_rows);
  // Only rank 0's start is used (it drives the optimizer).
  Eigen::VectorXd start = zero.optimum;
  std::vector<PathRow> table;
  for (std::size_t index = 0; index < lambdas.size(); ++index) {
    const std::string folder = "path/" + point_folder_name(index, lambdas[index]);
    Point point;
    point.config = config;
    point.config.regularization.lambda = lambdas[index];
    point.config.regularization.lambda_list.clear();
    point.config.regularization.path = {};
    point.config.output.dir = config.output.dir + "/" + folder;
    if (config.checkpoint.dir) point.config.checkpoint.dir = *config.checkpoint.dir + "/" + folder;
    point.start = start;
    const model::Penalty penalty(model::Penalty::parse_kind(regularization.penalty), lambdas[index],
                                 regularization.l1_ratio, rows);
    point.reference_norm = cold_start_norm(zero.gradient_at_zero, weights, penalty.l1_strength());
    prepare_output_dir(point.config.output.dir, comm);
    if (comm.is_root() && verbosity != Verbosity::quiet) {
      std::printf("path point %zu of %zu: lambda %.6e -> %s\n", index + 1, lambdas.size(), lambdas[index],
                  point.config.output.dir.c_str());
      std::fflush(stdout);
    }

    Stopwatch point_clock;
    const RunRecord record = train_point(point, comm, shards, load_seconds, verbosity, verbosity != Verbosity::quiet);
    start = Eigen::Map<const Eigen::VectorXd>(record.model.weights.data(), weights).eval();
    start.conservativeResize(shards.loss.parameter_count());
    if (config.model.fit_intercept) start[weights] = record.model.intercept;

    comm::on_root(comm, "rank 0 failed", [&] {
      PathRow row;
      row.lambda = lambdas[index];
      row.objective = record.result.objective;
      row.iterations = record.result.iterations;
      row.function_evals = record.result.function_evals;
      row.hessian_evals = record.result.hessian_evals;
      for (const double w : record.model.weights) row.nonzero_weights += w != 0.0 ? 1 : 0;
      row.converged = record.result.converged;
      row.train = record.train_fit;
      row.test = record.test_fit;
      row.seconds = point_clock.seconds();
      row.folder = folder;
      table.push_back(row);
      write_file_atomically(config.output.dir + "/path.csv", path_csv(table));
    });
  }
  if (comm.is_root()) print_path_table(table, config.output.dir);
}

}  // namespace

void train(const config::Config& config, comm::Communicator& comm, Verbosity verbosity) {
  StopSignal::install();
  const Stopwatch total_clock;
  prepare_output_dir(config.output.dir, comm);

  Stopwatch load_clock;
  const bool synthetic = config.synthetic.rows.has_value();
  const data::Dataset shard = synthetic ? data::generate_dataset(synthetic_options(config), comm)
                                        : data::load_dataset(training_options(config), comm);
  const double own_load = load_clock.seconds();
  const double load_seconds = comm.allreduce_max(own_load);
  if (!synthetic) {
    report_load(comm, config.data.train, config.data.train, shard, own_load, load_seconds, verbosity);
  } else if (comm.is_root() && verbosity != Verbosity::quiet) {
    std::printf("generated [data.synthetic] seed %s: %lld rows, %lld features, %lld nonzeros on %d rank%s in %.3fs\n",
                std::to_string(config.synthetic.seed).c_str(), static_cast<long long>(shard.global_rows),
                static_cast<long long>(shard.features()), static_cast<long long>(shard.global_nonzeros), comm.size(),
                comm.size() == 1 ? "" : "s", load_seconds);
    std::fflush(stdout);
  }
  double mean_row_weight = 1.0;
  if (shard.is_weighted()) {
    const double weight_sum = comm.allreduce_sum(shard.row_weights().sum());
    mean_row_weight = weight_sum / static_cast<double>(shard.global_rows);
    std::string sample = "none";
    if (config.data.weights) sample = "from " + *config.data.weights;
    if (config.data.weight_column) sample = "from column " + std::to_string(*config.data.weight_column);
    if (comm.is_root() && verbosity != Verbosity::quiet)
      std::printf("row weights: sample weights %s, class_weight %s; their sum is %.17g over %lld rows\n",
                  sample.c_str(), config.model.class_weight.value_or("none").c_str(), weight_sum,
                  static_cast<long long>(shard.global_rows));
  }
  const std::string weights_print =
      shard.is_weighted() ? data::weights_fingerprint(shard.row_weights(), shard.first_row, comm) : "none";

  std::optional<data::Dataset> test_shard;
  if (config.synthetic.test_rows) {
    test_shard = data::generate_dataset(synthetic_test_options(config), comm);
  } else if (config.data.test) {
    data::LoadOptions test_options = load_options(config, *config.data.test);
    test_options.features = shard.features();  // the model's width; an index beyond it is an error naming the line
    test_options.positive_label = shard.labels.positive;
    Stopwatch test_clock;
    test_shard = data::load_dataset(test_options, comm);
    const double own_test_load = test_clock.seconds();
    const double test_load_seconds = comm.allreduce_max(own_test_load);
    report_load(comm, *config.data.test, *config.data.test, *test_shard, own_test_load, test_load_seconds,
                verbosity == Verbosity::verbose ? verbosity : Verbosity::quiet);
  }

  const std::unique_ptr<model::LocalObjective> local_loss =
      model::logistic_loss().make_local_objective(shard, config.model.fit_intercept, config.runtime.threads, nullptr);
  // Only the Newton method asks for Hessian passes; the others need no per-row curvature.
  local_loss->keep_curvature(config.resolved_method() == "newton");
  const Shards shards{shard, test_shard ? &*test_shard : nullptr, *local_loss, weights_print, mean_row_weight};
  if (config.regularization.is_path()) {
    train_path(config, comm, shards, load_seconds, verbosity);
    return;
  }
  Point point;
  point.config = config;
  point.start = Eigen::VectorXd::Zero(local_loss->parameter_count());
  point.clock = total_clock;
  train_point(point, comm, shards, load_seconds, verbosity, true);
}

}  // namespace dlogit::train
