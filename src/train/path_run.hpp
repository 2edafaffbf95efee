#pragma once
#include "train/point_run.hpp"

namespace dlogit::train {

// Collective: trains every λ of the regularization path (the λ list, or regularization.path from
// lambda_max or its max), largest first, each point warm-started from the previous optimum, into
// <output.dir>/path/<NNN-lambda-L>/, and keeps <output.dir>/path.csv up to date after each point.
// Returns the number of points of which a checkpoint could not be written (their results are written).
int train_path(const TrainingJob& job);

}  // namespace dlogit::train
