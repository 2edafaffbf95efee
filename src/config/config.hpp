#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/class_weight.hpp"
#include "config/cv_choices.hpp"
#include "config/method.hpp"
#include "data/format.hpp"
#include "data/libsvm_parser.hpp"
#include "model/penalty_kind.hpp"

namespace dlogit::config {

// Every key of a training config, with its default. configs/reference.toml documents each one;
// the two must stay in step (a test checks that reference.toml loads and covers every key).
struct DataConfig {
  std::string train;                        // data.train (required): file or glob of part files
  std::optional<std::string> test;          // data.test
  data::Format format = data::Format::libsvm;  // data.format: libsvm | csv; default from data.train's name
  std::optional<std::int64_t> features;     // data.features
  std::optional<double> positive_label;     // data.positive_label
  int label_column = 1;                     // data.label_column (CSV, 1-based)
  std::optional<bool> header;               // data.header (CSV; unset = detect)
  data::IndexBase zero_based = data::IndexBase::detect;  // data.zero_based (LIBSVM): "auto" | true | false
  std::optional<std::string> weights;       // data.weights: file of per-row sample weights, one per line
  std::optional<int> weight_column;         // data.weight_column (CSV, 1-based): per-row sample weights
  std::string value_type = "auto";          // data.value_type: auto | float64 | float32
  bool implicit_ones = true;                // data.implicit_ones: no value array when all values are 1
  bool cache = false;                       // data.cache: keep each rank's parsed shard for later runs
  std::optional<std::string> cache_dir;     // data.cache_dir; default <output.dir>/cache
};

// [data.synthetic]: rows drawn from a known logistic model instead of data.train (src/data/synthetic.hpp).
struct SyntheticConfig {
  std::optional<std::int64_t> rows;         // data.synthetic.rows; set = use synthetic data
  std::int64_t features = 1000;             // data.synthetic.features
  double density = 0.01;                    // data.synthetic.density in (0,1]
  bool dense = false;                       // data.synthetic.dense
  bool binary = false;                      // data.synthetic.binary
  std::int64_t seed = 1;                    // data.synthetic.seed, >= 0
  double weight_scale = 1.0;                // data.synthetic.weight_scale, >= 0
  double label_noise = 0.0;                 // data.synthetic.label_noise in [0, 0.5]
  std::optional<std::int64_t> test_rows;    // data.synthetic.test_rows: held-out rows after the training rows
};

struct ModelConfig {
  bool fit_intercept = true;                // model.fit_intercept
  std::optional<ClassWeightSetting> class_weight;  // model.class_weight: "balanced" or "LABEL:WEIGHT, LABEL:WEIGHT"
};

// A regularization path: `count` lambdas spaced geometrically from `max` down to max * min_ratio.
// It is requested by setting any of its keys; unset keys then take the defaults below.
struct PathConfig {
  std::optional<double> max;                // regularization.path.max; unset: the smallest lambda that zeroes every weight (l1/elasticnet)
  std::optional<double> min_ratio;          // regularization.path.min_ratio in (0, 1], default 1e-4
  std::optional<int> count;                 // regularization.path.count >= 1, default 20

  static constexpr double default_min_ratio = 1e-4;
  static constexpr int default_count = 20;
  bool requested() const { return max || min_ratio || count; }
};

struct RegularizationConfig {
  model::PenaltyKind penalty = model::PenaltyKind::l2;  // regularization.penalty: none | l2 | l1 | elasticnet
  double lambda = 1.0;                      // regularization.lambda (= 1/C), >= 0; the largest one of a list
  std::vector<double> lambda_list;          // regularization.lambda given as a list: a path over these, largest first
  double l1_ratio = 0.5;                    // regularization.l1_ratio in [0,1] (elasticnet)
  PathConfig path;                          // regularization.path.*

