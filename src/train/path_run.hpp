#pragma once
#include <vector>

#include "train/point_run.hpp"
#include "train/regularization_path.hpp"

namespace dlogit::train {

// Collective: trains every λ of the regularization path (the λ list, or regularization.path from
// lambda_max or its max), largest first, each point warm-started from the previous optimum, into
// <output.dir>/path/<NNN-lambda-L>/, and keeps <output.dir>/path.csv up to date after each point.
// Prints the path's table unless `print_table` is false.
struct PathOutcome {
  int checkpoint_failures = 0;  // points whose checkpoint could not be written (their results are written)
  std::vector<PathRow> rows;    // one per point, on rank 0 (empty elsewhere)
};
PathOutcome train_path(const TrainingJob& job, bool print_table = true);

// Collective: the lambdas train_path would train for `job` (the λ list, or the geometric path from
// lambda_max, computed from job.data.train, or from regularization.path.max), largest first.
std::vector<double> planned_lambdas(const TrainingJob& job);

}  // namespace dlogit::train
