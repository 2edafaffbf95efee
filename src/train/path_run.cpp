#include "train/path_run.hpp"

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <regex>
#include <vector>

#include "comm/agreement.hpp"
#include "common/checked_file.hpp"
#include "common/errors.hpp"
#include "model/penalty.hpp"
#include "train/distributed_objective.hpp"
#include "train/output_dir.hpp"
#include "train/rank_protocol.hpp"
#include "train/regularization_path.hpp"

namespace dlogit::train {
namespace {

// ∇(NLL/m) at θ = 0 and, when the path starts from lambda_max, at θ = [0; b*] too.
struct ZeroWeights {
  Eigen::VectorXd gradient_at_zero;
  std::optional<double> lambda_max;
  Eigen::VectorXd optimum;  // [0; b*]: the exact optimum at lambda_max, where the path starts; else θ = 0
};

// Collective: one or two evaluations through the rank protocol, without a penalty.
ZeroWeights evaluate_zero_weights(const TrainingJob& job, bool need_lambda_max) {
  const config::Config& config = job.config;
  ZeroWeights zero;
  const Eigen::Index weights = job.data.train.features();
  const auto rows = static_cast<double>(job.data.train.global_rows);
  PhaseTimers timers;
  std::exception_ptr error;
  const model::Penalty unpenalized(model::Penalty::Kind::none, 0.0, 0.0, rows);
  drive_on_root_serve_elsewhere(job.comm, job.local, timers, [&](RankProtocol& protocol) {
    DistributedObjective objective(protocol, unpenalized, rows, /*curvature_requests=*/false);
    try {
      Eigen::VectorXd theta = Eigen::VectorXd::Zero(objective.dimension());
      objective.value_and_gradient(theta, zero.gradient_at_zero);
      if (!need_lambda_max) return;
      Eigen::VectorXd gradient = zero.gradient_at_zero;
      if (config.model.fit_intercept) {
        theta[weights] = intercept_alone(zero.gradient_at_zero[weights], job.data.mean_row_weight);
        objective.value_and_gradient(theta, gradient);
      }
      const double l1_share =
          config.regularization.penalty == model::PenaltyKind::l1 ? 1.0 : config.regularization.l1_ratio;
      zero.lambda_max = lambda_max(gradient, weights, rows, l1_share);
      zero.optimum = theta;
      if (!(*zero.lambda_max > 0.0))
        throw UserError("every weight's gradient is zero at zero weights, so no lambda zeroes them first: set "
                        "regularization.path.max");
      job.console.verbose("lambda_max %.17g: max |dJ/dw| %.6e at w = 0, intercept %.17g (its gradient there %.3e)",
                          *zero.lambda_max, gradient.head(weights).cwiseAbs().maxCoeff(),
                          config.model.fit_intercept ? theta[weights] : 0.0,
                          config.model.fit_intercept ? gradient[weights] : 0.0);
    } catch (const UserError&) {
      error = std::current_exception();  // a user error on rank 0 still releases the other ranks normally
    }
  });
  comm::agree_on_root_outcome(job.comm, error, "rank 0 failed");
  if (zero.optimum.size() == 0) zero.optimum = Eigen::VectorXd::Zero(job.local.parameter_count());
  return zero;
}

std::vector<double> path_lambdas(const config::RegularizationConfig& regularization,
                                 const std::optional<double>& lambda_max) {
  if (!regularization.lambda_list.empty()) return regularization.lambda_list;
  const double max = lambda_max ? *lambda_max : *regularization.path.max;
  return geometric_lambdas(max, regularization.path.min_ratio.value_or(config::PathConfig::default_min_ratio),
                           regularization.path.count.value_or(config::PathConfig::default_count));
}

PathRow path_row(const RunRecord& record, double lambda, double seconds, const std::string& folder) {
  PathRow row;
  row.lambda = lambda;
  row.objective = record.result.objective;
  row.iterations = record.result.iterations;
  row.function_evals = record.result.function_evals;
  row.hessian_evals = record.result.hessian_evals;
  for (const double w : record.model.weights) row.nonzero_weights += w != 0.0 ? 1 : 0;
  row.converged = record.result.converged;
  row.train = record.train_fit;
  row.test = record.test_fit;
  row.seconds = seconds;
  row.folder = folder;
  return row;
}

void print_path_table(const std::vector<PathRow>& rows, const std::string& dir, const Console& console) {
  if (!console.shows(Verbosity::quiet)) return;
  const bool has_test = !rows.empty() && rows.front().test.has_value();
  const std::optional<std::size_t> best = best_by_test(rows);
  console.summary("path of %zu lambdas written to %s/path.csv and %s/path/:", rows.size(), dir.c_str(), dir.c_str());
  console.summary("%5s %14s %18s %6s %7s %9s %9s%s", "point", "lambda", "objective", "iters", "passes", "nonzeros",
                  "train_auc", has_test ? "  test_auc test_logloss test_acc" : "");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const PathRow& row = rows[i];
    char test[80] = "";
    if (row.test) {
      std::snprintf(test, sizeof test, " %9.5f %12.6f %8.5f%s", row.test->auc, row.test->logloss, row.test->accuracy,
                    best && *best == i ? " *" : "");
    }
    console.summary("%5zu %14.6e %18.10e %6d %7ld %9lld %9.5f%s", i, row.lambda, row.objective, row.iterations,
                    row.function_evals + row.hessian_evals, static_cast<long long>(row.nonzero_weights), row.train.auc,
                    test);
  }
  if (best) {
    console.summary("* best by test log-loss: point %zu, lambda %.6e, %s/%s (path.csv: best = 1)", *best,
                    rows[*best].lambda, dir.c_str(), rows[*best].folder.c_str());
  }
}

std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The lambda column of path.csv (its second), or nothing if there is no such file.
std::vector<double> path_csv_lambdas(const std::string& path) {
  std::vector<double> lambdas;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    if (comma == std::string::npos) continue;
    lambdas.push_back(std::strtod(line.c_str() + comma + 1, nullptr));
  }
  return lambdas;
}