  // Whether this config trains a path (a lambda list or regularization.path) rather than one lambda.
  bool is_path() const { return !lambda_list.empty() || path.requested(); }
};

struct OptimizerConfig {
  Method method = Method::automatic;        // optimizer.method: auto | gd | lbfgs | owlqn | newton | pqn
  int max_iter = 1000;                      // optimizer.max_iter, >= 1
  double tol = 1e-6;                        // optimizer.tol, >= 0 (0 = run exactly max_iter)
  double gap_tol = 1e-6;                    // optimizer.gap_tol, >= 0: certified relative gap (0 = off)
  int history = 10;                         // optimizer.history (lbfgs/owlqn), >= 1
  int hessian_block = 1024;                 // optimizer.hessian_block (pqn), >= 0: 0 = never
  bool preconditioner = true;               // optimizer.preconditioner (newton): diagonal-preconditioned CG
};

struct OutputConfig {
  std::string dir = "runs/dlogit";          // output.dir
};

struct CheckpointConfig {
  std::optional<std::string> dir;           // checkpoint.dir; default <output.dir>/checkpoints
  int every = 10;                           // checkpoint.every: iterations between checkpoints; 0 = only at the end
  double seconds = 0.0;                     // checkpoint.seconds: seconds between checkpoints; 0 = not by time
  int keep = 3;                             // checkpoint.keep: newest checkpoints kept, >= 1
  bool resume = true;                       // checkpoint.resume: continue from the newest valid checkpoint

  std::string directory(const std::string& output_dir) const { return dir ? *dir : output_dir + "/checkpoints"; }
};

struct RuntimeConfig {
  // runtime.threads: threads per rank in the passes; 0 = the CPUs of the affinity mask; unset = from the
  // environment (train/thread_count.hpp).
  std::optional<int> threads;
};

// [cv]: k-fold cross-validation. Setting cv.folds turns it on; without it the section is inert (as
// [data.synthetic] without rows), so reference.toml can show the defaults. In this version only
// `dlogit folds` uses it: `dlogit train` refuses a config with cv.folds set (the runner is not built).
struct CvConfig {
  std::optional<int> folds;                 // cv.folds, >= 2; set = cross-validate
  std::int64_t seed = 1;                    // cv.seed, >= 0: the same seed gives the same folds on any rank count
  bool stratified = true;                   // cv.stratified: each fold keeps the class proportions
  CvMetric metric = CvMetric::logloss;      // cv.metric: logloss | auc | accuracy
  SelectionRule rule = SelectionRule::min;  // cv.rule: min | 1se
  bool refit = true;                        // cv.refit: train on all rows at the chosen point

  bool requested() const { return folds.has_value(); }
};

// One key of [grid] (config/grid.hpp reads the section) and its values as text ("l1", "0.5", "").
struct GridKey {
  std::string key;                  // "regularization.penalty"
  std::vector<std::string> values;  // in file order
  std::string toml;                 // the list as TOML: ["l1", "elasticnet"] (for config.toml)
  std::string where;                // "FILE:LINE" of the key
};

struct Config {
  DataConfig data;
  SyntheticConfig synthetic;                // [data.synthetic]
  ModelConfig model;
  RegularizationConfig regularization;
  OptimizerConfig optimizer;
  OutputConfig output;
  CheckpointConfig checkpoint;
  RuntimeConfig runtime;
  CvConfig cv;                              // [cv]
  // [grid]: the keys it varies and one whole, validated config per point of their product (the first
  // key varying slowest); both empty without [grid]. With a grid, the config itself is point 0's.
  std::vector<GridKey> grid;
  std::vector<Config> grid_points;
  std::string source;                       // the config file's path, for messages
  std::map<std::string, std::string> origins;  // "section.key" -> where its value was set ("FILE:LINE", --set)

  // Where `key` got its value, for messages: "FILE:LINE", the --set that gave it, or the file's path
  // when it has its default.
  std::string where(const std::string& key) const;
  // Whether `key` ("section.key") was given (in the file or by --set) rather than left at its default.
  bool is_set(const std::string& key) const { return origins.count(key) != 0; }

  // Whether `dlogit train` runs an experiment ([cv] folds or a [grid]) rather than one training.
  bool is_experiment() const { return cv.requested() || !grid.empty(); }

  // "auto" resolved: newton for none/l2, pqn for l1/elasticnet.
  Method resolved_method() const;
};

// Reads a TOML file, applies "section.key=value" overrides (an empty value unsets an optional key),
// and validates everything. Throws ConfigError naming the file, line and key at fault.
Config load_config(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace dlogit::config
