#include "train/experiment.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "comm/agreement.hpp"
#include "common/checked_file.hpp"
#include "common/errors.hpp"
#include "config/grid.hpp"
#include "config/resolved_config.hpp"
#include "config/stopping_rules.hpp"
#include "data/folds.hpp"
#include "data/row_subset.hpp"
#include "data/row_weights.hpp"
#include "model/losses.hpp"
#include "train/console.hpp"
#include "train/cv_selection.hpp"
#include "train/cv_table.hpp"
#include "train/fingerprints.hpp"
#include "train/input_paths.hpp"
#include "train/output_dir.hpp"
#include "train/path_run.hpp"
#include "train/point_run.hpp"
#include "train/provenance.hpp"
#include "train/run_setup.hpp"
#include "train/stop_signal.hpp"
#include "train/thread_count.hpp"
#include "train/timers.hpp"
#include "train/training_data.hpp"

namespace dlogit::train {
namespace {

std::string three_digits(std::size_t number) {
  char text[24];
  std::snprintf(text, sizeof text, "%03zu", number);
  return text;
}

std::size_t point_count(const config::Config& config) {
  return config.grid_points.empty() ? 1 : config.grid_points.size();
}

// The training config of grid point `point` (the config itself without [grid]).
const config::Config& point_config(const config::Config& config, std::size_t point) {
  return config.grid_points.empty() ? config : config.grid_points[point];
}

std::string point_label(const config::Config& config, std::size_t point) {
  return config.grid.empty() ? "" : " (" + config::grid_point_label(config.grid, point) + ")";
}

// The sample weights as loaded (data.weights or data.weight_column), kept aside: class weights change
// with the grid point and the fold, and multiply them.
struct SampleWeights {
  bool present = false;
  Eigen::VectorXd values;  // one per local row when present
};

SampleWeights sample_weights_of(const data::Dataset& rows) { return {rows.is_weighted(), rows.row_weights()}; }

// Collective: gives `rows` the objective's row weights for `config`, sample weight × class weight, with
// "balanced" computed from these rows' own class counts (as scikit-learn does for the rows it is fitted
// on); unweighted when there is neither. Returns the mean row weight (TrainingData::mean_row_weight).
double weigh_rows(data::Dataset& rows, const SampleWeights& sample, const config::Config& config,
                  comm::Communicator& comm) {
  if (config.model.class_weight) {
    const double positives = comm.allreduce_sum(rows.targets().sum());
    const auto [negative, positive] =
        data::class_weight_pair(config.model.class_weight->weights, rows.labels, rows.global_rows,
                                static_cast<std::int64_t>(positives), config.data.train);
    Eigen::VectorXd weights(rows.local_rows());
    for (Eigen::Index i = 0; i < rows.local_rows(); ++i)
      weights[i] = (sample.present ? sample.values[i] : 1.0) * (rows.targets()[i] != 0.0 ? positive : negative);
    rows.set_row_weights(std::move(weights));
  } else if (sample.present) {
    rows.set_row_weights(sample.values);
  } else {
    rows.clear_row_weights();
  }
  if (!rows.is_weighted()) return 1.0;
  return comm.allreduce_sum(rows.row_weights().sum()) / static_cast<double>(std::max<std::int64_t>(rows.global_rows, 1));
}

void refresh_weight_facts(TrainingData& data, const SampleWeights& sample, const config::Config& config,
                          comm::Communicator& comm) {
  data.mean_row_weight = weigh_rows(data.train, sample, config, comm);
  data.weights_fingerprint = data.train.is_weighted() ? data::weights_fingerprint(data.train.row_weights(),
                                                                                  data.train.first_row, comm)
                                                      : "none";
}

// `point`'s config made into the path one fold (or, without [cv], the point) trains: the experiment's
// lambdas for it, in `dir` (and its checkpoints under checkpoint.dir/<relative> when that is set).
config::Config run_config(const config::Config& experiment, const config::Config& point,
                          const std::vector<double>& lambdas, const std::string& relative) {
  config::Config run = point;
  run.output.dir = experiment.output.dir + "/" + relative;
  if (experiment.checkpoint.dir) run.checkpoint.dir = *experiment.checkpoint.dir + "/" + relative;
  run.regularization.lambda_list = lambdas;
  run.regularization.lambda = lambdas.front();
  run.regularization.path = config::PathConfig{};
  run.cv = config::CvConfig{};
  return run;
}

double metric_of(const eval::Metrics& metrics, config::CvMetric metric) {
  switch (metric) {
    case config::CvMetric::auc: return metrics.auc;
    case config::CvMetric::accuracy: return metrics.accuracy;
    case config::CvMetric::logloss: break;
  }
  return metrics.logloss;
}

// Without [cv] there is one score per row (data.test's): the best wins, no standard error.
Selection best_on_test(const std::vector<FoldScores>& table, config::CvMetric metric) {
  Selection selection;
  const bool higher = config::higher_is_better(metric);
  bool found = false;
  for (std::size_t row = 0; row < table.size(); ++row) {
    const double value = table[row].folds.front();
    selection.summaries.push_back({value, NAN, NAN});
    if (!std::isfinite(value)) continue;
    const double best = table[selection.best].folds.front();
    if (!found || (higher ? value > best : value < best)) selection.best = row;  // ties: the earlier, larger λ
    found = true;
  }
  if (!found) throw UserError("no grid point has a finite test score: nothing to choose");
  selection.chosen = selection.best;
  return selection;
}

// For each grid point, the first point that trains the same models: the same model-shaping keys, with
// l1_ratio counted only for elasticnet (the issue's own grid crosses l1 with three l1_ratios).
std::vector<std::size_t> same_training(const config::Config& config) {
  const std::size_t points = point_count(config);
  std::vector<std::string> keys;
  std::vector<std::size_t> first(points);
  for (std::size_t point = 0; point < points; ++point) {
    config::Config settings = point_config(config, point);
    if (settings.regularization.penalty != model::PenaltyKind::elasticnet)
      settings.regularization.l1_ratio = config::RegularizationConfig{}.l1_ratio;
    config::ResolvedOptions options;
    options.base_dir = "/";
    options.model_keys_only = true;
    keys.push_back(config::resolved_toml(settings, options));
    first[point] = point;
    for (std::size_t earlier = 0; earlier < point; ++earlier) {
      if (keys[earlier] == keys[point]) {
        first[point] = earlier;
        break;
      }
    }
  }
  return first;
}

struct Chosen {
  std::size_t point = 0;
  double lambda = 0.0;
  std::optional<CvChoice> choice;  // rank 0
};

}  // namespace

void run_experiment(const config::Config& config, comm::Communicator& comm, Verbosity verbosity, int log_every) {
  const bool cross_validate = config.cv.requested();
  if (!cross_validate && !config.data.test && !config.synthetic.test_rows)
    throw ConfigError(config.grid.front().where +
                      ": [grid] without cv.folds scores each point on data.test, and there is none: set data.test, "
                      "or cv.folds to cross-validate");
  StopSignal::install();
  Stopwatch clock;
  const Console console(comm.is_root(), verbosity, log_every);
  // The fold runs print only the experiment's one line per fold unless asked for more.
  const Console run_console = console.nested();
  const RunSetup setup = set_up_run(config, comm, console);
  const ThreadCount& threads = setup.threads;
  const RunProvenance& provenance = setup.provenance;

  // Loaded once, with the sample weights only: class weights depend on the point and the fold's rows.
  config::Config loading = config;
  loading.model.class_weight.reset();
  TrainingData data = load_training_data(loading, comm, console);
  const SampleWeights sample = sample_weights_of(data.train);
  const std::size_t points = point_count(config);
  const int folds = cross_validate ? *config.cv.folds : 1;
  if (data.train.global_rows < folds)
    throw ConfigError(config.where("cv.folds") + ": 'cv.folds' = " + std::to_string(folds) + " exceeds the " +
                      std::to_string(data.train.global_rows) + " training rows: some folds would be empty");
  const config::CvMetric metric = config.cv.metric;

  // One lambda grid per point, from all rows, so that every fold scores the same lambdas.
  const std::vector<std::size_t> same_as = same_training(config);
  std::vector<std::vector<double>> lambdas(points);
  for (std::size_t point = 0; point < points; ++point) {
    const config::Config& settings = point_config(config, point);
    if (same_as[point] != point) {
      lambdas[point] = lambdas[same_as[point]];
      console.normal("point %zu%s trains the same models as point %zu: its scores are that point's", point,
                     point_label(config, point).c_str(), same_as[point]);
      continue;
    }
    if (!settings.regularization.is_path()) {
      lambdas[point] = {settings.regularization.lambda};
      continue;
    }
    refresh_weight_facts(data, sample, settings, comm);
    const auto local = training_objective(settings, data.train, threads.threads);
    const TrainingJob job{settings, comm, data, *local, run_console, threads, nullptr};
    lambdas[point] = planned_lambdas(job);
  }
  std::size_t trainings = 0;
  for (std::size_t point = 0; point < points; ++point)
    if (same_as[point] == point) trainings += lambdas[point].size() * static_cast<std::size_t>(folds);
  console.normal("experiment: %zu point%s x %d fold%s, %zu trainings in all, into %s", points, points == 1 ? "" : "s",
                 folds, folds == 1 ? "" : "s", trainings, config.output.dir.c_str());
  // Only rank 0 prints, so only its view of the folder matters here.
  const std::string runs = config.output.dir + (cross_validate ? "/cv" : "/grid");
  if (comm.is_root() && config.checkpoint.resume && std::filesystem::exists(runs))
    console.summary("resuming the experiment in %s: finished runs return at once from their final checkpoints, "
                    "an interrupted one from its newest (--verbose: each resume)", runs.c_str());

  // results[point][fold]: the path's rows (rank 0).
  std::vector<std::vector<std::vector<PathRow>>> results(points, std::vector<std::vector<PathRow>>(folds));
  int checkpoint_failures = 0;
  auto run_path = [&](TrainingData& rows, std::size_t point, int fold, const std::string& relative) {
    const config::Config& settings = point_config(config, point);
    refresh_weight_facts(rows, sample_weights_of(rows.train), settings, comm);
    const config::Config run = run_config(config, settings, lambdas[point], relative);
    prepare_output_dir(run.output.dir, comm);
    const auto local = training_objective(run, rows.train, threads.threads);
    const TrainingJob job{run, comm, rows, *local, run_console, threads, &provenance};
    Stopwatch run_clock;
    PathOutcome outcome = train_path(job, false);
    checkpoint_failures += outcome.checkpoint_failures;
    long passes = 0;
    for (const PathRow& row : outcome.rows) passes += row.function_evals + row.hessian_evals;
    if (cross_validate) {
      console.normal("point %zu (0-%zu)%s, fold %d/%d: %zu lambda%s, %ld passes, %.2fs", point, points - 1,
                     point_label(config, point).c_str(), fold + 1, folds, lambdas[point].size(),
                     lambdas[point].size() == 1 ? "" : "s", passes, run_clock.seconds());
    } else {
      console.normal("point %zu (0-%zu)%s: %zu lambda%s, %ld passes, %.2fs", point, points - 1,
                     point_label(config, point).c_str(), lambdas[point].size(), lambdas[point].size() == 1 ? "" : "s",
                     passes, run_clock.seconds());
    }
    results[point][static_cast<std::size_t>(fold)] = std::move(outcome.rows);
  };

  if (cross_validate) {
    // The folds' rows are copied once per fold (the other folds' rows and its own) from data loaded once.
    refresh_weight_facts(data, sample, loading, comm);  // back to the sample weights, which the subsets copy
    const data::FoldOptions options{folds, static_cast<std::uint64_t>(config.cv.seed), config.cv.stratified};
    const std::vector<int> fold_of_row = data::assign_folds(data.train, options, comm);
    for (int fold = 0; fold < folds; ++fold) {
      std::vector<char> outside(fold_of_row.size());
      std::vector<char> inside(fold_of_row.size());
      for (std::size_t row = 0; row < fold_of_row.size(); ++row) {
        inside[row] = fold_of_row[row] == fold ? 1 : 0;
        outside[row] = inside[row] ? 0 : 1;
      }
      TrainingData rows;
      rows.train = data::select_rows(data.train, outside, comm);
      rows.test = data::select_rows(data.train, inside, comm);
      rows.content_fingerprint = content_fingerprint(rows.train, comm);
      rows.load_seconds = data.load_seconds;
      for (std::size_t point = 0; point < points; ++point)
        if (same_as[point] == point)
          run_path(rows, point, fold, "cv/point-" + three_digits(point) + "/fold-" + std::to_string(fold + 1));
    }
  } else {
    for (std::size_t point = 0; point < points; ++point)
      if (same_as[point] == point) run_path(data, point, 0, "grid/point-" + three_digits(point));
  }
  for (std::size_t point = 0; point < points; ++point) results[point] = results[same_as[point]];

  // Rank 0 scores the table, writes cv.csv and picks; every rank learns the pick.
  Chosen chosen;
  long experiment_passes = 0;
  comm::on_root(comm, "rank 0 failed", [&] {
    std::vector<FoldScores> table;
    std::vector<CvRowExtras> extras;
    for (std::size_t point = 0; point < points; ++point) {
      for (std::size_t index = 0; index < lambdas[point].size(); ++index) {
        FoldScores scores{point, lambdas[point][index], {}};
        CvRowExtras extra;
        for (int fold = 0; fold < folds; ++fold) {
          const PathRow& row = results[point][static_cast<std::size_t>(fold)].at(index);
          scores.folds.push_back(metric_of(row.test.value(), metric));
          extra.nonzeros += static_cast<double>(row.nonzero_weights) / folds;
          extra.passes += row.function_evals + row.hessian_evals;
        }
        if (same_as[point] == point) experiment_passes += extra.passes;
        table.push_back(std::move(scores));
        extras.push_back(extra);
      }
    }
    const Selection selection =
        cross_validate ? select_lambda(table, metric, config.cv.rule) : best_on_test(table, metric);
    // Without [cv] the one score column is data.test's, not a fold's.
    const std::vector<std::string> columns = cross_validate ? fold_columns(folds) : std::vector<std::string>{"test"};
    write_file_atomically(config.output.dir + "/cv.csv", cv_csv(config.grid, table, extras, selection, columns));
    const config::SelectionRule rule = cross_validate ? config.cv.rule : config::SelectionRule::min;
    console.summary("%s of %zu point%s x %zu lambdas, scored by %s%s, written to %s/cv.csv:",
                    cross_validate ? "cross-validation" : "grid", points, points == 1 ? "" : "s",
                    lambdas.front().size(), config::cv_metric_names().name(metric).c_str(),
                    cross_validate ? (" on " + std::to_string(folds) + " held-out folds").c_str() : " on data.test",
                    config.output.dir.c_str());
    for (const std::string& line : cv_summary(config.grid, table, extras, selection, metric, rule))
      console.summary("%s", line.c_str());
    const FoldScores& row = table[selection.chosen];
    chosen.point = row.point;
    chosen.lambda = row.lambda;
    CvChoice choice;
    choice.metric = config::cv_metric_names().name(metric);
    choice.rule = config::selection_rule_names().name(rule);
    choice.folds = cross_validate ? folds : 0;
    choice.point = row.point;
    if (!config.grid.empty()) {
      const std::vector<std::size_t> at = config::grid_coordinates(config.grid, row.point);
      for (std::size_t i = 0; i < config.grid.size(); ++i)
        choice.settings.emplace_back(config.grid[i].key, config.grid[i].values[at[i]]);
    }
    choice.lambda = row.lambda;
    choice.mean = selection.summaries[selection.chosen].mean;
    choice.se = selection.summaries[selection.chosen].se;
    choice.best_mean = selection.summaries[selection.best].mean;
    chosen.choice = choice;
  });
  double pick[2] = {static_cast<double>(chosen.point), chosen.lambda};
  comm.broadcast(pick, 2, 0);
  chosen.point = static_cast<std::size_t>(pick[0]);
  chosen.lambda = pick[1];

  if (config.cv.refit) {
    config::Config refit = point_config(config, chosen.point);
    refit.output.dir = config.output.dir + "/best";
    if (config.checkpoint.dir) refit.checkpoint.dir = *config.checkpoint.dir + "/best";
    refit.regularization.lambda_list.clear();
    refit.regularization.path = config::PathConfig{};
    refit.regularization.lambda = chosen.lambda;
    refit.cv = config::CvConfig{};  // its config.toml trains once: `dlogit train best/config.toml` repeats it
    refit.origins["regularization.lambda"] = "the experiment's choice";
    prepare_output_dir(refit.output.dir, comm);
    const RunProvenance refit_provenance = run_provenance(refit, comm, threads.threads);
    refresh_weight_facts(data, sample, refit, comm);
    const auto local = training_objective(refit, data.train, threads.threads);
    const TrainingJob job{refit, comm, data, *local, console, threads, &refit_provenance};
    RunPoint point = single_point(refit);
    point.start = Eigen::VectorXd::Zero(local->parameter_count());
    point.cv = chosen.choice;
    console.normal("refit on all %lld rows at point %zu%s, lambda %.6e -> %s",
                   static_cast<long long>(data.train.global_rows), chosen.point,
                   point_label(config, chosen.point).c_str(), chosen.lambda, refit.output.dir.c_str());
    const RunRecord record = train_point(job, point, true);
    if (record.checkpoint_failed) ++checkpoint_failures;
    experiment_passes += record.result.function_evals + record.result.hessian_evals;
  }
  console.summary("experiment done in %.2fs: %ld passes over the data in all%s; draw cv.png with: launch/plot %s",
                  clock.seconds(), experiment_passes, config.cv.refit ? " (the refit's included)" : "",
                  config.output.dir.c_str());
  if (checkpoint_failures > 0)
    throw CheckpointWriteFailed("the experiment finished and wrote " + config.output.dir + ", but checkpoints of " +
                                std::to_string(checkpoint_failures) +
                                " run(s) could not be written (see the warnings): a rerun would not resume from them");
}

}  // namespace dlogit::train