// Rank 0: refuses an output.dir that holds another path (its points would mix with this one's, and
// path.csv would describe neither), then records this path in path.lambdas. A rerun of the same path
// passes and resumes.
void claim_path_folder(const std::string& dir, const std::vector<double>& lambdas) {
  namespace fs = std::filesystem;
  PathOnDisk disk;
  const std::string manifest = dir + "/path.lambdas";
  if (fs::exists(manifest)) {
    disk.planned = parse_path_lambdas(read_whole(manifest));
    if (!disk.planned) throw UserError(manifest + " is not a list of lambdas; remove it, or choose another output.dir");
  }
  disk.csv_lambdas = path_csv_lambdas(dir + "/path.csv");
  std::error_code ignored;
  static const std::regex point_folder("[0-9]{3,}-lambda-.*");
  for (const auto& entry : fs::directory_iterator(dir + "/path", ignored)) {
    const std::string name = entry.path().filename().string();
    if (std::regex_match(name, point_folder)) disk.folders.push_back(name);
  }
  const std::string mismatch = path_mismatch(disk, lambdas);
  if (!mismatch.empty()) {
    throw UserError("output.dir " + dir + " holds another regularization path: " + mismatch +
                    ". Its points would mix with this path's: set another output.dir, or remove " + dir +
                    "/path, " + dir + "/path.csv and " + dir + "/path.lambdas to start this path there");
  }
  if (!disk.planned) write_file_atomically(manifest, path_lambdas_text(lambdas));
}

}  // namespace

std::vector<double> planned_lambdas(const TrainingJob& job) {
  const config::RegularizationConfig& regularization = job.config.regularization;
  const bool from_lambda_max = regularization.lambda_list.empty() && !regularization.path.max;
  return path_lambdas(regularization, evaluate_zero_weights(job, from_lambda_max).lambda_max);
}

PathOutcome train_path(const TrainingJob& job, bool print_table) {
  const config::Config& config = job.config;
  const config::RegularizationConfig& regularization = config.regularization;
  const bool from_lambda_max = regularization.lambda_list.empty() && !regularization.path.max;
  const ZeroWeights zero = evaluate_zero_weights(job, from_lambda_max);
  const std::vector<double> lambdas = path_lambdas(regularization, zero.lambda_max);
  comm::on_root(job.comm, "rank 0 refused the output folder", [&] { claim_path_folder(config.output.dir, lambdas); });

  const Eigen::Index weights = job.data.train.features();
  const auto rows = static_cast<double>(job.data.train.global_rows);
  Eigen::VectorXd start = zero.optimum;  // only rank 0's is used (it drives the optimizer)
  PathOutcome outcome;
  std::vector<PathRow>& table = outcome.rows;
  for (std::size_t index = 0; index < lambdas.size(); ++index) {
    const std::string folder = "path/" + point_folder_name(index, lambdas[index]);
    RunPoint point;
    point.lambda = lambdas[index];
    point.output_dir = config.output.dir + "/" + folder;
    point.checkpoint_dir = config.checkpoint.dir ? *config.checkpoint.dir + "/" + folder : point.output_dir + "/checkpoints";
    point.start = start;
    const model::Penalty penalty(regularization.penalty, point.lambda, regularization.l1_ratio, rows);
    point.reference_norm = cold_start_norm(zero.gradient_at_zero, weights, penalty.l1_strength());
    prepare_output_dir(point.output_dir, job.comm);
    // The point's number is its index, as in its folder's name and path.csv's point column.
    job.console.normal("path point %zu (points 0-%zu): lambda %.6e -> %s", index, lambdas.size() - 1, point.lambda,
                       point.output_dir.c_str());

    const RunRecord record = train_point(job, point, job.console.verbosity() != Verbosity::quiet);
    if (record.checkpoint_failed) ++outcome.checkpoint_failures;
    start = Eigen::Map<const Eigen::VectorXd>(record.model.weights.data(), weights).eval();
    start.conservativeResize(job.local.parameter_count());
    if (config.model.fit_intercept) start[weights] = record.model.intercept;

    comm::on_root(job.comm, "rank 0 failed", [&] {
      table.push_back(path_row(record, point.lambda, point.clock.seconds(), folder));
      write_file_atomically(config.output.dir + "/path.csv", path_csv(table));
    });
  }
  if (print_table) print_path_table(table, config.output.dir, job.console);
  return outcome;
}

}  // namespace dlogit::train
